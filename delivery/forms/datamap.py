"""A datamap: which cell of a department's own form holds which field of our return.

A datamap is a CSV with a header row and one line per field::

    field,sheet,cell,type,words,value
    About.department,Introduction,C9,TEXT,Department for Transport=DfT,
    About.period_end,Introduction,C18,DATE,,
    Priorities.title,Introduction,C11,TEXT,,
    Milestones[2].title,6c - Milestones - Delivery,D8,TEXT,,
    Risks[1].kind,,,TEXT,,risk

- ``field`` is ours: ``About.<field>``, or ``<Sheet>[n].<column>`` for row n (from 1) of one of our
  sheets (``<Sheet>.<column>`` is row 1); sheets and columns as in delivery/returns/contract.py.
- ``sheet`` and ``cell`` are theirs: where the value is in their form.
- ``type`` is their cell's type as their own datamap says it (TEXT, DATE, NUMBER, ...); our contract
  still checks every value, so it only says how ``export`` writes the cell.
- ``words`` (optional) translates their words to ours, ``theirs=ours`` separated by ``|``; a value
  in a mapped cell that is not one of ``theirs`` is a problem naming the word and the cell.
- ``value`` (optional, with no sheet and cell) is a fixed value: for a field their form has no
  cell for (a milestone's ID, a risk's kind).
- ``times`` (optional) multiplies a number in their cell into our unit: 1000000 for their £m
  into our pounds (``export`` divides by it).

Every line is checked when the map is read; a bad line is one ``DatamapError`` naming its line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils.cell import coordinate_from_string

from delivery.errors import DeliveryError, quoted
from delivery.returns.contract import ABOUT_FIELDS, ABOUT_SHEET, SHEETS
from delivery.returns.normalise import header_key

HEADER = ("field", "sheet", "cell", "type", "words", "value", "times")
TYPES = ("TEXT", "DATE", "NUMBER", "INT", "FLOAT", "PERCENT", "")
_FIELD = re.compile(r"\s*(?P<sheet>[A-Za-z][A-Za-z ]*?)\s*(?:\[\s*(?P<row>\d{1,5})\s*\])?\s*\.\s*(?P<column>\w+)\s*")
MAX_MAP_BYTES = 2 * 1024 * 1024
_SHEETS = {header_key(s.name): s for s in SHEETS} | {header_key(s.table): s for s in SHEETS}


class DatamapError(DeliveryError):
    """A datamap that cannot be used: not a CSV of the right columns, or a line that names no field of ours."""


@dataclass(frozen=True)
class Target:
    """A field of our return: an About field (``table`` "about", ``row`` 0) or a table's column on row ``row``."""

    table: str
    row: int
    column: str

    @property
    def name(self) -> str:
        """As a datamap writes it: 'About.department', 'Milestones[2].title'."""
        if self.table == "about":
            return f"{ABOUT_SHEET}.{self.column}"
        return f"{next(s.name for s in SHEETS if s.table == self.table)}[{self.row}].{self.column}"


@dataclass(frozen=True)
class Entry:
    """One line of a datamap: our field, their sheet and cell (or a fixed value), their type and words."""

    target: Target
    sheet: str
    cell: str
    type: str = "TEXT"
    words: tuple[tuple[str, str], ...] = ()
    value: str = ""
    line: int = 0
    times: float | None = None

    @property
    def where(self) -> str:
        """Their cell as problems name it: 'Introduction!C17' ('' for a fixed value)."""
        return f"{self.sheet}!{self.cell}" if self.cell else ""

    def translate(self, found: str) -> str | None:
        """Our word for their word ``found`` (matched ignoring case and outer spaces), or None if it has none."""
        key = found.strip().casefold()
        return next((ours for theirs, ours in self.words if theirs.strip().casefold() == key), None)


@dataclass(frozen=True)
class Datamap:
    """A whole datamap: its entries in order, its name and the sha256 of its bytes (its version)."""

    name: str
    entries: tuple[Entry, ...]
    sha256: str
    data: bytes

    def cells(self) -> list[Entry]:
        """The entries that read a cell of their form (not fixed values)."""
        return [e for e in self.entries if e.cell]


