"""Text that stays text when it leaves the app: in CSV files and in workbooks we write.

A spreadsheet runs a cell that starts with ``=`` (and, in CSV, ``+``, ``-``, ``@``, a tab or
a carriage return) as a formula: ``=cmd|' /C calc'!A0`` typed into a return would run a
program on the next person's computer that opens our download. One rule, ``inert_text``,
decides for every CSV cell and every workbook cell of user text we write:

- the check looks at the text as a spreadsheet might: NFKC-normalised (a full-width ``＝``
  is ``=``), past leading spaces, line breaks and invisible format characters (U+200B,
  U+FEFF, U+2060...), which some spreadsheets drop before they look for a formula. If the
  first real character starts a formula, or the text starts with a tab or carriage return,
  a single quote goes first (OWASP's advice; spreadsheets show the quote only in the
  formula bar of a CSV). The text itself is kept as typed.
- control characters (other than tab, line feed and carriage return) and U+FFFE/U+FFFF are
  removed: a workbook cannot hold them (openpyxl raises IllegalCharacterError) and in a CSV
  or on a terminal they only do harm (an ESC sequence recolours a terminal).

``csv_bytes`` writes every CSV the app offers with it; ``set_text`` puts a value into an
openpyxl cell with it, as text (openpyxl would otherwise store ``=...`` as a formula). Our own
fast writer (``xlsx_writer``) writes all text as inline strings already.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd
from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a workbook cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, plus DEL and the C1 controls,
# which are Unicode controls too, and the two non-characters): removed from any text we write.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_PASSED_OVER = {"Cf", "Zs", "Cc"}  # leading characters a spreadsheet may ignore before a formula


def inert_text(value):
    """``value`` safe for any CSV or workbook cell: unwritable characters removed, and a leading
    quote when the text would start a formula; anything that is not text is returned as given."""
    if not isinstance(value, str):
        return value
    text = UNWRITABLE.sub("", value) if UNWRITABLE.search(value) else value
    return "'" + text if starts_a_formula(text) else text


def starts_a_formula(text: str) -> bool:
    """True when ``text`` starts with a tab or carriage return, or its first real character (after
    NFKC and past spaces, line breaks and invisible characters) is =, +, - or @."""
    if text.startswith(("\t", "\r")):
        return True
    for ch in unicodedata.normalize("NFKC", text):
        if ch in FORMULA_STARTS:
            return True
        if not (ch.isspace() or unicodedata.category(ch) in _PASSED_OVER):
            return False
    return False


def csv_cell(value):
    """``value`` for a CSV cell (``inert_text``)."""
    return inert_text(value)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV (no index), every text cell and header made safe with ``inert_text``."""
    safe = frame.rename(columns=lambda c: inert_text(str(c)))
    safe = safe.apply(lambda col: col.map(inert_text) if col.dtype == object or pd.api.types.is_string_dtype(col)
                      else col)
    return safe.to_csv(index=False).encode("utf-8")


def set_text(cell: Cell, value) -> Cell:
    """Put ``value`` in an openpyxl cell through ``inert_text``; text is stored as text, never as a formula."""
    cell.value = value = inert_text(value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def writable(text: str) -> str:
    """``text`` without the characters a workbook cannot hold (for text that is not a cell: a comment)."""
    return UNWRITABLE.sub("", text)
