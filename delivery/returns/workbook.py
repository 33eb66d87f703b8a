"""Write return workbooks: the blank template, exports, demo returns and test fixtures.

One writer for all of them, so every workbook we hand out loads back unchanged.
``write_return`` writes the contract sheets only (fast: the national demo writes
millions of cells); ``styled=True`` adds what the blank template has: a README sheet
first, dropdowns on every closed-vocabulary column fed from a hidden Lists sheet, and
a help prompt on every cell. Readers ignore README and Lists: they are not contract sheets.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from delivery.reference.departments import departments_csv, read_departments
from delivery.returns.contract import ABOUT_FIELDS, ABOUT_SHEET, SHEETS, TEMPLATE_VERSION, Column, Sheet
from delivery.returns.xlsx_writer import SheetSpec, Validation, write_xlsx, xlsx_bytes

Rows = Iterable[Mapping[str, object]] | pd.DataFrame
README_SHEET, LISTS_SHEET = "README", "Lists"
LAST_ROW = 1048576  # dropdowns cover the whole column below the header
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
    lists = _lists() if styled else {}
    specs = [
        SheetSpec(
            ABOUT_SHEET,
            [["field", "value"]] + [[f.name, _cell_value(about.get(f.name))] for f in ABOUT_FIELDS],
            freeze_header=True,
            bold_rows=frozenset({1}),
            widths=(20, 45),
            validations=_about_validations(lists) if styled else [],
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
                validations=_table_validations(sheet, lists) if styled else [],
            )
        )
    if styled:
        readme = readme_rows()
        specs.insert(0, SheetSpec(README_SHEET, readme, bold_rows=_readme_bold(readme), widths=(22, 28, 10, 45, 90)))
        specs.append(
            SheetSpec(LISTS_SHEET, _lists_rows(lists), bold_rows=frozenset({1}), hidden=True, widths=[16] * len(lists))
        )
    return specs


def write_template(path: Path | str) -> Path:
    """Write the blank return template: README, About, every contract sheet with dropdowns."""
    return write_return(path, {"template_version": TEMPLATE_VERSION}, {}, styled=True)


def template_bytes() -> bytes:
    """The blank return template, made in memory (for a download)."""
    return return_bytes({"template_version": TEMPLATE_VERSION}, {}, styled=True)


# --- the lists behind the dropdowns ---------------------------------------------


def _departments() -> tuple[tuple[str, str], ...]:
    """(code, name) of every department in the reference list."""
    path = departments_csv()
    return _departments_as_of(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _departments_as_of(path: Path, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    """The reference list, read again only when its file changes."""
    return tuple(read_departments(path)[["code", "name"]].itertuples(index=False, name=None))


def _department_codes() -> tuple[str, ...]:
    return tuple(code for code, _ in _departments())


def _lists() -> dict[str, tuple]:
    """List name -> allowed values, in the Lists sheet's column order."""
    from delivery.reference.ratings import ALL_RATINGS
    from delivery.returns.contract import SCORES

    lists: dict[str, tuple] = {"rating": ALL_RATINGS, "department": _department_codes()}
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind == "choice":
                name = "score" if column.choices == SCORES else column.name
                lists.setdefault(name, tuple(int(c) for c in column.choices) if name == "score" else column.choices)
    return lists


def _lists_rows(lists: dict[str, tuple]) -> list[list]:
    depth = max(len(v) for v in lists.values())
    return [list(lists)] + [[v[i] if i < len(v) else None for v in lists.values()] for i in range(depth)]


def list_formula(lists: dict[str, tuple], name: str) -> str:
    """The range of one list on the Lists sheet, e.g. 'Lists!$A$2:$A$8'."""
    letter = chr(ord("A") + list(lists).index(name))
    return f"{LISTS_SHEET}!${letter}$2:${letter}${len(lists[name]) + 1}"


def list_for(column: Column) -> tuple[str, bool] | None:
    """(list name, strict) for a closed-vocabulary column, or None for free text."""
    from delivery.returns.contract import SCORES

    if column.kind == "rating":
        return "rating", True
    if column.kind == "choice":
        return ("score" if column.choices == SCORES else column.name), True
    if column.kind == "codes":
        return "department", False  # several codes, comma-separated: suggest, don't restrict
    if column.name in ("lead_department", "department"):
        return "department", True
    return None


