"""A small, fast .xlsx writer: every workbook the app makes new.

Templates, exports, demo returns, the Excel pack and the problem list are all written here;
only the marked-up workbook is not (``annotate`` edits the analyst's own file, which needs
openpyxl to keep everything else in it). It writes values, styles (``xlsx_styles``: bold,
font colours, fills, wrapped text, number formats, Excel's quote prefix) by cell, row or
column, widths, frozen header rows, filters, hidden sheets and dropdowns.

openpyxl spends ~70 µs per cell, which makes the national demo (millions of cells) take
many minutes; writing the sheet XML directly is about ten times faster. XlsxWriter, the
field's well-kept writer, took 3.9 times as long as this on the national demo, side by
side in one run (``python scripts/bench_writers.py --scale national``). Files are
deterministic (fixed zip timestamps, no creation date), so the same data gives the
same bytes. Everything we write is read back by calamine and openpyxl in the tests.

Text is always written as text (an inline string), never as a formula; text that
``inert.starts_a_formula`` also gets Excel's quote prefix, so editing the cell in Excel keeps it
text, while its value stays as typed (a return we export loads back unchanged).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from delivery.errors import DiskFull, disk_full
from delivery.returns.inert import starts_a_formula
from delivery.returns.xlsx_styles import BOLD, DATE_FORMAT, WRAP, Style, Styled, StyleSheet

__all__ = ["DATE_FORMAT", "SheetSpec", "Style", "Styled", "Validation", "write_whole", "write_xlsx", "xlsx_bytes"]

EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (after its 1900 leap-year bug)
# XML cannot hold control characters: Excel writes them as _xHHHH_, which readers decode,
# and writes the underscore of text that would read as such an escape as _x005F_ (Excel's
# rule), so "_x0041_" reads back as typed, not as "A". The escape may end in the next
# underscore or control character, whose own escape begins with one. A carriage return is
# escaped too, as Excel does: XML readers turn a raw one into a line feed. U+FFFE and U+FFFF
# are not characters at all (readers do not decode them): dropped.
_TO_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}[_\x00-\x08\x0b-\x1f])")
_NOT_CHARACTERS = re.compile(r"[\ufffe\uffff]")
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_|^\s|\s$")
MAX_COLUMNS = 199
_LETTERS = [get_column_letter(i) for i in range(1, MAX_COLUMNS + 1)]
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Validation:
    """A data-validation rule: a dropdown from ``formula`` (or only a help prompt when None)."""

    sqref: str
    formula: str | None
    prompt: str = ""
    title: str = ""
    strict: bool = True  # False: the dropdown suggests, but other text is allowed


@dataclass
class SheetSpec:
    """One worksheet to write: rows of plain values (or ``Styled`` ones), and how it should look."""

    name: str
    rows: Iterable[Sequence[object]]
    freeze_header: bool = False  # keep the header row (and any above it) in view when scrolling
    bold_rows: frozenset[int] = frozenset()  # 1-based rows in bold
    widths: Sequence[float] = ()
    validations: list[Validation] = field(default_factory=list)
    hidden: bool = False
    wrap_columns: frozenset[int] = frozenset()  # 0-based columns whose text wraps
    date_columns: frozenset[int] = frozenset()  # 0-based columns formatted as dates, even when empty
    header_row: int = 1  # the row freeze_header keeps in view and a filter sits on
    autofilter: bool = False  # a filter button on every header cell, over every row written
    row_styles: Mapping[int, Style] = field(default_factory=dict)  # 1-based rows, every cell (over bold_rows)
    column_styles: Mapping[int, Style] = field(default_factory=dict)  # 0-based columns, rows below header_row


def _serial(value: dt.date) -> float | int:
    """Excel's day number. Excel counts a 29 Feb 1900 that never was (day 60), so a date before
    1 Mar 1900 is one day nearer day 0 than the calendar says; readers undo the same."""
    if isinstance(value, dt.datetime):
        delta = value - dt.datetime(1899, 12, 30)
        days = delta.days + delta.seconds / 86400
    else:
        days = (value - EPOCH).days
    return days - 1 if days < 61 else days


def _text(value: str) -> str:
    if not _SPECIAL.search(value):  # the common case: nothing to escape
        return f"<is><t>{value}</t></is>"
    value = _TO_ESCAPE.sub(lambda m: f"_x{ord(m[0]):04X}_", _NOT_CHARACTERS.sub("", value))
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f"<is><t{space}>{escape(value)}</t></is>"


def _cell(ref: str, value: object, xf: int, styles: StyleSheet) -> str:
    kind = type(value)
    if kind is str:
        if value and not value[0].isalnum() and starts_a_formula(value):
            xf = styles.derived(xf, "text")
        return f'<c r="{ref}" t="inlineStr"{_s(xf)}>{_text(value)}</c>'
    if kind is float:
        return f'<c r="{ref}"{_s(xf)}><v>{value!r}</v></c>' if math.isfinite(value) else ""
    if kind is int:
        return f'<c r="{ref}"{_s(xf)}><v>{value}</v></c>'
    if value is None:
        return ""
    return _other_cell(ref, value, xf, styles)


def _other_cell(ref: str, value: object, xf: int, styles: StyleSheet) -> str:
    """Dates, styled values, booleans, numpy numbers and anything else (written as its text)."""
    if type(value) is dt.date:  # the common case: millions in the national demo
        return f'<c r="{ref}" s="{styles.derived(xf, "date")}"><v>{_serial(value)}</v></c>'
    if isinstance(value, Styled):
        return _cell(ref, value.value, styles.xf(value.style.over(styles.style(xf))), styles)
    dtype = getattr(value, "dtype", None)
    if isinstance(value, bool) or (dtype is not None and dtype.kind == "b"):
        return f'<c r="{ref}" t="b"{_s(xf)}><v>{int(bool(value))}</v></c>'
    if isinstance(value, int) or (dtype is not None and dtype.kind in "iu"):
        return f'<c r="{ref}"{_s(xf)}><v>{int(value)}</v></c>'
    if isinstance(value, float) or (dtype is not None and dtype.kind == "f"):
        return _cell(ref, float(value), xf, styles)
    if isinstance(value, dt.date):
        kind = "datetime" if isinstance(value, dt.datetime) and value.time() != dt.time() else "date"
        return f'<c r="{ref}" s="{styles.derived(xf, kind)}"><v>{_serial(value)}</v></c>'
    return _cell(ref, str(value), xf, styles)


def _s(xf: int) -> str:
    return f' s="{xf}"' if xf else ""


def _validation_xml(v: Validation) -> str:
    attrs = f'allowBlank="1" showInputMessage="1" showErrorMessage="{int(v.strict)}" sqref="{v.sqref}"'
    if v.prompt:
        attrs += f" promptTitle={quoteattr(v.title[:32])} prompt={quoteattr(v.prompt[:255])}"
    if v.formula is None:
        return f"<dataValidation {attrs}/>"
    return f'<dataValidation type="list" {attrs}><formula1>{escape(v.formula)}</formula1></dataValidation>'


class _Sheet:
    """One sheet being written: its XML in three parts, and how far its rows reached."""

    def __init__(self, spec: SheetSpec, styles: StyleSheet):
        self.spec, self.styles, self.last_row, self.columns = spec, styles, 0, 0
        self.body_xfs = [0] * MAX_COLUMNS
        for i in set(spec.wrap_columns) | set(spec.column_styles):
            self.body_xfs[i] = styles.xf(
                spec.column_styles.get(i, Style()).over(WRAP if i in spec.wrap_columns else Style())
            )
        self.row_xfs = {
            n: [styles.xf(spec.row_styles.get(n, BOLD if n in spec.bold_rows else Style()))] * MAX_COLUMNS
            for n in set(spec.bold_rows) | set(spec.row_styles)
        }

    def head(self) -> str:
        spec = self.spec
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        ]
        if spec.freeze_header:
            parts.append(
                f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{spec.header_row}" '
                f'topLeftCell="A{spec.header_row + 1}" activePane="bottomLeft" state="frozen"/>'
                "</sheetView></sheetViews>"
            )
        if spec.widths:
            date = f' style="{self.styles.derived(0, "date")}"' if spec.date_columns else ""
            parts.append(
                "<cols>"
                + "".join(
                    f'<col min="{i}" max="{i}" width="{w}" customWidth="1"'
                    f"{date if i - 1 in spec.date_columns else ''}/>"
                    for i, w in enumerate(spec.widths, 1)
                )
                + "</cols>"
            )
        return "".join(parts) + "<sheetData>"

    def rows(self) -> Iterator[str]:
        styles, header, empty = self.styles, self.spec.header_row, [0] * MAX_COLUMNS
        for number, values in enumerate(self.spec.rows, 1):
            xfs = self.row_xfs.get(number) or (self.body_xfs if number > header else empty)
            self.last_row, self.columns = number, max(self.columns, len(values))
            cells = "".join(_cell(f"{_LETTERS[i]}{number}", v, xfs[i], styles) for i, v in enumerate(values))
            yield f'<row r="{number}">{cells}</row>'

    def filter_range(self) -> str | None:
        """The filter's cells ("A2:M40"), once the rows are written; None without a filter."""
        if not self.spec.autofilter or not self.columns:
            return None
        return f"A{self.spec.header_row}:{_LETTERS[self.columns - 1]}{max(self.last_row, self.spec.header_row)}"

    def tail(self) -> str:
        parts = ["</sheetData>"]
        if self.filter_range():
            parts.append(f'<autoFilter ref="{self.filter_range()}"/>')
        if self.spec.validations:
            parts.append(
                f'<dataValidations count="{len(self.spec.validations)}">'
                + "".join(_validation_xml(v) for v in self.spec.validations)
                + "</dataValidations>"
            )
        return "".join(parts) + "</worksheet>"


