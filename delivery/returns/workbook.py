"""Write return workbooks: the blank template, exports, demo returns and test fixtures.

One writer for all of them, so every workbook we hand out loads back unchanged.
``write_return`` writes the contract sheets only (fast: the national demo writes
millions of cells); ``styled=True`` adds what the blank template has: a README sheet
first, dropdowns on every closed-vocabulary column fed from a hidden Lists sheet, and
a help prompt on every cell. Readers ignore README and Lists: they are not contract sheets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from delivery.returns.contract import ABOUT_FIELDS, ABOUT_SHEET, SHEETS, TEMPLATE_VERSION, Column, Sheet
from delivery.returns.template_lists import LISTS_SHEET, about_validations, lists, lists_rows, table_validations
from delivery.returns.template_readme import readme_bold, readme_rows
from delivery.returns.xlsx_writer import SheetSpec, write_xlsx, xlsx_bytes

Rows = Iterable[Mapping[str, object]] | pd.DataFrame
README_SHEET = "README"
WIDE_COLUMNS = {
    "title",
    "outcome",
    "commentary",
    "description",
    "mitigation",
    "source",
    "name",
    "target",
    "senior_responsible_owner",
    "centre_co_lead",
    "owner",
}


def _records(rows: Rows | None) -> list[dict]:
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(r) for r in rows]


def _cell_value(value: object) -> object:
    """A value we can write: NaN/NaT/None become blank, Timestamps and datetimes become dates."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _as_written(sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """A rating written as the return wrote it ('No DCA'), when the store kept that word: it loads back the same."""
    for column in sheet.columns:
        written = f"{column.name}_as_written"
        if column.kind == "rating" and written in frame.columns:
            frame[column.name] = frame[written].where(frame[written].notna(), frame[column.name])
    return frame


def _table_rows(sheet: Sheet, rows: Rows | None) -> Iterable[list]:
    yield list(sheet.column_names)
    if isinstance(rows, pd.DataFrame):
        frame = _as_written(sheet, rows.copy()).reindex(columns=list(sheet.column_names))
        for values in frame.itertuples(index=False, name=None):
            yield [_cell_value(v) for v in values]
        return
    for rec in _records(rows):
        yield [
            _cell_value(rec.get(f"{c.name}_as_written") or rec.get(c.name))
            if c.kind == "rating"
            else _cell_value(rec.get(c.name))
            for c in sheet.columns
        ]


def _width(column: Column) -> float:
    if column.name in WIDE_COLUMNS:
        return 40
    return max(len(column.name) + 3, 14)


def write_return(
    path: Path | str, about: Mapping[str, object], tables: Mapping[str, Rows] | None = None, *, styled: bool = False
) -> Path:
    """Write a return workbook: the About sheet, then one sheet per contract table.

    ``tables`` is keyed by sheet name ("Priorities") or table name ("priorities");
    missing tables are written as a header row only. Dates are written as Excel dates.
    Every sheet has a bold, frozen header row. ``styled=True`` also writes the README
    sheet first, dropdowns and help prompts, and the hidden Lists sheet they draw on.
    """
    return write_xlsx(path, _return_sheets(about, tables, styled))


def return_bytes(
    about: Mapping[str, object], tables: Mapping[str, Rows] | None = None, *, styled: bool = False
) -> bytes:
    """The workbook ``write_return`` writes, made in memory (for a download: no temporary file)."""
    return xlsx_bytes(_return_sheets(about, tables, styled))


def _return_sheets(about: Mapping[str, object], tables: Mapping[str, Rows] | None, styled: bool) -> list[SheetSpec]:
    tables = dict(tables or {})
    about = {"template_version": TEMPLATE_VERSION} | dict(about)
    made = lists() if styled else {}
    specs = [
        SheetSpec(
            ABOUT_SHEET,
            [["field", "value"]] + [[f.name, _cell_value(about.get(f.name))] for f in ABOUT_FIELDS],
            freeze_header=True,
            bold_rows=frozenset({1}),
            widths=(20, 45),
            validations=about_validations(made) if styled else [],
        )
    ]
    for sheet in SHEETS:
        rows = tables.get(sheet.name, tables.get(sheet.table))
        specs.append(
            SheetSpec(
                sheet.name,
                _table_rows(sheet, rows),
                freeze_header=True,
                bold_rows=frozenset({1}),
                widths=[_width(c) for c in sheet.columns],
                date_columns=frozenset(i for i, c in enumerate(sheet.columns) if c.kind == "date"),
                validations=table_validations(sheet, made) if styled else [],
            )
        )
    if styled:
        readme = readme_rows()
        specs.insert(0, SheetSpec(README_SHEET, readme, bold_rows=readme_bold(readme), widths=(22, 28, 10, 45, 90)))
        specs.append(
            SheetSpec(LISTS_SHEET, lists_rows(made), bold_rows=frozenset({1}), hidden=True, widths=[16] * len(made))
        )
    return specs


def write_template(path: Path | str) -> Path:
    """Write the blank return template: README, About, every contract sheet with dropdowns."""
    return write_return(path, {"template_version": TEMPLATE_VERSION}, {}, styled=True)


def template_bytes() -> bytes:
    """The blank return template, made in memory (for a download)."""
    return return_bytes({"template_version": TEMPLATE_VERSION}, {}, styled=True)
