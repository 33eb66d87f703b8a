"""Stream-parse a workbook's parts with expat, the way calamine will read them, before it does.

calamine (python-calamine) holds a sheet as a dense grid from its first to its last cell
holding a value, so one value written at XFD1048576 asks for ~500 GB and aborts the
process. A grid cannot be sized by looking for one spelling of a cell reference (quotes,
spaces, case and part names all vary), so every part that could be a sheet is parsed as
XML and its cells are placed exactly as calamine places them:

- calamine reads the cells between the first ``<sheetData>`` and its end, matching element
  names without their prefix (``x:c`` is a cell); so any part of the zip in which the
  bytes ``sheetData`` appear (in UTF-8 or UTF-16) is measured, whatever its name and
  whether or not the workbook lists it as a sheet;
- a cell is at its ``r`` attribute (letters then digits, either case), or, without one, one
  column right of the cell before it in its row; a row is at its ``r``, or one below the
  row before it;
- a cell counts only if it holds a ``<v>`` or ``<is>``: calamine drops empty cells, so an
  empty styled cell far away (``<c r="ZZ9" s="1"/>``) does not grow the grid;
- ``<dimension ref>`` does not count: calamine reserves at most 100,000 cells from it.

For a sheet written the usual way (``<c r="B7" s="1">``, as Excel and the libraries write it)
the cells are found in the bytes by ``delivery.returns.sheet_refs`` while expat parses them with
no handler per element; any other spelling is placed by the handlers here (``Grid``).

expat is stricter than calamine's XML reader, so a part holding ``sheetData`` that expat
cannot parse to its end is refused rather than guessed at. Every part expat can parse is
checked for a document type declaration anywhere in it (an XML bomb needs one).
"""

from __future__ import annotations

import re
import string
from itertools import repeat
from xml.parsers import expat

from openpyxl.utils import get_column_letter

from delivery.returns.sheet_refs import EXACT, NeedsSlowerScan, RefGrid

FAST = "fast"

