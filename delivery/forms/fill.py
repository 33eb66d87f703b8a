"""The other way: a return as stored, written into a department's own form through its datamap
(what bcompiler calls "export to template"), and the identity datamap of our own template.

``fill_form`` writes each mapped field into its cell of their blank form (or of a new workbook
when there is none), turning our words back into theirs and our pounds back into their unit.
Every text goes in as text (``inert.set_text``: never a formula). A macro-enabled form is filled
without its macros: the result is a plain .xlsx.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook, load_workbook

from delivery.errors import NotAWorkbook
from delivery.forms.datamap import HEADER, Datamap, Entry
from delivery.forms.translate import our_cells
from delivery.returns import inert, safety
from delivery.returns.contract import ABOUT_FIELDS, ABOUT_SHEET, SHEETS_BY_TABLE

_TYPES = {"date": "DATE", "number": "NUMBER", "money": "NUMBER", "integer": "NUMBER", "percent": "NUMBER"}


def fill_form(blank: bytes | None, datamap: Datamap, about: Mapping, tables: Mapping[str, pd.DataFrame]) -> bytes:
    """Their form (``blank``, or a new workbook) with every field the datamap maps filled from ``about`` and
    ``tables`` (a return as stored: delivery.store.export.return_as_stored)."""
    wb = _open(blank)
    places = _places(datamap, tables)
    for entry in datamap.cells():
        value = _ours(entry, about, tables, places)
        if value is None:
            continue
        ws = wb[entry.sheet] if entry.sheet in wb.sheetnames else wb.create_sheet(entry.sheet)
        cell = ws[entry.cell]
        if isinstance(value, str):
            inert.set_text(cell, _theirs(entry, value))
        else:
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            cell.value = value / entry.times if entry.times and number else value
            if isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    if blank is None and len(wb.sheetnames) > 1:
        wb.remove(wb[wb.sheetnames[0]])  # the new workbook's own empty first sheet
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _open(blank: bytes | None) -> Workbook:
    if blank is None:
        return Workbook()
    safety.check_workbook_bytes(blank, "the blank form")  # never hand a zip bomb to openpyxl
    try:
        return load_workbook(io.BytesIO(blank), rich_text=True)  # keep_vba off: no macro is carried over
    except Exception:  # openpyxl raises many types for damaged parts; all mean the same here
        raise NotAWorkbook(
            "The blank form cannot be opened to fill in. Open it in Excel, save it and try again."
        ) from None


def _places(datamap: Datamap, tables: Mapping[str, pd.DataFrame]) -> dict[tuple[str, int], int]:
    """{(table, row of the datamap): position of the stored row written there}. A row of the datamap with a
    fixed key (a milestone ID their form has no cell for) takes the stored row with that key; the other
    rows take the rest in order."""
    fixed: dict[tuple[str, int], dict[str, str]] = {}
    for e in datamap.entries:
        if e.target.table != "about":
            key = fixed.setdefault((e.target.table, e.target.row), {})
            if not e.cell and e.target.column in SHEETS_BY_TABLE[e.target.table].key:
                key[e.target.column] = e.value
    places, taken = {}, set()
    for (table, row), key in sorted(fixed.items()):
        frame = tables.get(table)
        if key and frame is not None:
            match = frame.index[(frame[list(key)].astype(str) == pd.Series(key)).all(axis=1)]
            if len(match):
                places[table, row] = frame.index.get_loc(match[0])
                taken.add((table, places[table, row]))
    for (table, row), key in sorted(fixed.items()):
        frame = tables.get(table)
        if key or frame is None:
            continue
        free = [i for i in range(len(frame)) if (table, i) not in taken]
        if free:
            places[table, row] = free[0]
            taken.add((table, free[0]))
    return places


def _ours(entry: Entry, about: Mapping, tables: Mapping[str, pd.DataFrame], places: dict) -> object:
    """Our stored value for an entry's field (a rating as the return wrote it), or None."""
    target = entry.target
    if target.table == "about":
        return _plain(about.get(target.column))
    place = places.get((target.table, target.row))
    if place is None:
        return None
    row = tables[target.table].iloc[place]
    written = row.get(f"{target.column}_as_written")
    return _plain(written if isinstance(written, str) and written else row.get(target.column))


def _plain(value: object) -> object:
    """A stored value as a cell takes it: None for blanks, a date for a timestamp."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def _theirs(entry: Entry, ours: str) -> str:
    """Their word for ours: the first of the datamap's words that turns into it."""
    return next((theirs for theirs, word in entry.words if word == ours), ours)


def template_datamap(rows: int = 10) -> bytes:
    """The identity datamap of our own template: each About field and ``rows`` rows of each sheet, at its cell."""
    lines = [HEADER]
    for i, field in enumerate(ABOUT_FIELDS, start=2):  # our template's About: the values in column B
        lines.append((f"{ABOUT_SHEET}.{field.name}", ABOUT_SHEET, f"B{i}", _TYPES.get(field.kind, "TEXT"), "", "", ""))
    for sheet in SHEETS_BY_TABLE.values():
        letters = {name: letter for (s, letter), (_, name) in our_cells().items() if s == sheet.name}
        for row in range(1, rows + 1):
            for column in sheet.columns:
                kind = _TYPES.get(column.kind, "TEXT")
                cell = f"{letters[column.name]}{row + 1}"
                lines.append((f"{sheet.name}[{row}].{column.name}", sheet.name, cell, kind, "", "", ""))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue().encode("utf-8")
