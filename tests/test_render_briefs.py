"""scripts/render_briefs.py, run as scripts/test.sh runs it: a picture per PDF page and per slide in its folder,
and, where LibreOffice is missing, the PDF's pictures and one line saying what it left out and how to get it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.store_builder import build_store, sample_returns

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "render_briefs.py"
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("render"), sample_returns(), use_loader=False).root


def _run(store: Path, out: Path, path: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=path) if path else None
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--db", str(store), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _numbered(prefix: str, count: int) -> list[str]:
    """pdftoppm's names: page numbers padded to as many digits as the last page's."""
    return [f"{prefix}-{n:0{len(str(count))}d}.png" for n in range(1, count + 1)]


def test_without_libreoffice_it_draws_the_pdf_and_says_how_to_get_the_slides(store, tmp_path):
    only = tmp_path / "bin"
    only.mkdir()
    (only / "pdftoppm").symlink_to(shutil.which("pdftoppm"))
    out = tmp_path / "briefs"
    out.mkdir()
    (out / "slide-99.png").write_bytes(b"an old picture")
    done = _run(store, out, path=str(only))
    pages = len(PdfReader(str(out / "brief.pdf")).pages)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"Wrote the brief's {pages} PDF pages as PNG in {out}.",
        "Skipped the slides' pictures: LibreOffice is not installed (apt-get install libreoffice-impress).",
    ]
    assert sorted(p.name for p in out.glob("*.png")) == _numbered("pdf-page", pages)
    assert {p.read_bytes()[:8] for p in out.glob("*.png")} == {b"\x89PNG\r\n\x1a\n"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_with_libreoffice_every_slide_is_drawn_too(store, tmp_path):
    out = tmp_path / "briefs"
    done = _run(store, out)
    slides = len(Presentation(str(out / "brief.pptx")).slides)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1] == f"Wrote the brief's {slides} slides as PNG in {out}."
    assert sorted(p.name for p in out.glob("slide-*.png")) == _numbered("slide", slides)
