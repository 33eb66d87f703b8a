"""Read the About sheet: the return's department, period_end, preparer and template version.

Field names sit in one column with each value beside them (or two columns along, when the
label is merged across two cells); a 'value' heading, if any, says which column holds the
values. Names are matched loosely and a few synonyms ('As at', 'Version') are accepted.
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from delivery import normalise
from delivery.contract import ABOUT_FIELDS
from delivery.normalise import header_key
from delivery.problems import Problem

if TYPE_CHECKING:  # the reader imports this module
    from delivery.reader import ParsedReturn

ABOUT_SCAN_ROWS = 200
ABOUT_SYNONYMS = {"asat": "period_end", "departmentcode": "department", "version": "template_version"}


def _about_field(key: str) -> str | None:
    key = ABOUT_SYNONYMS.get(key, key)
    return next((f.name for f in ABOUT_FIELDS if header_key(f.name) == key), None)


def read_about(sheet_name: str | None, rows: tuple[int, Iterator[list]], parsed: ParsedReturn) -> None:
    """Fill parsed.about and parsed.about_cells from the About sheet's rows (first used column, rows)."""
    parsed.about = {f.name: None for f in ABOUT_FIELDS}
    if sheet_name is None:
        return
    parsed.sheet_names["about"] = sheet_name
    first_col, values_by_row = rows
    value_col = None
    for row, values in enumerate(islice(values_by_row, ABOUT_SCAN_ROWS), start=1):
        keys = [header_key(v) if isinstance(v, str) else "" for v in values]
        if value_col is None and "value" in keys:
            value_col = keys.index("value")
            continue
        for i, key in enumerate(keys):
            name = _about_field(key)
            if name and name not in parsed.about_cells:
                col = value_col if value_col is not None and value_col > i else _value_beside(values, i)
                parsed.about_cells[name] = f"{get_column_letter(first_col + col + 1)}{row}"
                raw = values[col] if col < len(values) else None
                parsed.about[name] = _about_value(name, raw, sheet_name, parsed)
                break


def _value_beside(values: list, i: int) -> int:
    """The next column, or the one after when the next is empty (a label merged across two cells)."""
    if i + 2 < len(values) and normalise.is_blank(values[i + 1]) and not normalise.is_blank(values[i + 2]):
        return i + 2
    return i + 1


def _about_value(name: str, raw: object, sheet_name: str, parsed: ParsedReturn) -> object:
    if name != "period_end":
        return normalise.parse_text(raw)
    try:
        return normalise.parse_date(raw, name)
    except normalise.BadValue as error:
        parsed.problems.append(Problem(sheet_name, parsed.about_cells[name], normalise.as_text(raw),
                                       str(error), parsed.file_name))
        return None
