"""The template's dropdown lists, made from the reference files each time a template is written: the
department codes, the rating scale and the rating vocabulary's words, and each closed column's choices.
A rating dropdown suggests; the reader judges any other word (through the vocabulary)."""

from __future__ import annotations

import functools
from pathlib import Path

from delivery.reference.departments import departments_csv, read_departments
from delivery.returns.contract import ABOUT_FIELDS, SHEETS, Column, Sheet
from delivery.returns.xlsx_writer import Validation

LISTS_SHEET = "Lists"
LAST_ROW = 1048576  # dropdowns cover the whole column below the header


def departments() -> tuple[tuple[str, str], ...]:
    """(code, name) of every department in the reference list."""
    path = departments_csv()
    return _departments_as_of(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _departments_as_of(path: Path, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    """The reference list, read again only when its file changes."""
    return tuple(read_departments(path)[["code", "name"]].itertuples(index=False, name=None))


def _department_codes() -> tuple[str, ...]:
    return tuple(code for code, _ in departments())


def lists() -> dict[str, tuple]:
    """List name -> allowed values, in the Lists sheet's column order."""
    from delivery.returns.contract import SCORES

    lists: dict[str, tuple] = {"rating": rating_words(), "department": _department_codes()}
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind == "choice":
                name = "score" if column.choices == SCORES else column.name
                lists.setdefault(name, tuple(int(c) for c in column.choices) if name == "score" else column.choices)
    return lists


def rating_words() -> tuple[str, ...]:
    """The scale's ratings, then the rating vocabulary's words: what the rating dropdown suggests."""
    from delivery.reference.ratings import ALL_RATINGS, vocabulary_words

    return ALL_RATINGS + tuple(w for w in vocabulary_words() if w not in ALL_RATINGS)


def lists_rows(lists: dict[str, tuple]) -> list[list]:
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
        return "rating", False  # suggests the scale and the vocabulary; the reader judges any other word
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


def table_validations(sheet: Sheet, lists: dict) -> list[Validation]:
    from openpyxl.utils import get_column_letter

    return [
        _validation(c, f"{get_column_letter(i)}2:{get_column_letter(i)}{LAST_ROW}", lists)
        for i, c in enumerate(sheet.columns, 1)
    ]


def about_validations(lists: dict) -> list[Validation]:
    return [_validation(f, f"B{row}", lists) for row, f in enumerate(ABOUT_FIELDS, 2)]
