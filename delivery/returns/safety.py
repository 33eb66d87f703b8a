"""Checks on a file's bytes before any parser sees them: is it an xlsx, and is it safe to open?

A return is read only if it is a zip holding an Office Open XML workbook, within the
size limits below. Everything else is refused with one plain-English message that says
what the file looks like and what to do (``NotAWorkbook``). The zip's declared sizes are
checked before anything is inflated, and then every part is inflated once, in chunks,
counting bytes, so a zip that lies about its sizes is caught without holding it in memory.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from delivery.errors import NotAWorkbook

MAX_FILE_BYTES = 50 * 1024 * 1024  # a full national return is ~30 MB
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024  # all parts inflated, together
MAX_COMPRESSION_RATIO = 200  # real sheet XML compresses 10-50 times; zip bombs 1,000+
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024  # small parts may compress as they like
MAX_PARTS = 10_000
# calamine holds a sheet as a dense grid (~30 bytes a cell) from A1 to its last cell, so one
# stray value at XFD1048576 would ask for 500 GB and abort the process. Cap the grid: Excel's
# full height by 26 columns (~800 MB) is more than any return needs.
EXCEL_MAX_ROWS = 1_048_576
MAX_SHEET_CELLS = EXCEL_MAX_ROWS * 26

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BIFF_SIGNATURES = (b"\x09\x00", b"\x09\x02", b"\x09\x04")  # BIFF2-4 worksheets, before OLE2
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
SAVE_AS = "Open it in Excel and save it as 'Excel Workbook (.xlsx)', then try again."


def _refuse(name: str, what: str, advice: str = SAVE_AS) -> NotAWorkbook:
    return NotAWorkbook(f"{name} {what}. {advice}".strip())


def check_size(size: int, name: str) -> None:
    """Refuse an empty file or one over MAX_FILE_BYTES before reading it."""
    if size == 0:
        raise _refuse(name, "is empty (0 bytes)", "Upload the saved return workbook.")
    if size > MAX_FILE_BYTES:
        raise _refuse(name, f"is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit for a return",
                      "Check it is the right file; remove pictures and unused sheets.")


def _refuse_ole2(data: bytes, name: str) -> NotAWorkbook:
    """Old binary workbooks and encrypted xlsx both live in an OLE2 container."""
    for stream in ("EncryptionInfo", "EncryptedPackage"):
        if stream.encode("utf-16-le") in data:
            return _refuse(name, "is password-protected (encrypted)",
                           "Remove the password (File > Info > Protect Workbook), save it and try again.")
    return _refuse(name, "is an old-style Excel 97-2003 file (.xls), not an .xlsx workbook")


def _looks_like_text(data: bytes) -> bool:
    """Mostly printable bytes and no NULs: CSV, TSV or a text export (any 8-bit encoding)."""
    head = data[:4096]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    control = sum(byte < 0x20 and byte not in b"\r\n\t\x0c" for byte in head)
    return control <= 0.02 * len(head)


def _refuse_not_zip(data: bytes, name: str) -> NotAWorkbook:
    if data.startswith(OLE2_SIGNATURE):
        return _refuse_ole2(data, name)
    if data[:2] in BIFF_SIGNATURES:
        return _refuse(name, "is a very old Excel file (Excel 2.1 to 4.0), not an .xlsx workbook")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<html", b"<!doctype", b"<table")):
        return _refuse(name, "is an XML or web page file, not an .xlsx workbook")
    if _looks_like_text(data):
        return _refuse(name, "is a text file (a CSV or similar renamed), not an .xlsx workbook")
    return _refuse(name, "is not an Excel workbook")


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, NotImplementedError,
            ValueError, OSError, EOFError):
        raise _refuse(name, "is damaged (not a complete zip/xlsx file)",
                      "Open it in Excel; if it opens, save it again, otherwise ask for a fresh copy.") from None


def _check_declared_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_PARTS:
        raise _refuse(name, f"holds {len(infos):,} parts, far more than any workbook", "It is not a return workbook.")
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(name, f"would expand to more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB",
                      "It is too big to be a return, or it is a zip bomb.")
    for info in infos:
        if info.file_size > RATIO_CHECK_FROM_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise _refuse(name, "is compressed suspiciously hard (it looks like a zip bomb)",
                          "It cannot be read safely.")


def _check_no_dtd(chunk: bytes, name: str) -> None:
    """Workbook XML never declares a DTD; one that does may be an entity-expansion (XML) bomb."""
    if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:
        raise _refuse(name, "contains XML with a document type declaration, which Excel never writes "
                      "(it may be an XML bomb)", "It cannot be read safely.")


# Cheap scans of worksheet XML (a literal prefix keeps Python's regex fast). calamine's grid
# runs from A1 to the furthest cell that holds something; an empty styled cell (<c r="ZZ9" s="1"/>)
# does not count. Only columns past Z and rows past 99,999 can make a grid big, so only those
# are looked for, and the exact last row is measured only for a sheet that reaches past Z.
# A cell written without r="" sits after the previous one in its row, so rows holding such
# cells are counted (rare: Excel always writes r="").
_ROW_6 = re.compile(rb'r="[A-Z]{0,3}[0-9]{6}"')
_ROW_7 = re.compile(rb'r="[A-Z]{0,3}([0-9]{7,9})"')
_WIDE_CELL = re.compile(rb'r="([A-Z]{2,3})[0-9]+"[^>]*?(/?)>')
_UNNAMED_CELL = re.compile(rb'<(?:\w+:)?c(?:\s+(?!r=)[\w:]+="[^"]*")*\s*>')
_ROW_BODY = re.compile(rb'<(?:\w+:)?row[\s>].*?</(?:\w+:)?row>', re.S)
ESTIMATED_ROWS = (99_999, 999_999)

_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_CELL_VALUE = re.compile(rb'<(?:\w+:)?v>([^<]*)<')


def _error_cells(text: bytes) -> dict[str, str]:
    """{"F14": "#N/A"} for every cell of type e (an Excel error value) in a stretch of sheet XML."""
    found = {}
    for attributes, body in _ERROR_CELL.findall(text):
        ref, value = _CELL_REF.search(attributes), _CELL_VALUE.search(body)
        if ref:
            found[ref[1].decode()] = value[1].decode("utf-8", "replace") if value else "#VALUE!"
    return found


class _GridSize:
    """How big a grid calamine would build for one worksheet part, from what the XML names."""

    def __init__(self):
        self.columns, self.rows, self.tail, self.long_tail = 26, ESTIMATED_ROWS[0], b"", b""
        self.errors: dict[str, str] = {}  # "F14" -> "#N/A": calamine reads error cells as blank

    def scan(self, chunk: bytes) -> None:
        text = self.tail + chunk
        self.tail = chunk[-64:]  # a tag cut in two by the chunk boundary is seen whole next time
        if self.rows < ESTIMATED_ROWS[1] and _ROW_6.search(text):
            self.rows = ESTIMATED_ROWS[1]
        self.rows = max([self.rows] + [int(d) for d in _ROW_7.findall(text)])
        wide = [_column_number(letters) for letters, empty in _WIDE_CELL.findall(text) if not empty]
        if _may_have_unnamed_cells(text) and _UNNAMED_CELL.search(text):
            # worst case: a row of them after its last named cell
            wide += [self.columns + body.count(b"<c") for body in _ROW_BODY.findall(self.long_tail + chunk)]
        self.columns = max([self.columns] + wide)
        if b't="e"' in text:  # rare, so the slower scan for whole cells runs only then
            self.errors |= _error_cells(self.long_tail + chunk)
        self.long_tail = chunk[-8192:]

    def describe(self) -> str:
        """'out to column XFD, down to row 1,048,576': the reach that made it too big."""
        from openpyxl.utils import get_column_letter

        seen = [f"out to column {get_column_letter(min(self.columns, 16_384))}"] if self.columns > 26 else []
        return ", ".join(seen + ([f"down to row {self.rows:,}"] if self.rows > ESTIMATED_ROWS[0] else []))

    def too_big(self) -> bool:
        return self.columns * self.rows > MAX_SHEET_CELLS or self.rows > EXCEL_MAX_ROWS


_ANY_ROW = re.compile(rb'r="[A-Z]{0,3}([0-9]{1,9})"')


def _last_row(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The largest row number any row or cell of a worksheet part names (a second, slower pass)."""
    last, tail = 1, b""
    with zf.open(info) as part:
        while chunk := part.read(1 << 20):
            last = max([last] + [int(d) for d in _ANY_ROW.findall(tail + chunk)])
            tail = chunk[-64:]
    return last


