"""The parser never sees a grid it cannot hold, and a file that crashes it anyway is a refused file.

Each hostile workbook is the small valid return with one part rewritten, built here with
zipfile. The grid-bomb variants are each shown to be real (calamine itself, run in a child
process by ``run_unchecked``, dies on them) and then refused by the reader with one sentence.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from delivery import auth, settings
from delivery.errors import NotAWorkbook
from delivery.returns import isolated
from delivery.returns.reader import read_return
from delivery.store.loader import check_files
from delivery.upload import checks
from tests import hooks
from tests.test_hostile_files import refusal, workbook_parts, zip_bytes
from tests.test_reader import valid_return

ROOT = Path(__file__).resolve().parents[1]
FAR = (
    "return.xlsx has cells far outside any return's tables on the sheet 'Priorities' (out to column XFD, down to "
    "row 1,048,576). Delete the stray cells far below or to the right of the tables, save it and try again."
)
CRASHED = (
    "return.xlsx could not be read safely: the spreadsheet reader stopped on it. Open it in Excel, save it "
    "again and try again."
)


def read_unchecked(data: bytes) -> int:
    """What calamine does with the Priorities sheet when nothing checks the file first (run in a child)."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Priorities").total_height


def far_cell(parts: dict[str, bytes], cell: bytes, part: str = "xl/worksheets/sheet2.xml") -> dict[str, bytes]:
    """The parts with ``cell`` (raw XML) added as the last row of the Priorities sheet."""
    return parts | {part: parts[part].replace(b"</sheetData>", cell + b"</sheetData>")}


def moved_sheet(parts: dict[str, bytes], new_name: str) -> dict[str, bytes]:
    """The Priorities sheet moved to another part name, with the workbook's relationship pointing at it."""
    parts = dict(parts)
    parts[new_name] = parts.pop("xl/worksheets/sheet2.xml")
    target = new_name.removeprefix("xl/")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'Target="worksheets/sheet2.xml"', f'Target="{target}"'.encode()
    )
    return parts


