"""The brief as PowerPoint for the stocktake: a title slide, a summary slide, then one slide
per priority with an editable native chart (python-pptx chart objects, not pictures) that
carries alt text. The protective marking is on every slide."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from delivery.briefs.content import BriefData, indicator_series
from delivery.briefs.office import slide_text as _text
from delivery.briefs.text import Brief, Section, day
from delivery.charts.priority import ACTUAL, PLAN
from delivery.reference.ratings import COLOURS, ink_for

WIDE, HIGH = Inches(13.333), Inches(7.5)
# python-pptx has no setting for how a chart draws gaps, nor for a chart's alt text: both are set in
# the slide's XML, reached by the public ``element`` property, by their names in the file format
# (ECMA-376), which python-pptx's own version does not change.
CHART_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
SLIDE_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def write_pptx(data: BriefData, brief: Brief, out: Path | str, marking: str,
               progress: Callable[[str], None] | None = None) -> Path:
    """Write the brief as a .pptx at ``out``; ``progress`` hears one line per priority."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE, HIGH
    _title_slide(deck, brief, marking)
    _summary_slide(deck, brief, marking)
    for n, sec in enumerate(brief.sections, start=1):
        if progress:
            progress(f"Slide {n} of {len(brief.sections)}: {sec.priority_id}")
        _priority_slide(deck, data, sec, marking)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(out))
    return out


def _blank(deck, marking: str):
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    for top in (Inches(0.1), HIGH - Inches(0.45)):
        _box(slide, marking, Inches(0.4), top, WIDE - Inches(0.8), Inches(0.35), 11, bold=True, centre=True)
    return slide


def _box(slide, text: str, left, top, width, height, size: float, bold: bool = False, centre: bool = False):
    shape = slide.shapes.add_textbox(left, top, width, height)
    frame = shape.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    para.text = _text(text)
    para.font.size, para.font.bold = Pt(size), bold
    if centre:
        para.alignment = 2  # PP_ALIGN.CENTER
    return shape


def _bullets(slide, title: str, lines: list[str], left, top, width, height, size: float = 12) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = _text(title)
    frame.paragraphs[0].font.bold, frame.paragraphs[0].font.size = True, Pt(size + 2)
    for line in lines or ["None."]:
        p = frame.add_paragraph()
        p.text = _text(f"\u2022 {line}")
        p.font.size = Pt(size)


def _title_slide(deck, brief: Brief, marking: str) -> None:
    slide = _blank(deck, marking)
    _box(slide, brief.title, Inches(0.8), Inches(2.4), WIDE - Inches(1.6), Inches(1.2), 36, bold=True)
    _box(slide, brief.as_at_text, Inches(0.8), Inches(3.8), WIDE - Inches(1.6), Inches(0.6), 20)


def _summary_slide(deck, brief: Brief, marking: str) -> None:
    slide = _blank(deck, marking)
    _box(slide, "Summary", Inches(0.5), Inches(0.5), Inches(12), Inches(0.6), 26, bold=True)
    _box(slide, brief.headline, Inches(0.5), Inches(1.2), Inches(12.3), Inches(1.6), 14)
    _bullets(slide, "What needs the minister", brief.minister[:10], Inches(0.5), Inches(3.0), Inches(6.1), Inches(3.8), 11)
    _bullets(slide, "Small wins", brief.wins[:8], Inches(6.9), Inches(3.0), Inches(6.0), Inches(3.8), 11)


def _rating_chip(slide, label: str, rating: str | None, left, top) -> None:
    """The rating's words on its colour (never colour alone)."""
    shape = slide.shapes.add_textbox(left, top, Inches(2.9), Inches(0.4))
    shape.fill.solid()
    colour = COLOURS.get(rating, "#FFFFFF").lstrip("#")
    shape.fill.fore_color.rgb = RGBColor.from_string(colour.upper())
    para = shape.text_frame.paragraphs[0]
    para.text = _text(f"{label}: {rating or 'not recorded'}")
    para.font.size, para.font.bold = Pt(13), True
    ink = ink_for(rating).lstrip("#") if rating in COLOURS else "0B0C0C"
    para.font.color.rgb = RGBColor.from_string(ink.upper())


