"""The slides and the Word brief as LibreOffice draws them: each opens, the slides give one page per
slide, and the pages are kept as pictures in tests/screenshots/ (git-ignored) to be looked at.
Skipped where LibreOffice is not installed (`apt-get install libreoffice-impress libreoffice-writer`)."""

import importlib.util
import shutil
import subprocess

import pytest
from pptx import Presentation
from pypdf import PdfReader

from delivery.briefs import content, make, text
from tests.conftest import ROOT
from tests.e2e.conftest import SCREENSHOTS
from tests.store_builder import build_store, sample_returns

_spec = importlib.util.spec_from_file_location("render_briefs", ROOT / "scripts" / "render_briefs.py")
render_briefs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_briefs)  # its LibreOffice conversion, shared with the CI pictures

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftoppm") is None, reason="LibreOffice (soffice) or pdftoppm is not installed"
)


@pytest.mark.parametrize("fmt", ["pptx", "docx"])
def test_libreoffice_draws_the_brief_and_its_pages_are_kept_to_look_at(fmt, tmp_path):
    store = build_store(tmp_path / "store", sample_returns(), use_loader=False)
    con = store.connect_read()
    try:
        data = content.gather(content.asker(con), content.Scope())
    finally:
        con.close()
    out = make.write(data, text.make_brief(data), fmt, tmp_path / f"brief.{fmt}", protective_marking="OFFICIAL")
    (tmp_path / "pdf").mkdir()
    pdf = render_briefs.as_pdf(out, tmp_path / "pdf")
    pages = len(PdfReader(str(pdf)).pages)
    if fmt == "pptx":
        assert pages == len(Presentation(str(out)).slides)
    else:
        assert pages >= 3
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"brief-{fmt}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / f"brief-{fmt}")], check=True, timeout=120
    )
    assert len(list(SCREENSHOTS.glob(f"brief-{fmt}-*.png"))) == pages
