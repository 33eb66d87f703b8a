"""The brief as an A4 PDF, made on the server by WeasyPrint from HTML and CSS (pdf_html.py, brief.css) as
PDF/UA-1: tagged (headings, paragraphs, lists, the table as a table, each chart a figure with its
description), titled, in English, every font embedded. Charts are drawn by vl-convert as SVG (no browser).

fpdf2, which printed the brief before, writes a structure element only for an image's alt text and an
outline entry (fpdf/structure_tree.py, 2.8.9): none for headings, paragraphs or tables.

Header and footer carry the protective marking (DELIVERY_PROTECTIVE_MARKING); the footer also the
"as at" date and "Page n of N". Ratings are printed as words on their colour, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from delivery.analysis import trajectories
from delivery.briefs import fonts, printable, render
from delivery.briefs.content import BriefData, indicator_series
from delivery.briefs.pdf_html import CSS, Page, document
from delivery.briefs.pdf_table import charted
from delivery.briefs.print_chart import Heading, Printed, trajectory_spec, untitled_spec
from delivery.briefs.text import Brief
from delivery.charts.priority import trajectory_chart


def section_chart(data: BriefData, indicator_id: str | None):
    """The priority section's trajectory chart (Altair), or None when there is nothing to draw."""
    if indicator_id is None:
        return None
    mine = data.status[data.status["indicator_id"] == indicator_id] if not data.status.empty else data.status
    ind = next(iter(mine.to_dict("records")), None)  # its row only: a national brief has 450 indicators
    plan, acts = indicator_series(data, indicator_id)
    if ind is None or plan.empty:
        return None
    plans = trajectories.trajectory_versions(plan.assign(plan_of=pd.Timestamp(data.as_at)))
    return trajectory_chart(ind, plans, acts, data.as_at, ind.get("status"))


def chart_spec(data: BriefData, indicator_id: str | None, width_px: int = 620) -> str | None:
    """The section chart as Vega-Lite JSON sized for the page, its heading drawn in it, or None when there is
    nothing to draw."""
    parts = _chart_parts(data, indicator_id)
    return trajectory_spec(*parts, width=width_px) if parts else None


def printed_spec(data: BriefData, indicator_id: str | None) -> tuple[str, Heading] | None:
    """The section chart for the PDF: Vega-Lite JSON without its heading, and the heading to print above it."""
    parts = _chart_parts(data, indicator_id)
    return untitled_spec(*parts) if parts else None


def _chart_parts(data: BriefData, indicator_id: str | None) -> tuple | None:
    """The indicator's status row, plan, actuals and the as-at date; None when there is nothing to draw."""
    if indicator_id is None:
        return None
    rows = data.status[data.status["indicator_id"] == indicator_id]
    plan, acts = indicator_series(data, indicator_id)
    if rows.empty or plan.empty:
        return None
    return rows.iloc[0].to_dict(), plan, acts, data.as_at


def chart_urls(data: BriefData, brief: Brief, progress: Callable[[str], None] | None = None) -> dict[str, Printed]:
    """Each charted section's chart (``pdf_table.charted``) as an SVG data: URL with its heading, by priority
    ID (none for a section without one); ``progress`` hears one line per priority."""
    specs, drawn = {}, charted(brief.table) if brief.table else {sec.priority_id for sec in brief.sections}
    for n, sec in enumerate(brief.sections, start=1):
        if progress:
            progress(f"Priority {n} of {len(brief.sections)}: {sec.priority_id}")
        if sec.priority_id in drawn and (printed := printed_spec(data, sec.indicator_id)) is not None:
            specs[sec.priority_id] = printed
    urls = render.svg_urls([spec for spec, _ in specs.values()])
    return {pid: Printed(url, top) for (pid, (_, top)), url in zip(specs.items(), urls, strict=True)}


def write_pdf(
    data: BriefData,
    brief: Brief,
    out: Path | str,
    marking: str,
    progress: Callable[[str], None] | None = None,
    installed=None,
) -> Path:
    """Write ``brief`` as an A4 PDF at ``out``; ``progress`` hears one line per priority. Refuses (Unprintable,
    naming the priority and field) a brief holding a character that no installed font can print.
    ``installed``: the fonts to print with (``fonts.installed()``, the default, finds them)."""
    plan = printable.check(data, brief, marking, installed)
    page = Page(plan.unprintable(), fonts.css_families(plan))
    html = document(data, brief, marking, chart_urls(data, brief, progress), page)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    render.pdf(html, CSS, out)
    return out
