"""Small pieces every page uses: the page header, "as at" captions, ratings as text and colour.

Ratings are never shown by colour alone: tables show the rating's words on its colour,
markdown shows a coloured badge with the words in it.
"""
from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import streamlit as st

from delivery.charts_cross import ink_for
from delivery.ratings import AMBER, AMBER_GREEN, AMBER_RED, COLOURS, COMPLETE, GREEN, NOT_ASSESSED, RED

DEFAULT_GOVERNMENT = "HM Government (demo)"
# Streamlit's markdown badge colours closest to each rating's colour; the words go inside.
BADGE = {RED: "red", AMBER_RED: "orange", AMBER: "yellow", AMBER_GREEN: "green", GREEN: "green",
         COMPLETE: "blue", NOT_ASSESSED: "gray"}
NO_DATA = ("No returns have been loaded yet, so there is nothing to show. "
           "Load a department's return (Data section, or `python -m delivery load FILE`) to begin.")


def government_name() -> str:
    """The government's name: the DELIVERY_GOVERNMENT_NAME setting."""
    try:
        from delivery import settings
        from ui.auth import secrets
        return settings.get("DELIVERY_GOVERNMENT_NAME", secrets=secrets())
    except Exception:  # settings not readable: the name is cosmetic, never worth an error box
        return os.environ.get("DELIVERY_GOVERNMENT_NAME") or DEFAULT_GOVERNMENT


def fmt_date(value) -> str:
    """'30 Jun 2026' for a date, Timestamp or ISO text; '' for blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    d = pd.Timestamp(value)
    return f"{d.day} {d:%b %Y}"


def as_at_text(as_at: dt.date | None) -> str:
    """'as at 30 Jun 2026' (or a plain note when nothing is loaded)."""
    return f"as at {fmt_date(as_at)}" if as_at else "no data loaded yet"


def scope_text(filters) -> str:
    """What the sidebar filters select, in words: 'Department: DfE · Theme: Health'."""
    parts = [f"Department: {filters.department} (leads or contributes)" if filters.department else "All departments",
             f"Theme: {filters.theme}" if filters.theme else "all themes"]
    return " · ".join(parts)


def page_header(title: str, filters) -> None:
    """The page title, and a caption with the government, the "as at" date and the scope."""
    st.title(title)
    when = as_at_text(filters.as_at)
    st.caption(f"{government_name()} · {when[0].upper()}{when[1:]} · {scope_text(filters)}")


def rating_badge(rating: str | None) -> str:
    """Markdown for a rating: a coloured badge with its words (':red-badge[Red]')."""
    if not rating or (not isinstance(rating, str) and pd.isna(rating)):
        return ":gray-badge[Not rated]"
    return f":{BADGE.get(rating, 'gray')}-badge[{rating}]"


def rating_css(value) -> str:
    """CSS for a table cell holding a rating: its colour behind its words, readable ink."""
    if not isinstance(value, str) or value not in COLOURS:
        return ""
    return f"background-color: {COLOURS[value]}; color: {ink_for(value)}"


def style_ratings(df: pd.DataFrame, columns: list[str]):
    """A Styler that paints the rating columns (the words stay; colour is added)."""
    present = [c for c in columns if c in df.columns]
    return df.style.map(rating_css, subset=present) if present else df.style


def empty_state(message: str) -> None:
    """A plain-words note that there is nothing to show here, and why."""
    st.info(message)


def no_data_stop(filters) -> None:
    """Stop the page with a plain message when the store has no returns at all."""
    if filters.as_at is None:
        empty_state(NO_DATA)
        st.stop()
