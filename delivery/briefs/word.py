"""The brief as a Word document (.docx) that a private office edits before it goes up: python-docx with
the built-in Title and Heading 1-3 styles (Word's navigation pane and screen readers see them), a table of
every priority's ratings (the words, on their colour: never colour alone), and each priority's chart as
a picture with alt text. The words are the brief's (text.Brief, outline.py); nothing is worded here.

Everything a return said is written as text runs: no field, hyperlink or formula is ever made from it,
and control characters and bidirectional overrides are left out (office.py), as in every output.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from delivery.briefs import outline, render
from delivery.briefs.content import BriefData
from delivery.briefs.office import office_text as _t
from delivery.briefs.pdf import chart_spec
from delivery.briefs.text import Brief, Section
from delivery.reference.ratings import COLOURS, ink_for

A4 = (Cm(21.0), Cm(29.7))
CHART_WIDTH = Cm(16.5)
LANGUAGE = "en-GB"
RATINGS_WIDTHS = (Cm(4.0), Cm(1.4), Cm(1.9), Cm(1.9), Cm(2.5), Cm(1.7), Cm(3.4))  # 16.8 cm: the page less its margins


def write_docx(
    data: BriefData, brief: Brief, out: Path | str, marking: str, progress: Callable[[str], None] | None = None
) -> Path:
    """Write ``brief`` as a Word document at ``out``; ``progress`` hears one line per priority."""
    doc = Document()
    _page(doc, brief, marking)
    doc.add_paragraph(_t(brief.title), style="Title")
    doc.add_paragraph(_t(brief.as_at_text))
    for part in outline.covering_note(data):
        _part(doc, part, level=1)
    doc.add_heading("Headline", level=1)
    doc.add_paragraph(_t(brief.headline))
    if brief.sections:
        decisions, *lists = outline.summary_parts(data, brief)
        _part(doc, decisions, level=1)
        doc.add_heading(outline.TABLE_HEADING, level=1)
        doc.add_paragraph(_t(brief.concern_rule))
        _ratings_table(doc, outline.ratings_rows(brief))
        for part in lists:
            _part(doc, part, level=1)
    specs = {sec.priority_id: spec for sec in brief.sections if (spec := chart_spec(data, sec.indicator_id))}
    charts = render.pngs(specs)
    if brief.sections:
        doc.add_heading("Priorities", level=1)
    for n, sec in enumerate(brief.sections, start=1):
        if progress:
            progress(f"Priority {n} of {len(brief.sections)}: {sec.priority_id}")
        _section(doc, data, sec, charts.get(sec.priority_id))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def _page(doc, brief: Brief, marking: str) -> None:
    """A4 with the marking at the top and bottom of every page; the title and language in the properties."""
    props = doc.core_properties
    props.title, props.language, props.subject = _t(brief.title), LANGUAGE, _t(brief.as_at_text)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    doc.styles["Normal"].element.get_or_add_rPr().append(lang)
    for section in doc.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = Cm(2.2)
        for where, extra in ((section.header, ""), (section.footer, f" \u00b7 {brief.as_at_text}")):
            para = where.paragraphs[0]
            para.alignment = 1  # centred
            para.add_run(_t(marking)).bold = True
            if extra:
                para.add_run(_t(extra))
                _page_number(para)


def _page_number(para) -> None:
    """' · Page N' at the end of the footer: Word's PAGE field (ours, in the footer; never from user text)."""
    para.add_run(" \u00b7 Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = para.add_run("1")  # shown until Word updates the field
    run.element.addprevious(field)
    field.append(run.element)


def _part(doc, part: outline.Part, level: int) -> None:
    doc.add_heading(_t(part.heading), level=level)
    if not part.lines:
        if part.none:
            doc.add_paragraph(_t(part.none))
        return
    for line in part.lines:
        doc.add_paragraph(_t(line), style="List Bullet")


def _ratings_table(doc, rows) -> None:
    """Every priority in scope, by concern: the one-page table, both ratings as words on their colour."""
    table = doc.add_table(rows=1, cols=len(outline.RATINGS_HEADER))
    table.style = "Table Grid"
    for cell, words in zip(table.rows[0].cells, outline.RATINGS_HEADER):
        cell.paragraphs[0].add_run(words).bold = True
    _repeat_header(table)
    for row in rows:
        cells = table.add_row().cells
        for cell, words in zip(cells, row):
            cell.paragraphs[0].add_run(_t(words))
        _shade(cells[2], row[2])
        _shade(cells[3], row[3])
    table.autofit = False
    for column, width in zip(table.columns, RATINGS_WIDTHS):
        column.width = width  # the grid, which LibreOffice reads, and each cell, which Word reads
        for cell in column.cells:
            cell.width = width


def _rating_pair(doc, dept: str | None, centre: str | None) -> None:
    """Both ratings of one priority, in a two-column table: the words on their colour."""
    table = doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for col, (label, rating) in enumerate((("Department's rating", dept), ("Centre's rating", centre))):
        table.cell(0, col).paragraphs[0].add_run(label).bold = True
        run = table.cell(1, col).paragraphs[0].add_run(outline.rating_words(rating))
        run.bold = True
        _shade(table.cell(1, col), rating)


def _shade(cell, rating: str | None) -> None:
    """The rating's colour behind its words, and the ink that reads on it (WCAG contrast)."""
    if rating not in COLOURS:
        return
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), COLOURS[rating].lstrip("#").upper())
    # python-docx has no setting for a cell's shading: set in the cell's properties by the file format's
    # name (ECMA-376 w:shd), through the public ``element`` of the paragraph's parent cell.
    cell_properties(cell).append(shading)
    ink = ink_for(rating).lstrip("#").upper()
    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor.from_string(ink)


