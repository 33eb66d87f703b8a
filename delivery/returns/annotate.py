"""Hand an analyst's own workbook back with every problem marked where they will fix it.

Each cell a problem points at gets a light red fill and a comment with the message (several
problems on one cell share one comment). An added "Problems" sheet, placed first and opened
on, lists every problem with a link to its cell, so problems with no single cell (a missing
sheet or column) are listed too. Everything else in the workbook is kept as openpyxl can
keep it: values, formulas, styles, validation; pictures and charts are not carried over.
This is the one workbook the app edits rather than writes new, so it is the one place openpyxl
writes; a workbook of the problems alone (``problems_workbook``) comes from ``xlsx_writer``.

Every value we write (a value found, a sheet name, a message quoting a cell) goes through the
app's one rule (``inert.set_text``): a value found of ``=cmd|' /C calc'!A0`` is listed as the
text ``'=cmd|' /C calc'!A0``, never as a formula that runs when the marked-up file is opened,
and a control character the reader decoded (``_x0007_``) is removed, so the file always saves.
The analyst's own cells are left as they are (openpyxl keeps their escapes as written).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from delivery.errors import NotAWorkbook
from delivery.returns import inert, safety
from delivery.returns.problems import Problem
from delivery.returns.xlsx_writer import SheetSpec, xlsx_bytes

PROBLEM_FILL = PatternFill(fill_type="solid", fgColor="FFFFC7CE")  # Excel's own "light red fill"
COMMENT_AUTHOR = "Delivery dashboard"
PROBLEMS_SHEET = "Problems"
PROBLEMS_HEADER = ("Sheet", "Cell", "Value found", "Problem")
PROBLEMS_WIDTHS = (18, 8, 24, 90)
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})")


def annotate_workbook(source_bytes: bytes, problems: Iterable[Problem], file_name: str = "the workbook") -> bytes:
    """The workbook's bytes with every problem cell filled light red and commented, plus a Problems sheet.

    Raises NotAWorkbook (one plain-English message) if the bytes are not a readable xlsx.
    """
    problems = list(problems)
    wb = _open(source_bytes, file_name)
    by_cell: dict[tuple[Worksheet, str], list[Problem]] = defaultdict(list)
    for problem in problems:
        target = _target(wb, problem)
        if target:
            by_cell[target].append(problem)
    for (ws, ref), found in by_cell.items():
        _mark(ws, ref, found)
    _add_problems_sheet(wb, problems, {id(p): f"'{ws.title}'!{ref}" for (ws, ref), ps in by_cell.items() for p in ps})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _open(data: bytes, name: str) -> Workbook:
    safety.check_workbook_bytes(data, name)  # never hand a zip bomb to openpyxl
    try:
        return load_workbook(io.BytesIO(data), rich_text=True)
    except Exception:  # openpyxl raises many types for damaged parts; all mean the same here
        raise NotAWorkbook(
            f"{name} cannot be opened to mark the problems on it. Use the problem list instead."
        ) from None


def _target(wb: Workbook, problem: Problem) -> tuple[Worksheet, str] | None:
    """The sheet and normalised cell ("F14") a problem points at, if both exist."""
    match = _CELL.fullmatch((problem.cell or "").strip())
    ws = _sheet(wb, problem.sheet)
    if not match or ws is None:
        return None
    return ws, f"{match.group(1).upper()}{match.group(2)}"


def _sheet(wb: Workbook, name: str) -> Worksheet | None:
    """The worksheet called ``name``, compared as the reader compares (case and spaces ignored)."""
    if name in wb.sheetnames:
        return wb[name]
    key = _loose(name)
    return next((wb[n] for n in wb.sheetnames if _loose(n) == key and key), None)


def _loose(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", (name or "").lower())


def _mark(ws: Worksheet, ref: str, problems: list[Problem]) -> None:
    cell = ws[ref]
    cell.fill = PROBLEM_FILL
    text = "\n".join(p.message for p in problems)
    if cell.comment is not None:  # keep the analyst's own note above ours
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(inert.escaped_for_office(text), COMMENT_AUTHOR)
    comment.width, comment.height = 300, 40 + 18 * text.count("\n") + len(text) // 2
    cell.comment = comment


def problem_rows(problems: list[Problem]) -> list[tuple]:
    """The Problems sheet's rows below its header: sheet, cell, value found, problem."""
    return [(p.sheet, p.cell, p.value, p.message) for p in problems] or [("", "", "", "No problems found.")]


def _add_problems_sheet(wb: Workbook, problems: list[Problem], marked_on: dict[int, str]) -> None:
    """``marked_on``: id of each problem marked on a cell -> that cell's in-book address."""
    ws = wb.create_sheet(_free_name(wb), 0)
    _append_text(ws, 1, PROBLEMS_HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row, values in enumerate(problem_rows(problems), start=2):
        _append_text(ws, row, values)
    for row, p in enumerate(problems, start=2):
        address = marked_on.get(id(p))
        if address:  # a link straight to the marked cell
            link = ws.cell(row, 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=address)
            link.font = Font(color="FF0563C1", underline="single")
    for letter, width in zip("ABCD", PROBLEMS_WIDTHS):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    for sheet in wb.worksheets:  # only one sheet may be selected when the book opens
        sheet.sheet_view.tabSelected = False
    wb.active = 0


def _append_text(ws: Worksheet, row: int, values: tuple) -> None:
    """Write a row of the Problems sheet through inert.set_text (a value found may start with '=')."""
    for column, value in enumerate(values, start=1):
        if value not in (None, ""):  # as ws.append leaves them: no cell at all
            inert.set_text(ws.cell(row, column), value)


def _free_name(wb: Workbook) -> str:
    """'Problems', or 'Problems (2)' if the workbook already has one."""
    name, n = PROBLEMS_SHEET, 1
    while name in wb.sheetnames:
        n += 1
        name = f"{PROBLEMS_SHEET} ({n})"
    return name


REPORT_COLUMNS = ["File", "Sheet", "Cell", "Value found", "Problem"]


def problems_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """The validation report as a table (file, sheet, cell, value found, problem), in the order given."""
    rows = [
        (p.file, p.sheet, p.cell, p.value, f"Warning: {p.message}" if p.is_warning else p.message) for p in problems
    ]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def problems_workbook(problems: Iterable[Problem]) -> bytes:
    """A workbook holding only the Problems sheet: for a file openpyxl cannot open to mark up.

    A new workbook, so made by the app's one writer (``xlsx_writer``), with every value through
    ``inert.inert_text`` as on the marked-up workbook's Problems sheet."""
    rows = [PROBLEMS_HEADER] + [tuple(inert.inert_text(v) or None for v in row) for row in problem_rows(list(problems))]
    return xlsx_bytes(
        [SheetSpec(PROBLEMS_SHEET, rows, freeze_header=True, bold_rows=frozenset({1}), widths=PROBLEMS_WIDTHS)]
    )
