"""Read a return workbook into typed tables, keeping every cell's spreadsheet address.

The file's size is checked before it is read; then everything else happens in a child process
(``delivery.returns.isolated``): the bytes are checked by ``delivery.returns.safety`` before any
parser sees them (calamine aborts the process on some hostile files), and if the parser fails
anyway only the child dies and the file is refused. Values come from python-calamine (about ten times
faster than openpyxl; it reads formulas' cached values, hidden columns and 1904 dates).
Styles matter only for a rating cell with no text but a red, amber or green fill, and a
number shown as a percentage (Excel stores 45% as 0.45; we read 45, like the text "45%").
For those, ``delivery.returns.cell_styles`` reads the stylesheet and theme with openpyxl, and the
cells' style ids from a scan of the sheet XML for just those columns, only if some style
has a fill or a %. The About sheet is read by ``delivery.returns.about_sheet``.
Excel error values (#N/A) read as blank in calamine; safety's scan finds them, so they
become problems at their cells.

Measured on a return with 20,000 Actuals rows (CPU seconds, on a loaded 2-core machine):
read_return 0.2, with validate_return 0.3; pandas.read_excel(sheet_name=None) 1.8-3.0 with
its default openpyxl engine, 0.15-0.19 with engine="calamine". 200,000 rows: 2.0-2.5
against 21-26 and 1.2-1.6. The gap to calamine-in-pandas is the safety scan and typing.

Each sheet is found by name ignoring case, spaces and underscores; its header row is the
first row (of the first ``HEADER_SCAN_ROWS``) holding all the required column names, so a
title banner or blank rows above it are fine; fully blank rows are skipped. Optional
columns may be left out (they read as blank); a missing required column is a problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from delivery import settings
from delivery.errors import NotAWorkbook
from delivery.reference import profile, ratings, vocabulary
from delivery.returns import about_sheet, isolated, limits, normalise, safety
from delivery.returns.cell_styles import CellStyles, apply_styles
from delivery.returns.contract import ABOUT_SHEET, SHEETS, Column, Sheet, named
from delivery.returns.normalise import header_key
from delivery.returns.openpyxl_private import read_stylesheet
from delivery.returns.parsed import ParsedReturn
from delivery.returns.problems import Problem, warning

HEADER_SCAN_ROWS = 50
MAX_ROWS = 1_100_000  # more than Excel's 1,048,576: a sheet claiming more is not a return
NUMERIC_KINDS = ("number", "money", "percent", "integer")


def _load_bytes(source: Path | str | bytes, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), file_name or "the uploaded file"
    path = Path(source)
    name = file_name or path.name
    try:
        safety.check_size(path.stat().st_size, name)
        return path.read_bytes(), name
    except OSError as error:
        raise NotAWorkbook(f"{name} cannot be opened ({error.strerror or 'unreadable'}).") from None


def _reraise_interrupts(error: BaseException) -> None:
    """Let Ctrl-C, exits and running out of memory through (the child reports memory as memory); a
    Rust panic in calamine is a BaseException too, and means a bad file."""
    if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)) or isolated.ran_out_of_memory(error):
        raise error


def _open_calamine(data: bytes, name: str):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as error:  # calamine raises many types (even Rust panics) for damaged parts
        _reraise_interrupts(error)
        raise NotAWorkbook(
            f"{name} is damaged: Excel's workbook parts inside it cannot be read. "
            "Open it in Excel, save it again and try again."
        ) from None


def _sheet_rows(book, sheet_name: str, name: str) -> tuple[int, Iterator[list]]:
    """(index of the first used column, an iterator over every row's values from row 1)."""
    try:
        sheet = book.get_sheet_by_name(sheet_name)
    except BaseException as error:
        _reraise_interrupts(error)
        raise NotAWorkbook(
            f"{name} is damaged: the sheet '{sheet_name}' cannot be read. "
            "Open it in Excel, save it again and try again."
        ) from None
    if sheet.start is None:
        return 0, iter(())
    # calamine yields rows from row 1 but columns from the first used column.
    return sheet.start[1], iter(sheet.iter_rows())


def read_return(source: Path | str | bytes, file_name: str | None = None) -> ParsedReturn:
    """Read a return workbook (path or bytes). Raises NotAWorkbook with one plain-English message.

    The file's size is checked before it is read; the rest happens in a child process
    (``delivery.returns.isolated``), so a file that crashes the parser is refused, not fatal."""
    data, name = _load_bytes(source, file_name)
    try:
        locale = profile.usable()
    except profile.ProfileError as error:  # a file-level problem, wherever a return is read: nothing read wrongly
        raise NotAWorkbook(f"{name} was not read. {error}") from None
    safety.check_size(len(data), name)
    max_rows = settings.get("DELIVERY_MAX_ROWS_PER_SHEET")
    ratings.vocabulary_ratings()  # a broken vocabulary file is one plain sentence here, not in the child
    try:
        return isolated.run(
            read_return_bytes,
            data,
            name,
            max_rows,
            str(vocabulary.vocabulary_csv()),
            limits.TextLimits.from_settings(),
            locale,
        )
    except isolated.ReaderFailed as failed:
        raise NotAWorkbook(
            _FAILED[failed.why].format(
                name=name, mb=settings.get("DELIVERY_READER_MEMORY_MB"), seconds=isolated.CPU_SECONDS
            )
        ) from None


_FAILED = {
    "crashed": "{name} could not be read safely: the spreadsheet reader stopped on it. Open it in Excel, "
    "save it again and try again.",
    "memory": "{name} could not be read safely: reading it needed more than {mb:,} MB of memory. Remove pictures, "
    "unused sheets and stray cells far from the tables, save it and try again.",
    "system memory": "{name} could not be read: the computer ran short of memory while reading it, and the "
    "system stopped the reader. Try again in a few minutes; if it happens again, remove "
    "pictures, unused sheets and stray cells far from the tables, save it and try again.",
    "time": "{name} could not be read safely: reading it took more than {seconds} seconds. Remove unused sheets "
    "and stray cells far from the tables, save it and try again.",
}


def read_return_bytes(
    data: bytes,
    name: str,
    max_rows: int,
    words: str | None = None,
    text_limits: limits.TextLimits | None = None,
    locale: profile.Profile | None = None,
) -> ParsedReturn:
    """Read a return from its bytes, in this process: what read_return runs in its child process.

    ``words`` is the rating vocabulary file the caller uses, so the child reads the same one;
    ``text_limits`` the caller's text limits (default: the settings); ``locale`` the caller's profile, so
    dates, money and fiscal years are read as the caller reads them."""
    text_limits = text_limits or limits.TextLimits.from_settings()
    if words:
        vocabulary.RATING_VOCABULARY_CSV = Path(words)
    if locale:
        profile.pin(locale)
    error_parts = safety.check_workbook_bytes(data, name, max_rows)
    book = _open_calamine(data, name)
    errors = _errors_by_sheet(data, error_parts) if error_parts else {}
    found = {header_key(n): n for n in reversed(book.sheet_names)}
    parsed = ParsedReturn(name, hashlib.sha256(data).hexdigest(), {}, {}, {}, [])
    about = found.get(header_key(ABOUT_SHEET))
    about_sheet.read_about(about, _sheet_rows(book, about, name) if about else (0, iter(())), parsed, text_limits)
    budget = limits.TextBudget(text_limits, name)
    styles = CellStyles(data)
    for sheet in SHEETS:
        sheet_name = found.get(header_key(sheet.name)) or found.get(header_key(sheet.table))
        parsed.sheet_names[sheet.table] = sheet_name or sheet.name
        rows = _sheet_rows(book, sheet_name, name) if sheet_name else (0, iter(()))
        _read_table(sheet, sheet_name, rows, parsed, errors.get(sheet_name, {}), styles, budget)
    return parsed


def _errors_by_sheet(data: bytes, error_parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Excel error values by sheet name and cell, from safety's scan (which knows only zip part names)."""
    try:
        sheet_paths = read_stylesheet(data).parts
    except MemoryError:
        raise  # the child reports it as memory
    except Exception:  # without the sheet names the errors read as blanks, which the validator still sees
        return {}
    part = {p.lower().replace("\\", "/").lstrip("/"): cells for p, cells in error_parts.items()}
    return {
        sheet: part[path.lower().lstrip("/")] for sheet, path in sheet_paths.items() if path.lower().lstrip("/") in part
    }


# --- tables --------------------------------------------------------------------------


def _find_header(scanned: list[list], sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row among the first rows: (its index in ``scanned``, {column name: index in row})."""
    wanted = {header_key(c.name): c.name for c in sheet.columns}
    required = {c.name for c in sheet.columns if c.required}
    best = None
    for index, values in enumerate(scanned):
        matched: dict[str, int] = {}
        for i, value in enumerate(values):
            name = wanted.get(header_key(value)) if isinstance(value, str) else None
            if name and name not in matched:
                matched[name] = i
        if required <= matched.keys():
            return index, matched
        if matched and (best is None or len(matched) > len(best[1])):
            best = (index, matched)
    return best


def _read_table(
    sheet: Sheet,
    sheet_name: str | None,
    rows: tuple[int, Iterator[list]],
    parsed: ParsedReturn,
    errors: dict[str, str],
    styles: CellStyles,
    budget: limits.TextBudget,
) -> None:
    """Read one table sheet into parsed.tables, with its cell problems; its text counts against ``budget``."""
    shown, (first_col, values) = sheet_name or sheet.name, rows
    scanned = list(islice(values, HEADER_SCAN_ROWS))
    header = _find_header(scanned, sheet) if sheet_name else None
    if sheet_name is None:
        parsed.problems.append(
            Problem(
                shown,
                "",
                "",
                f"The sheet '{sheet.name}' is missing: add it, with its "
                "header row, from the template (leave it with no rows if it does not apply).",
                parsed.file_name,
            )
        )
    elif header is None:
        parsed.problems.append(
            Problem(
                shown,
                "",
                "",
                f"No header row found on '{shown}': the first row of the table "
                f"must name its columns ({', '.join(sheet.column_names)}).",
                parsed.file_name,
            )
        )
    index, matched = header or (0, {})
    for column in sheet.columns:
        if column.required and header and column.name not in matched:
            parsed.problems.append(
                Problem(
                    shown,
                    "",
                    "",
                    f"The column '{column.name}' is missing from the header row (row {index + 1}): add it.",
                    parsed.file_name,
                )
            )
    parsed.columns[sheet.table] = {n: get_column_letter(first_col + i + 1) for n, i in matched.items()}
    body = chain(scanned[index + 1 :], values)
    raw = _collect_rows(body, index + 2, matched, shown, parsed) if header else {"_row": []}
    _build_frame(sheet, shown, raw, parsed, errors, lambda letter: styles.of_column(sheet_name, letter), budget)


def _is_blank_cell(value: object) -> bool:
    return value == "" or value is None or (type(value) is str and value.isspace())


def _collect_rows(
    body: Iterator[list], first_row: int, matched: dict[str, int], shown: str, parsed: ParsedReturn
) -> dict[str, list]:
    """The raw values of each matched column for every non-blank data row, and the rows' numbers."""
    names, width = list(matched), len(matched)
    pick = itemgetter(*matched.values()) if width > 1 else (lambda values, i=matched[names[0]]: (values[i],))
    kept, numbers = [], []
    for row, values in enumerate(body, start=first_row):
        cells = pick(values)
        if cells.count("") == width or all(map(_is_blank_cell, cells)):
            continue
        if row > MAX_ROWS:
            parsed.problems.append(
                Problem(
                    shown,
                    "",
                    "",
                    f"The sheet has more than {MAX_ROWS:,} rows; only the first were read.",
                    parsed.file_name,
                )
            )
            break
        kept.append(cells)
        numbers.append(row)
    columns = list(zip(*kept)) if kept else [()] * width
    return {n: list(c) for n, c in zip(names, columns)} | {"_row": numbers}


def _build_frame(
    sheet: Sheet,
    shown: str,
    raw: dict[str, list],
    parsed: ParsedReturn,
    errors: dict[str, str],
    column_styles,
    budget: limits.TextBudget,
) -> None:
    rows = raw["_row"]
    data: dict[str, object] = {}
    written: dict[str, pd.Series] = {}  # each rating's word as written, after the sheet's columns (as stored)
    for column in sheet.columns:
        values = raw.get(column.name)
        if values is None:
            values = [None] * len(rows)
        values = _within_limits(column, values, rows, sheet, shown, parsed, budget)
        typed = _parse_column(column, values, rows, sheet, shown, parsed, errors)
        letter = parsed.columns[sheet.table].get(column.name)
        if letter and column.kind in ("rating", "number", "percent"):
            apply_styles(column, values, typed, rows, lambda letter=letter: column_styles(letter))
        data[column.name] = _series(column, typed)
        if column.kind == "rating":  # the word as written, when the vocabulary turned it into a rating
            words: dict = {}  # a rating column holds a handful of distinct words
            written[f"{column.name}_as_written"] = pd.Series(
                [words[v] if v in words else words.setdefault(v, normalise.rating_as_written(v)) for v in values],
                dtype=object,
            )
    data |= written
    data["_row"] = pd.Series(rows, dtype="int64")
    parsed.tables[sheet.table] = pd.DataFrame(data)


def _within_limits(
    column: Column,
    values: list,
    rows: list[int],
    sheet: Sheet,
    shown: str,
    parsed: ParsedReturn,
    budget: limits.TextBudget,
) -> list:
    """The column's values with each too-long text refused at its cell and read as blank (limits.check_lengths)."""
    letter = parsed.columns[sheet.table].get(column.name, "")

    def refuse(index: int, message: str, start: str) -> None:
        parsed.problems.append(Problem(shown, f"{letter}{rows[index]}", start, message, parsed.file_name))

    return limits.check_lengths(column, values, budget, refuse)


def _parse_column(
    column: Column,
    values: list,
    rows: list[int],
    sheet: Sheet,
    shown: str,
    parsed: ParsedReturn,
    errors: dict[str, str],
) -> list:
    typed = []
    letter = parsed.columns[sheet.table].get(column.name, "")
    near = parsed.about.get("period_end")  # the About sheet is read first: two-digit years' century
    fast = () if column.name in normalise.COLUMN_PARSERS else _FAST_TYPES.get(column.kind, ())
    parse = (
        _remembered(column, near)
        if column.kind in ("rating", "choice")
        else (lambda v: normalise.parse_value(v, column.name, column.kind, column.choices, near))
    )
    either_way = column.kind == "date"  # one warning per column: its first date that reads either way round
    for value, row in zip(values, rows):
        if type(value) in fast and value == value and value != "":  # the common case: already the right type
            typed.append(value if column.kind != "text" else value.strip() or None)
            continue
        if _is_blank_cell(value):
            value = errors.get(f"{letter}{row}")  # an Excel error (#N/A) reads as blank in calamine
        try:
            if value in normalise.EXCEL_ERRORS or (
                isinstance(value, str) and value.startswith("#") and f"{letter}{row}" in errors
            ):
                raise normalise.BadValue(
                    f"{named(column.name)} is an Excel error ({value}): correct the formula or type the value in."
                )
            out = parse(value)
            if either_way and (said := normalise.either_way_message(value, out)):
                either_way = False
                parsed.problems.append(
                    warning(shown, f"{letter}{row}", normalise.as_text(value), said, parsed.file_name)
                )
            if column.kind == "date" and normalise.has_two_digit_year(value):
                parsed.problems.append(
                    warning(
                        shown,
                        f"{letter}{row}",
                        normalise.as_text(value),
                        normalise.two_digit_year_message(out, near),
                        parsed.file_name,
                    )
                )
            turned = normalise.other_way_round_message(value, column.name) if column.kind == "rating" else None
            if turned:
                parsed.problems.append(
                    warning(shown, f"{letter}{row}", normalise.as_text(value), turned, parsed.file_name)
                )
        except normalise.BadValue as error:
            parsed.problems.append(
                Problem(shown, f"{letter}{row}", normalise.as_text(value), str(error), parsed.file_name)
            )
            out = None
        typed.append(out)
    return typed


def _remembered(column: Column, near):
    """parse_value for a rating or choice column, remembering each distinct value's outcome: a handful
    of words over thousands of rows (a national return's milestones), each matched through the vocabulary."""
    outcomes: dict = {}

    def parse(value):
        if value not in outcomes:
            try:
                outcomes[value] = (normalise.parse_value(value, column.name, column.kind, column.choices, near), None)
            except normalise.BadValue as error:
                outcomes[value] = (None, error)
        if outcomes[value][1] is not None:
            raise outcomes[value][1]
        return outcomes[value][0]

    return parse


# Values that need no parsing: floats in number columns (not inf), dates in date columns,
# text in text columns. Percent is left out: a fraction may need its cell's format.
_FAST_TYPES = {"number": (float,), "money": (float,), "integer": (float,), "date": (dt.date,), "text": (str,)}


def _series(column: Column, typed: list) -> pd.Series:
    if column.kind == "date":
        return pd.Series(pd.to_datetime(pd.Series(typed, dtype=object)), dtype="datetime64[us]")
    if column.kind in NUMERIC_KINDS:
        return pd.Series([float("nan") if v is None else v for v in typed], dtype="float64")
    return pd.Series(typed, dtype=object)