def cell_properties(cell):
    """The cell's w:tcPr element (made when missing), reached from its first paragraph's public parent chain."""
    tc = doc_element(cell.paragraphs[0]).getparent()
    props = tc.find(qn("w:tcPr"))
    if props is None:
        props = OxmlElement("w:tcPr")
        tc.insert(0, props)
    return props


def doc_element(paragraph):
    """A paragraph's w:p element (python-docx's ``Paragraph`` names it only privately; its runs' parent is it)."""
    return paragraph.runs[0].element.getparent()


def _repeat_header(table) -> None:
    """The first row repeats on each page the table runs over (w:tblHeader)."""
    tr = doc_element(table.rows[0].cells[0].paragraphs[0]).getparent().getparent()
    props = tr.find(qn("w:trPr"))
    if props is None:
        props = OxmlElement("w:trPr")
        tr.insert(0, props)
    props.append(OxmlElement("w:tblHeader"))


def _section(doc, data: BriefData, sec: Section, png: bytes | None) -> None:
    doc.add_heading(_t(f"{sec.priority_id}: {sec.title}"), level=2)
    _rating_pair(doc, *outline.ratings(data, sec.priority_id))
    doc.add_paragraph(_t(sec.ratings))
    doc.add_paragraph(_t(sec.source))
    if png:
        run = doc.add_paragraph().add_run()
        run.add_picture(io.BytesIO(png), width=CHART_WIDTH)
        _alt_text(run, outline.chart_alt_text(data, sec), f"Trajectory chart {sec.priority_id}")
    if sec.trajectory:
        doc.add_paragraph(_t(sec.trajectory))
    elif not png:
        doc.add_paragraph(outline.no_chart(sec))
    for part in outline.priority_note(data, sec.priority_id) + outline.section_parts(sec):
        _part(doc, part, level=3)


def _alt_text(run, text: str, name: str) -> None:
    """Alt text on the run's picture: its wp:docPr's descr (python-docx has no setting for it; the name is
    the file format's, reached through the run's public ``element``)."""
    drawn = run.element.xpath(".//wp:docPr")[0]
    drawn.set("descr", _t(text))
    drawn.set("name", _t(name))