def _may_have_unnamed_cells(text: bytes) -> bool:
    """False when every cell tag is the plain <c r="..." that Excel writes (fast byte counts)."""
    return b"<c>" in text or b":c " in text or text.count(b"<c ") != text.count(b'<c r="')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _is_worksheet(part: str) -> bool:
    part = part.lower().replace("\\", "/").lstrip("/")
    return part.startswith("xl/worksheets/") and part.endswith(".xml")


def _inflate_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, total: int, error_parts: dict) -> int:
    """Inflate one part in chunks, checking it as it goes; the running total of bytes inflated."""
    grid = _GridSize() if _is_worksheet(info.filename) else None
    with zf.open(info) as part:
        first = True
        while chunk := part.read(1 << 20):
            if first and info.filename.lower().endswith((".xml", ".rels", ".vml")):
                _check_no_dtd(chunk, name)
            first = False
            if grid:
                grid.scan(chunk)
            total += len(chunk)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _refuse(name, f"expands to more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB",
                              "It is too big to be a return, or it is a zip bomb.")
    if grid and grid.errors:
        error_parts[info.filename] = grid.errors
    if grid and grid.too_big() and grid.rows in ESTIMATED_ROWS:
        grid.rows = _last_row(zf, info)  # wide but perhaps short: measure the rows exactly
    if grid and grid.too_big():
        raise _refuse(name, f"has a sheet with cells far outside any return's tables ({grid.describe()})",
                      "Delete the stray cells far below or to the right of the tables, save it and try again.")
    return total


