"""Issue 18: one set of hostile text, already in a store, put through every output we write.

The store is built without validation (``use_loader=False``), as if the text had got in some
other way. Every output must be written without raising; no workbook cell may be a formula or
start one (after NFKC, past spaces and invisible characters); no control character may remain.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from pptx import Presentation
from pypdf import PdfReader

from delivery.briefs import content, make, text
from delivery.returns.annotate import annotate_workbook, problems_workbook
from delivery.returns.inert import csv_bytes, starts_a_formula
from delivery.returns.problems import Problem
from delivery.returns.reader import read_return
from delivery.store.export import export_return_bytes
from tests.store_builder import PERIOD_2, build_store, sample_returns

HOSTILE = [
    "bell\x07rings", "nul\x00byte", "\x1b[31mred alert\x1b[0m", "_x0007_ as Excel writes a bell",
    "\uff1dHYPERLINK(\"http://x\")", "\u200b=1+1", "\ufeff=1+1", "\u2060=1+1", "+cmd", "@SUM(1)", "-2+3", "\t=1",
    "\u202egnp.exe", "Launch \U0001f680 on time", "\u4e2d\u6587\u8fdb\u5c55", "\u062a\u0642\u062f\u0645 \u062c\u064a\u062f",
]
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _hostile_returns():
    returns = copy.deepcopy(sample_returns())
    dhsc = returns[3]  # DHSC's latest return: its priorities lead every brief
    for row, h in zip(dhsc.tables["Priorities"], HOSTILE):
        row.update(commentary=h, senior_responsible_owner=h)
    dhsc.tables["Milestones"] = [dict(m, title=h, owner=h, commentary=h, milestone_id=f"M{n}")
                                 for n, (m, h) in enumerate(zip(dhsc.tables["Milestones"] * 6, HOSTILE), start=1)]
    dhsc.tables["Risks"] = [dict(r, description=h, owner=h, mitigation=h, risk_id=f"R{n}")
                            for n, (r, h) in enumerate(zip(dhsc.tables["Risks"] * 8, HOSTILE), start=1)]
    return returns


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("hostile"), _hostile_returns(), use_loader=False)


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
    return [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f" or (
        isinstance(c.value, str) and (starts_a_formula(c.value) or CONTROL.search(c.value)))]


def test_the_store_holds_the_hostile_text(brief):
    data, _ = brief
    assert set(HOSTILE) <= set(data.milestones["title"])


def test_the_excel_pack(brief, tmp_path):
    data, words = brief
    out = make.write(data, words, "xlsx", tmp_path / "b.xlsx", protective_marking="OFFICIAL")
    wb = openpyxl.load_workbook(out)
    assert _live_cells(wb) == []
    said = {c.value for row in wb["Milestones"].iter_rows(min_row=3) for c in row}
    assert {"'\uff1dHYPERLINK(\"http://x\")", "'\u200b=1+1", "'+cmd", "'\t=1", "bellrings", "[31mred alert[0m",
            "\u4e2d\u6587\u8fdb\u5c55", "\u202egnp.exe"} <= said


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
    texts = [p.text for slide in Presentation(str(out)).slides for shape in slide.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs]
    assert _no_control(texts) == []


def test_the_powerpoint_holds_no_escaped_control_character(brief, tmp_path):
    # python-pptx writes a bell as _x0007_, which PowerPoint decodes back into the control character
    data, words = brief
    out = make.write(data, words, "pptx", tmp_path / "b.pptx", protective_marking="OFFICIAL")
    parts = zipfile.ZipFile(out)
    xml = b"".join(parts.read(n) for n in parts.namelist() if n.endswith(".xml"))
    assert re.findall(rb"[a-z ]_x00[01][0-9A-F]_", xml) == []


def test_the_milestones_csv(brief):
    data, _ = brief
    written = csv_bytes(data.milestones).decode("utf-8")
    assert CONTROL.search(written.replace("\r\n", "\n").replace("\t", "")) is None
    import csv
    cells = [cell for row in csv.reader(io.StringIO(written)) for cell in row]
    assert [c for c in cells if starts_a_formula(c) and not re.fullmatch(r"-\d+(\.\d+)?", c)] == []  # numbers stay
    assert "'\uff1dHYPERLINK(\"http://x\")" in cells and "'\u2060=1+1" in cells and "'-2+3" in cells


def test_the_marked_up_workbook_and_the_problems_only_workbook(store):
    source = (store.root.parent / "returns" / f"DHSC-{PERIOD_2.isoformat()}.xlsx").read_bytes()
    problems = [Problem("Milestones", f"D{n}", h, f"The title {h} is odd.") for n, h in enumerate(HOSTILE, start=2)]
    problems.append(Problem("\x1b[31mRisks", "", "", "\x07"))
    marked = openpyxl.load_workbook(io.BytesIO(annotate_workbook(source, problems, "DHSC.xlsx")))
    # The analyst's own sheets are theirs, as typed; every cell we write is on the Problems sheet.
    ours = [(c.coordinate, c.value) for row in marked["Problems"].iter_rows() for c in row
            if c.data_type == "f" or (isinstance(c.value, str) and (starts_a_formula(c.value) or CONTROL.search(c.value)))]
    assert ours == []
    comments = [c.comment.text for ws in marked.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert comments and _no_control(comments) == []
    only = openpyxl.load_workbook(io.BytesIO(problems_workbook(problems)))
    assert _live_cells(only) == []


def test_the_export_of_a_return(store):
    data = export_return_bytes(store, "DHSC", PERIOD_2)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    parsed = read_return(data, file_name="export.xlsx")  # as the reader decodes _xHHHH_
    texts = [v for frame in parsed.tables.values() for col in frame.columns for v in frame[col].tolist()]
    assert _no_control(texts) == []
    assert set(parsed.tables["milestones"]["title"]) >= {"bellrings", "[31mred alert[0m", "+cmd", "\u200b=1+1"}
    # Text that looks like a formula is kept as typed (the export loads again unchanged), as text cells.
