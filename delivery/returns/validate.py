"""Check a parsed return against the contract and itself, and report every problem at once.

Nothing is written until a return has no problems, so every check here runs on every
row and returns all it finds; the loader decides nothing from a partial list. The About
sheet's fields are checked by ``delivery.returns.about_sheet.check_about``, with this module's collector.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections import Counter
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from delivery.errors import NotAWorkbook
from delivery.reference.departments import code_lookup, where_to_add
from delivery.reference.suggest import did_you_mean_code
from delivery.returns import normalise
from delivery.returns.about_sheet import check_about
from delivery.returns.contract import ABOUT_SHEET, IDENTIFIER_COLUMNS, SHEETS, SHEETS_BY_TABLE, Column, label, named
from delivery.returns.dates import EITHER_WAY
from delivery.returns.explanations import check_explanations
from delivery.returns.limits import check_sizes
from delivery.returns.normalise import EARLIEST_DATE, PLAUSIBLE_FROM, PLAUSIBLE_UNTIL
from delivery.returns.parsed import Collector, ParsedReturn, shown
from delivery.returns.problems import Problem
from delivery.returns.reader import read_return

NOT_A_RETURN = (
    "This workbook is not a return: it has no About sheet and none of the return's tables "
    "(Priorities, Delivery chain, Milestones, ...). Start from the return template."
)

# Which table and column a reference column points at.
INDICATOR_REFS = ("trajectory", "actuals")


def _rows(parsed: ParsedReturn, table: str, *columns: str):
    """(row number, {column: value}) for each data row of a table, holding just the ``columns`` named.

    Only the columns a rule reads: ``to_dict("records")`` of whole tables was most of the
    cross-table checks' time on a national return."""
    frame = parsed.tables.get(table)
    if frame is None or frame.empty:
        return []
    values = zip(*(frame[column].tolist() for column in columns))
    return zip(frame["_row"].tolist(), (dict(zip(columns, record)) for record in values))