def _validation(column: Column, sqref: str, lists: dict) -> Validation:
    found = list_for(column)
    formula = list_formula(lists, found[0]) if found else None
    return Validation(sqref, formula, column.help, column.name, strict=found[1] if found else True)


def _table_validations(sheet: Sheet, lists: dict) -> list[Validation]:
    from openpyxl.utils import get_column_letter

    return [
        _validation(c, f"{get_column_letter(i)}2:{get_column_letter(i)}{LAST_ROW}", lists)
        for i, c in enumerate(sheet.columns, 1)
    ]


def _about_validations(lists: dict) -> list[Validation]:
    return [_validation(f, f"B{row}", lists) for row, f in enumerate(ABOUT_FIELDS, 2)]


# --- README ------------------------------------------------------------------------


def allowed_values(column: Column) -> str:
    """What a column accepts, in words, for the README."""
    from delivery.reference.ratings import ALL_RATINGS

    found = list_for(column)
    if column.kind == "rating":
        return f"{', '.join(ALL_RATINGS)} (three-point returns: Red, Amber, Green)"
    if column.kind == "choice":
        return ", ".join(column.choices)
    if column.kind == "codes":
        return "department codes (see Departments below), separated by commas"
    if found:
        return "a department code (see Departments below)"
    return {
        "date": "a date, e.g. 31/03/2027",
        "number": "a number",
        "money": "pounds (negative for net income)",
        "percent": "a percentage, e.g. 5",
        "integer": "a whole number",
    }.get(column.kind, "text")


_GUIDE = (
    (
        "Who fills it in",
        "The performance or analysis team of each lead department, once a quarter, for every "
        "priority the department leads. Contributing departments feed in through the lead.",
    ),
    (
        "How",
        "Fill in the About sheet, then one row per item on each sheet. Keep the sheet names and the header "
        "row as they are. Leave a sheet with only its header row if it does not apply. Every figure is as "
        "at the About sheet's period_end.",
    ),
    (
        "Ratings",
        "Delivery confidence, spelled Red, Amber/Red, Amber, Amber/Green or Green; Complete when done; "
        "Not assessed when there is no judgement yet. Departments on the three-point scale use Red, "
        "Amber and Green: the same words. Pick from the dropdown. Words such as 'No DCA' or 'On track' "
        "are read through the dashboard's rating vocabulary, and kept as written.",
    ),
    (
        "Dates",
        "Excel dates, or typed as 31/03/2027 (day first). Write the year in full: a two-digit year "
        "(31/03/27) is read in the century nearest the period_end, with a warning.",
    ),
    (
        "Blanks",
        "In the table below, a column marked 'yes' must be filled on every row, or the return is "
        "refused. One marked 'expected' ("
        + ", ".join(f"{s.name} {c.name}" for s in SHEETS for c in s.columns if c.if_blank)
        + ") may be left blank "
        "when the value cannot be shared or is not known yet: the row is kept, with a warning. "
        "One marked 'no' may be left blank.",
    ),
    ("Money", "Pounds (not thousands or millions). A negative amount (net income) is kept, with a warning."),
    ("Template version", TEMPLATE_VERSION),
)
DEPARTMENTS_HEADING = "Departments"


def readme_rows() -> list[list]:
    """The README sheet: a short guide, then one line per sheet and per column with its help."""
    rows: list[list] = [[f"Delivery return template, version {TEMPLATE_VERSION}"]]
    rows += [[title, text] for title, text in _GUIDE]
    rows += [[], ["sheet", "column", "required", "allowed values", "what to put"]]
    rows.append([ABOUT_SHEET, None, None, None, "About this return: column A names the field, column B its value."])
    rows += [[ABOUT_SHEET, f.name, f.requirement, allowed_values(f), f.help] for f in ABOUT_FIELDS]
    for sheet in SHEETS:
        rows.append([sheet.name, None, None, None, sheet.help])
        rows += [[sheet.name, c.name, c.requirement, allowed_values(c), c.help] for c in sheet.columns]
    rows += [[], [DEPARTMENTS_HEADING, "name"]] + [[code, name] for code, name in _departments()]
    return rows


def _readme_bold(rows: list[list]) -> frozenset[int]:
    """Bold the title, the column table's header and the departments heading."""
    headings = {"sheet", DEPARTMENTS_HEADING}
    return frozenset({1} | {n for n, row in enumerate(rows, 1) if row and row[0] in headings})
