"""Measure a sheet part's cells from its bytes, with compiled regexes, when it is written as spreadsheet
programs write it.

The quick scan in ``delivery.returns.sheet_xml`` calls a Python function for every element
expat meets; on a national return that cost about twice calamine's own read. Excel, LibreOffice,
openpyxl, XlsxWriter and our writer all write a cell as ``<c r="B7" s="1" t="n"><v>...`` or
``<c r="B7" s="1"/>``: the address first, double quotes, one space between attributes, no
namespace prefix. For such a part this module finds every cell at C speed instead, while expat
still parses every byte (with no handler per element), so a part that is not well formed, or
holds a document type declaration, is refused exactly as before.

It counts a cell holding a ``<v>`` or ``<is>`` (after an optional ``<f>``), as the quick scan
does, and places it at its ``r``. Every ``<c `` in the bytes must be such a cell or an empty
one (``<c .../>``): then no cell can have been missed. Anything else (a cell without ``r``,
single quotes, a prefix, an error value, a formula-only or ``<c></c>`` cell, a comment holding
``<c ``, UTF-16) raises ``NeedsSlowerScan`` and the part is scanned again by expat's handlers,
which place such cells as calamine does. So a part this module measures gets the quick scan's
figure, with one difference, on calamine's side: a ``<v>`` outside any cell, which the quick
scan puts at the cell before it and calamine ignores, is not counted here.
"""

from __future__ import annotations

import re
from itertools import repeat

QUICK, EXACT = "quick", "exact"
_ATTRS = rb'(?: [A-Za-z:]++="[^"]*+")*+'  # possessive: a cell's tag is never read two ways
_REF = rb'r="([A-Za-z]{1,3}[0-9]{1,7})"'
_FORMULA = rb"(?:<f" + _ATTRS + rb">[^<]*+</f>|<f" + _ATTRS + rb"/>)?+"
VALUED = re.compile(rb"<c " + _REF + _ATTRS + rb">" + _FORMULA + rb"<(?:v|is)[ />]")
EMPTY = re.compile(rb"<c " + _REF + _ATTRS + rb"/>")
# Spellings of a cell this module leaves to expat: another space after its name, a prefix,
# an error value (its text is read by the exact scan), UTF-16 (its NUL bytes).
ODD = (re.compile(rb"<c[>/\t\r\n]"), re.compile(rb":c[\s/>]"))
ODD_BYTES = (b' t="e"', b"\x00")
MAX_CARRY = 4 << 20  # bytes held back waiting for the next cell; a part with none for longer is rescanned
LETTERS, DIGITS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", b"0123456789"


class NeedsSlowerScan(Exception):
    """The part holds something this scan does not place by itself: scan it again in ``mode`` (rare)."""

    def __init__(self, mode: str):
        super().__init__(mode)
        self.mode = mode


class RefGrid:
    """The reach of one sheet part's cells holding something, measured from its bytes chunk by chunk."""

    def __init__(self):
        self.rows = self.columns = 0
        self.errors: dict[str, str] = {}  # always empty: a part with error values is scanned exactly
        self._carry = b""

    def take(self, chunk: bytes) -> None:
        """Measure the cells of ``chunk`` (after any held back); the last cell waits for the next chunk."""
        data = self._carry + chunk
        cut = data.rfind(b"<c ")  # a cell's start and its first value travel together
        if cut <= 0:
            self._carry = data
            if len(data) > MAX_CARRY:
                raise NeedsSlowerScan(QUICK)
            return
        self._carry = data[cut:]
        self._measure(data[:cut])

    def finish(self) -> None:
        """Measure what is held back; call once the whole part has been fed."""
        data, self._carry = self._carry, b""
        self._measure(data)

    def _measure(self, data: bytes) -> None:
        if any(mark in data for mark in ODD_BYTES) or any(odd.search(data) for odd in ODD):
            raise NeedsSlowerScan(EXACT if ODD_BYTES[0] in data else QUICK)
        refs, cells = VALUED.findall(data), data.count(b"<c ")
        if len(refs) != cells and len(refs) + len(EMPTY.findall(data)) != cells:
            raise NeedsSlowerScan(QUICK)  # some cell is written another way: let expat place it
        if refs:
            self.rows = max(self.rows, max(map(int, map(bytes.lstrip, refs, repeat(LETTERS)))))
            letters = set(map(bytes.rstrip, refs, repeat(DIGITS)))
            self.columns = max(self.columns, max(map(column_number, letters)))


def column_number(letters: bytes) -> int:
    """A=1, Z=26, AA=27 ... in either case (``letters`` is 1-3 ASCII letters)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