def variant(tmp_path, kind: str) -> bytes:
    """The valid return with a value at XFD1048576 on Priorities, written in one of the ways the old guard missed."""
    parts = workbook_parts(tmp_path)
    plain = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    if kind == "single quotes":
        return zip_bytes(far_cell(parts, b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"))
    if kind == "spaces around =":
        return zip_bytes(far_cell(parts, b'<row r = "1048576"><c r = "XFD1048576" ><v>1</v></c></row>'))
    if kind == "lower case":
        return zip_bytes(far_cell(parts, b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>'))
    if kind == "part outside xl/worksheets":
        return zip_bytes(far_cell(moved_sheet(parts, "xl/elsewhere/sheet2.xml"), plain, "xl/elsewhere/sheet2.xml"))
    if kind == "part name not ending .xml":
        return zip_bytes(far_cell(moved_sheet(parts, "xl/worksheets/sheet2.bin"), plain, "xl/worksheets/sheet2.bin"))
    if kind == "prefixed element names":
        sheet = parts["xl/worksheets/sheet2.xml"].replace(b"<worksheet ", b'<worksheet xmlns:x="urn:x" ', 1)
        return zip_bytes(
            far_cell(
                parts | {"xl/worksheets/sheet2.xml": sheet},
                b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
            )
        )
    raise ValueError(kind)


VARIANTS = [
    "single quotes",
    "spaces around =",
    "lower case",
    "part outside xl/worksheets",
    "part name not ending .xml",
    "prefixed element names",
]


@pytest.mark.parametrize("kind", VARIANTS)
def test_each_spelling_of_a_far_cell_is_refused_with_one_sentence(tmp_path, kind):
    assert refusal(variant(tmp_path, kind)) == FAR


@pytest.mark.parametrize("kind", VARIANTS[:1] + VARIANTS[3:5])
def test_the_variants_really_crash_calamine_and_the_caller_survives(tmp_path, kind):
    # Run unchecked in a child: calamine asks for ~500 GB and the child dies, not this process.
    with pytest.raises(isolated.ReaderFailed) as failed:
        isolated.run(read_unchecked, variant(tmp_path, kind))
    assert failed.value.why == "memory"  # Rust's failed allocation aborts the child: memory, not a crash
    assert read_return(valid_return(tmp_path / "after.xlsx")).problems == []  # a fresh child reads the next file


def test_a_part_no_sheet_names_is_measured_too(tmp_path):
    stray = b'<worksheet><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    assert refusal(zip_bytes(workbook_parts(tmp_path) | {"xl/media/stray.png": stray})) == (
        "return.xlsx has cells far outside any return's tables on a sheet (out to column XFD, down to row "
        "1,048,576). Delete the stray cells far below or to the right of the tables, save it and try again."
    )


def test_a_sheet_expat_cannot_parse_is_refused_not_guessed_at(tmp_path):
    parts = workbook_parts(tmp_path)
    broken = parts["xl/worksheets/sheet2.xml"].replace(b"</sheetData>", b"<row></rw></sheetData>")
    assert refusal(zip_bytes(parts | {"xl/worksheets/sheet2.xml": broken})) == (
        "return.xlsx is damaged (a sheet's XML is not well formed). Open it in Excel, save it again and try again."
    )


def test_cells_are_placed_as_calamine_places_them(tmp_path):
    # A cell without r= sits one right of the cell before it; empty and formula-only cells do not count.
    parts = far_cell(
        workbook_parts(tmp_path),
        b'<row r="2000"><c r="ZX2000"><v>1</v></c><c><v>2</v></c>'
        b'<c r="ZZZ2001" s="1"/><c r="ZZZ2002"><f>1+1</f></c></row>',
    )
    parsed = read_return(zip_bytes(parts))  # reaches ZY2000 (677 columns x 2,000 rows): small enough
    assert parsed.tables["priorities"]["priority_id"].tolist() == ["EDU-01"]
    wider = far_cell(workbook_parts(tmp_path), b'<row r="1048576"><c r="AA1048576"><v>1</v></c><c><v>2</v></c></row>')
    assert refusal(zip_bytes(wider)) == FAR.replace("XFD", "AB")


# --- the crash path ------------------------------------------------------------------


def test_a_crashing_parser_is_a_refused_file_and_the_caller_carries_on(tmp_path, monkeypatch):
    data = valid_return(tmp_path / "r.xlsx").read_bytes()
    with monkeypatch.context() as patched:
        hooks.break_reader("abort", patched.setattr)  # the child aborts, as calamine does
        with pytest.raises(NotAWorkbook) as refused:
            read_return(data, file_name="return.xlsx")
    assert str(refused.value) == CRASHED
    assert read_return(data, file_name="return.xlsx").problems == []


def test_a_parser_out_of_memory_is_a_refused_file(tmp_path, monkeypatch):
    hooks.break_reader("memory", monkeypatch.setattr)
    with pytest.raises(
        NotAWorkbook,
        match=r"^return.xlsx could not be read safely: reading it needed more than "
        r"2,048 MB of memory\. Remove pictures, unused sheets and stray cells",
    ):
        read_return(valid_return(tmp_path / "r.xlsx").read_bytes(), file_name="return.xlsx")


def test_an_upload_that_crashes_the_parser_is_one_problem(tmp_path, monkeypatch):
    data = valid_return(tmp_path / "r.xlsx").read_bytes()
    hooks.break_reader("abort", monkeypatch.setattr)
    user = auth.User("Ann", "ann@example.org", auth.ADMIN)
    checked = checks.check_file("return.xlsx", data, user, dt.date(2026, 4, 15), cap=20)
    assert checked["parsed"] is None
    assert [(p.sheet, p.message) for p in checked["problems"]] == [("(file)", CRASHED)]


def test_the_cli_reports_a_crashing_file_and_exits_cleanly(tmp_path):
    path = valid_return(tmp_path / "return.xlsx")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "with_reader_fault.py"), "abort", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert CRASHED in done.stdout
    assert "Traceback" not in done.stdout + done.stderr.replace("Rust", "")


# --- limits ----------------------------------------------------------------------------


def test_rows_past_the_limit_are_refused_naming_the_sheet_and_the_limit(tmp_path):
    parts = far_cell(
        workbook_parts(tmp_path), b'<row r="300000"><c r="A300000"><v>1</v></c></row>', "xl/worksheets/sheet7.xml"
    )
    assert refusal(zip_bytes(parts)) == (
        "return.xlsx has cells down to row 300,000 on the sheet 'Actuals', over the limit of 250,000 rows for a "
        "sheet of a return. Delete the unused rows below the table, or split the return, save it and try again."
    )


def test_the_row_limit_is_a_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_ROWS_PER_SHEET", "5,000")
    at_limit = far_cell(
        workbook_parts(tmp_path), b'<row r="5000"><c r="A5000"><v>1</v></c></row>', "xl/worksheets/sheet7.xml"
    )
    assert read_return(zip_bytes(at_limit)).tables["actuals"]["indicator_id"].notna().all()
    over = far_cell(
        workbook_parts(tmp_path), b'<row r="5001"><c r="A5001"><v>1</v></c></row>', "xl/worksheets/sheet7.xml"
    )
    assert "down to row 5,001 on the sheet 'Actuals', over the limit of 5,000 rows" in refusal(zip_bytes(over))


def test_a_bad_row_limit_is_a_plain_message(monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_ROWS_PER_SHEET", "ten")
    with pytest.raises(
        settings.SettingError,
        match="^DELIVERY_MAX_ROWS_PER_SHEET must be a whole number of rows "
        "from 1,000 to 1,048,576, but the environment sets it to 'ten'.$",
    ):
        settings.get("DELIVERY_MAX_ROWS_PER_SHEET")


# --- XML and size checks read the whole thing, and sizes come first -----------------------


def test_a_doctype_after_a_long_comment_is_refused(tmp_path):
    parts = workbook_parts(tmp_path)
    head, body = parts["xl/workbook.xml"].split(b"\n", 1)
    parts["xl/workbook.xml"] = head + b"<!--" + b"x" * (3 * 2**20) + b'--><!DOCTYPE w [<!ENTITY a "b">]>' + body
    assert refusal(zip_bytes(parts)) == (
        "return.xlsx contains XML with a document type declaration, which Excel "
        "never writes (it may be an XML bomb). It cannot be read safely."
    )


def test_a_doctype_in_utf16_is_refused(tmp_path):
    parts = workbook_parts(tmp_path)
    text = parts["xl/styles.xml"].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    head, body = text.split("\n", 1)
    parts["xl/styles.xml"] = (head + '<!DOCTYPE s [<!ENTITY a "b">]>' + body).encode("utf-16")
    assert "contains XML with a document type declaration" in refusal(zip_bytes(parts))


def test_a_2_gb_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as f:
        f.truncate(2 * 2**30)  # sparse: costs no disk
    opened = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self) or b"")
    [result] = check_files([path])
    assert opened == []
    assert [p.message for p in result.problems] == [
        "huge.xlsx is 2048 MB, over the 50 MB limit for a return. Check it is the right file; remove pictures "
        "and unused sheets."
    ]


# --- the measurement agrees with calamine ------------------------------------------------

LAYOUTS = {
    "cell after an addressed one, row after an addressed one": b'<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>',
    "empty and formula-only cells do not count": b'<row r="2"><c r="A2"><v>1</v></c><c r="Z2" s="1"/>'
    b'<c r="Y2"><f>1</f></c><c r="X9"></c></row>',
    "a cell outside any row": b'<c r="E1"><v>1</v></c><row><c><v>2</v></c></row>',
    "a row addressed like a cell": b'<row r="A7"><c><v>1</v></c></row>',
    "quotes and case": b"<row r='5'><c r='c5'><v>1</v></c></row>",
    "an inline string": b'<row r="9"><c r="D9" t="inlineStr"><is><t>x</t></is></c></row>',
    "an error value": b'<row r="2"><c r="G2" t="e"><v>#N/A</v></c></row>',
    "prefixed names": b'<x:row xmlns:x="urn:x" r="4"><x:c r="H4"><x:v>1</x:v></x:c></x:row>',
}


def measured(sheet_data: bytes, tmp_path, after: bytes = b"") -> tuple[tuple[int, int], tuple[int, int]]:
    """(rows, columns) of the Priorities sheet made of ``sheet_data``: as measured here, and as calamine reads it."""
    from python_calamine import CalamineWorkbook

    from delivery.returns import safety

    xml = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + sheet_data + b"</sheetData>" + after + b"</worksheet>"
    )
    data = zip_bytes(workbook_parts(tmp_path) | {"xl/worksheets/sheet2.xml": xml})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        grid = safety._inflate_counting(zf, zf.infolist(), "return.xlsx")["xl/worksheets/sheet2.xml"]
    end = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Priorities").end
    return (grid.rows, grid.columns), (end[0] + 1, end[1] + 1)


@pytest.mark.parametrize("sheet_data", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_the_used_range_is_measured_as_calamine_reads_it(tmp_path, sheet_data):
    ours, calamine = measured(sheet_data, tmp_path)
    assert ours == calamine


def test_cells_after_the_sheet_data_may_only_overstate_the_range(tmp_path):
    ours, calamine = measured(
        b'<row r="2"><c r="B2"><v>1</v></c></row>', tmp_path, after=b'<extLst><c r="Z99"><v>1</v></c></extLst>'
    )
    assert calamine == (2, 2)
    assert ours == (99, 26)  # the quick scan counts it: never less than calamine, sometimes more
