"""The brief as an A4 PDF, made on the server with fpdf2; charts drawn by vl-convert (no browser).

The body is the summary a minister reads: the headline, the decisions needed and every priority
in one table by concern (on the first page for a department or a small government), then the
actions from the last stocktake, what changed and small wins. The annex follows: each priority
starts a new page and fits on one or two. Header and footer carry the protective marking
(DELIVERY_PROTECTIVE_MARKING); the footer also the "as at" date and "Page n of N". Ratings are
printed as words on their colour, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from fpdf import FPDF

from delivery.analysis import trajectories
from delivery.briefs import fonts, notes, outline, printable, render
from delivery.briefs.content import BriefData, indicator_series
from delivery.briefs.pdf_table import concern_table
from delivery.briefs.print_chart import trajectory_spec
from delivery.briefs.text import Brief, Section
from delivery.charts.priority import trajectory_chart
from delivery.reference.ratings import COLOURS, ink_for

INK, GREY = (11, 12, 12), (80, 80, 80)


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
    """The section chart as Vega-Lite JSON sized for the page, or None when there is nothing to draw."""
    if indicator_id is None:
        return None
    rows = data.status[data.status["indicator_id"] == indicator_id]
    plan, acts = indicator_series(data, indicator_id)
    if rows.empty or plan.empty:
        return None
    return trajectory_spec(rows.iloc[0].to_dict(), plan, acts, data.as_at, width=width_px)


def chart_png(data: BriefData, indicator_id: str | None) -> bytes | None:
    """The priority section's trajectory chart as PNG bytes, or None when there is nothing to draw."""
    spec = chart_spec(data, indicator_id)
    return None if spec is None else render.png(spec)


