"""``python -m bench --memory`` runs on a tiny store and prints its figures: a real ``streamlit run app.py``,
Chromium opening the Overview, the shared-string upload refused for its text, and ten filter links.
Only what it printed is checked, never how much memory it measured."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store_builder import sample_store
from tests.upload_support import snapshot

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
FIGURES = r"\s+[0-9,]+\s+[0-9,]+\s+[0-9,]+\s+[0-9.]+$"  # peak MB, held MB, server MB, seconds
STEPS = [
    "started",
    "Overview, as a new visitor",
    "upload shared-string.xlsx, not committed",
    "/overview?period=2026-06-30",
    "/milestones?period=2026-06-30&department=DfE",
    "/priorities?period=2026-06-30&theme=Health",
    "/indicators?period=2026-03-31",
    "/changes?period=2026-06-30&department=DHSC",
    "/chains?period=2026-06-30&theme=Opportunity",
    "/brief?period=2026-06-30&department=HO",
    "/overview?period=2026-06-30&theme=Safety",
    "/milestones?period=2026-03-31&department=DfE",
    "/priorities?period=2026-03-31&department=DHSC",
]


def test_the_memory_bench_runs_on_a_tiny_store_and_prints_every_step(tmp_path):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    store = sample_store(tmp_path / "sample")
    before = snapshot(store)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--memory", "--store", str(store.root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stdout[-3000:] + done.stderr[-3000:]
    table = done.stdout[done.stdout.index("Memory of streamlit run app.py") :].splitlines()
    assert table[0] == (
        f"Memory of streamlit run app.py serving a copy of {store.root} (5 milestones in the newest "
        "period, with 0.0 MB of text), resident, the server and its children, sampled every 0.1 s:"
    )
    assert (
        table[1] == "step                                                         peak MB   held MB  server MB  seconds"
    )
    rows = [table[2], table[3], table[4], *table[6:-1]]
    assert [re.sub(FIGURES, "", row).rstrip() for row in rows] == STEPS
    assert all(re.search(FIGURES, row) for row in rows)
    assert table[5] == (
        "  refused: shared-string.xlsx holds more than 20 MB of text in its tables, over the limit for "
        "a return (DELIVERY_MAX_RETURN_TEXT_MB): shorten the longest commentary, save it and try again."
    )
    assert re.fullmatch(r"peak: [0-9,]+ MB; held at the end: [0-9,]+ MB; errors: 0", table[-1])
    assert snapshot(store) == before  # it served a copy
