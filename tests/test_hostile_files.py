"""Files that are not returns, or are built to hurt: each is refused with one plain message.

Every hostile file here is built by the test from bytes. The last test also runs the reader
over the shared real-world workbooks (tests/real_workbooks.py; when present), in a child
process with a memory and time limit: each must be refused or read, never crash.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from delivery.errors import NotAWorkbook
from delivery.returns import safety
from delivery.returns.reader import read_return
from tests import real_workbooks
from tests.test_reader import valid_return

ROOT = Path(__file__).resolve().parents[1]
SAVE_AS = "Open it in Excel and save it as 'Excel Workbook (.xlsx)', then try again."


def zip_bytes(parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def workbook_parts(tmp_path) -> dict[str, bytes]:
    with zipfile.ZipFile(valid_return(tmp_path / "ok.xlsx")) as z:
        return {name: z.read(name) for name in z.namelist()}


def refusal(data: bytes) -> str:
    with pytest.raises(NotAWorkbook) as error:
        read_return(data, file_name="return.xlsx")
    return str(error.value)


OLE2 = safety.OLE2_SIGNATURE + bytes(504)

CASES = {
    "zero bytes": (b"", "return.xlsx is empty (0 bytes). Upload the saved return workbook."),
    "old xls": (
        OLE2 + b"Workbook".decode().encode("utf-16-le"),
        f"return.xlsx is an old-style Excel 97-2003 file (.xls), not an .xlsx workbook. {SAVE_AS}",
    ),
    "encrypted xlsx (OLE2)": (
        OLE2 + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"),
        "return.xlsx is password-protected (encrypted). Remove the password "
        "(File > Info > Protect Workbook), save it and try again.",
    ),
    "csv renamed": (
        b"priority_id,title\r\nEDU-01,Tutoring\r\n",
        f"return.xlsx is a text file (a CSV or similar renamed), not an .xlsx workbook. {SAVE_AS}",
    ),
    "utf-16 csv": (
        "priority_id\ttitle\n".encode("utf-16"),
        f"return.xlsx is a text file (a CSV or similar renamed), not an .xlsx workbook. {SAVE_AS}",
    ),
    "html saved as xls": (
        b"<html><table><tr><td>1</td></tr></table></html>",
        f"return.xlsx is an XML or web page file, not an .xlsx workbook. {SAVE_AS}",
    ),
    "biff4": (
        b"\x09\x04\x06\x00" + bytes(60),
        f"return.xlsx is a very old Excel file (Excel 2.1 to 4.0), not an .xlsx workbook. {SAVE_AS}",
    ),
    "binary junk": (bytes(range(256)) * 4, f"return.xlsx is not an Excel workbook. {SAVE_AS}"),
    "empty zip": (
        zip_bytes({}),
        "return.xlsx is an empty zip file, not an Excel workbook. Upload the saved return workbook.",
    ),
    "zip of other things": (
        zip_bytes({"notes.txt": b"hello"}),
        "return.xlsx is a zip file but not an Excel workbook (it has no workbook inside). " + SAVE_AS,
    ),
    "ods": (
        zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
        f"return.xlsx is an OpenDocument spreadsheet (.ods), not an .xlsx workbook. {SAVE_AS}",
    ),
    "xlsb": (
        zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00"}),
        f"return.xlsx is an Excel binary workbook (.xlsb), not an .xlsx workbook. {SAVE_AS}",
    ),
    "strict ooxml": (
        zip_bytes({"xl/workbook.xml": b'<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>'}),
        f"return.xlsx is saved as 'Strict Open XML Spreadsheet', which we cannot read. {SAVE_AS}",
    ),
}


@pytest.mark.parametrize("data, message", CASES.values(), ids=CASES.keys())
def test_refused_with_one_message(data, message):
    assert refusal(data) == message


def test_corrupt_zip(tmp_path):
    data = valid_return(tmp_path / "ok.xlsx").read_bytes()
    assert refusal(data[: len(data) // 2]) == (
        "return.xlsx is damaged (not a complete zip/xlsx file). Open it in "
        "Excel; if it opens, save it again, otherwise ask for a fresh copy."
    )


def test_damaged_part_inside_a_zip(tmp_path):
    data = bytearray(zip_bytes(workbook_parts(tmp_path)))
    at = data.index(b"xl/worksheets/sheet2.xml") + len(b"xl/worksheets/sheet2.xml") + 10
    data[at : at + 20] = bytes(20)  # scribble over the start of a compressed part
    assert refusal(bytes(data)) == (
        "return.xlsx is damaged (a part of the zip cannot be read). Open it in Excel, save it again and try again."
    )


def test_zip_bomb_by_compression_ratio(tmp_path):
    parts = workbook_parts(tmp_path) | {"xl/media/padding.xml": bytes(20 * 2**20)}  # 20 MB of zeros -> ~20 KB
    assert refusal(zip_bytes(parts)) == (
        "return.xlsx is compressed suspiciously hard (it looks like a zip bomb). It cannot be read safely."
    )


def test_zip_bomb_by_declared_size(tmp_path):
    data = bytearray(zip_bytes(workbook_parts(tmp_path)))
    central = data.index(b"PK\x01\x02")  # first central directory entry: claim it inflates to 4 GB
    data[central + 24 : central + 28] = struct.pack("<I", 0xFFFFFFF0)
    assert refusal(bytes(data)) == (
        "return.xlsx would expand to more than 500 MB. It is too big to be a return, or it is a zip bomb."
    )


def test_xml_bomb(tmp_path):
    lol = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    parts = workbook_parts(tmp_path)
    parts["xl/workbook.xml"] = lol + b"]><lolz>&lol9;</lolz>"
    assert refusal(zip_bytes(parts)) == (
        "return.xlsx contains XML with a document type declaration, which Excel "
        "never writes (it may be an XML bomb). It cannot be read safely."
    )


def test_encrypted_zip_entries(tmp_path):
    data = bytearray(zip_bytes(workbook_parts(tmp_path), zipfile.ZIP_STORED))
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 1  # the "encrypted" flag
    assert (
        refusal(bytes(data))
        == "return.xlsx is password-protected (encrypted). Remove the password, save it and try again."
    )


def test_file_over_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as f:
        f.truncate(safety.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(NotAWorkbook, match=r"^huge.xlsx is 50 MB, over the 50 MB limit for a return\. "):
        read_return(path)


def test_missing_file_is_a_plain_message(tmp_path):
    with pytest.raises(NotAWorkbook, match=r"^gone.xlsx cannot be opened \(No such file or directory\)\.$"):
        read_return(tmp_path / "gone.xlsx")


def test_absurd_declared_dimension_is_not_allocated(tmp_path):
    parts = workbook_parts(tmp_path)
    sheet = parts["xl/worksheets/sheet2.xml"]
    at = sheet.index(b"<sheetData")
    parts["xl/worksheets/sheet2.xml"] = sheet[:at] + b'<dimension ref="A1:XFD1048576"/>' + sheet[at:]
    parsed = read_return(zip_bytes(parts))
    assert parsed.problems == []
    assert parsed.tables["priorities"]["priority_id"].tolist() == ["EDU-01"]


SWEEP = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
from delivery.errors import NotAWorkbook
from delivery.returns.reader import read_return
for path in sys.argv[1:]:
    try:
        parsed = read_return(path)
        outcome = "read" if parsed.problems else "read without problems"
    except NotAWorkbook as error:
        outcome = "refused" if str(error) else "refused without a message"
    except BaseException as error:
        outcome = f"crashed: {type(error).__name__}: {error}"
    print(json.dumps([path, outcome]), flush=True)
"""


