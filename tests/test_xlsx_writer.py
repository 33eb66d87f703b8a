"""The one writer of new workbooks (issue 19): what a formatted sheet needs, read back exactly.

The Excel pack is to be formatted (header fills, ratings on their colours with their words,
filters, wrapped text, number formats, a frozen header row): the writer does each, and openpyxl
and calamine read them back as written.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
from python_calamine import CalamineWorkbook

from delivery.returns.xlsx_writer import SheetSpec, Style, Styled, write_xlsx, xlsx_bytes

RED = Style(fill="C00000", colour="FFFFFF", bold=True)
HEADER = Style(bold=True, fill="DDEBF7")


def formatted() -> list[SheetSpec]:
    rows = [
        ["OFFICIAL · As at 30 Jun 2026"],
        ["priority_id", "rag", "as_at", "spent", "share", "commentary"],
        ["HEA-01", Styled("Red", RED), dt.date(2026, 6, 30), 1234567.5, 0.25, "Waiting lists grew\nagain"],
        ["EDU-01", "Green", dt.datetime(2026, 6, 30, 9, 30), -2.0, 1.0, "=1+1 is text"],
    ]
    return [
        SheetSpec(
            "Priorities' view",
            rows,
            freeze_header=True,
            header_row=2,
            autofilter=True,
            row_styles={2: HEADER},
            widths=(12, 10, 14, 14, 8, 40),
            column_styles={3: Style(number_format="#,##0.0"), 4: Style(number_format="0%"), 5: Style(wrap=True)},
        )
    ]


def _look(cell) -> tuple:
    fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
    return (
        cell.value,
        bool(cell.font.b),
        fill,
        cell.font.color.rgb if cell.font.color else None,
        cell.number_format,
        bool(cell.alignment.wrap_text),
        cell.quotePrefix,
    )


def test_a_formatted_sheet_reads_back_as_written():
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(formatted())))["Priorities' view"]
    assert (ws.freeze_panes, ws.auto_filter.ref) == ("A3", "A2:F4")
    assert [_look(c) for c in ws[2]] == [
        (h, True, "FFDDEBF7", None, "General", False, False)
        for h in ("priority_id", "rag", "as_at", "spent", "share", "commentary")
    ]
    assert [_look(c) for c in ws[3]] == [
        ("HEA-01", False, None, None, "General", False, False),
        ("Red", True, "FFC00000", "FFFFFFFF", "General", False, False),
        (dt.datetime(2026, 6, 30), False, None, None, "dd mmm yyyy", False, False),
        (1234567.5, False, None, None, "#,##0.0", False, False),
        (0.25, False, None, None, "0%", False, False),
        ("Waiting lists grew\nagain", False, None, None, "General", True, False),
    ]
    assert [_look(c) for c in ws[4]][1:] == [
        ("Green", False, None, None, "General", False, False),
        (dt.datetime(2026, 6, 30, 9, 30), False, None, None, "dd mmm yyyy hh:mm", False, False),
        (-2, False, None, None, "#,##0.0", False, False),
        (1, False, None, None, "0%", False, False),
        ("=1+1 is text", False, None, None, "General", True, True),
    ]  # text, and stays text when edited
    assert [c.data_type for c in ws[4]] == ["s", "s", "d", "n", "n", "s"]


def test_excel_finds_the_filter_by_its_name():
    workbook = zipfile.ZipFile(io.BytesIO(xlsx_bytes(formatted()))).read("xl/workbook.xml").decode()
    assert (
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        "'Priorities'' view'!$A$2:$F$4</definedName></definedNames>"
    ) in workbook


def test_the_same_sheets_give_the_same_bytes_in_memory_and_on_disk(tmp_path):
    assert (
        xlsx_bytes(formatted()) == xlsx_bytes(formatted()) == write_xlsx(tmp_path / "f.xlsx", formatted()).read_bytes()
    )


def test_text_reads_back_exactly_carriage_returns_and_escapes_too():
    texts = ["a\r\nb", "\r=1", "_x0007_ typed", "tab\there", " spaced "]
    data = xlsx_bytes([SheetSpec("Text", [[t] for t in texts])])
    assert [
        row[0] for row in CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Text").to_python()
    ] == texts
