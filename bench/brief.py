"""``python -m bench --brief``: the whole-government brief in every format, timed, with its length.

For each format (pdf, docx, pptx, xlsx) the brief is made as ``python -m delivery brief`` makes it
(``make.make_export``: the facts gathered from the store, worded, and written), on its own connection, and
timed from the first query to the file on disk: wall-clock seconds, and this process's CPU seconds (on a
machine shared with other work the wall clock waits for the CPU; the CPU time is the figure that travels).
Its length is then read back from the file: the PDF's pages (pypdf), the slides (python-pptx) and the
pack's sheets (openpyxl). A Word file holds no pages until Word lays it out when it opens it, so its pages
are "n/a". Each line is printed as it is measured.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
from pptx import Presentation
from pypdf import PdfReader

from delivery.briefs import make
from delivery.errors import StoreError
from delivery.store.versions import Store

WORD_PAGES = "pages n/a (Word lays out its pages when it opens the file)"


def length(fmt: str, path: Path) -> str:
    """How long the brief at ``path`` is, in its format's unit: '38 pages', '171 slides', '11 sheets'."""
    if fmt == "pdf":
        return _count(len(PdfReader(str(path)).pages), "page")
    if fmt == "pptx":
        return _count(len(Presentation(str(path)).slides), "slide")
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        try:
            return _count(len(book.sheetnames), "sheet")
        finally:
            book.close()
    return WORD_PAGES


def _count(n: int, unit: str) -> str:
    return f"{n:,} {unit}" + ("" if n == 1 else "s")


def time_format(store: Path, fmt: str, folder: Path) -> dict:
    """Make the whole-government brief in ``fmt`` from ``store`` into ``folder``; its figures."""
    con = Store(store).connect_read()
    if con is None:
        raise StoreError(f"{store} holds no data yet, so there is no brief to make")  # main adds the full stop
    try:
        started, cpu = time.perf_counter(), time.process_time()
        path, brief = make.make_export(con, fmt, folder / f"brief.{fmt}")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        con.close()
    return {
        "format": fmt,
        "seconds": seconds,
        "cpu": cpu,
        "mb": path.stat().st_size / 1e6,
        "length": length(fmt, path),
        "title": brief.title,
        "priorities": len(brief.sections),
    }


def format_line(row: dict) -> str:
    """One format's line: 'pdf      42.10 s    30.05 s CPU     4.61 MB  153 pages'."""
    return f"{row['format']:<5}{row['seconds']:>9.2f} s{row['cpu']:>9.2f} s CPU{row['mb']:>9.2f} MB  {row['length']}"


def brief_bench(store: Path, say: Callable[[str], None] = print) -> list[dict]:
    """Time the whole-government brief from ``store`` in every format, saying each line as it is measured."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as folder:
        for fmt in make.FORMATS:
            rows.append(time_format(store, fmt, Path(folder)))
            if len(rows) == 1:
                first = rows[0]
                say(f"{first['title']} ({first['priorities']:,} priorities), from {store}:")
            say(format_line(rows[-1]))
    return rows
