"""The fast scan of sheet bytes: the quick scan's figures for usual sheets, and a slower scan for anything else.

Each sheet here is raw XML built by the test. The last test compares the fast scan with the
expat quick scan on every sheet part of the shared real-world workbooks (tests/real_workbooks.py).
"""

from __future__ import annotations

import zipfile

import pytest

from delivery.returns import sheet_refs, sheet_xml
from delivery.returns.sheet_refs import EXACT, QUICK, NeedsSlowerScan, RefGrid
from tests import real_workbooks

HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxml'
    b'formats.org/spreadsheetml/2006/main"><cols><col min="1" max="2" width="9"/></cols><sheetData>'
)
TAIL = b'</sheetData><conditionalFormatting sqref="A1"><cfRule type="expression"/></conditionalFormatting></worksheet>'
USUAL = (
    b'<row r="1"><c r="A1" t="inlineStr" s="1"><is><t>priority_id</t></is></c><c r="B1" t="s"><v>0</v></c></row>'
    b'<row r="7"><c r="C7" s="2"><f>SUM(A1:B1)</f><v>3</v></c><c r="AB7"><f t="shared" si="0"/><v>1</v></c>'
    b'<c r="ZZ900" s="3"/></row><row r="12"><c r="b12"><v>2.5</v></c></row>'
)


def measure(sheet_data: bytes, chunk: int = 1 << 20, mode: str = sheet_xml.FAST) -> tuple[int, int, dict]:
    """(rows, columns, errors) of a sheet part, fed to the scan in chunks of ``chunk`` bytes."""
    data = HEAD + sheet_data + TAIL
    scan = sheet_xml.PartScan("xl/worksheets/sheet1.xml", mode)
    for start in range(0, len(data), chunk):
        scan.feed(data[start : start + chunk])
    grid = scan.close()
    return grid.rows, grid.columns, grid.errors


def test_a_usual_sheet_is_measured_from_its_bytes_as_the_quick_scan_measures_it():
    # Empty styled cells (ZZ900) do not count; a formula with its value does; b12 is column B.
    assert measure(USUAL) == (12, 28, {}) == measure(USUAL, mode=QUICK)


@pytest.mark.parametrize("chunk", [7, 64, 4096])
def test_a_cell_cut_between_two_chunks_is_measured_once_whole(chunk):
    assert measure(USUAL, chunk) == (12, 28, {})


def test_the_fast_scan_is_the_one_used_for_a_usual_sheet(monkeypatch):
    used = []
    monkeypatch.setattr(sheet_xml, "Grid", lambda *args: used.append(args) or pytest.fail("expat's handlers ran"))
    assert measure(USUAL) == (12, 28, {}) and used == []


SLOWER = {
    "single quotes": (b"<row r='2'><c r='XFD2'><v>1</v></c></row>", QUICK),
    "spaces around =": (b'<row r="2"><c r = "XFD2"><v>1</v></c></row>', QUICK),
    "attributes in another order": (b'<row r="2"><c s="1" r="XFD2"><v>1</v></c></row>', QUICK),
    "a cell without an address": (b'<row r="2"><c r="A2"><v>1</v></c><c><v>2</v></c></row>', QUICK),
    "a cell with a tab after its name": (b'<row r="2"><c\tr="XFD2"><v>1</v></c></row>', QUICK),
    "prefixed names": (b'<x:row xmlns:x="urn:x" r="2"><x:c r="XFD2"><x:v>1</x:v></x:c></x:row>', QUICK),
    "a formula-only cell": (b'<row r="2"><c r="XFD2"><f>1+1</f></c></row>', QUICK),
    "an empty pair of tags": (b'<row r="2"><c r="XFD2"></c></row>', QUICK),
    "a value on its own line": (b'<row r="2"><c r="XFD2">\n<v>1</v></c></row>', QUICK),
    "a comment holding a cell": (b'<row r="2"><!-- <c r="XFD2" --><c r="A2"><v>1</v></c></row>', QUICK),
    "a four-letter column": (b'<row r="2"><c r="ABCD2"><v>1</v></c></row>', QUICK),
    "an error value": (b'<row r="2"><c r="G2" t="e"><v>#N/A</v></c></row>', EXACT),
}


