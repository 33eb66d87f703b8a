"""Issues 18 and 19: one set of hostile text, already in a store, put through every output we write.

The store is built without validation (``use_loader=False``), as if the text had got in some
other way. Every output must be written without raising; no workbook cell may be a formula or
start one (after NFKC, past spaces and invisible characters); no control character may remain.
Reports (CSV, the Excel pack, the Problems sheets) put a quote before text that would start a
formula; return workbooks (the export) keep the text as typed, with Excel's quote prefix on it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import sys
import unicodedata
import zipfile

import openpyxl
import pytest
from docx import Document
from pptx import Presentation
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from delivery.auth import ADMIN, User
from delivery.briefs import content, make, text
from delivery.returns.annotate import annotate_workbook, problems_workbook
from delivery.returns.inert import FORMULA_STARTS, csv_bytes, inert_text, starts_a_formula
from delivery.returns.problems import Problem
from delivery.returns.reader import read_return
from delivery.store import judgements
from delivery.store.export import export_return_bytes
from tests.store_builder import PERIOD_2, build_store, sample_returns

HOSTILE = [
    "bell\x07rings",
    "nul\x00byte",
    "\x1b[31mred alert\x1b[0m",
    "_x0007_ as Excel writes a bell",
    '\uff1dHYPERLINK("http://x")',
    "\u200b=1+1",
    "\ufeff=1+1",
    "\u2060=1+1",
    "+cmd",
    "@SUM(1)",
    "-2+3",
    "\t=1",
    "\u202egnp.exe",
    "Launch \U0001f680 on time",
    "\u4e2d\u6587\u8fdb\u5c55",
    "\u062a\u0642\u062f\u0645 \u062c\u064a\u062f",
    " =1+1",
    "\u00ad=1+1",
    "\r=1",
    "\n\n-1",
    "\u3000@SUM(1)",
    "\uff0bcmd",
    "\uff0d2",
    "\uff20SUM(1)",
    "=\u0338SUM(1)",
    "x=1+1",
    "12-3",
]
# Which of them start a formula as a spreadsheet sees them (the last two do not: x and 1 come first)
STARTS_A_FORMULA = {
    h
    for h in HOSTILE
    if h.lstrip("\u200b\ufeff\u2060\u00ad \u3000\n")[:1]
    in ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
}
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _hostile_returns():
    returns = copy.deepcopy(sample_returns())
    dhsc = returns[3]  # DHSC's latest return: its priorities lead every brief
    for row, h in zip(dhsc.tables["Priorities"], HOSTILE):
        row.update(commentary=h, senior_responsible_owner=h)
    dhsc.tables["Milestones"] = [
        dict(m, title=h, owner=h, commentary=h, milestone_id=f"M{n}")
        for n, (m, h) in enumerate(zip(dhsc.tables["Milestones"] * 10, HOSTILE), start=1)
    ]
    dhsc.tables["Risks"] = [
        dict(r, description=h, owner=h, mitigation=h, risk_id=f"R{n}")
        for n, (r, h) in enumerate(zip(dhsc.tables["Risks"] * 14, HOSTILE), start=1)
    ]
    return returns


# The centre's notes, typed in the app: a covering note for DHSC's brief and a note on HEA-01.
COVERING = '=HYPERLINK("http://x") **bold** <b>x</b> [link](http://evil.example) ' + " | ".join(HOSTILE)
NOTE = "@SUM(1) " + " | ".join(HOSTILE)
WRITER = User("Ada", "ada@centre.gov", ADMIN)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("hostile"), _hostile_returns(), use_loader=False)
    at = dt.datetime(2026, 7, 2, 10, 0)
    judgements.record_covering_note(store, WRITER, "DHSC", PERIOD_2, COVERING, at=at)
    judgements.record_note(store, WRITER, "HEA-01", PERIOD_2, NOTE, at=at)
    return store


@pytest.fixture(scope="module")
def brief(store):
    con = store.connect_read()
    try:
        data = content.gather(content.asker(con), content.Scope(department="DHSC"), PERIOD_2)
    finally:
        con.close()
    return data, text.make_brief(data)


def _no_control(texts):
    return [t for t in texts if isinstance(t, str) and CONTROL.search(t)]


def _live_cells(wb):
    """Cells that are formulas, start one, or hold a control character; [] when all is well."""
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    return [
        (c.parent.title, c.coordinate, c.value)
        for c in cells
        if c.data_type == "f" or (isinstance(c.value, str) and (starts_a_formula(c.value) or CONTROL.search(c.value)))
    ]


def _read_back(data: bytes, sheet: str) -> list[list]:
    """A sheet's values as the app's reader decodes them (calamine: _x000D_ is a carriage return again)."""
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


def test_the_store_holds_the_hostile_text(brief):
    data, _ = brief
    assert set(HOSTILE) <= set(data.milestones["title"])


def test_the_one_rule_sees_what_a_spreadsheet_sees():
    assert {h for h in HOSTILE if starts_a_formula(h)} == STARTS_A_FORMULA
    assert {h for h in HOSTILE if inert_text(h).startswith("'")} == STARTS_A_FORMULA
    assert [inert_text(h) for h in ("\u200b=1", "\x07=1", "\uff20x", "=\u0338x", "12-3")] == [
        "'\u200b=1",
        "'=1",
        "'\uff20x",
        "'=\u0338x",
        "12-3",
    ]


def test_no_letter_or_digit_reads_as_the_start_of_a_formula():
    # starts_a_formula takes text that starts with a letter or digit as no formula without looking further
    found = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if chr(c).isalnum() and unicodedata.normalize("NFKC", chr(c))[:1] in FORMULA_STARTS
    ]
    assert found == []


def test_the_excel_pack(brief, tmp_path):
    data, words = brief
    out = make.write(data, words, "xlsx", tmp_path / "b.xlsx", protective_marking="OFFICIAL")
    wb = openpyxl.load_workbook(out)
    assert _live_cells(wb) == []
    said = {v for row in _read_back(out.read_bytes(), "Milestones")[2:] for v in row}
    assert {inert_text(h) for h in HOSTILE} <= said  # each as the one rule makes it: quoted, no control characters
    assert said & STARTS_A_FORMULA == set()
    assert {
        '\'\uff1dHYPERLINK("http://x")',
        "'\u200b=1+1",
        "'+cmd",
        "'\t=1",
        "'\r=1",
        "bellrings",
        "[31mred alert[0m",
        "\u4e2d\u6587\u8fdb\u5c55",
        "\u202egnp.exe",
    } <= said


def test_the_pdf(brief, tmp_path):
    data, words = brief
    out = make.write(data, words, "pdf", tmp_path / "b.pdf", protective_marking="OFFICIAL")
    said = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
    said = re.sub("\x00(?=[^\x00-\x7f])", "", said)  # pypdf reads the CJK font so (see test_pdf_fonts)
    assert _no_control([said]) == []
    assert "barrier opened: \u4e2d\u6587\u8fdb\u5c55 (escalated" in said and "Launch \U0001f680 on time" in said
    # Risks opened without an escalation are counted, not listed (the Arabic one is drawn in test_pdf_fonts).
    assert re.search(r"\d+ risks and issues opened or closed without escalation", " ".join(said.split()))
    # A right-to-left override (U+202E) is left out, so it cannot reverse the brief's own words after it.
    assert "Cut hospital waiting times (HEA-01): gnp.exe: completed 10 May 2026" in said


def test_the_powerpoint(brief, tmp_path):
    data, words = brief
    out = make.write(data, words, "pptx", tmp_path / "b.pptx", protective_marking="OFFICIAL")
    texts = [
        p.text
        for slide in Presentation(str(out)).slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
    ]
    cells = [  # the table of every priority by concern: its next milestones are the hostile milestones' titles
        cell.text
        for slide in Presentation(str(out)).slides
        for shape in slide.shapes
        if shape.has_table
        for cell in shape.table.iter_cells()
    ]
    assert _no_control([t.replace("\x0b", "\n") for t in texts + cells]) == []  # a line break reads as \x0b
    assert "-2+3, due 31 May 2026 (overdue)" in cells  # a milestone titled "-2+3", said as typed


def test_the_powerpoint_holds_no_escaped_control_character(brief, tmp_path):
    # python-pptx writes a bell as _x0007_, which PowerPoint decodes back into the control character
    data, words = brief
    out = make.write(data, words, "pptx", tmp_path / "b.pptx", protective_marking="OFFICIAL")
    parts = zipfile.ZipFile(out)
    xml = b"".join(parts.read(n) for n in parts.namelist() if n.endswith(".xml"))
    assert re.findall(rb"[a-z ]_x00[01][0-9A-F]_", xml) == []


def test_the_centres_notes_reach_every_brief_output_inert(brief, tmp_path):
    data, words = brief
    signed = "(Written by Ada <ada@centre.gov> on 2 Jul 2026 at 10:00 UTC.)"
    wb = openpyxl.load_workbook(make.write(data, words, "xlsx", tmp_path / "b.xlsx", protective_marking="OFFICIAL"))
    rows = [[c.value for c in row] for row in wb["Brief"].iter_rows(min_row=3, max_row=6)]
    assert [r[0] for r in rows] == [
        "Title",
        "As at",
        "Covering note from the delivery unit",
        "The centre's note on HEA-01",
    ]
    assert rows[2][1].startswith('\'=HYPERLINK("http://x") **bold** <b>x</b> [link](http://evil.example) bellrings | ')
    assert rows[3][1].startswith("'@SUM(1) bellrings | nulbyte | [31mred alert[0m | ") and rows[3][1].endswith(signed)
    assert _live_cells(wb) == []
    pdf = make.write(data, words, "pdf", tmp_path / "b.pdf", protective_marking="OFFICIAL")
    said = re.sub("\x00(?=[^\x00-\x7f])", "", " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
    assert _no_control([said]) == []
    assert 'Covering note from the delivery unit\n=HYPERLINK("http://x") **bold** <b>x</b> [link](http://evil' in said
    assert "The centre's note\n@SUM(1) bellrings | nulbyte |" in said and said.count("Written by Ada") == 2
    deck = Presentation(str(make.write(data, words, "pptx", tmp_path / "b.pptx", protective_marking="OFFICIAL")))
    texts = [
        p.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
    ]
    said = texts + [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert _no_control([t.replace("\x0b", "\n") for t in said]) == []  # python-pptx reads a line break as \x0b
    assert "Covering note from the delivery unit" in texts
    assert "The centre's note" in texts and any(t.startswith("\u2022 @SUM(1) bellrings | nulbyte |") for t in texts)


def test_the_word_brief(brief, tmp_path):
    data, words = brief
    out = make.write(data, words, "docx", tmp_path / "b.docx", protective_marking="OFFICIAL")
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert _no_control(texts) == []
    # Kept as typed (less control characters): text, never a field, a link or a formula.
    hea = "Cut hospital waiting times (HEA-01): "
    assert {
        hea + "barrier opened: \u4e2d\u6587\u8fdb\u5c55 (escalated to the centre).",
        "Launch \U0001f680 on time: due 31 May 2026, OVERDUE by 30 days",
        hea + "_x0007_ as Excel writes a bell: completed 10 May 2026.",
        hea + 'barrier opened: \uff1dHYPERLINK("http://x") (escalated to the centre).',
        hea + "barrier opened: [31mred alert[0m (escalated to the centre).",
    }  # its ESC left out <= set(texts)
    # A right-to-left override (U+202E) is left out, as in the PDF: it cannot reverse the brief's own words.
    assert hea + "gnp.exe: completed 10 May 2026." in texts
    xml = zipfile.ZipFile(out).read("word/document.xml")
    assert [tag for tag in (b"w:fldSimple", b"w:instrText", b"w:hyperlink") if tag in xml] == []


def test_the_milestones_csv(brief):
    data, _ = brief
    written = csv_bytes(data.milestones).decode("utf-8")
    assert CONTROL.search(written.replace("\r\n", "\n").replace("\t", "")) is None
    import csv

    cells = [cell for row in csv.reader(io.StringIO(written)) for cell in row]
    assert [c for c in cells if starts_a_formula(c) and not re.fullmatch(r"-\d+(\.\d+)?", c)] == []  # numbers stay
    assert {inert_text(h) for h in HOSTILE} <= set(cells)
    assert '\'\uff1dHYPERLINK("http://x")' in cells and "'\u2060=1+1" in cells and "'-2+3" in cells


def test_the_marked_up_workbook_and_the_problems_only_workbook(store):
    source = (store.root.parent / "returns" / f"DHSC-{PERIOD_2.isoformat()}.xlsx").read_bytes()
    problems = [Problem("Milestones", f"D{n}", h, f"The title {h} is odd.") for n, h in enumerate(HOSTILE, start=2)]
    problems.append(Problem("\x1b[31mRisks", "", "", "\x07"))
    marked = openpyxl.load_workbook(io.BytesIO(annotate_workbook(source, problems, "DHSC.xlsx")))
    # The analyst's own sheets are theirs, as typed; every cell we write is on the Problems sheet.
    ours = [
        (c.coordinate, c.value)
        for row in marked["Problems"].iter_rows()
        for c in row
        if c.data_type == "f" or (isinstance(c.value, str) and (starts_a_formula(c.value) or CONTROL.search(c.value)))
    ]
    assert ours == []
    comments = [c.comment.text for ws in marked.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert comments and _no_control(comments) == []
    only_bytes = problems_workbook(problems)
    only = openpyxl.load_workbook(io.BytesIO(only_bytes))
    assert _live_cells(only) == []
    # Both Problems sheets (openpyxl's on the analyst's file, our writer's alone) list each value by the one rule,
    # as Excel reads them: a literal "_x0007_" stays literal (openpyxl's carriage return is a line feed)
    expected = [inert_text(h) for h in HOSTILE]
    assert [row[2] for row in _read_back(only_bytes, "Problems")[1:-1]] == expected
    assert [row[2] for row in _read_back(annotate_workbook(source, problems, "DHSC.xlsx"), "Problems")[1:-1]] == [
        e.replace("\r", "\n") for e in expected
    ]


def test_the_export_of_a_return(store):
    data = export_return_bytes(store, "DHSC", PERIOD_2)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    parsed = read_return(data, file_name="export.xlsx")  # as the reader decodes _xHHHH_
    texts = [v for frame in parsed.tables.values() for col in frame.columns for v in frame[col].tolist()]
    assert _no_control(texts) == []
    assert set(parsed.tables["milestones"]["title"]) >= {
        "bellrings",
        "[31mred alert[0m",
        "+cmd",
        "\u200b=1+1",
        "\uff0bcmd",
        "=\u0338SUM(1)",
        "@SUM(1)",
        "-2+3",
    }
    # ... and each text cell that would start a formula carries Excel's quote prefix: it stays text when edited.
    values = _read_back(data, "Milestones")
    prefixed = [(c.value, c.quotePrefix) for row in wb["Milestones"].iter_rows() for c in row if c.data_type == "s"]
    assert [q for _, q in prefixed] == [starts_a_formula(v) for row in values for v in row if isinstance(v, str) and v]
    assert sum(q for _, q in prefixed) >= 12
    # Text that looks like a formula is kept as typed (the export loads again unchanged), as text cells.
