"""The page benchmark keeps working: `python -m delivery bench --scale small --pages --json`."""
import json
import subprocess
import sys
from pathlib import Path

from ui.bench import PAGES

ROOT = Path(__file__).resolve().parent.parent


def test_small_page_bench_times_every_page_without_error():
    done = subprocess.run([sys.executable, "-m", "delivery", "bench", "--scale", "small", "--pages", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)
    assert [r["page"] for r in figures["pages"]] == list(PAGES)
    assert all(r["cold_ms"] > 0 and r["warm_ms"] > 0 and r["error"] is False for r in figures["pages"])
    assert figures["browser"] is None
    assert "Traceback" not in done.stderr