def _blank(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _as_date(value: object) -> dt.date | None:
    return None if _blank(value) else pd.Timestamp(value).date()


# --- each row --------------------------------------------------------------------------


def _check_cells(c: Collector, table: str) -> None:
    """Required values, date ranges, negative amounts, non-finite or too large numbers and invisible characters."""
    sheet, frame = SHEETS_BY_TABLE[table], c.parsed.tables.get(table)
    if frame is None or frame.empty:
        return
    shown = c.parsed.sheet(table)
    bad_problems = [p for p in c.problems if p.sheet == shown]
    bad = {p.cell for p in bad_problems if EITHER_WAY not in p.message}  # that note leaves the cell's checks on
    refused = {p.cell for p in bad_problems if not p.is_warning}
    for col in sheet.columns:
        if col.kind == "text":  # first: text of invisible characters only is blank, so maybe required
            _check_text(c, table, col.name, frame)
        values = frame[col.name]
        missing = values.isna() if col.required and col.name in c.parsed.columns.get(table, {}) else None
        if missing is not None and missing.any():  # pandas' boolean indexing is slow enough to skip when none
            _check_blanks(c, table, col, frame, missing, refused)  # a warned cell may be blank now
        if col.kind == "date":
            _check_date_range(c, table, col.name, frame, bad)
        elif col.kind in ("number", "money", "percent", "integer"):
            check_sizes(c, table, col, frame)  # first: it blanks what it refuses, which needs no other check
            _check_amounts(c, table, col, frame)


def _check_blanks(c: Collector, table: str, col: Column, frame: pd.DataFrame, missing: pd.Series, bad: set) -> None:
    """A required value left blank refuses the return; where a return may leave it blank (Column.if_blank),
    the row is kept with the value as NULL, and a warning."""
    for index, row in zip(frame.index[missing], frame["_row"][missing]):
        if c.parsed.cell(table, col.name, row) in bad:
            continue
        if col.if_blank:
            c.add(table, col.name, row, "", _blank_message(col, frame, index), warn=True)
        else:
            c.add(table, col.name, row, "", f"{named(col.name)} is required: {col.help}")


def _blank_message(col: Column, frame: pd.DataFrame, index) -> str:
    """Column.if_blank with the row's values for its {column} fields; a blank one reads '(no financial year)'."""
    fields = [name for _, name, _, _ in string.Formatter().parse(col.if_blank) if name]
    return col.if_blank.format(**{name: shown(frame.at[index, name]) or f"(no {label(name)})" for name in fields})


def _flag(
    c: Collector,
    table: str,
    column: str,
    frame: pd.DataFrame,
    mask: pd.Series,
    message: str,
    warn: bool = False,
    skip: frozenset | set = frozenset(),
) -> None:
    if not mask.any():  # the usual case, and pandas' indexing is slow enough to skip
        return
    for row, value in zip(frame["_row"][mask], frame[column][mask]):
        if c.parsed.cell(table, column, row) not in skip:
            c.add(table, column, row, value, message, warn)


def _check_date_range(c: Collector, table: str, column: str, frame: pd.DataFrame, bad: set) -> None:
    """Before 1900 is an error; before 2000 or after 2100 a warning (real programmes started in 1987)."""
    values = frame[column]
    days = values.to_numpy()  # numpy, not pandas, for the usual case: no date out of range (NaT compares false)
    if not ((days < np.datetime64(PLAUSIBLE_FROM)) | (days > np.datetime64(PLAUSIBLE_UNTIL))).any():
        return
    _flag(
        c,
        table,
        column,
        frame,
        values < pd.Timestamp(EARLIEST_DATE),
        f"{named(column)} must be a date from {normalise.as_text(EARLIEST_DATE)} on.",
    )
    early = (values >= pd.Timestamp(EARLIEST_DATE)) & (values < pd.Timestamp(PLAUSIBLE_FROM))
    # A cell already warned about (a two-digit year) shows the date read there: one warning is enough.
    _flag(c, table, column, frame, early, f"{named(column)} is before 2000: check it is the date meant.", True, bad)
    _flag(
        c,
        table,
        column,
        frame,
        values > pd.Timestamp(PLAUSIBLE_UNTIL),
        f"{named(column)} is after 2100: check it is the date meant.",
        True,
        bad,
    )


def _check_amounts(c: Collector, table: str, col, frame: pd.DataFrame) -> None:
    """Infinite numbers are refused; a negative amount of money is kept with a warning (net income is real)."""
    values = frame[col.name]
    numbers = values.to_numpy()
    if not ((numbers < 0) | np.isinf(numbers)).any():
        return  # the usual case: one pass over the column
    infinite = values.abs() == float("inf")
    _flag(c, table, col.name, frame, infinite, normalise.NOT_FINITE.format(column=named(col.name)))
    negative = (values < 0) & ~infinite
    if col.kind == "money":
        _flag(
            c,
            table,
            col.name,
            frame,
            negative,
            f"{named(col.name)} is negative: kept as given (net income is real); check the sign if it is not income.",
            True,
        )
    elif col.kind == "percent":
        _flag(c, table, col.name, frame, negative, f"{named(col.name)} must not be negative.")


def _check_text(c: Collector, table: str, column: str, frame: pd.DataFrame) -> None:
    """Invisible characters: refused in ids (they make look-alikes), removed from names and other text."""
    values = frame[column]
    is_id = column in IDENTIFIER_COLUMNS
    pattern = normalise.INVISIBLE_IN_ID if is_id else normalise.INVISIBLE
    found = {
        v: normalise.invisible_characters(v, pattern)
        for v in pd.unique(values.to_numpy())
        if type(v) is str and pattern.search(v)
    }
    if not found:
        return
    if is_id:
        for value, names in found.items():
            _flag(
                c,
                table,
                column,
                frame,
                values == value,
                f"{named(column)} contains invisible characters ({', '.join(names)}): type the id again without them.",
            )
    else:
        frame[column] = values.map(lambda v: (normalise.strip_invisible(v) or None) if v in found else v)


def _check_control_characters(c: Collector) -> None:
    """Control characters (an _x0007_ or ESC sequence decoded): refused in ids and codes, removed from
    other text (tab and line breaks kept) with one warning per cell; before every other check, so
    text that was nothing else is blank (maybe required) and the store never holds one."""
    about = c.parsed.about
    for name, value in list(about.items()):
        is_id = name == "department"
        if isinstance(value, str) and (normalise.CONTROL_IN_ID if is_id else normalise.CONTROL_IN_TEXT).search(value):
            c.about(name, value, _control_message(name, value, is_id), warn=not is_id)
            about[name] = value if is_id else normalise.CONTROL_IN_TEXT.sub("", value).strip() or None
    for sheet in SHEETS:
        frame = c.parsed.tables.get(sheet.table)
        for col in sheet.columns:
            if frame is not None and not frame.empty and col.kind in ("text", "codes") and col.name in frame:
                _controls_in_column(c, sheet.table, col, frame)


def _controls_in_column(c: Collector, table: str, col: Column, frame: pd.DataFrame) -> None:
    is_id = col.name in IDENTIFIER_COLUMNS or col.kind == "codes"
    pattern = normalise.CONTROL_IN_ID if is_id else normalise.CONTROL_IN_TEXT
    values = frame[col.name]
    found = {v for v in pd.unique(values.to_numpy()) if type(v) is str and pattern.search(v)}
    if not found:
        return  # the usual case: one pass over the column's distinct values
    mask = values.isin(found)
    for row, value in zip(frame["_row"][mask], values[mask]):
        c.add(table, col.name, row, value, _control_message(col.name, value, is_id), warn=not is_id)
    if not is_id:
        frame[col.name] = values.map(lambda v: (pattern.sub("", v).strip() or None) if v in found else v)


def _control_message(column: str, value: str, is_id: bool) -> str:
    codes = normalise.control_characters(value, normalise.CONTROL_IN_ID if is_id else normalise.CONTROL_IN_TEXT)
    some = "control characters" if "," in codes else "a control character"
    if is_id:
        return f"{named(column)} contains {some} ({codes}); remove {'them' if ',' in codes else 'it'}."
    return f"{named(column)} had {some} ({codes}) removed; check the text reads as meant."


def _check_duplicates(c: Collector, table: str) -> None:
    """Each row's key (contract.Sheet.key) is unique; the later copies are reported. A row one of whose key
    cells was refused is left out: its key is unknown, not blank (a month-first file's refused dates all
    read as blank, and would otherwise all be 'repeats' of each other)."""
    key, frame = list(SHEETS_BY_TABLE[table].key), c.parsed.tables.get(table)
    if frame is None or frame.empty:
        return
    if not frame.duplicated(subset=key, keep=False).any():
        return  # the usual case, found at C speed (rows with no key at all count here, so are looked at below)
    records = list(zip(*(frame[k].tolist() for k in key)))
    keys = [tuple(None if _blank(v) else v for v in record) for record in records]  # blanks are equal, as in pandas
    refused = {p.cell for p in c.problems if p.sheet == c.parsed.sheet(table) and not p.is_warning and p.cell}
    unknown = {row for row in frame["_row"].tolist() if any(c.parsed.cell(table, k, row) in refused for k in key)}
    rows = frame["_row"].tolist()
    counts = Counter(k for k, row in zip(keys, rows) if any(v is not None for v in k) and row not in unknown)
    first: dict[tuple, int] = {}
    for row, record, raw in zip(rows, records, keys):
        if counts.get(raw, 0) < 2 or row in unknown:
            continue
        values = tuple(shown(v) for v in record)
        if values in first:
            c.add(
                table,
                key[-1],
                row,
                record[-1],
                f"Repeated {' and '.join(named(k) for k in key)}: {', '.join(values)} is already on row "
                f"{first[values]}.",
            )
        else:
            first[values] = row


def _check_refs(c: Collector) -> None:
    """indicator_id points at rows of the Indicators sheet.

    A priority_id need not be on the Priorities sheet: a contributing department reports its
    part of another's priority (chain links, milestones, ...) without the row only the lead may
    give. Whether it is a priority the department contributes to is a question for the store:
    ``delivery.store.rights`` asks it."""
    checks = [(t, "indicator_id", "indicators", "Indicators") for t in INDICATOR_REFS]
    for table, column, target, target_sheet in checks:
        frame, known = c.parsed.tables.get(table), _ids(c.parsed, target, column)
        if frame is None or frame.empty:
            continue
        unknown = frame[column].notna() & ~frame[column].isin(known)
        for row, value in zip(frame["_row"][unknown], frame[column][unknown]):
            c.add(table, column, row, value, f"{named(column)} '{value}' is not on the {target_sheet} sheet.")


def _ids(parsed: ParsedReturn, table: str, column: str) -> set:
    frame = parsed.tables.get(table)
    return set() if frame is None else {v for v in frame[column].tolist() if v}


# --- rules across columns and tables ---------------------------------------------------


def _check_departments(c: Collector, codes: dict[str, str]) -> None:
    """lead_department is the About sheet's department; contributing codes are known departments."""
    about_dept = c.parsed.about.get("department")
    frame = c.parsed.tables.get("priorities")
    for row, rec in _rows(c.parsed, "priorities", "lead_department", "contributing_departments"):
        lead = rec.get("lead_department")
        if lead and about_dept and codes.get(lead.lower(), lead) != about_dept:
            c.add(
                "priorities",
                "lead_department",
                row,
                lead,
                f"{named('lead_department')} must be {about_dept}, the department on the About sheet.",
            )
        elif lead and about_dept:
            frame.loc[frame["_row"] == row, "lead_department"] = about_dept
        given = (rec.get("contributing_departments") or "").split(", ")
        unknown = [code for code in given if code and code.lower() not in codes]
        if unknown:
            c.add(
                "priorities",
                "contributing_departments",
                row,
                rec.get("contributing_departments"),
                f"{named('contributing_departments')} has codes that are not in the list of departments "
                f"({', '.join(unknown)})."
                + ("".join(did_you_mean_code(code, codes.values()) for code in unknown) or where_to_add(unknown)),
            )
        elif given != [""]:
            canonical = ", ".join(codes[code.lower()] for code in given)
            frame.loc[frame["_row"] == row, "contributing_departments"] = canonical


def _check_chain(c: Collector) -> None:
    """Parents exist within the priority, no cycles, milestones' node_id exists."""
    nodes = {}
    for row, rec in _rows(c.parsed, "chain_nodes", "priority_id", "node_id", "parent_node_id"):
        if rec.get("priority_id") and rec.get("node_id"):
            nodes.setdefault((rec["priority_id"], rec["node_id"]), (row, rec.get("parent_node_id")))
    for (pid, nid), (row, parent) in nodes.items():
        if parent and (pid, parent) not in nodes:
            c.add(
                "chain_nodes",
                "parent_node_id",
                row,
                parent,
                f"{named('parent_node_id')} '{parent}' is not a chain link of priority {pid} on this sheet.",
            )
        elif parent and _cycle(nodes, pid, nid):
            path = " -> ".join(_cycle(nodes, pid, nid))
            c.add(
                "chain_nodes",
                "parent_node_id",
                row,
                parent,
                f"{named('parent_node_id')} makes a loop ({path}): the chain must lead up to one top link.",
            )
    for row, rec in _rows(c.parsed, "milestones", "node_id", "priority_id"):
        nid, pid = rec.get("node_id"), rec.get("priority_id")
        if nid and pid and (pid, nid) not in nodes:
            c.add(
                "milestones",
                "node_id",
                row,
                nid,
                f"{named('node_id')} '{nid}' is not a chain link of priority {pid} on the Delivery chain sheet.",
            )


def _cycle(nodes: dict, pid: str, start: str) -> list[str]:
    """The loop of parent links back to ``start`` (['N1', 'N2', 'N1']), or [] if it reaches the top."""
    path, current = [start], nodes[(pid, start)][1]
    while current and (pid, current) in nodes and len(path) <= len(nodes):
        path.append(current)
        if current == start:
            return path
        if current in path[:-1]:
            return []  # a loop further up: reported on its own rows
        current = nodes[(pid, current)][1]
    return []


def _check_dates(c: Collector) -> None:
    """Dates that contradict each other or the return's period_end."""
    period_end = c.parsed.about.get("period_end")
    pe = normalise.as_text(period_end) if period_end else ""
    for row, rec in _rows(c.parsed, "indicators", "baseline_date", "target_date"):
        base, target = _as_date(rec.get("baseline_date")), _as_date(rec.get("target_date"))
        if base and target and target < base:
            c.add(
                "indicators",
                "target_date",
                row,
                target,
                f"{named('target_date')} must be after the {named('baseline_date')}.",
            )
    for row, rec in _rows(c.parsed, "risks", "raised_date", "due_date"):
        raised, due = _as_date(rec.get("raised_date")), _as_date(rec.get("due_date"))
        if raised and due and due < raised:
            c.add("risks", "due_date", row, due, f"{named('due_date')} must not be before the {named('raised_date')}.")
    if not period_end:
        return
    for table, column in (("actuals", "period_end"), ("milestones", "completed_date")):
        frame = c.parsed.tables.get(table)
        if frame is None or frame.empty:
            continue
        late = frame[column] > pd.Timestamp(period_end)
        for row, when in zip(frame["_row"][late], frame[column][late]):
            c.add(
                table,
                column,
                row,
                when,
                f"{named(column)} must not be after the return's period end ({pe}) on the About sheet.",
            )


# --- validate_return, check_return -----------------------------------------------------


def validate_return(
    parsed: ParsedReturn, departments: Collection[str] | Mapping[str, str], today: dt.date | None = None
) -> list[Problem]:
    """Every problem in a parsed return, including the reader's, sorted by sheet, row and column.

    ``departments``: the known codes, or a spelling -> code map (``department_lookup()``, with
    aliases). Department codes that match but for case, or by an alias, are rewritten to the
    canonical code (About, lead_department, contributing_departments), so the store holds one spelling.
    """
    if "about" not in parsed.sheet_names and not any(parsed.columns.values()):
        return [Problem("(file)", "", parsed.file_name, NOT_A_RETURN, parsed.file_name)]
    c = Collector(parsed)
    _check_control_characters(c)
    codes = code_lookup(departments)
    check_about(c, codes, today or dt.date.today())
    for sheet in SHEETS:
        _check_cells(c, sheet.table)
        _check_duplicates(c, sheet.table)
    _check_refs(c)
    _check_departments(c, codes)
    _check_chain(c)
    _check_dates(c)
    check_explanations(c)  # the reporting cycle's: as a warning, an error or not at all (a setting)
    return sort_problems(c.problems, parsed)


def sort_problems(problems: list[Problem], parsed: ParsedReturn | None = None) -> list[Problem]:
    """Problems in the order a user fixes them: file, About, then each sheet in order, by row, then column."""
    names = dict(parsed.sheet_names) if parsed else {}
    order = {"(file)": -1, names.get("about", ABOUT_SHEET): 0}
    for i, sheet in enumerate(SHEETS, start=1):
        order.setdefault(names.get(sheet.table, sheet.name), i)

    def key(p: Problem):
        m = re.fullmatch(r"([A-Z]+)(\d+)", p.cell)
        col, row = (m[1], int(m[2])) if m else ("", 0)
        return order.get(p.sheet, len(SHEETS) + 1), row, len(col), col

    return sorted(dict.fromkeys(problems), key=key)


def check_return(
    source: Path | str | bytes,
    departments: Collection[str] | Mapping[str, str],
    today: dt.date | None = None,
    file_name: str | None = None,
) -> tuple[ParsedReturn | None, list[Problem]]:
    """Read and validate a return; a file that is not a workbook becomes one problem."""
    name = file_name or (Path(source).name if isinstance(source, (str, Path)) else "the uploaded file")
    try:
        parsed = read_return(source, file_name=name)
    except NotAWorkbook as error:
        return None, [Problem("(file)", "", name, str(error), name)]
    return parsed, validate_return(parsed, departments, today)
