"""Vega-Lite specs to PNG (Word) or SVG (PDF) with vl-convert, and the PDF printed from HTML by WeasyPrint.

One place for the scale and the call, so the PDF, the page and the tests draw alike.
(Worker processes were tried for national briefs: spawn re-imports the caller's main
module, which is unsafe under Streamlit, and on two cores they gained little.)
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import threading
from pathlib import Path

import vl_convert

from delivery.errors import DeliveryError

SCALE = 1.4
NO_PANGO = (
    "The PDF brief cannot be made on this computer: it needs the Pango text library, which is not installed "
    "(on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0). "
    "The Word, PowerPoint and Excel briefs do not need it."
)


def png(spec: str) -> bytes:
    """One Vega-Lite spec (JSON text) as PNG bytes."""
    return vl_convert.vegalite_to_png(spec, scale=SCALE)


def pngs(specs: dict[str, str]) -> dict[str, bytes]:
    """Each spec as PNG bytes, by the same key."""
    return {key: png(spec) for key, spec in specs.items()}


@functools.lru_cache(maxsize=256)
def svg_url(spec: str) -> str:
    """One Vega-Lite spec drawn as SVG, as a data: URL for an <img> (a vector: no render scale). Kept for the
    server's next brief (~40 KB each): the spec holds the chart's data, so a kept one is never stale."""
    return "data:image/svg+xml;base64," + base64.b64encode(vl_convert.vegalite_to_svg(spec).encode()).decode()


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