@real_workbooks.needed
def test_real_world_workbooks_are_refused_or_read_never_crash(record_property):
    files = [str(p) for p in real_workbooks.files()]
    done = subprocess.run(
        [sys.executable, "-c", SWEEP, *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    outcomes = dict(json.loads(line) for line in done.stdout.splitlines())
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(outcomes) == len(files)
    read = sum(o == "read" for o in outcomes.values())
    real_workbooks.record(
        record_property, f"{len(outcomes)} files given to the reader: {read} read, {len(outcomes) - read} refused"
    )
    assert {o for o in outcomes.values()} <= {"read", "refused"}, {
        p: o for p, o in outcomes.items() if o not in ("read", "refused")
    }


def with_far_cell(
    tmp_path, ref: str, row: str, cell: bytes = b'<c r="%s" t="inlineStr"><is><t>x</t></is></c>'
) -> bytes:
    """The valid return with one stray cell at ``ref`` on the Priorities sheet."""
    parts = workbook_parts(tmp_path)
    far = b'<row r="%s">%s</row></sheetData>' % (row.encode(), cell % ref.encode())
    parts["xl/worksheets/sheet2.xml"] = parts["xl/worksheets/sheet2.xml"].replace(b"</sheetData>", far)
    return zip_bytes(parts)


def test_one_far_away_cell_is_refused_before_the_grid_is_allocated(tmp_path):
    # calamine would allocate the whole grid up to XFD1048576 (~500 GB) and abort the process.
    assert refusal(with_far_cell(tmp_path, "XFD1048576", "1048576")) == (
        "return.xlsx has cells far outside any return's tables on the sheet 'Priorities' (out to column XFD, "
        "down to row 1,048,576). Delete the stray cells far below or to the right of the tables, save it and try again."
    )


def test_a_stray_cell_off_to_the_right_of_a_short_sheet_is_read(tmp_path):
    parsed = read_return(with_far_cell(tmp_path, "ZZ2000", "2000"))
    assert parsed.problems == []
    assert parsed.tables["priorities"]["priority_id"].tolist() == ["EDU-01"]


def test_cells_without_addresses_are_counted_towards_the_grid(tmp_path):
    parts = workbook_parts(tmp_path)
    far = b'<row r="1048576">' + b"<c><v>1</v></c>" * 100 + b"</row></sheetData>"
    parts["xl/worksheets/sheet2.xml"] = parts["xl/worksheets/sheet2.xml"].replace(b"</sheetData>", far)
    assert refusal(zip_bytes(parts)) == (  # calamine places them in columns A to CV of that row
        "return.xlsx has cells far outside any return's tables on the sheet 'Priorities' (out to column CV, "
        "down to row 1,048,576). Delete the stray cells far below or to the right of the tables, save it and try again."
    )


def test_empty_styled_cells_far_away_do_not_count(tmp_path):
    parsed = read_return(with_far_cell(tmp_path, "XFD1048576", "1048576", b'<c r="%s" s="0"/>'))
    assert parsed.tables["priorities"]["priority_id"].tolist() == ["EDU-01"]
