"""The page benchmark keeps working: `python -m bench --scale small --pages --json`."""

import json
import subprocess
import sys
from pathlib import Path

from bench.common import PAGES
from bench.pages import format_pages

ROOT = Path(__file__).resolve().parent.parent


def test_small_page_bench_times_every_page_without_error():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "small", "--pages", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)
    assert [r["page"] for r in figures["pages"]] == list(PAGES)
    assert all(r["cold_ms"] > 0 and r["warm_ms"] > 0 and r["error"] is False for r in figures["pages"])
    assert figures["browser"] is None
    assert "Traceback" not in done.stderr


def test_the_proxy_bench_formats_nginx_cpu_and_says_what_it_left_out():
    script = [
        {"page": "overview", "cold_ms": 500, "warm_ms": 50, "error": False},
        {"page": "loads", "cold_ms": 80, "warm_ms": 30, "error": False},
    ]
    browser = {
        "floor_s": 1.0,
        "floor_new_tab_s": 0.6,
        "floor_server_cpu_s": 0.02,
        "floor_proxy_cpu_s": 0.03,
        "bare_s": 1.5,
        "bare_new_tab_s": 0.9,
        "bare_server_cpu_s": 0.04,
        "app_memory_mb": 600,
        "proxy": True,
        "network_mbit": 20,
        "pages": [
            {
                "page": "overview",
                "fresh_s": 1.9,
                "ratio": 1.9,
                "headline_s": 1.3,
                "headline_ratio": 1.3,
                "new_tab_s": 1.2,
                "new_tab_ratio": 2.0,
                "bare_ratio": 1.27,
                "server_cpu_s": 0.1,
                "proxy_cpu_s": 0.05,
            }
        ],
    }
    assert format_pages(script, browser).splitlines() == [
        "page           cold ms   warm ms   fresh s   x floor  headline s   x floor   x bare  new tab s   x floor  "
        "server CPU s  nginx CPU s",
        "overview           500        50      1.90      1.90        1.30      1.30     1.27       1.20      2.00  "
        "        0.10         0.05",
        "loads               80        30",
        "empty Streamlit app (the floor): 1.00 s in a fresh session, 0.60 s in a new tab, 0.02 s of server CPU a page "
        "(nginx 0.03 s)",
        "bare page (a menu, a drop-down, a metric, a table, a chart, a download; no data): 1.50 s in a fresh session "
        "(1.50 x floor), 0.90 s in a new tab, 0.04 s of server CPU",
        "the apps behind the README's nginx example: Streamlit's JavaScript from nginx, compressed; Loads and history "
        "not timed (behind a proxy a visitor is a viewer until sign-in is set up)",
        "every page on a 20 Mbit/s network with 20 ms more round trip",
        "app server memory after the run: 600 MB",
    ]