def _priority_slide(deck, data: BriefData, sec: Section, marking: str) -> None:
    slide = _blank(deck, marking)
    _box(slide, f"{sec.priority_id}: {sec.title}", Inches(0.5), Inches(0.45), Inches(12.3), Inches(0.6), 24, bold=True)
    p = data.priorities[data.priorities["priority_id"] == sec.priority_id].iloc[0]
    _rating_chip(slide, "Department", p["rag"], Inches(0.5), Inches(1.1))
    _rating_chip(slide, "Centre", p["centre_rag"] if isinstance(p["centre_rag"], str) else None, Inches(3.6), Inches(1.1))
    _box(slide, f"{sec.source} {sec.ratings}", Inches(6.7), Inches(1.05), Inches(6.2), Inches(0.9), 10)
    _chart(slide, data, sec)
    right = sec.milestones[:3] + [f"Risk \u2013 {r}" for r in sec.risks[:2]] + [f"Action \u2013 {a}" for a in sec.actions[:3]]
    _bullets(slide, "Next milestones, top risks, open actions", right, Inches(7.6), Inches(2.1), Inches(5.3), Inches(4.6), 11)


def _chart(slide, data: BriefData, sec: Section) -> None:
    left, top, width, height = Inches(0.5), Inches(2.1), Inches(6.9), Inches(4.6)
    plan, acts = indicator_series(data, sec.indicator_id) if sec.indicator_id else (pd.DataFrame(), pd.DataFrame())
    if plan.empty and acts.empty:
        _box(slide, "No indicator with a trajectory is reported for this priority, so there is no chart.",
             left, top, width, Inches(0.8), 12)
        return
    # One date axis shared by both series (a gap where a series has no point): scatter charts
    # with series of different lengths are drawn wrongly by LibreOffice.
    plan_by = {pd.Timestamp(d).date(): float(v) for d, v in zip(plan["period_end"], plan["planned_value"])}
    acts_by = {pd.Timestamp(d).date(): float(v) for d, v in zip(acts["period_end"], acts["actual_value"])}
    days = sorted(set(plan_by) | set(acts_by))
    chart_data = CategoryChartData()
    chart_data.categories = days
    for name, values in (("Planned", plan_by), ("Actual", acts_by)):
        if values:
            chart_data.add_series(name, [values.get(d) for d in days])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, left, top, width, height, chart_data)
    chart = frame.chart
    blanks = chart.element.find(f"{CHART_NS}chart/{CHART_NS}dispBlanksAs")
    if blanks is not None:
        blanks.set("val", "span")  # join a quarterly plan's points across the monthly actuals' dates
    for series in chart.plots[0].series:  # the dashboard's colours: plan blue, actuals black
        series.format.line.color.rgb = RGBColor.from_string((PLAN if series.name == "Planned" else ACTUAL).lstrip("#"))
        series.format.line.width = Pt(2)
        series.smooth = False
    chart.has_legend, chart.legend.position, chart.legend.include_in_layout = True, XL_LEGEND_POSITION.BOTTOM, False
    chart.has_title = True
    chart.chart_title.text_frame.text = _text(f"{_indicator_name(data, sec)} (as at {day(data.as_at)})")
    chart.chart_title.text_frame.paragraphs[0].font.size = Pt(12)
    axis = chart.category_axis
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "mmm yyyy", False
    frame.element.find(f"{SLIDE_NS}nvGraphicFramePr/{SLIDE_NS}cNvPr").set("descr", _alt_text(data, sec))
    frame.name = f"Trajectory chart {sec.priority_id}"


def _indicator_name(data: BriefData, sec: Section) -> str:
    row = data.status[data.status["indicator_id"] == sec.indicator_id]
    return f"{row['name'].iloc[0]} ({row['unit'].iloc[0]})" if not row.empty else "Indicator"


def _alt_text(data: BriefData, sec: Section) -> str:
    """What the chart shows, in words, for a screen reader."""
    return (f"Line chart of {_indicator_name(data, sec)} for {sec.priority_id}: planned trajectory and actuals "
            f"by period, as at {day(data.as_at)}. " + (sec.trajectory or ""))
