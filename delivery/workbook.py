"""Write return workbooks: the blank template, exports, demo returns and test fixtures.

One writer for all of them, so every workbook we hand out loads back unchanged.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from delivery.contract import ABOUT_FIELDS, ABOUT_SHEET, SHEETS, TEMPLATE_VERSION

HEADER_FONT = Font(bold=True)

Rows = Iterable[Mapping[str, object]] | pd.DataFrame


def _records(rows: Rows | None) -> list[dict]:
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(r) for r in rows]


def _cell_value(value: object) -> object:
    """A value openpyxl can write: NaN/NaT/None become blank, Timestamps become dates."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def write_return(path: Path | str, about: Mapping[str, object], tables: Mapping[str, Rows] | None = None) -> Path:
    """Write a return workbook: the About sheet, then one sheet per contract table.

    ``tables`` is keyed by sheet name ("Priorities") or table name ("priorities");
    missing tables are written as a header row only. Dates are written as Excel dates.
    """
    tables = dict(tables or {})
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ABOUT_SHEET)
    ws.append(["field", "value"])
    about = {"template_version": TEMPLATE_VERSION} | dict(about)
    for f in ABOUT_FIELDS:
        ws.append([f.name, _cell_value(about.get(f.name))])
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        ws.append(list(sheet.column_names))
        rows = tables.get(sheet.name, tables.get(sheet.table))
        for rec in _records(rows):
            ws.append([_cell_value(rec.get(c)) for c in sheet.column_names])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
