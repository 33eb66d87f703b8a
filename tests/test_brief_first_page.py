"""The demo's whole-government PDF opens with what a minister reads first: on page 1 the headline, the
decisions needed and the table of every priority by concern, with the only Red priority in it. Page 1
is also drawn as a picture (pdftoppm, when installed) into tests/screenshots/ to be looked at."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

from delivery import ROOT
from delivery.briefs import content, make, text
from delivery.store.versions import Store

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def _one_line(words: str) -> str:
    return " ".join(words.split())


def test_the_first_page_carries_the_headline_decisions_and_every_priority(demo_store_root, tmp_path, monkeypatch):
    monkeypatch.setenv("DELIVERY_CALENDAR", str(ROOT / "data" / "calendar.csv"))
    with Store(demo_store_root).connect_read() as con:
        data = make.read_brief_data(con, content.Scope())
    brief = text.make_brief(data)
    out = make.write(data, brief, "pdf", tmp_path / "brief.pdf", protective_marking="OFFICIAL")
    first = _one_line(PdfReader(str(out)).pages[0].extract_text())
    assert _one_line(brief.headline) in first
    assert "Decisions needed" in first and "Every priority, by concern" in first
    reds = [r for r in brief.table if r.rating == "Red" or r.centre == "Red"]
    assert [r.priority for r in reds] == ["Put 13,000 more police on the beat (HOM-01)"]
    assert brief.table[0] == reds[0]  # Red first
    missing = [r.priority for r in brief.table if _one_line(r.priority) not in first]
    assert missing == [], f"not on page 1: {missing}"
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(exist_ok=True)
        for old in SCREENSHOTS.glob("brief-page-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(out), str(SCREENSHOTS / "brief-page")],
            check=True,
            timeout=60,
        )
        drawn = sorted(SCREENSHOTS.glob("brief-page-*.png"))  # pdftoppm pads the page number to the page count
        assert drawn and drawn[0].stat().st_size > 10_000