def read_datamap(source: Path | str | bytes, name: str | None = None) -> Datamap:
    """Read and check a datamap CSV (a path or its bytes). Raises DatamapError naming the bad line."""
    data, name = bytes_of(source, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DatamapError(f"The datamap {name} is not UTF-8 text: save it as 'CSV UTF-8' and try again.") from None
    rows = list(csv.reader(io.StringIO(text)))
    header = [header_key(h) for h in rows[0]] if rows else []
    if not {"field", "sheet", "cell"} <= set(header):
        raise DatamapError(f"The datamap {name} must start with the header row: {','.join(HEADER)}.")
    entries, seen = [], {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {h: "" for h in HEADER} | {h: c.strip() for h, c in zip(header, row) if h in HEADER}
        entry = _entry(cells, line, name)
        if entry.target in seen:
            raise DatamapError(
                f"Line {line} of the datamap {name} maps {entry.target.name} again (line {seen[entry.target]} does)."
            )
        seen[entry.target] = line
        entries.append(entry)
    if not entries:
        raise DatamapError(f"The datamap {name} maps no fields: add a line for each field under its header row.")
    return Datamap(name, tuple(entries), hashlib.sha256(data).hexdigest(), data)


def bytes_of(source: Path | str | bytes, name: str | None, what: str = "datamap") -> tuple[bytes, str]:
    """A map's bytes and name (``what``: "datamap" or "column map"), its size checked before it is read."""
    too_big = "The {what} {name} is over {mb} MB: it cannot be a {what}."
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), name or f"the {what}"
    else:
        path = Path(source)
        name = name or path.name
        try:
            if path.stat().st_size > MAX_MAP_BYTES:
                raise DatamapError(too_big.format(what=what, name=name, mb=MAX_MAP_BYTES // 2**20))
            data = path.read_bytes()
        except OSError as error:
            raise DatamapError(f"The {what} {path} cannot be read ({error.strerror or 'unreadable'}).") from None
    if len(data) > MAX_MAP_BYTES:
        raise DatamapError(too_big.format(what=what, name=name, mb=MAX_MAP_BYTES // 2**20))
    return data, name


def _entry(cells: dict[str, str], line: int, name: str) -> Entry:
    """One checked line of the datamap."""
    at = f"Line {line} of the datamap {name}"
    target = parse_field(cells["field"], at)
    kind = cells["type"].upper()
    if kind not in TYPES:
        raise DatamapError(f"{at}: the type {quoted(cells['type'])} is not one of {', '.join(TYPES[:-1])}.")
    sheet, cell, value = cells["sheet"], cells["cell"].replace("$", "").upper(), cells["value"]
    if bool(sheet) != bool(cell) or (not cell and not value):
        raise DatamapError(f"{at}: give both their sheet and their cell, or neither and a fixed value.")
    if cell and not _is_cell(cell):
        raise DatamapError(f"{at}: {quoted(cells['cell'])} is not a cell reference like C17.")
    return Entry(
        target, sheet, cell, kind or "TEXT", words_of(cells["words"], at), value, line, times_of(cells["times"], at)
    )


def times_of(text: str, at: str) -> float | None:
    """The number a value is multiplied by ('1000000'), or None."""
    if not text:
        return None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        number = 0.0
    if not 0 < number < float("inf"):
        raise DatamapError(f"{at}: times must be a number above 0, like 1000000; {quoted(text)} is not.")
    return number


def parse_field(text: str, at: str) -> Target:
    """Our field, as a datamap names it: 'About.department' or 'Milestones[2].title'."""
    match = _FIELD.fullmatch(text or "")
    if not match:
        raise DatamapError(f"{at}: {quoted(text)} is not a field of ours like About.department or Milestones[2].title.")
    sheet, column, row = match["sheet"], match["column"], int(match["row"] or 1)
    if header_key(sheet) == header_key(ABOUT_SHEET):
        if column not in {f.name for f in ABOUT_FIELDS}:
            fields = ", ".join(f.name for f in ABOUT_FIELDS)
            raise DatamapError(f"{at}: the About sheet has no field {quoted(column)}; it has {fields}.")
        return Target("about", 0, column)
    found = _SHEETS.get(header_key(sheet))
    if found is None:
        raise DatamapError(f"{at}: our return has no sheet {quoted(sheet)}.")
    if column not in found.column_names or row < 1:
        raise DatamapError(f"{at}: the sheet {found.name} has no column {quoted(column)}.")
    return Target(found.table, row, column)


def _is_cell(text: str) -> bool:
    try:
        column, row = coordinate_from_string(text)
    except ValueError:
        return False
    return 1 <= row <= 1_048_576 and len(column) <= 3


def words_of(text: str, at: str) -> tuple[tuple[str, str], ...]:
    """'Amber/Green=Amber|Green=Green' as pairs (theirs, ours)."""
    pairs = []
    for part in (p for p in text.split("|") if p.strip()):
        theirs, equals, ours = part.partition("=")
        if not equals or not theirs.strip():
            raise DatamapError(f"{at}: the words must be written theirs=ours, separated by |; {quoted(part)} is not.")
        pairs.append((theirs.strip(), ours.strip()))
    return tuple(pairs)
