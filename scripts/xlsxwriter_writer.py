"""The challenger in scripts/bench_writers.py: our ``write_xlsx`` rebuilt on XlsxWriter.

Issue 7 asked whether XlsxWriter, the field's well-kept writer, could replace our
hand-written ``delivery/returns/xlsx_writer.py``. It writes the same workbooks (values,
bold frozen headers, widths, date formats, wrapped columns, hidden sheets, dropdowns with
prompts; the same values read back through calamine), but it took 3.9 times as long on the
national demo, so the package keeps its own writer and this one stays here, for the benchmark.

Every ``str`` is written with ``write_string`` (and the Workbook is told never to turn
strings into formulas, URLs or numbers), so ``=cmd|' /C calc'!A0`` stays text. Files are
deterministic: a fixed creation date, and in_memory mode gives every zip entry the same
timestamp. in_memory rather than constant_memory: that mode writes every part to a temp
file first, which made it slower still here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol

from delivery.returns.xlsx_writer import SheetSpec, Validation, write_whole

DATE_FORMAT = "dd mmm yyyy"  # 31 Mar 2027: no day/month ambiguity between UK and US readers
CREATED = dt.datetime(2000, 1, 1)  # fixed, so the same data gives the same bytes
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
_PIXELS_PER_CHARACTER = 7  # Calibri 11's widest digit: widths are stored in these units


# The same specs as our writer's, so the benchmark hands both the same objects.


def write_xlsx(path: Path | str, sheets: Sequence[SheetSpec]) -> Path:
    """Write ``sheets`` as an .xlsx workbook at ``path`` and return the path."""
    return write_whole(path, lambda partial: _write_workbook(partial, sheets))


def _write_workbook(path: Path, sheets: Sequence[SheetSpec]) -> None:
    workbook = xlsxwriter.Workbook(str(path), _OPTIONS)
    workbook.set_properties({"created": CREATED})
    formats = {
        "bold": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    for spec in sheets:
        _write_sheet(workbook.add_worksheet(spec.name), spec, formats)
    workbook.close()


def _write_sheet(ws, spec: SheetSpec, formats: dict) -> None:
    """Layout first (constant_memory needs it before any row), then the rows, then the rules."""
    if spec.hidden:
        ws.hide()
    if spec.freeze_header:
        ws.freeze_panes(1, 0)
    for col, width in enumerate(spec.widths):
        # set_column adds Excel's 5-pixel cell padding; our widths are the stored ones.
        ws.set_column_pixels(
            col, col, round(width * _PIXELS_PER_CHARACTER), formats["date"] if col in spec.date_columns else None
        )
    wrap = {col: formats["wrap"] for col in spec.wrap_columns}
    for row, values in enumerate(spec.rows):
        styles = {col: formats["bold"] for col in range(len(values))} if row + 1 in spec.bold_rows else wrap
        for col, value in enumerate(values):
            if value is not None:
                _write_cell(ws, row, col, value, styles.get(col), formats["date"])
    for rule in spec.validations:
        _add_validation(ws, rule)


def _write_cell(ws, row: int, col: int, value: object, style, date_style) -> None:
    """One value by its type; ``str`` always as text, never a formula or link."""
    kind = type(value)
    if kind is str:
        ws.write_string(row, col, value, style)
    elif kind is float or kind is int:
        if math.isfinite(value):
            ws.write_number(row, col, value, style)
    else:
        _write_other(ws, row, col, value, style, date_style)


def _write_other(ws, row: int, col: int, value: object, style, date_style) -> None:
    """Booleans, numpy numbers, dates and anything else (written as its text)."""
    dtype = getattr(value, "dtype", None)
    if isinstance(value, bool) or (dtype is not None and dtype.kind == "b"):
        ws.write_boolean(row, col, bool(value))
    elif isinstance(value, int) or (dtype is not None and dtype.kind in "iu"):
        ws.write_number(row, col, int(value), style)
    elif isinstance(value, float) or (dtype is not None and dtype.kind == "f"):
        _write_cell(ws, row, col, float(value), style, date_style)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, date_style)
    else:
        ws.write_string(row, col, str(value), style)


def _add_validation(ws, rule: Validation) -> None:
    first, _, last = rule.sqref.partition(":")
    (top, left), (bottom, right) = xl_cell_to_rowcol(first), xl_cell_to_rowcol(last or first)
    options: dict[str, object] = (
        {"validate": "any"}
        if rule.formula is None
        else {"validate": "list", "source": f"={rule.formula}", "show_error": rule.strict}
    )
    if rule.prompt:
        # Excel's limits; XlsxWriter drops a rule whose prompt is longer, so cut it instead.
        options |= {"input_title": _clip(rule.title, 32), "input_message": _clip(rule.prompt, 255)}
    if ws.data_validation(top, left, bottom, right, options) != 0:
        raise ValueError(f"XlsxWriter refused the data validation on {ws.name}!{rule.sqref}.")


def _clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 code units, the way Excel counts."""
    while len(text.encode("utf-16-le")) > 2 * limit:
        text = text[:-1]
    return text
