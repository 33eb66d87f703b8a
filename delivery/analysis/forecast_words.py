"""The words of a forecast (delivery/analysis/forecast.py): months, rates, figures and caveats (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from delivery.analysis.differences import figure_text


def month_text(day) -> str:
    """'Mar 2028'."""
    return f"{pd.Timestamp(day):%b %Y}"


def lateness(months: int) -> str:
    """'on time', '1 month early', '14 months late'."""
    if months == 0:
        return "on time"
    n = abs(months)
    return f"{n} month{'s' if n > 1 else ''} {'late' if months > 0 else 'early'}"


def rate(value: float) -> str:
    """'a rise of 210 a month', 'a fall of 12.5 a month', 'no change'."""
    if abs(value) < 1e-12:
        return "no change"
    return f"a {'rise' if value > 0 else 'fall'} of {amount(abs(value))} a month"


def amount(value: float) -> str:
    """A figure to 3 significant figures (never fewer than the whole number): '140', '2.46', '5,000'."""
    if abs(value) >= 100:
        return figure_text(round(value))
    return figure_text(float(f"{value:.3g}"))


def caveats(missing_periods: int, stale_months: int | None) -> str:
    """' 2 periods are missing from the series. The latest figure is 9 months old, ...' ('' when neither)."""
    text = ""
    if missing_periods:
        text += f" {missing_periods} period{'s are' if missing_periods > 1 else ' is'} missing from the series."
    if stale_months is not None:
        text += f" The latest figure is {stale_months} months old, so this forecast may be out of date."
    return text
