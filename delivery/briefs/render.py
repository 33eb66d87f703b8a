"""Vega-Lite specs to PNG (Word) or SVG (PDF) with vl-convert, and the PDF printed from HTML by WeasyPrint.

One place for the scale, so the PDF, the Word file and the tests draw alike; the drawing itself is
``chart_worker.draw``, called here and in the worker process that shares a brief's many charts.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import json
import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from pathlib import Path

from delivery import ROOT
from delivery.briefs import chart_worker
from delivery.errors import DeliveryError

SCALE = 1.4
NO_PANGO = (
    "The PDF brief cannot be made on this computer: it needs the Pango text library, which is not installed "
    "(on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0). "
    "The Word, PowerPoint and Excel briefs do not need it."
)


def pngs(specs: dict[str, str], worker: list[str] | None = None) -> dict[str, bytes]:
    """Each spec as PNG bytes, by the same key; each chart drawn once (many shared with a second process:
    ``shared``)."""
    unique = list(dict.fromkeys(specs.values()))
    drawn = dict(zip(unique, shared(unique, "png", worker), strict=True))
    return {key: base64.b64decode(drawn[spec]) for key, spec in specs.items()}


SVG_NS = "http://www.w3.org/2000/svg"
_EMPTY_PATHS = ("", "M0,0h0v0h0Z")  # Vega's empty background and hidden foreground of every group: nothing drawn
_GROUP_NOTES = {"class", "role", "aria-roledescription", "aria-hidden", "pointer-events"}  # never change drawing
KEPT = 256  # drawn charts kept for the server's next brief (~30 KB each)
WORKER = [sys.executable, "-m", "delivery.briefs.chart_worker"]
MIN_SHARED = 8  # fewer charts than this are drawn here: a second process costs ~0.1 s to start


def lean(svg: str) -> str:
    """Vega's SVG without what draws nothing: empty paths, empty groups, and groups that only label their
    children (their children take their place, in order). The same picture in about half the elements, and
    WeasyPrint's time to paint a chart is about proportional to its elements."""
    root = ET.fromstring(svg)
    for element in root.iter():  # written back unprefixed, in the one namespace the root declares
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    _lean_children(root)
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _lean_children(element: ET.Element) -> None:
    kept: list[ET.Element] = []
    for child in list(element):
        _lean_children(child)
        tag = child.tag
        if tag == "path" and (child.get("display") == "none" or child.get("d", "M") in _EMPTY_PATHS):
            continue
        if tag == "g" and (len(child) == 0 or set(child.attrib) <= _GROUP_NOTES):
            kept.extend(child)  # nothing, or its children in its place
            continue
        kept.append(child)
    element[:] = kept


def _data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(lean(svg).encode()).decode()


_drawn: OrderedDict[str, str] = OrderedDict()  # spec -> data: URL, oldest first
_drawn_lock = threading.Lock()


def svg_urls(specs: list[str], worker: list[str] | None = None) -> list[str]:
    """Each Vega-Lite spec drawn as a lean SVG data: URL, in order (many shared with a second process:
    ``shared``). Drawn charts are kept for the server's next brief: the spec holds the chart's data, so a
    kept one is never stale."""
    with _drawn_lock:
        missing = list(dict.fromkeys(s for s in specs if s not in _drawn))
    drawn = {spec: _data_url(svg) for spec, svg in zip(missing, shared(missing, "svg", worker), strict=True)}
    with _drawn_lock:
        for spec, url in drawn.items():
            _drawn[spec] = url
        for spec in specs:
            _drawn.move_to_end(spec)
        while len(_drawn) > KEPT:
            _drawn.popitem(last=False)
        return [drawn.get(spec) or _drawn[spec] for spec in specs]


def shared(specs: list[str], fmt: str, worker: list[str] | None = None) -> list[str]:
    """Each spec drawn (``fmt`` svg: SVG text; png: PNG bytes in base64), in order. With many charts and a
    second core, the second half is drawn by a worker process (``worker``, by default ``python -m
    delivery.briefs.chart_worker``) while this one draws the first; if it fails, this process draws its share."""
    half = specs[len(specs) // 2 :] if len(specs) >= MIN_SHARED and (os.cpu_count() or 1) > 1 else []
    job = {"format": fmt, "scale": SCALE, "specs": half}
    process = _start(worker or WORKER, job) if half else None
    mine = [chart_worker.draw(spec, fmt, SCALE) for spec in specs[: len(specs) - len(half)]]
    theirs = _finish(process, len(half)) if process else None
    return mine + (theirs if theirs is not None else [chart_worker.draw(spec, fmt, SCALE) for spec in half])


def _start(command: list[str], job: dict) -> subprocess.Popen | None:
    """The worker started on ``job`` (written to it now; it reads it all before it draws), or None."""
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT
        )
    except OSError:
        return None
    try:
        process.stdin.write(json.dumps(job).encode())
        process.stdin.close()
    except OSError:  # it ended before it read them all
        process.kill()
        process.communicate()
        return None
    return process


def _finish(process: subprocess.Popen, count: int) -> list[str] | None:
    """The worker's ``count`` charts, or None when it did not return them whole."""
    try:
        charts = json.loads(process.stdout.read() or b"null")
    except ValueError:
        charts = None
    finally:
        process.stdout.close()
        process.wait()
    ok = process.returncode == 0 and isinstance(charts, list) and len(charts) == count
    return charts if ok and all(isinstance(c, str) for c in charts) else None


# One PDF printed at a time in a process: the app serves every session from threads, and Pango, which WeasyPrint
# lays text out with, is not promised to be thread-safe (WeasyPrint's tracker has crashes of threaded servers).
# Nothing is lost: WeasyPrint is Python, so two briefs at once would share one core through the GIL anyway.
_PRINTING = threading.Lock()


@functools.cache
def pdf_problem() -> str | None:
    """Why no PDF can be made on this computer (no Pango for WeasyPrint), or None. Imports WeasyPrint once."""
    try:  # it loads Pango when imported, and on failure prints its own advice (with web addresses): not ours to print
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        return NO_PANGO
    return None


def pdf(html: str, css: Path, out: Path) -> None:
    """``html`` with the stylesheet ``css`` printed by WeasyPrint as a tagged PDF (PDF/UA-1) at ``out``.
    It fetches nothing but data: URLs (the brief's charts): an address in the page is never asked for."""
    if problem := pdf_problem():  # about 0.6 s to import, once: only when a PDF is made
        raise DeliveryError(problem)
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    with _PRINTING:
        HTML(string=html, url_fetcher=fetcher).write_pdf(
            out, stylesheets=[CSS(string=css.read_text(), url_fetcher=fetcher)], pdf_variant="pdf/ua-1"
        )
