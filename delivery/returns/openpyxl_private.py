"""Every name the reader takes from openpyxl's internals, in one place: a workbook's stylesheet
(each cell style's fill and number format) and its sheets' part names, without reading a sheet.

openpyxl's public ``load_workbook`` gives a cell's fill and format only cell by cell, reading
the sheets; a return may hold a million cells, and only a few columns' styles matter
(delivery/returns/cell_styles.py scans those columns' style ids straight from the sheet XML).
So this reads the stylesheet the way ``load_workbook`` starts to, and stops there.

Written for openpyxl 3.1.5 (pinned in requirements.txt); tests/test_private_apis.py fails,
naming the name and this file, when any of these moves:

- ``openpyxl.reader.excel.ExcelReader`` (``read_manifest``, ``read_workbook``, ``read_theme``,
  ``archive``, ``parser.find_sheets``): load_workbook's own steps, run without ``read_worksheets``.
- ``openpyxl.styles.stylesheet.apply_stylesheet``: reads styles.xml into the workbook.
- ``Workbook._cell_styles``, ``_fills``, ``_number_formats``: the stylesheet's cell formats
  (``xf`` records), fills and custom number formats, by index.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

WRITTEN_FOR = "3.1.5"
# Module and name of each private name, and the workbook attributes read, as in openpyxl WRITTEN_FOR.
NAMES = {
    "ExcelReader": ("openpyxl.reader.excel", "ExcelReader"),
    "apply_stylesheet": ("openpyxl.styles.stylesheet", "apply_stylesheet"),
}
WORKBOOK_ATTRIBUTES = ("_cell_styles", "_fills", "_number_formats")
READER_STEPS = ("read_manifest", "read_workbook", "read_theme")
FIRST_CUSTOM_FORMAT = 164  # number formats below this id are Excel's built-in ones


@dataclass(frozen=True)
class Stylesheet:
    """A workbook's theme and cell styles, and where each sheet's XML is in the zip."""

    theme: bytes | None  # the theme part's XML, if any
    styles: list  # per cell style id: (its fill, its number format or None)
    parts: dict[str, str]  # sheet name -> the sheet's part name in the zip
    archive: zipfile.ZipFile

    def read_part(self, sheet_name: str) -> bytes:
        """The XML of one sheet, as stored."""
        return self.archive.read(self.parts[sheet_name])


def read_stylesheet(data: bytes) -> Stylesheet:
    """The stylesheet, theme and sheet part names of an xlsx file's bytes (not its sheets). Raises on a bad file."""
    # openpyxl is imported here, not at the top: the reader's child process loads it only for a
    # workbook whose styles are needed.
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.numbers import BUILTIN_FORMATS
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    reader.read_theme()
    apply_stylesheet(reader.archive, reader.wb)
    wb = reader.wb
    styles = []
    for xf in wb._cell_styles:
        fill = wb._fills[xf.fillId] if xf.fillId < len(wb._fills) else None
        custom = xf.numFmtId - FIRST_CUSTOM_FORMAT
        fmt = wb._number_formats[custom] if 0 <= custom < len(wb._number_formats) else BUILTIN_FORMATS.get(xf.numFmtId)
        styles.append((fill, fmt))
    parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
    return Stylesheet(wb.loaded_theme, styles, parts, reader.archive)
