"""A small, fast .xlsx writer: values, bold frozen headers, widths, date formats, dropdowns.

openpyxl spends ~70 µs per cell, which makes the national demo (millions of cells) take
many minutes; writing the sheet XML directly is about ten times faster. XlsxWriter, the
field's well-kept writer, took 3.9 times as long as this on the national demo, side by
side in one run (``python scripts/bench_writers.py --scale national``). Files are
deterministic (fixed zip timestamps, no creation date), so the same data gives the
same bytes. Everything we write is read back by calamine and openpyxl in the tests.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (after its 1900 leap-year bug)
DATE_FORMAT = "dd mmm yyyy"  # 31 Mar 2027: no day/month ambiguity between UK and US readers
STYLE_PLAIN, STYLE_HEADER, STYLE_DATE, STYLE_WRAP = 0, 1, 2, 3
# XML cannot hold control characters: Excel writes them as _xHHHH_, which readers decode,
# and writes the underscore of text that would read as such an escape as _x005F_ (Excel's
# rule), so "_x0041_" reads back as typed, not as "A". The escape may end in the next
# underscore or control character, whose own escape begins with one. U+FFFE and U+FFFF
# are not characters at all (readers do not decode them): dropped.
_TO_ESCAPE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}[_\x00-\x08\x0b\x0c\x0e-\x1f])")
_NOT_CHARACTERS = re.compile(r"[\ufffe\uffff]")
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_|^\s|\s$")
_LETTERS = [get_column_letter(i) for i in range(1, 200)]
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_DATE_COL = f' style="{STYLE_DATE}"'


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
    """One worksheet to write: rows of plain values, and how it should look."""

    name: str
    rows: Iterable[Sequence[object]]
    freeze_header: bool = False  # keep the first row in view when scrolling
    bold_rows: frozenset[int] = frozenset()  # 1-based rows in bold
    widths: Sequence[float] = ()
    validations: list[Validation] = field(default_factory=list)
    hidden: bool = False
    wrap_columns: frozenset[int] = frozenset()  # 0-based columns whose text wraps
    date_columns: frozenset[int] = frozenset()  # 0-based columns formatted as dates, even when empty


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


def _cell(ref: str, value: object, style: int) -> str:
    kind = type(value)
    if kind is str:
        return f'<c r="{ref}" t="inlineStr"{_s(style)}>{_text(value)}</c>'
    if kind is float:
        return f'<c r="{ref}"{_s(style)}><v>{value!r}</v></c>' if math.isfinite(value) else ""
    if kind is int:
        return f'<c r="{ref}"{_s(style)}><v>{value}</v></c>'
    if value is None:
        return ""
    return _other_cell(ref, value, style)


def _other_cell(ref: str, value: object, style: int) -> str:
    """Booleans, numpy numbers, dates and anything else (written as its text)."""
    dtype = getattr(value, "dtype", None)
    if isinstance(value, bool) or (dtype is not None and dtype.kind == "b"):
        return f'<c r="{ref}" t="b"><v>{int(bool(value))}</v></c>'
    if isinstance(value, int) or (dtype is not None and dtype.kind in "iu"):
        return f'<c r="{ref}"{_s(style)}><v>{int(value)}</v></c>'
    if isinstance(value, float) or (dtype is not None and dtype.kind == "f"):
        return _cell(ref, float(value), style)
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{STYLE_DATE}"><v>{_serial(value)}</v></c>'
    return _cell(ref, str(value), style)


def _s(style: int) -> str:
    return f' s="{style}"' if style else ""


def _row_xml(number: int, values: Sequence[object], header: bool, wrap: frozenset[int]) -> str:
    cells = "".join(_cell(f"{_LETTERS[i]}{number}", v, STYLE_HEADER if header else STYLE_WRAP if i in wrap else 0)
                    for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _validation_xml(v: Validation) -> str:
    attrs = f'allowBlank="1" showInputMessage="1" showErrorMessage="{int(v.strict)}" sqref="{v.sqref}"'
    if v.prompt:
        attrs += f" promptTitle={quoteattr(v.title[:32])} prompt={quoteattr(v.prompt[:255])}"
    if v.formula is None:
        return f"<dataValidation {attrs}/>"
    return f'<dataValidation type="list" {attrs}><formula1>{escape(v.formula)}</formula1></dataValidation>'


def _sheet_parts(spec: SheetSpec) -> tuple[str, Iterable[str], str]:
    head = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    if spec.freeze_header:
        head.append('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    if spec.widths:
        head.append("<cols>" + "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"{_DATE_COL if i - 1 in spec.date_columns else ""}/>'
            for i, w in enumerate(spec.widths, 1)) + "</cols>")
    head.append("<sheetData>")
    rows = (_row_xml(n, values, n in spec.bold_rows, spec.wrap_columns)
            for n, values in enumerate(spec.rows, 1))
    tail = ["</sheetData>"]
    if spec.validations:
        tail.append(f'<dataValidations count="{len(spec.validations)}">'
                    + "".join(_validation_xml(v) for v in spec.validations) + "</dataValidations>")
    tail.append("</worksheet>")
    return "".join(head), rows, "".join(tail)


def write_xlsx(path: Path | str, sheets: Sequence[SheetSpec]) -> Path:
    """Write ``sheets`` as an .xlsx workbook at ``path`` and return the path."""
    return write_whole(path, lambda partial: _write_zip(partial, sheets))


def write_whole(path: Path | str, write: Callable[[Path], None]) -> Path:
    """Run ``write(partial)`` on a file beside ``path``, then rename it to ``path``; returns the path.

    A reader (or a second writer) never sees half a file, and a failed write leaves nothing behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _write_zip(path: Path, sheets: Sequence[SheetSpec]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        _put(zf, "[Content_Types].xml", _content_types(len(sheets)))
        _put(zf, "_rels/.rels", _ROOT_RELS)
        _put(zf, "xl/workbook.xml", _workbook(sheets))
        _put(zf, "xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        _put(zf, "xl/styles.xml", _STYLES)
        for n, spec in enumerate(sheets, 1):
            head, rows, tail = _sheet_parts(spec)
            info = zipfile.ZipInfo(f"xl/worksheets/sheet{n}.xml", _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as out:
                out.write(head.encode())
                batch: list[str] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= 2000:
                        out.write("".join(batch).encode())
                        batch.clear()
                out.write(("".join(batch) + tail).encode())


def _put(zf: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, text)


_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships {_NS}>'
              f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment wrapText="1" vertical="top"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


def _content_types(n: int) -> str:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
                     for i in range(1, n + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>{sheets}</Types>')


def _workbook(sheets: Sequence[SheetSpec]) -> str:
    hidden = ' state="hidden"'
    entries = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{i}"{hidden if s.hidden else ""} r:id="rId{i}"/>'
                      for i, s in enumerate(sheets, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{_OFFICE}"><bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{entries}</sheets></workbook>")


def _workbook_rels(n: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_OFFICE}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    styles = f'<Relationship Id="rId{n + 1}" Type="{_OFFICE}/styles" Target="styles.xml"/>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships {_NS}>{rels}{styles}</Relationships>'
