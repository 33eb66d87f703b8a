"""A priority's trajectory as a native PowerPoint chart (editable in PowerPoint, not a picture): the plan,
its tolerance band as two dashed lines, the actuals and the target as a dashed line, on a y-axis that
shows the movement.

The y-axis rule (``value_range``): it spans the lowest to the highest value drawn (plan, tolerance, actuals,
target), with a tenth of that span added below and above, rounded out to a step of 1, 2 or 5 times a power
of ten; it starts at zero only when the values come that close to it (never below zero for values that
cannot be negative). An axis from zero would flatten a 2% gap on 350,000 into a straight line.
"""

from __future__ import annotations

import math

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Pt

from delivery.analysis import attention
from delivery.briefs import outline
from delivery.briefs.content import BriefData, indicator_series
from delivery.briefs.office import slide_text
from delivery.briefs.print_chart import FORECAST, tolerance
from delivery.briefs.text import Section, day
from delivery.charts.forecast_layer import FORECAST_INK, projection_frame
from delivery.charts.priority import ACTUAL, PLAN, TARGET

# python-pptx has no setting for how a chart draws gaps, nor for a chart's alt text: both are set in the
# slide's XML, reached by the public ``element`` property, by their names in the file format (ECMA-376).
CHART_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
SLIDE_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
CHART_TEXT = 14  # points: the chart's labels and legend, as the slides' body text
PLANNED, ACTUAL_NAME, TARGET_NAME = "Planned", "Actual", "Target"


def value_range(values: list[float]) -> tuple[float, float, float]:
    """(lowest, highest, step) of the y-axis for ``values`` (the module's rule)."""
    low, high = min(values), max(values)
    pad = (high - low) / 10 if high > low else (abs(high) / 10 or 1)
    bottom, top = low - pad, high + pad
    if low >= 0 and bottom < 0:
        bottom = 0.0
    step = _nice((top - bottom) / 5)
    return math.floor(bottom / step) * step, math.ceil(top / step) * step, step


def _nice(rough: float) -> float:
    """The step of 1, 2 or 5 times a power of ten at or above ``rough``."""
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough * (1 - 1e-9))


def axis_sentence(low: float, high: float) -> str:
    """The y-axis rule, said in the speaker notes."""
    return (
        f"The chart's y-axis runs from {attention.number_text(low)} to {attention.number_text(high)}: the range "
        "of the plan, its tolerance band, the actuals and the target, with a tenth of that range added either "
        "side, so the movement shows; it starts at zero only when the values come near zero."
    )


def series(data: BriefData, sec: Section) -> tuple[list, dict[str, list]]:
    """(the dates, {series name: a value or None per date}) of the section's chart; no dates when none."""
    plan, acts = indicator_series(data, sec.indicator_id) if sec.indicator_id else (pd.DataFrame(), pd.DataFrame())
    if plan.empty and acts.empty:
        return [], {}
    row = outline.indicator_row(data, sec)
    tol = tolerance(row)
    plan_by = {pd.Timestamp(d).date(): float(v) for d, v in zip(plan["period_end"], plan["planned_value"])}
    acts_by = {pd.Timestamp(d).date(): float(v) for d, v in zip(acts["period_end"], acts["actual_value"])}
    ahead = projection_frame(row.get("forecast"))  # the forecast at this rate, as the pages and the PDF draw it
    ahead_by = {pd.Timestamp(d).date(): float(v) for d, v in zip(ahead["period_end"], ahead["value"])}
    days = sorted(set(plan_by) | set(acts_by) | set(ahead_by))
    drawn = {PLANNED: [plan_by.get(d) for d in days]} if plan_by else {}
    if plan_by:
        drawn[f"Plan +{tol:g}%"] = [None if v is None else v * (1 + tol / 100) for v in drawn[PLANNED]]
        drawn[f"Plan \u2212{tol:g}%"] = [None if v is None else v * (1 - tol / 100) for v in drawn[PLANNED]]
    if acts_by:
        drawn[ACTUAL_NAME] = [acts_by.get(d) for d in days]
    if ahead_by:
        drawn[FORECAST] = [ahead_by.get(d) for d in days]
    target = row.get("target_value")
    if target is not None and pd.notna(target):
        when = row.get("target_date")
        name = f"{TARGET_NAME} (by {day(when)})" if when is not None and pd.notna(when) else TARGET_NAME
        drawn[name] = [float(target)] * len(days)
    return days, drawn


def add_chart(slide, data: BriefData, sec: Section, left, top, width, height):
    """The section's chart on ``slide``; returns the y-axis (low, high), or None when there is nothing to draw."""
    days, drawn = series(data, sec)
    if not days:
        return None
    chart_data = CategoryChartData()
    chart_data.categories = days
    for name, values in drawn.items():
        chart_data.add_series(name, values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, left, top, width, height, chart_data)
    chart = frame.chart
    blanks = chart.element.find(f"{CHART_NS}chart/{CHART_NS}dispBlanksAs")
    if blanks is not None:
        blanks.set("val", "span")  # join a quarterly plan's points across the monthly actuals' dates
    base = chart.element.find(f"{CHART_NS}chart/{CHART_NS}plotArea/{CHART_NS}dateAx/{CHART_NS}baseTimeUnit")
    if base is not None:
        base.set("val", "months")  # periods end at months' ends: a slot a month, so no month is labelled twice
    for line in chart.plots[0].series:
        _style(line)
    chart.font.size = Pt(CHART_TEXT)
    chart.has_legend, chart.legend.position, chart.legend.include_in_layout = True, XL_LEGEND_POSITION.BOTTOM, False
    chart.has_title = True
    chart.chart_title.text_frame.text = slide_text(f"{outline.indicator_label(data, sec)}, as at {day(data.as_at)}")
    chart.chart_title.text_frame.paragraphs[0].font.size = Pt(CHART_TEXT)
    axis = chart.category_axis
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "mmm yyyy", False
    low, high, step = value_range([v for values in drawn.values() for v in values if v is not None])
    values = chart.value_axis
    values.minimum_scale, values.maximum_scale, values.major_unit = low, high, step
    values.tick_labels.number_format = "#,##0" if step >= 1 else "#,##0.0" if step >= 0.1 else "General"
    values.tick_labels.number_format_is_linked = False
    frame.element.find(f"{SLIDE_NS}nvGraphicFramePr/{SLIDE_NS}cNvPr").set(
        "descr", slide_text(outline.chart_alt_text(data, sec))
    )
    frame.name = f"Trajectory chart {sec.priority_id}"
    return low, high


def _style(line) -> None:
    """Plan blue, actuals black, tolerance dashed light blue without markers, target dashed green, the forecast
    dashed purple."""
    name = line.name
    colour, dash, width = PLAN, None, 2.25
    if name.startswith("Plan "):
        colour, dash, width = PLAN, MSO_LINE_DASH_STYLE.DASH, 1.0
    elif name == ACTUAL_NAME:
        colour = ACTUAL
    elif name.startswith(TARGET_NAME):
        colour, dash = TARGET, MSO_LINE_DASH_STYLE.LONG_DASH
    elif name == FORECAST:
        colour, dash = FORECAST_INK, MSO_LINE_DASH_STYLE.DASH
    line.format.line.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
    line.format.line.width = Pt(width)
    if dash is not None:
        line.format.line.dash_style = dash
        line.marker.style = XL_MARKER_STYLE.NONE
    line.smooth = False
