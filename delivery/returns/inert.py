"""Text that stays text when it leaves the app: in CSV files and in workbooks we write.

A spreadsheet runs a cell that starts with ``=`` (and, in CSV, ``+``, ``-``, ``@``, a tab or
a carriage return) as a formula: ``=cmd|' /C calc'!A0`` typed into a return would run a
program on the next person's computer that opens our download. One test, ``starts_a_formula``,
decides for every CSV cell and every workbook cell we write:

- it looks at the text as a spreadsheet might: past leading spaces, line breaks and invisible
  format characters (U+200B, U+FEFF, U+2060, U+00AD...), which some spreadsheets drop before
  they look for a formula, at the first real character, as typed and after NFKC (a full-width
  ``＝＋－＠`` is ``=+-@``; NFKC of the whole text would hide ``=`` followed by a combining
  U+0338 inside ``≠``). A tab or carriage return anywhere before that character counts too.

Then, by where the text goes:

- ``inert_text`` (every CSV the app offers, through ``csv_bytes``, and every text cell of the
  workbooks made for reading: the Excel pack, the Problems sheet): a single quote goes first
  (OWASP's advice; it stays a quote when the file is saved again as CSV), and control
  characters (other than tab, line feed and carriage return) and U+FFFE/U+FFFF are removed: a
  workbook cannot hold them (openpyxl raises IllegalCharacterError) and in a CSV or on a
  terminal they only do harm (an ESC sequence recolours a terminal).
- ``xlsx_writer`` writes every text cell as text, never as a formula, and marks text that
  ``starts_a_formula`` with Excel's own quote prefix (the apostrophe Excel keeps when you type
  ``'=1``: not part of the value), so it stays text when edited, and a return we export loads
  back exactly as typed. ``set_text`` does the first for an openpyxl cell (the marked-up workbook),
  with ``escaped_for_office``.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
from openpyxl.cell.cell import Cell

FORMULA_STARTS = frozenset("=+-@\t\r")
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
    """True when the first real character of ``text`` (past spaces, line breaks and invisible
    characters), as typed or after NFKC, is =, +, - or @, or a tab or carriage return comes first."""
    if text[:1].isalnum():  # most text: a letter or digit is never a formula, nor passed over
        return False
    for ch in text:
        if ch in FORMULA_STARTS or unicodedata.normalize("NFKC", ch)[:1] in FORMULA_STARTS:
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
    safe = safe.apply(
        lambda col: col.map(inert_text) if col.dtype == object or pd.api.types.is_string_dtype(col) else col
    )
    # CRLF, as RFC 4180 has it: the csv module then quotes a field holding a carriage return, which a
    # spreadsheet would otherwise take as the end of the row, and start the next with "=1".
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def set_text(cell: Cell, value) -> Cell:
    """Put ``value`` in an openpyxl cell through ``inert_text`` and ``escaped_for_office``; text is stored
    as text, never as a formula."""
    value = inert_text(value)
    cell.value = value = escaped_for_office(value) if isinstance(value, str) else value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def escaped_for_office(text: str) -> str:
    """``text`` as a part Office decodes must hold it (a slide, a comment, an openpyxl cell): no control
    character, a carriage return as a line feed (python-pptx writes a raw one as _x000D_), and a literal
    "_xHHHH_" escaped as Excel escapes it (``_x005F_xHHHH_``), or Office reads it as the character it names."""
    return _OFFICE_ESCAPE.sub(r"_x005F_\1", writable(text).replace("\r\n", "\n").replace("\r", "\n"))


_OFFICE_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def writable(text: str) -> str:
    """``text`` without the characters a workbook cannot hold (for text that is not a cell: a comment)."""
    return UNWRITABLE.sub("", text)