def write_xlsx(path: Path | str, sheets: Sequence[SheetSpec]) -> Path:
    """Write ``sheets`` as an .xlsx workbook at ``path`` and return the path."""
    return write_whole(path, lambda partial: _write_zip(partial, sheets))


def xlsx_bytes(sheets: Sequence[SheetSpec]) -> bytes:
    """``sheets`` as the bytes of an .xlsx workbook, made in memory (a download never touches the disk)."""
    out = io.BytesIO()
    _write_zip(out, sheets)
    return out.getvalue()


def write_whole(path: Path | str, write: Callable[[Path], None]) -> Path:
    """Run ``write(partial)`` on a file beside ``path``, then rename it to ``path``; returns the path.

    A reader (or a second writer) never sees half a file, and a failed write leaves nothing behind;
    a full disk is DiskFull, naming the folder.
    """
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(partial)
        os.replace(partial, path)
    except OSError as error:
        if not disk_full(error):
            raise
        raise DiskFull(
            f"The disk holding {path.parent} is full, so {path.name} was not written. "
            "Free some space on that disk, then try again."
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return path


def _write_zip(target: Path | BinaryIO, specs: Sequence[SheetSpec]) -> None:
    styles = StyleSheet()
    sheets = [_Sheet(spec, styles) for spec in specs]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        _put(zf, "[Content_Types].xml", _content_types(len(sheets)))
        _put(zf, "_rels/.rels", _ROOT_RELS)
        for n, sheet in enumerate(sheets, 1):
            info = zipfile.ZipInfo(f"xl/worksheets/sheet{n}.xml", _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as out:
                out.write(sheet.head().encode())
                batch: list[str] = []
                for row in sheet.rows():
                    batch.append(row)
                    if len(batch) >= 2000:
                        out.write("".join(batch).encode())
                        batch.clear()
                out.write(("".join(batch) + sheet.tail()).encode())
        _put(zf, "xl/workbook.xml", _workbook(sheets))  # after the sheets: their filters' ranges are known
        _put(zf, "xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        _put(zf, "xl/styles.xml", styles.xml())  # last: every style the sheets used


def _put(zf: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, text)


_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships {_NS}>'
    f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def _content_types(n: int) -> str:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>{sheets}</Types>'
    )


def _workbook(sheets: Sequence[_Sheet]) -> str:
    hidden = ' state="hidden"'
    entries = "".join(
        f'<sheet name={quoteattr(s.spec.name)} sheetId="{i}"{hidden if s.spec.hidden else ""} r:id="rId{i}"/>'
        for i, s in enumerate(sheets, 1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_absolute(s.spec.name, s.filter_range()))}</definedName>"
        for i, s in enumerate(sheets)
        if s.filter_range()
    )  # as Excel names each sheet's filter
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{_OFFICE}"><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{entries}</sheets>{f'<definedNames>{names}</definedNames>' if names else ''}</workbook>"
    )


def _absolute(sheet: str, cells: str) -> str:
    """'Sheet name'!$A$2:$M$40 for "A2:M40"."""
    first, last = (re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", c) for c in cells.split(":"))
    return "'" + sheet.replace("'", "''") + f"'!{first}:{last}"


def _workbook_rels(n: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_OFFICE}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    styles = f'<Relationship Id="rId{n + 1}" Type="{_OFFICE}/styles" Target="styles.xml"/>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships {_NS}>{rels}{styles}</Relationships>'
    )
