"""Text that stays text when it leaves the app: in CSV files and in workbooks we write.

A spreadsheet runs a cell that starts with ``=`` (and, in CSV, ``+``, ``-``, ``@``, a tab or
a carriage return) as a formula: ``=cmd|' /C calc'!A0`` typed into a return would run a
program on the next person's computer that opens our download. So:

- every CSV the app offers is written by ``csv_bytes``, which puts a single quote before
  any text cell that starts with one of those characters (OWASP's advice; spreadsheets
  show the quote only in the formula bar). Numbers stay numbers.
- every cell of text that openpyxl writes for us goes through ``set_text``, which keeps it
  a text cell even when it starts with ``=`` (openpyxl would otherwise store a formula).
  Our own fast writer (``xlsx_writer``) writes all text as inline strings already.
"""
from __future__ import annotations

import pandas as pd
from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` for a CSV cell: text that a spreadsheet would run gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV (no index), every text cell and header made safe with ``csv_cell``."""
    safe = frame.rename(columns=lambda c: csv_cell(str(c)))
    safe = safe.apply(lambda col: col.map(csv_cell) if col.dtype == object or pd.api.types.is_string_dtype(col)
                      else col)
    return safe.to_csv(index=False).encode("utf-8")


def set_text(cell: Cell, value) -> Cell:
    """Put ``value`` in an openpyxl cell; text is stored as text, never as a formula."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell
