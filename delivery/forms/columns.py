"""A column map: a flat table (one row per project, per department and period) into several returns.

The published major-projects data is a flat table: one row per project per year. A column map is a
CSV with a header row and one line per field of ours::

    field,column,words,value,times
    About.department,Department,Department for Transport=DfT,,
    About.period_end,Snapshot date,,,
    About.prepared_by,,,Centre analyst,
    Priorities.priority_id,Project ID,,,
    Priorities.rag,DCA,Amber/Green=Amber/Green|Red=Red,,
    Budget.allocated,Budget (£m),,,1000000

``field`` is ours (``About.<field>`` or ``<Sheet>.<column>``: each row of their table is one row
of each of our sheets it maps); ``column`` is their header; ``words``, ``value`` and ``times``
are as in a datamap (delivery/forms/datamap.py). An optional ``sheet`` column names their sheet
(default: the first). Their rows are grouped by department and period into one return each, and
every problem is told at their own cell (``Projects!F7``).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path

from delivery.errors import quoted
from delivery.forms.datamap import Datamap, DatamapError, Entry, bytes_of, parse_field, times_of, words_of
from delivery.forms.read import read_table
from delivery.forms.translate import MappedForm, map_cells
from delivery.returns.normalise import as_text, header_key, is_blank
from delivery.returns.problems import Problem

HEADER = ("field", "column", "words", "value", "times", "sheet")
HEADER_SCAN_ROWS = 50


@dataclass(frozen=True)
class ColumnMap:
    """A column map: its entries (``Entry.cell`` holds their column's header), sheet, name and sha256."""

    name: str
    entries: tuple[Entry, ...]
    sheet: str | None
    sha256: str
    data: bytes


def read_column_map(source: Path | str | bytes, name: str | None = None) -> ColumnMap:
    """Read and check a column map CSV. Raises DatamapError naming the bad line."""
    data, name = bytes_of(source, name, "column map")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"))))
    header = [header_key(h) for h in rows[0]] if rows else []
    if not {"field", "column"} <= set(header):
        raise DatamapError(f"The column map {name} must start with the header row: {','.join(HEADER)}.")
    entries, sheets = [], set()
    for line, row in enumerate(rows[1:], start=2):
        cells = {h: "" for h in HEADER} | {h: c.strip() for h, c in zip(header, row) if h in HEADER}
        if not any(cells.values()):
            continue
        at = f"Line {line} of the column map {name}"
        target = parse_field(cells["field"], at)
        if not cells["column"] and not cells["value"]:
            raise DatamapError(f"{at}: give their column's header, or a fixed value.")
        words, times = words_of(cells["words"], at), times_of(cells["times"], at)
        entries.append(Entry(target, "", cells["column"], "TEXT", words, cells["value"], line, times))
        sheets |= {cells["sheet"]} - {""}
    if not entries:
        raise DatamapError(f"The column map {name} maps no fields: add a line for each field under its header row.")
    if len(sheets) > 1:
        raise DatamapError(f"The column map {name} names more than one sheet: a flat table is one sheet.")
    return ColumnMap(name, tuple(entries), next(iter(sheets), None), hashlib.sha256(data).hexdigest(), data)


def split_table(source: Path | str | bytes, colmap: ColumnMap, file_name: str | None = None) -> list[MappedForm]:
    """A flat table's rows as our returns, one per department and period, in the order they first appear.

    A table whose header row lacks a mapped column is one MappedForm with that problem and no return."""
    sheet, cells = read_table(source, colmap.sheet, file_name)
    name = cells.file_name
    letters, header_row = _header(cells, sheet, colmap)
    missing = list(dict.fromkeys(e.cell for e in colmap.entries if e.cell and header_key(e.cell) not in letters))
    if cells.missing_sheets or missing:
        what = (
            f"The sheet {quoted(sheet)} named by the column map {colmap.name} is not in {name}."
            if cells.missing_sheets
            else f"The header row has no column {', '.join(map(quoted, missing))}, which the column map "
            f"{colmap.name} maps; the first row holding the most of its columns is row {header_row}."
        )
        return [MappedForm(name, cells.sha256, b"", {}, [Problem(sheet or "", "", "", what, name)])]
    groups: dict[tuple[str, str], list[int]] = {}
    rows = sorted({int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for (_, ref) in cells.values})
    for row in (r for r in rows if r > header_row):
        at = {e: f"{letters[header_key(e.cell)]}{row}" for e in colmap.entries if e.cell}
        if all(is_blank(cells.value(sheet, ref)) for ref in at.values()):
            continue
        groups.setdefault(_key(colmap, cells, sheet, at), []).append(row)
    return [_part(colmap, cells, sheet, letters, key, rows) for key, rows in groups.items()]


def _header(cells, sheet: str, colmap: ColumnMap) -> tuple[dict[str, str], int]:
    """({their header, loosely: column letter}, the header row): the first row holding every mapped column,
    else the one holding the most."""
    wanted = {header_key(e.cell) for e in colmap.entries if e.cell}
    by_row: dict[int, dict[str, str]] = {}
    for (_, ref), value in cells.values.items():
        letter = ref.rstrip("0123456789")
        row = int(ref[len(letter) :])
        if row <= HEADER_SCAN_ROWS and isinstance(value, str) and header_key(value) in wanted:
            by_row.setdefault(row, {}).setdefault(header_key(value), letter)
    if not by_row:
        return {}, 1
    full = [row for row, found in sorted(by_row.items()) if wanted <= found.keys()]
    row = full[0] if full else max(by_row, key=lambda r: (len(by_row[r]), -r))
    return by_row[row], row


def _key(colmap: ColumnMap, cells, sheet: str, at: dict) -> tuple[str, str]:
    """A row's return: its department (in our words) and period."""

    def of(column: str) -> str:
        entry = next((e for e in colmap.entries if e.target.table == "about" and e.target.column == column), None)
        if entry is None:
            return ""
        text = as_text(cells.value(sheet, at[entry]) if entry.cell else entry.value)
        return (entry.translate(text) or text) if entry.words else text

    return of("department"), of("period_end")


def _part(colmap: ColumnMap, cells, sheet: str, letters: dict, key: tuple[str, str], rows: list[int]) -> MappedForm:
    """One return from its rows of the table: a datamap of their actual cells, read through ``map_cells``."""
    entries = []
    for entry in colmap.entries:
        places = [rows[0]] if entry.target.table == "about" else rows
        for place, row in enumerate(places, start=1):
            target = entry.target if entry.target.table == "about" else replace(entry.target, row=place)
            cell = f"{letters[header_key(entry.cell)]}{row}" if entry.cell else ""
            entries.append(replace(entry, target=target, sheet=sheet if cell else "", cell=cell))
    part = Datamap(colmap.name, tuple(entries), colmap.sha256, colmap.data)
    return map_cells(cells, part, f"{cells.file_name} ({key[0]}, {key[1]})")