SHEET_DATA = tuple("sheetData".encode(encoding) for encoding in ("ascii", "utf-16-le", "utf-16-be"))
DTD_MARKS = tuple(
    mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
XML_NAMES = (".xml", ".rels", ".vml")
OVERLAP = 32  # bytes kept from the end of one chunk, so a marker cut in two is still seen
_REF = re.compile(r"([A-Za-z]+)([0-9]+)")  # what calamine accepts; anything else makes it fail


class Unsafe(Exception):
    """A part cannot be read safely: ``what`` the file has, and ``advice`` on what to do."""

    def __init__(self, what: str, advice: str):
        super().__init__(what)
        self.what, self.advice = what, advice


DAMAGED_SHEET = ("is damaged (a sheet's XML is not well formed)", "Open it in Excel, save it again and try again.")
DTD = (
    "contains XML with a document type declaration, which Excel never writes (it may be an XML bomb)",
    "It cannot be read safely.",
)


class PartScan:
    """One zip part, fed in chunks: checked for a DTD and, if it holds sheetData, measured.

    ``mode``: FAST measures cells from the bytes (``delivery.returns.sheet_refs``) while expat
    only checks the XML; QUICK and EXACT measure them in expat's handlers (see ``Grid``). A scan
    that meets what it cannot place raises NeedsSlowerScan naming the mode to scan again in."""

    def __init__(self, part_name: str, mode: str = FAST):
        self.mode = mode
        self.xml_name = part_name.lower().endswith(XML_NAMES)
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = _refuse_dtd
        self.parsing = True  # expat has accepted every byte so far
        self.grid: Grid | None = None
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        """Check the next chunk of the part; raises Unsafe."""
        window = self.tail + chunk
        self.tail = chunk[-OVERLAP:]
        if self.grid is None and any(mark in window for mark in SHEET_DATA):
            if not self.parsing:
                raise Unsafe(*DAMAGED_SHEET)
            # before expat sees the chunk that holds <sheetData>
            self.grid = RefGrid() if self.mode == FAST else Grid(self.parser, self.mode == EXACT)
        if self.parsing:
            self._parse(chunk, False)
            if self.grid is not None:
                self.grid.take(chunk)
        if not self.parsing and self.xml_name and any(mark in window for mark in DTD_MARKS):
            raise Unsafe(*DTD)  # not XML to expat, but another parser might still try it

    def close(self) -> Grid | RefGrid | None:
        """The measured grid of a part that holds sheetData (None for any other part)."""
        if self.parsing:
            self._parse(b"", True)
        if self.grid:
            self.grid.finish()
        return self.grid

    def _parse(self, chunk: bytes, final: bool) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError:
            if self.grid is not None:
                raise Unsafe(*DAMAGED_SHEET) from None
            self.parsing = False  # a picture, or XML no reader will be asked to read as a sheet


def _refuse_dtd(*_args) -> None:
    raise Unsafe(*DTD)


# Element kinds, by name as written (prefix and all): calamine matches local names only.
CELL, ROW, VALUE, TEXT, SHEET, OTHER = range(6)
_LOCAL_KINDS = {"c": CELL, "row": ROW, "v": VALUE, "is": VALUE, "sheetData": SHEET}


class _Kinds(dict):
    def __missing__(self, name: str) -> int:
        kind = self[name] = _LOCAL_KINDS.get(name.rpartition(":")[2], OTHER)
        return kind


class Grid:
    """The reach of one sheet part's cells that hold something: last row, last column, error values.

    The quick scan (the usual case: Excel writes r="" on every cell) only collects the references
    of cells holding a value; the exact scan follows calamine's row and column counting too.
    Both run as expat handlers: closures, not methods, as they run for every element of every
    sheet (millions in a national load)."""

    def __init__(self, parser, exact: bool):
        self.rows = self.columns = 0
        self.errors: dict[str, str] = {}  # "F14" -> "#N/A": calamine reads error cells as blank
        self._refs: list[str] = []  # the r="" of cells holding something, folded in after each chunk
        (self._install_exact if exact else self._install_quick)(parser)

    def _install_quick(self, parser) -> None:
        kinds, add = _Kinds(), self._refs.append
        current = "A1"  # a <v> outside any cell counts A1, which every grid holds anyway

        def start(name, attrs):
            nonlocal current
            kind = kinds[name]
            if kind is VALUE:
                add(current)
            elif kind is CELL:
                current = attrs.get("r")
                if current is None or attrs.get("t") == "e":  # no r="", or an error value
                    raise NeedsSlowerScan(EXACT)

        # Counting cells outside <sheetData> (calamine skips them) only ever overstates the grid.
        parser.StartElementHandler = start

    def _install_exact(self, parser) -> None:
        kinds, refs, grid = _Kinds(), self._refs, self
        in_sheet, seen_sheet = False, False
        row_ref, rows_after = None, 0  # the last <row r=...> and the rows ended since (calamine's row_index)
        col_ref, cols_after = None, 0  # the last <c r=...> since a row ended, and the cells since it
        cell, used, error, text = None, False, None, []

        def start(name, attrs):
            nonlocal cell, used, error, col_ref, cols_after, row_ref, rows_after, in_sheet, seen_sheet
            kind = kinds[name]
            if kind is VALUE:
                if cell is not None and not used:
                    used = True
                    if type(cell) is str:
                        refs.append(cell)
                    else:
                        grid._reach(*cell)
                if error is not None:
                    text.clear()
                    parser.CharacterDataHandler = text.append
            elif kind is CELL and in_sheet:
                ref = attrs.get("r")
                if ref is None:  # no address: one right of the cell before it (rare: Excel always writes r)
                    cell = (_row_number(row_ref) + rows_after, _column_of(col_ref) + cols_after + 1)
                    cols_after += 1
                else:
                    cell, col_ref, cols_after = ref, ref, 0
                used = False
                error = cell if attrs.get("t") == "e" else None
            elif kind is ROW and in_sheet and "r" in attrs:
                row_ref, rows_after = attrs["r"], 0
            elif kind is SHEET and not seen_sheet:
                in_sheet = seen_sheet = True

        def end(name):
            nonlocal cell, error, rows_after, col_ref, cols_after, in_sheet
            kind = kinds[name]
            if kind is CELL:
                if error is not None:
                    grid._error(error, text if used else [])
                cell = error = None
            elif kind is VALUE and error is not None:
                parser.CharacterDataHandler = None
            elif kind is ROW and in_sheet:
                rows_after += 1
                col_ref, cols_after = None, 0  # calamine starts each row at column A
            elif kind is SHEET:
                in_sheet = False  # calamine stops at the first </sheetData>

        parser.StartElementHandler, parser.EndElementHandler = start, end

    def _reach(self, row: int, column: int) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)

    def _error(self, cell, text: list[str]) -> None:
        row, column = _position(cell) if type(cell) is str else cell
        if row and column:
            self.errors[f"{get_column_letter(min(column, 18_278))}{row}"] = "".join(text).strip() or "#VALUE!"

    def take(self, _chunk: bytes) -> None:
        """Fold in the references the handlers collected from the chunk expat has just parsed."""
        self.fold()

    def fold(self) -> None:
        """Fold the collected references into the maximum row and column, at C speed for the usual ones."""
        refs, self._refs[:] = list(self._refs), []
        try:
            rows = max(map(int, map(str.lstrip, refs, repeat(string.ascii_letters))))
            letters = set(map(str.rstrip, refs, repeat(string.digits)))
        except ValueError:  # an odd reference: place each one by itself
            for ref in refs:
                self._reach(*_position(ref))
            return
        self._reach(rows, max(map(_column_number, letters)))

    def finish(self) -> None:
        """Take in the references still held; call once the part has been parsed."""
        if self._refs:
            self.fold()


