"""Checks on a file's bytes before any parser sees them: is it an xlsx, and is it safe to open?

A return is read only if it is a zip holding an Office Open XML workbook, within the
size limits below. Everything else is refused with one plain-English message that says
what the file looks like and what to do (``NotAWorkbook``). The zip's declared sizes are
checked before anything is inflated, and then every part is inflated once, in chunks,
counting bytes, so a zip that lies about its sizes is caught without holding it in memory.
As each part is inflated it is parsed with expat (``delivery.returns.sheet_xml``): a document
type declaration anywhere in it is refused, and any part holding sheet data has its cells
placed as calamine will place them, so a sheet too big to hold (``MAX_SHEET_CELLS``) or
longer than a return may be (the DELIVERY_MAX_ROWS_PER_SHEET setting) is refused, naming it.
A sheet written the usual way has its cells found by compiled regexes over the same bytes
(``delivery.returns.sheet_refs``) while expat checks them; any other is measured in expat's handlers.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from openpyxl.utils import get_column_letter

from delivery import settings
from delivery.errors import NotAWorkbook
from delivery.returns import sheet_xml

MAX_FILE_BYTES = 50 * 1024 * 1024  # a full national return is ~30 MB
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024  # all parts inflated, together
MAX_COMPRESSION_RATIO = 200  # real sheet XML compresses 10-50 times; zip bombs 1,000+
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024  # small parts may compress as they like
MAX_PARTS = 10_000
# calamine holds a sheet as a dense grid (~30 bytes a cell) from its first to its last cell
# holding a value, so one stray value at XFD1048576 would ask for 500 GB and abort the process.
# Cap the grid, measured from A1: Excel's full height by 26 columns (~800 MB) is more than any
# return needs. The reader's child process has a memory limit too, in case this is not enough.
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
        raise _refuse(
            name,
            f"is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit for a return",
            "Check it is the right file; remove pictures and unused sheets.",
        )


def _refuse_ole2(data: bytes, name: str) -> NotAWorkbook:
    """Old binary workbooks and encrypted xlsx both live in an OLE2 container."""
    for stream in ("EncryptionInfo", "EncryptedPackage"):
        if stream.encode("utf-16-le") in data:
            return _refuse(
                name,
                "is password-protected (encrypted)",
                "Remove the password (File > Info > Protect Workbook), save it and try again.",
            )
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
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        struct.error,
        NotImplementedError,
        ValueError,
        OSError,
        EOFError,
    ):
        raise _refuse(
            name,
            "is damaged (not a complete zip/xlsx file)",
            "Open it in Excel; if it opens, save it again, otherwise ask for a fresh copy.",
        ) from None


def _check_declared_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_PARTS:
        raise _refuse(name, f"holds {len(infos):,} parts, far more than any workbook", "It is not a return workbook.")
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(
            name,
            f"would expand to more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB",
            "It is too big to be a return, or it is a zip bomb.",
        )
    for info in infos:
        if info.file_size > RATIO_CHECK_FROM_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise _refuse(
                name, "is compressed suspiciously hard (it looks like a zip bomb)", "It cannot be read safely."
            )


def _inflate_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, total: int, grids: dict) -> int:
    """Inflate one part in chunks, checking its XML as it goes; the running total of bytes inflated.

    A sheet written the usual way is measured from its bytes; one the fast scan cannot place
    by itself (a cell without r="", an error value, an unusual spelling) is inflated again and
    measured in expat's handlers, the quick way or, failing that, the exact way (rare, slower)."""
    mode = sheet_xml.FAST
    while True:
        try:
            return _scan_part(zf, info, name, total, grids, mode)
        except sheet_xml.NeedsSlowerScan as slower:
            mode = slower.mode


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, total: int, grids: dict, mode: str) -> int:
    scan = sheet_xml.PartScan(info.filename, mode)
    with zf.open(info) as part:
        while chunk := part.read(1 << 20):
            scan.feed(chunk)
            total += len(chunk)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _refuse(
                    name,
                    f"expands to more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB",
                    "It is too big to be a return, or it is a zip bomb.",
                )
    grid = scan.close()
    if grid is not None:
        grids[info.filename] = grid
    return total


def _inflate_counting(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> dict[str, sheet_xml.Grid]:
    """Inflate every part once, in chunks, so a lying, damaged or overgrown zip is caught cheaply.

    Returns the measured grid of every part that holds sheet data, by part name."""
    total, grids = 0, {}
    try:
        for info in infos:
            total = _inflate_part(zf, info, name, total, grids)
        return grids
    except sheet_xml.Unsafe as unsafe:
        raise _refuse(name, unsafe.what, unsafe.advice) from None
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as error:
        encrypted = isinstance(error, RuntimeError) and "encrypted" in str(error)
        what = "is password-protected (encrypted)" if encrypted else "is damaged (a part of the zip cannot be read)"
        raise _refuse(name, what, "Open it in Excel, save it again and try again.") from None


def _check_grids(zf: zipfile.ZipFile, grids: dict[str, sheet_xml.Grid], name: str, max_rows: int) -> None:
    """Refuse a sheet whose grid calamine could not hold, or with more rows than a return may have."""
    sheets = sheet_xml.sheet_parts(zf, zf.namelist()) if grids else {}
    for part, grid in grids.items():
        sheet = sheets.get(part.lower())
        where = f"the sheet '{sheet}'" if sheet else "a sheet"
        if grid.rows * max(grid.columns, 1) > MAX_SHEET_CELLS or grid.rows > EXCEL_MAX_ROWS:
            reach = f"out to column {get_column_letter(min(grid.columns, 18_278))}, down to row {grid.rows:,}"
            raise _refuse(
                name,
                f"has cells far outside any return's tables on {where} ({reach})",
                "Delete the stray cells far below or to the right of the tables, save it and try again.",
            )
        if grid.rows > max_rows:
            raise _refuse(
                name,
                f"has cells down to row {grid.rows:,} on {where}, over the limit of {max_rows:,} "
                "rows for a sheet of a return",
                "Delete the unused rows below the table, or split the return, save it and try again.",
            )


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


def check_workbook_bytes(data: bytes, name: str, max_rows: int | None = None) -> dict[str, dict[str, str]]:
    """Raise NotAWorkbook unless ``data`` is an xlsx/xlsm zip within every size limit.

    ``max_rows`` is the most rows a sheet may reach (default: the DELIVERY_MAX_ROWS_PER_SHEET
    setting). Returns the Excel error values (#N/A, #DIV/0!) by worksheet part and cell,
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
            raise _refuse(name, "is password-protected (encrypted)", "Remove the password, save it and try again.")
        grids = _inflate_counting(zf, infos, name)
        _check_kind(zf, {i.filename for i in infos}, name)
        _check_grids(zf, grids, name, settings.get("DELIVERY_MAX_ROWS_PER_SHEET") if max_rows is None else max_rows)
    return {part: grid.errors for part, grid in grids.items() if grid.errors}
