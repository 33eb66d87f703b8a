"""Read and check the About sheet: the return's department, period_end, preparer and template version.

Field names sit in one column with each value beside them (or two columns along, when the
label is merged across two cells); a 'value' heading, if any, says which column holds the
values. Names are matched loosely and a few synonyms ('As at', 'Version') are accepted.
``check_about`` is the validator's pass over those fields (``delivery.returns.validate`` calls it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice

from openpyxl.utils import get_column_letter

from delivery.reference.departments import existence_problem, where_to_add
from delivery.reference.suggest import did_you_mean_code
from delivery.returns import limits, normalise
from delivery.returns.contract import ABOUT_FIELDS, ABOUT_SHEET, TEMPLATE_VERSION, named
from delivery.returns.normalise import EARLIEST_DATE, PLAUSIBLE_FROM, header_key
from delivery.returns.parsed import Collector, ParsedReturn
from delivery.returns.problems import Problem, warning

ABOUT_SCAN_ROWS = 200
ABOUT_SYNONYMS = {"asat": "period_end", "departmentcode": "department", "version": "template_version"}
KNOWN_TEMPLATE_VERSIONS = (TEMPLATE_VERSION,)


# --- reading -------------------------------------------------------------------------


def _about_field(key: str) -> str | None:
    key = ABOUT_SYNONYMS.get(key, key)
    return next((f.name for f in ABOUT_FIELDS if header_key(f.name) == key), None)


def read_about(
    sheet_name: str | None,
    rows: tuple[int, Iterator[list]],
    parsed: ParsedReturn,
    text_limits: limits.TextLimits | None = None,
) -> None:
    """Fill parsed.about and parsed.about_cells from the About sheet's rows (first used column, rows).

    A value longer than ``text_limits`` allow (default: the settings) is a problem and read as blank."""
    text_limits = text_limits or limits.TextLimits.from_settings()
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
                parsed.about[name] = _about_value(
                    name, _within_limits(name, raw, sheet_name, parsed, text_limits), sheet_name, parsed
                )
                break


def _value_beside(values: list, i: int) -> int:
    """The next column, or the one after when the next is empty (a label merged across two cells)."""
    if i + 2 < len(values) and normalise.is_blank(values[i + 1]) and not normalise.is_blank(values[i + 2]):
        return i + 2
    return i + 1


def _within_limits(
    name: str, raw: object, sheet_name: str, parsed: ParsedReturn, text_limits: limits.TextLimits
) -> object:
    """``raw``, or None after a problem if it is text longer than the field may hold."""
    message = limits.too_long(name, raw, text_limits) if isinstance(raw, str) else None
    if message is None:
        return raw
    parsed.problems.append(
        Problem(sheet_name, parsed.about_cells[name], limits.shown_start(raw), message, parsed.file_name)
    )
    return None


def _about_value(name: str, raw: object, sheet_name: str, parsed: ParsedReturn) -> object:
    if name != "period_end":
        return normalise.parse_text(raw)
    try:
        date = normalise.parse_date(raw, name)  # a two-digit year: the century nearest today
        if normalise.has_two_digit_year(raw):
            parsed.problems.append(
                warning(
                    sheet_name,
                    parsed.about_cells[name],
                    normalise.as_text(raw),
                    normalise.two_digit_year_message(date, None),
                    parsed.file_name,
                )
            )
        return date
    except normalise.BadValue as error:
        parsed.problems.append(
            Problem(sheet_name, parsed.about_cells[name], normalise.as_text(raw), str(error), parsed.file_name)
        )
        return None


# --- checking ------------------------------------------------------------------------


def check_about(c: Collector, departments: dict[str, str], today: dt.date) -> None:
    """The About fields' problems; a department code matching but for case, or an alias, is rewritten as listed."""
    about = c.parsed.about
    if "about" not in c.parsed.sheet_names:
        c.problems.append(
            Problem(
                ABOUT_SHEET,
                "",
                "",
                "The About sheet is missing: add it from the template, "
                "with your department, period end ('period_end') and prepared by "
                "('prepared_by').",
                c.parsed.file_name,
            )
        )
        return
    for f in ABOUT_FIELDS:
        # read_about leaves a field None or a value, never NaN or NaT
        if f.required and about.get(f.name) is None and not _has_problem(c, f.name):
            c.about(f.name, "", f"{named(f.name)} is required on the About sheet: {f.help}")
    dept = about.get("department")
    if dept and dept not in departments.values():
        if dept.lower() in departments:
            about["department"] = departments[dept.lower()]
        else:
            c.about(
                "department",
                dept,
                f"department {dept} is not in the list of departments."
                f"{did_you_mean_code(dept, departments.values()) or where_to_add([dept])}",
            )
    period_end = about.get("period_end")
    if period_end and period_end > today:
        c.about(
            "period_end",
            period_end,
            f"{named('period_end')} must not be in the future (today is {normalise.as_text(today)}).",
        )
    elif period_end and period_end < EARLIEST_DATE:
        earliest = normalise.as_text(EARLIEST_DATE)
        c.about("period_end", period_end, f"{named('period_end')} must be a date from {earliest} on.")
    elif period_end and period_end < PLAUSIBLE_FROM and not _has_problem(c, "period_end"):
        c.about(
            "period_end", period_end, f"{named('period_end')} is before 2000: check it is the date meant.", warn=True
        )
    if (
        period_end
        and EARLIEST_DATE <= period_end <= today
        and (gone := existence_problem(about.get("department"), period_end))
    ):
        # its return would load but never show: the as-at views leave an ended department out
        c.about("department", about["department"], gone[0].upper() + gone[1:])
    version = about.get("template_version")
    if version and not _known_version(version):
        # An older template loads: every column is checked against this one's contract anyway.
        c.about(
            "template_version",
            version,
            f"{named('template_version')} {version} is not the current template "
            f"({TEMPLATE_VERSION}): this return was checked as version {TEMPLATE_VERSION}; make next "
            "period's return from the current template.",
            warn=True,
        )


def _known_version(version: str) -> bool:
    """'1.0', or '1' (Excel turns a typed 1.0 into the number 1)."""
    try:
        return any(float(version) == float(known) for known in KNOWN_TEMPLATE_VERSIONS)
    except ValueError:
        return version in KNOWN_TEMPLATE_VERSIONS


def _has_problem(c: Collector, name: str) -> bool:
    cell = c.parsed.about_cells.get(name)
    return bool(cell) and any(p.cell == cell and p.sheet == c.parsed.sheet_names.get("about") for p in c.problems)
