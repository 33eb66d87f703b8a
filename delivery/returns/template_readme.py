"""The template's README sheet: a short guide in the profile's words (its date order and currency), then
one line per sheet and column with what it accepts, then the departments. It says it was made from the
reference files, and to make the template again after they change."""

from __future__ import annotations

import datetime as dt

from delivery.reference import profile
from delivery.reference.ratings import ALL_RATINGS
from delivery.returns.contract import ABOUT_FIELDS, ABOUT_SHEET, SHEETS, TEMPLATE_VERSION, Column
from delivery.returns.template_lists import departments, list_for, rating_words


def allowed_values(column: Column) -> str:
    """What a column accepts, in words, for the README."""
    found, locale = list_for(column), profile.current()
    if column.kind == "rating":
        return (
            f"{', '.join(ALL_RATINGS)} (three-point returns: Red, Amber, Green), or a word of the rating "
            f"vocabulary: {', '.join(rating_words()[len(ALL_RATINGS) :])}"
        )
    if column.kind == "choice":
        return ", ".join(column.choices)
    if column.kind == "codes":
        return "department codes (see Departments below), separated by commas"
    if found:
        return "a department code (see Departments below)"
    if column.name == "financial_year":
        return f"a financial year as the profile writes it, e.g. {locale.fiscal_year_example}"
    return {
        "date": f"a date, e.g. {locale.date_text(dt.date(2027, 3, 31))}",
        "number": "a number",
        "money": f"{locale.currency_name} (negative for net income)",
        "percent": "a percentage, e.g. 5",
        "integer": "a whole number",
    }.get(column.kind, "text")


def _guide() -> tuple[tuple[str, str], ...]:
    """The README's guide, in the profile's words (its date order, currency)."""
    locale = profile.current()
    return (
        (
            "Made from",
            "The dropdowns and the list of departments below were made from the dashboard's reference files "
            f"({profile.display_path(profile.reference_folder())}) when this template was made. After those files "
            "change (a new department, a new rating word), make the template again: download it from the Upload "
            "page, or run python -m delivery template OUT.xlsx.",
        ),
        *_GUIDE_TEXT[:2],
        (
            "Ratings",
            "Delivery confidence, spelled Red, Amber/Red, Amber, Amber/Green or Green; Complete when done; "
            "Not assessed when there is no judgement yet. Departments on the three-point scale use Red, "
            "Amber and Green: the same words. The dropdown suggests them and the words of the dashboard's rating "
            f"vocabulary{_such_as(rating_words()[len(ALL_RATINGS) :])}, which are read as the rating they mean and "
            "kept as written.",
        ),
        (
            "Dates",
            f"Excel dates, or typed as {locale.date_text(dt.date(2027, 3, 31))} ({locale.order_words}). Write the "
            "year in full: a two-digit year is read in the century nearest the period_end, with a warning.",
        ),
        _GUIDE_TEXT[2],
        (
            "Money",
            f"{locale.currency_name.capitalize()} (not thousands or millions). A negative amount (net income) is "
            "kept, with a warning.",
        ),
        ("Template version", TEMPLATE_VERSION),
    )


def _such_as(words: tuple[str, ...]) -> str:
    """ " (such as 'No DCA' or 'On track')", from the vocabulary's first two words ('' when it has none)."""
    return f" (such as {' or '.join(repr(w) for w in words[:2])})" if words else ""


_GUIDE_TEXT = (
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
        "Blanks",
        "In the table below, a column marked 'yes' must be filled on every row, or the return is "
        "refused. One marked 'expected' ("
        + ", ".join(f"{s.name} {c.name}" for s in SHEETS for c in s.columns if c.if_blank)
        + ") may be left blank "
        "when the value cannot be shared or is not known yet: the row is kept, with a warning. "
        "One marked 'no' may be left blank.",
    ),
)
DEPARTMENTS_HEADING = "Departments"


def readme_rows() -> list[list]:
    """The README sheet: a short guide, then one line per sheet and per column with its help."""
    rows: list[list] = [[f"Delivery return template, version {TEMPLATE_VERSION}"]]
    rows += [[title, text] for title, text in _guide()]
    rows += [[], ["sheet", "column", "required", "allowed values", "what to put"]]
    rows.append([ABOUT_SHEET, None, None, None, "About this return: column A names the field, column B its value."])
    rows += [[ABOUT_SHEET, f.name, f.requirement, allowed_values(f), f.help] for f in ABOUT_FIELDS]
    for sheet in SHEETS:
        rows.append([sheet.name, None, None, None, sheet.help])
        rows += [[sheet.name, c.name, c.requirement, allowed_values(c), c.help] for c in sheet.columns]
    rows += [[], [DEPARTMENTS_HEADING, "name"]] + [[code, name] for code, name in departments()]
    return rows


def readme_bold(rows: list[list]) -> frozenset[int]:
    """Bold the title, the column table's header and the departments heading."""
    headings = {"sheet", DEPARTMENTS_HEADING}
    return frozenset({1} | {n for n, row in enumerate(rows, 1) if row and row[0] in headings})