class _Doc(FPDF):
    def __init__(self, marking: str, as_at: str, title: str, plan: fonts.Plan, shaping: bool):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.marking, self.as_at_text, self.brief_title = marking, as_at, title
        self.plan, self.strip = plan, plan.unprintable()
        if plan.body is not None:
            self.add_font("Body", "", plan.body.regular)
            self.add_font("Body", "B", plan.body.file(bold=True))
            self._add_fallbacks(plan)
        else:
            self.core_fonts_encoding = fonts.CORE_ENCODING
        self.shaping = shaping
        self.body_font = "Body" if plan.body is not None else "Helvetica"
        self.set_margins(16, 18, 16)
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages()

    def _add_fallbacks(self, plan: fonts.Plan) -> None:
        """Only the fonts and styles this brief prints (adding a CJK collection takes ~0.7 s)."""
        for face in plan.fallbacks:
            for style in plan.styles[face]:
                self.add_font(face.family, style, face.file(bold=style == "B"), collection_font_number=face.index)
        if plan.fallbacks:
            self.set_fallback_fonts([face.family for face in plan.fallbacks], exact_match=False)

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        """The font the plan chose for ``char`` (fpdf2 asks only for characters the body font lacks), in the
        text's style when that style was added."""
        face = self.plan.face_of.get(char)
        if face is None:
            return None
        key = face.family.lower()
        return key + "B" if ("B" in style or key not in self.fonts) and key + "B" in self.fonts else key

    def prepare(self, value) -> str:
        """Text as printed: without control characters, or invisible ones no font has (each output we write
        leaves control characters out); every other character has a font (``printable.check``). Switches
        text shaping on for this text only when it needs it (harfbuzz measuring every word of a brief with
        one Arabic line tripled its layout time). Every paragraph is an English sentence, left to right;
        Arabic or Hebrew in it runs right to left."""
        text = str(value).translate(self.strip)
        if self.shaping:
            self.set_text_shaping(fonts.needs_shaping(text), direction="ltr")
        return text

    def header(self):
        shaping = self.text_shaping  # a page break can come in the middle of a paragraph
        self._header()
        self.text_shaping = shaping

    def footer(self):
        shaping = self.text_shaping
        self._footer()
        self.text_shaping = shaping

    def _header(self):
        self.set_font(self.body_font, "B", 9)
        self.set_text_color(*INK)
        self.cell(0, 5, self.prepare(self.marking), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.body_font, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 4, self.prepare(self.brief_title), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def _footer(self):
        self.set_y(-13)
        self.set_font(self.body_font, "", 8)
        self.set_text_color(*GREY)
        self.cell(60, 4, self.prepare(self.as_at_text))
        self.set_font(self.body_font, "B", 9)
        self.set_text_color(*INK)
        self.cell(60, 4, self.prepare(self.marking), align="C")
        self.set_font(self.body_font, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")


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
    plan, shaping = printable.check(data, brief, marking, installed)
    doc = _Doc(marking, brief.as_at_text, brief.title, plan, shaping)
    doc.add_page()
    _heading(doc, brief.title, 16)
    _note(doc, notes.COVERING_HEADING, notes.covering(data.notes))
    _para(doc, brief.headline)
    decisions, *lists = outline.summary_parts(data, brief)
    _list(doc, decisions.heading, decisions.lines, decisions.none, size=8.5)
    if brief.table:
        doc.ln(1)
        _heading(doc, "Every priority, by concern", 12)
        _para(doc, brief.concern_rule, 8)
        concern_table(doc, brief.table, doc.body_font, doc.strip)
    for part in lists:
        _list(doc, part.heading, part.lines, part.none)
    specs = {
        sec.priority_id: spec for sec in brief.sections if (spec := chart_spec(data, sec.indicator_id)) is not None
    }
    charts = render.pngs(specs)
    for n, sec in enumerate(brief.sections, start=1):
        if progress:
            progress(f"Priority {n} of {len(brief.sections)}: {sec.priority_id}")
        _section(doc, data, sec, charts.get(sec.priority_id), n == 1 and len(brief.sections) > 1)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.output(str(out))
    return out


def _heading(doc: _Doc, text: str, size: int = 13) -> None:
    doc.set_font(doc.body_font, "B", size)
    doc.set_text_color(*INK)
    doc.multi_cell(0, size * 0.5, doc.prepare(text), new_x="LMARGIN", new_y="NEXT")
    doc.ln(1.5)


def _para(doc: _Doc, text: str, size: float = 10, bold: bool = False) -> None:
    doc.set_font(doc.body_font, "B" if bold else "", size)
    doc.set_text_color(*INK)
    doc.multi_cell(0, size * 0.48, doc.prepare(text), new_x="LMARGIN", new_y="NEXT")
    doc.ln(1.2)


def _list(doc: _Doc, title: str, lines: list[str], none: str, size: float = 9.5) -> None:
    doc.ln(1)
    if doc.get_y() > doc.page_break_trigger - 20:  # a heading never ends a page alone
        doc.add_page()
    _heading(doc, title, 12)
    if not lines:
        _para(doc, none, size)
        return
    doc.set_font(doc.body_font, "", size)
    for line in lines:
        doc.multi_cell(0, size * 0.47, doc.prepare(f"\u2022 {line}"), new_x="LMARGIN", new_y="NEXT")
        doc.ln(0.6)


def _note(doc: _Doc, heading: str, note: dict | None) -> None:
    """The centre's note (delivery/briefs/notes.py), when there is one, signed with who wrote it and when."""
    if note is None:
        return
    _heading(doc, heading, 12)
    _para(doc, note["note"], 9.5)
    _para(doc, notes.signature(note), 8.5)


def _badge(doc: _Doc, label: str, rating: str | None) -> None:
    """'Department: Amber/Green' with the rating's words on its colour (never colour alone)."""
    doc.set_font(doc.body_font, "", 9)
    doc.set_text_color(*INK)
    doc.cell(doc.get_string_width(label) + 2, 6, doc.prepare(label))
    words = rating or "Not recorded"
    colour = COLOURS.get(rating, "#FFFFFF").lstrip("#")
    doc.set_fill_color(*(int(colour[i : i + 2], 16) for i in (0, 2, 4)))
    ink = ink_for(rating).lstrip("#") if rating in COLOURS else "0B0C0C"
    doc.set_text_color(*(int(ink[i : i + 2], 16) for i in (0, 2, 4)))
    doc.set_font(doc.body_font, "B", 9)
    doc.cell(doc.get_string_width(words) + 6, 6, doc.prepare(words), border=1, align="C", fill=True)
    doc.set_text_color(*INK)
    doc.cell(6, 6, "")


def _section(doc: _Doc, data: BriefData, sec: Section, png: bytes | None, first: bool = False) -> None:
    doc.add_page()
    if first:
        _heading(doc, "Annex: each priority, in the order of the table", 12)
    _heading(doc, f"{sec.priority_id}: {sec.title}", 14)
    p = data.priorities[data.priorities["priority_id"] == sec.priority_id].iloc[0]
    _badge(doc, "Department's rating:", p["rag"])
    _badge(doc, "Centre's rating:", p["centre_rag"] if isinstance(p["centre_rag"], str) else None)
    doc.ln(8)
    _para(doc, sec.ratings, 9.5)
    _para(doc, sec.source, 8.5)
    _note(doc, notes.PRIORITY_HEADING, notes.of_priority(data.notes, sec.priority_id))
    if png:
        doc.image(png, w=doc.epw * 0.92, x=doc.l_margin)
        doc.ln(1)
    if sec.trajectory:
        _para(doc, sec.trajectory, 9.5)
    elif sec.indicator_id is None:
        _para(doc, "No indicators reported, so there is no trajectory to show.", 9.5)
    for part in outline.section_parts(sec):  # the same lists, in the same words, as Word and the slides
        _list(doc, part.heading, part.lines, part.none, 9)