def _inflate_counting(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> dict[str, dict[str, str]]:
    """Inflate every part once, in chunks, so a lying, damaged or overgrown zip is caught cheaply.

    Returns the Excel error values in each worksheet part: {part: {"F14": "#N/A"}}."""
    total, error_parts = 0, {}
    try:
        for info in infos:
            total = _inflate_part(zf, info, name, total, error_parts)
        return error_parts
    except NotAWorkbook:
        raise
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as error:
        encrypted = isinstance(error, RuntimeError) and "encrypted" in str(error)
        what = "is password-protected (encrypted)" if encrypted else "is damaged (a part of the zip cannot be read)"
        raise _refuse(name, what, "Open it in Excel, save it again and try again.") from None


def _check_kind(zf: zipfile.ZipFile, names: set[str], name: str) -> None:
    if "mimetype" in names and b"opendocument" in zf.read("mimetype")[:200]:
        raise _refuse(name, "is an OpenDocument spreadsheet (.ods), not an .xlsx workbook")
    if "xl/workbook.bin" in names:
        raise _refuse(name, "is an Excel binary workbook (.xlsb), not an .xlsx workbook")
    workbook = next((n for n in names if n.lower().replace("\\", "/") == "xl/workbook.xml"), None)
    if workbook is None:
        raise _refuse(name, "is a zip file but not an Excel workbook (it has no workbook inside)")
    if STRICT_NAMESPACE in zf.read(workbook)[:4096]:
        raise _refuse(name, "is saved as 'Strict Open XML Spreadsheet', which we cannot read")


def check_workbook_bytes(data: bytes, name: str) -> dict[str, dict[str, str]]:
    """Raise NotAWorkbook unless ``data`` is an xlsx/xlsm zip within every size limit.

    Returns the Excel error values (#N/A, #DIV/0!) by worksheet part and cell,
    {"xl/worksheets/sheet3.xml": {"F14": "#N/A"}}: calamine reads them as blank."""
    check_size(len(data), name)
    if not data.startswith(ZIP_SIGNATURES):
        raise _refuse_not_zip(data, name)
    zf = _open_zip(data, name)
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if not infos:
            raise _refuse(name, "is an empty zip file, not an Excel workbook", "Upload the saved return workbook.")
        _check_declared_sizes(infos, name)
        if any(i.flag_bits & 0x1 for i in infos):
            raise _refuse(name, "is password-protected (encrypted)",
                          "Remove the password, save it and try again.")
        error_parts = _inflate_counting(zf, infos, name)
        _check_kind(zf, {i.filename for i in infos}, name)
    return error_parts