@pytest.mark.parametrize("sheet_data, mode", SLOWER.values(), ids=SLOWER.keys())
def test_any_other_spelling_is_left_to_a_slower_scan(sheet_data, mode):
    with pytest.raises(NeedsSlowerScan) as slower:
        measure(sheet_data)
    assert slower.value.mode == mode


def test_a_value_outside_any_cell_is_not_placed_as_calamine_does_not(tmp_path):
    from tests.test_parser_safety import measured

    stray = b'<row r="2"><c r="A2"><v>1</v></c><c r="Z99" s="1"/><v>5</v></row>'
    assert measured(stray, tmp_path) == ((2, 1), (2, 1))  # (ours, calamine's)
    assert measure(stray, mode=QUICK)[:2] == (99, 26)  # the quick scan overstates it


def test_the_slower_scans_measure_what_the_fast_one_left():
    assert measure(SLOWER["single quotes"][0], mode=QUICK) == (2, 16384, {})
    assert measure(SLOWER["an error value"][0], mode=EXACT) == (2, 7, {"G2": "#N/A"})


def test_utf16_bytes_are_left_to_a_slower_scan():
    grid = RefGrid()
    with pytest.raises(NeedsSlowerScan) as slower:
        grid.take('<c r="XFD2"><v>1</v></c>'.encode("utf-16-le"))
        grid.finish()
    assert slower.value.mode == QUICK


def test_a_long_stretch_without_a_cell_is_not_held_back_forever(monkeypatch):
    monkeypatch.setattr(sheet_refs, "MAX_CARRY", 100)
    grid = RefGrid()
    grid.take(b'<row r="1"><c r="A1"><v>1</v></c>')
    with pytest.raises(NeedsSlowerScan) as slower:
        grid.take(b"x" * 101)
    assert slower.value.mode == QUICK


def test_column_numbers():
    assert [sheet_refs.column_number(c) for c in (b"A", b"z", b"AA", b"XFD", b"xfd")] == [1, 26, 27, 16384, 16384]


def _scan_real(data: bytes, name: str, mode: str):
    try:
        scan = sheet_xml.PartScan(name, mode)
        for start in range(0, len(data), 1 << 20):
            scan.feed(data[start : start + (1 << 20)])
        grid = scan.close()
    except NeedsSlowerScan as slower:
        return _scan_real(data, name, slower.mode)
    except sheet_xml.Unsafe as unsafe:
        return unsafe.what
    # A part holding sheetData but no cell (an external link's cache) is (0, 0) here and A1 to the
    # quick scan, which counts a <v> outside any cell as A1: every grid holds A1 anyway.
    return grid and (max(grid.rows, 1), max(grid.columns, 1), grid.errors)


@real_workbooks.needed
def test_on_real_workbooks_the_fast_scan_agrees_with_the_quick_scan(record_property):
    compared, opened, paths = 0, 0, real_workbooks.files()
    for path in paths:
        try:
            zf = zipfile.ZipFile(path)
            infos = [i for i in zf.infolist() if not i.is_dir() and i.file_size < 50 << 20]
            parts = [(i.filename, zf.read(i)) for i in infos]
        except Exception:  # not a zip, or a damaged one: the reader refuses it before any scan
            continue
        opened += 1
        for name, data in parts:
            fast = _scan_real(data, name, sheet_xml.FAST)
            if fast is not None:
                compared += 1
                assert fast == _scan_real(data, name, QUICK), f"{path.name}: {name}"
    real_workbooks.record(
        record_property,
        f"{len(paths)} files opened, {opened} of them zip containers, {compared:,} sheet parts scanned both ways",
    )
    assert compared > 1000