def _position(ref: str) -> tuple[int, int]:
    """(row, column) of a reference such as "F14" (both 1-based); (0, 0) if calamine could not read it."""
    match = _REF.fullmatch(ref.strip())
    return (int(match[2]), _column_number(match[1])) if match else (0, 0)


def _row_number(ref: str | None) -> int:
    """The row a <row r=...> names (1 before any); calamine reads the digits and ignores any letters."""
    if ref is None:
        return 1
    digits = ref.strip().lstrip(string.ascii_letters)
    return int(digits) if digits.isdigit() else 0


def _column_of(ref: str | None) -> int:
    return _position(ref)[1] if ref is not None else 0


def _column_number(letters: str) -> int:
    """A=1, Z=26, AA=27 ... in either case; 0 for anything that is not ASCII letters."""
    if not (letters.isascii() and letters.isalpha()):
        return 0
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def sheet_parts(zf, part_names: list[str]) -> dict[str, str]:
    """{zip part name, lower case: sheet name} for the sheets xl/workbook.xml lists, found as calamine finds them."""
    by_lower = {n.lower(): n for n in reversed(part_names)}  # calamine takes the first of two names that differ in case
    targets = _read_xml(zf, by_lower.get("xl/_rels/workbook.xml.rels"), "Relationship", ("Id", "Target"))
    sheets = _read_xml(zf, by_lower.get("xl/workbook.xml"), "sheet", ("name", "r:id", "relationships:id"))
    found = {}
    rels = {ident: target for ident, target in targets}
    for sheet_name, *ids in sheets:
        target = next((rels[i] for i in ids if i in rels), None)
        if target is not None and sheet_name is not None:
            path = target[1:] if target.startswith("/xl/") else target if target.startswith("xl/") else f"xl/{target}"
            found.setdefault(path.lower(), sheet_name)
    return found


def _read_xml(zf, part: str | None, element: str, attributes: tuple[str, ...]) -> list[tuple]:
    """The given attributes of every element with this local name in a small XML part ([] if unreadable)."""
    if part is None:
        return []
    found = []

    def start(name, attrs):
        if name.rpartition(":")[2] == element:
            found.append(tuple(attrs.get(a) for a in attributes))

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler, parser.StartElementHandler = _refuse_dtd, start
    try:
        with zf.open(part) as stream:
            parser.ParseFile(stream)
    except (expat.ExpatError, Unsafe):
        return []  # calamine will fail on it too; the sheets are still measured, just not named
    return found
