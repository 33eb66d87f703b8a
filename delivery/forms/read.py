"""Read the cells a datamap names from a department's own form, with every defence a return has.

The form is read like a return (delivery/returns/reader.py): its size checked first, then in the
reader's child process (``isolated``: memory and CPU limits) its bytes are checked by ``safety``
before calamine sees them. A macro-enabled form (``.xlsm``) is read the same way: calamine reads
cell values only, so a macro is never run, and nothing of the form is kept but the values read.
An Excel error value (#N/A) reads as its text, which the return's checks refuse at its cell.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from delivery import settings
from delivery.errors import NotAWorkbook
from delivery.returns import isolated, reader, safety
from delivery.returns.normalise import header_key


@dataclass
class FormCells:
    """The values found in a form's cells, by (their sheet as the datamap names it, cell)."""

    file_name: str
    sha256: str
    values: dict[tuple[str, str], object] = field(default_factory=dict)
    missing_sheets: list[str] = field(default_factory=list)

    def value(self, sheet: str, cell: str) -> object:
        """The value in ``sheet!cell`` (None when blank or when the sheet is missing)."""
        return self.values.get((sheet, cell))


def read_form(source: Path | str | bytes, wanted: dict[str, list[str]], file_name: str | None = None) -> FormCells:
    """Read the cells ``wanted`` ({their sheet: [cells]}) from a form (path or bytes).

    Raises NotAWorkbook with one plain sentence when the file is not a workbook that can be read safely."""
    return _isolated(read_form_bytes, source, file_name, wanted)


def read_form_bytes(data: bytes, name: str, wanted: dict[str, list[str]], max_rows: int) -> FormCells:
    """``read_form`` in this process: what it runs in the reader's child process."""
    error_parts = safety.check_workbook_bytes(data, name, max_rows)
    book = reader._open_calamine(data, name)  # noqa: SLF001
    errors = reader._errors_by_sheet(data, error_parts) if error_parts else {}  # noqa: SLF001
    found = {header_key(n): n for n in reversed(book.sheet_names)}
    cells = FormCells(name, hashlib.sha256(data).hexdigest())
    for sheet, refs in wanted.items():
        actual = sheet if sheet in book.sheet_names else found.get(header_key(sheet))
        if actual is None:
            cells.missing_sheets.append(sheet)
            continue
        first_col, rows = reader._sheet_rows(book, actual, name)  # noqa: SLF001
        places = {ref: coordinate_from_string(ref) for ref in refs}
        last = max(row for _, row in places.values())
        grid = list(islice(rows, last))
        for ref, (letters, row) in places.items():
            index = column_index_from_string(letters) - 1 - first_col
            values = grid[row - 1] if row <= len(grid) else []
            value = values[index] if 0 <= index < len(values) else None
            value = errors.get(actual, {}).get(ref, value)
            cells.values[sheet, ref] = None if value == "" else value
    return cells


def read_table(source: Path | str | bytes, sheet: str | None, file_name: str | None = None) -> tuple[str, FormCells]:
    """Every value of one sheet of a flat table (``sheet``, or the first), by cell: (the sheet's name, its cells).

    Read like a form: size checked, then in the reader's child process after ``safety``'s checks."""
    return _isolated(read_table_bytes, source, file_name, sheet)


def _isolated(function, source: Path | str | bytes, file_name: str | None, *args):
    """``function(data, name, *args, max_rows)`` in the reader's child process, the file's size checked first;
    a child that dies or runs out of memory or time is one plain sentence, as for a return."""
    data, name = reader._load_bytes(source, file_name)  # noqa: SLF001 (the one size check for every workbook)
    safety.check_size(len(data), name)
    try:
        return isolated.run(function, data, name, *args, settings.get("DELIVERY_MAX_ROWS_PER_SHEET"))
    except isolated.ReaderFailed as failed:
        raise NotAWorkbook(
            reader._FAILED[failed.why].format(  # noqa: SLF001 (one wording for every refused workbook)
                name=name, mb=settings.get("DELIVERY_READER_MEMORY_MB"), seconds=isolated.CPU_SECONDS
            )
        ) from None


def read_table_bytes(data: bytes, name: str, sheet: str | None, max_rows: int) -> tuple[str, FormCells]:
    """``read_table`` in this process: what it runs in the reader's child process."""
    error_parts = safety.check_workbook_bytes(data, name, max_rows)
    book = reader._open_calamine(data, name)  # noqa: SLF001
    errors = reader._errors_by_sheet(data, error_parts) if error_parts else {}  # noqa: SLF001
    found = {header_key(n): n for n in reversed(book.sheet_names)}
    actual = (
        book.sheet_names[0] if sheet is None else sheet if sheet in book.sheet_names else found.get(header_key(sheet))
    )
    cells = FormCells(name, hashlib.sha256(data).hexdigest())
    if actual is None:
        cells.missing_sheets.append(sheet)
        return sheet, cells
    first_col, rows = reader._sheet_rows(book, actual, name)  # noqa: SLF001
    letters: list[str] = []
    for number, values in enumerate(rows, start=1):
        while len(letters) < len(values):
            letters.append(get_column_letter(first_col + len(letters) + 1))
        for letter, value in zip(letters, values):
            if value != "" and value is not None:
                cells.values[actual, f"{letter}{number}"] = value
    for ref, value in errors.get(actual, {}).items():
        cells.values[actual, ref] = value
    return actual, cells
