"""The trajectory chart for printed briefs, as a plain Vega-Lite dict.

Same look as charts.priority.trajectory_chart (colours, band, "As at" subtitle, words for
direction and status), but built as a dict: building 150 Altair charts for a national
brief took most of a minute, a dict takes a millisecond. vl-convert draws it.
"""

from __future__ import annotations

import json
import textwrap
from typing import NamedTuple

import pandas as pd

from delivery.charts.forecast_layer import FORECAST_INK, projection_frame
from delivery.charts.priority import ACTUAL, PLAN, TARGET, as_at_label

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FORECAST = "Forecast at this rate"


def _points(frame: pd.DataFrame, column: str, series: str) -> list[dict]:
    return [
        {"series": series, "period_end": pd.Timestamp(d).strftime("%Y-%m-%d"), "value": float(v)}
        for d, v in zip(frame["period_end"], frame[column])
        if pd.notna(v)
    ]


def tolerance(indicator: dict) -> float:
    """The indicator's tolerance either side of its plan, in percent: 5 when the return gives none."""
    tol = indicator.get("tolerance_pct")
    return 5.0 if tol is None or pd.isna(tol) else float(tol)


def axis_title(words: str, width: int) -> list[str]:
    """``words`` in lines no wider than a plot ``width`` px wide (at most ~6.2 px a character of the
    11 px bold axis-title font), broken between words; a word longer than a line is broken too."""
    return textwrap.wrap(words, max(20, int(width / 6.2)), break_long_words=True) or [""]


class Heading(NamedTuple):
    """A chart's title and the lines under it (as at, direction, band, status; the forecast's key)."""

    title: str
    subtitle: list[str]


class Printed(NamedTuple):
    """A chart drawn for the printed page: its image (a data: URL) and the heading printed above it as text."""

    url: str
    heading: Heading


def heading(indicator: dict, as_at, forecast: bool) -> Heading:
    """The trajectory chart's title and subtitle lines; ``forecast``: the chart draws one."""
    better = "down is better" if indicator.get("direction") == "down" else "up is better"
    status = indicator.get("status") or ""
    band = f"shaded band: plan ±{tolerance(indicator):g}%"
    lines = [" · ".join(t for t in (as_at_label(as_at), better, band, status) if t)]
    if forecast:
        lines.append("Dashed: the forecast at this rate, its 80% band shaded")
    return Heading(str(indicator.get("name", "Indicator")), lines)


def trajectory_spec(
    indicator: dict, plan: pd.DataFrame, actuals: pd.DataFrame, as_at, width: int = 620, height: int = 190
) -> str:
    """Vega-Lite JSON: the current plan with its tolerance band, national actuals, the target and, when the
    indicator has one (``indicator["forecast"]``), the forecast at the current rate, dashed, with its 80% band:
    the same projection as the pages' charts (delivery/charts/forecast_layer.py). Its heading is drawn in it."""
    spec, top = _spec(indicator, plan, actuals, as_at, width, height)
    subtitle = top.subtitle if len(top.subtitle) > 1 else top.subtitle[0]
    return json.dumps(spec | {"title": {"text": top.title, "anchor": "start", "subtitle": subtitle}})


def untitled_spec(
    indicator: dict, plan: pd.DataFrame, actuals: pd.DataFrame, as_at, width: int = 620
) -> tuple[str, Heading]:
    """``trajectory_spec`` without its heading, and the heading: the PDF prints it as text above the image
    (WeasyPrint lays out a chart's text letter by letter: the heading was a third of the time to print one)."""
    spec, top = _spec(indicator, plan, actuals, as_at, width, 190)
    return json.dumps(spec), top


def _spec(indicator: dict, plan, actuals, as_at, width: int, height: int) -> tuple[dict, Heading]:
    tol = tolerance(indicator)
    lines = _points(plan, "planned_value", "Current plan") + _points(actuals, "actual_value", "Actual")
    target = []
    if pd.notna(indicator.get("target_value")) and pd.notna(indicator.get("target_date")):
        target = [
            {
                "series": "Target",
                "period_end": pd.Timestamp(indicator["target_date"]).strftime("%Y-%m-%d"),
                "value": float(indicator["target_value"]),
            }
        ]
    band = [
        {"period_end": p["period_end"], "low": p["value"] * (1 - tol / 100), "high": p["value"] * (1 + tol / 100)}
        for p in lines
        if p["series"] == "Current plan"
    ]
    unit = indicator.get("unit") or ""
    x = {
        "field": "period_end",
        "type": "temporal",
        "title": "Period end (date)",
        "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 8},
    }
    y_title = axis_title(f"{indicator.get('name', 'Value')} ({unit})", width)
    y = {
        "field": "value",
        "type": "quantitative",
        "title": y_title,
        "scale": {"zero": False},
        # Above the plot, across it, left-aligned with it, in lines that fit: read upright, and never cut
        # (along the axis, a long name was cut to the plot's height with an ellipsis)
        "axis": {
            "titleAngle": 0,
            "titleAlign": "left",
            "titleAnchor": "end",
            "titleBaseline": "bottom",
            "titleX": 0,
            "titleY": -8 - 13 * (len(y_title) - 1),  # its last line 8 px above the plot
            "titleLimit": 0,
        },
    }
    ahead = projection_frame(indicator.get("forecast"))
    projected = [
        {"series": FORECAST, "period_end": f"{d:%Y-%m-%d}", "value": v, "low": lo, "high": hi}
        for d, v, lo, hi in zip(ahead["period_end"], ahead["value"], ahead["low"], ahead["high"])
    ]
    names, inks = ["Current plan", "Actual", "Target"], [PLAN, ACTUAL, TARGET]
    colour = {
        "field": "series",
        "type": "nominal",
        "title": "Series",
        "scale": {"domain": names + [FORECAST] * bool(projected), "range": inks + [FORECAST_INK] * bool(projected)},
        "legend": {"orient": "bottom", "direction": "horizontal"},
    }
    spec = {
        "$schema": SCHEMA,
        "width": width,
        "height": height,
        "background": "white",
        "layer": [
            {
                "data": {"values": band},
                "mark": {"type": "area", "opacity": 0.18, "color": PLAN},
                "encoding": {"x": x, "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"}},
            },
            {
                "data": {"values": lines},
                "mark": {"type": "line", "point": True},
                "encoding": {"x": x, "y": y, "color": colour},
            },
            {
                "data": {"values": target},
                "mark": {"type": "point", "shape": "diamond", "size": 120, "filled": True},
                "encoding": {"x": x, "y": y, "color": colour},
            },
        ],
    }
    if projected:
        spec["layer"][1:1] = [
            {
                "data": {"values": projected},
                "mark": {"type": "area", "opacity": 0.12, "color": FORECAST_INK},
                "encoding": {"x": x, "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"}},
            },
            {
                "data": {"values": projected},
                "mark": {"type": "line", "strokeDash": [6, 4], "strokeWidth": 2},
                "encoding": {"x": x, "y": y, "color": colour},
            },
        ]
    return spec, heading(indicator, as_at, bool(projected))
