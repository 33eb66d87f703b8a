"""Page timings, as a person feels them: ``python -m bench --pages [--browser] [--json] [--store PATH]``.

- **Script time** (AppTest on app.py): each page's first run with st.cache_data empty (cold,
  as after a load publishes a new version and before ui/views/warm.py has computed the default
  views) and the median of further runs (warm: what every widget click costs).
- **Fresh session** (``--browser``, Debian's Chromium against a real ``streamlit run``): a
  new browser context per sample opens the page as a shared link would, and is polled every
  100 ms until the main pane exists, no status widget or skeleton remains and a heading is
  drawn; the time is the first poll of a run of 8 good ones. A one-line ``st.title`` app is
  measured the same way in the same run: the floor; the ratio to it is the figure that travels.
  So is a bare page (BARE_PAGE: the kinds of element a dashboard page draws, no data) beside
  it: what Streamlit's own front end costs before any of ours.
  Also as a **new tab** of a browser that has opened the app before (Streamlit's JavaScript
  in its HTTP cache: a colleague opening a shared link), beside the floor's new tab.
  The app server's CPU seconds per fresh page, and its memory after the run, are read from /proc.
- **Many at once** (``--sessions N [--processes K] [--clients protocol]``): N fresh sessions
  browsing three pages each while a return loads, on K app processes (see ``bench/sessions.py``);
  with ``--clients protocol``, N-1 of them Python clients speaking Streamlit's protocol and one
  Chromium (``bench/crowd.py``).
"""

from __future__ import annotations

import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.common import (
    ARGS,
    CHROMIUM,
    HEADLINES,
    PAGES,
    ROOT,
    TITLE,
    URLS,
    cpu_seconds,
    first_priority,
    fresh_session_seconds,
    fresh_session_times,
    group_cpu_seconds,
    rss_mb,
    serve,
    stop,
)
from bench.proxy import start_nginx, stop_nginx

# The same kinds of element as a dashboard page draws (a page menu with icons, a drop-down in
# the sidebar, metrics, a table, a chart, a download button) with ten rows of made-up data:
# what Streamlit's own front end costs a page before any of ours.
BARE_PAGE = """import pandas as pd
import streamlit as st


def page():
    st.sidebar.selectbox("Department", ["All departments", "DfE", "HO"])
    st.title("A bare page")
    st.metric("Red", 3, border=True)
    frame = pd.DataFrame({"period": range(10), "value": range(10)})
    st.dataframe(frame, hide_index=True)
    st.vega_lite_chart(frame, {"mark": "line", "encoding": {"x": {"field": "period", "type": "quantitative"},
                                                           "y": {"field": "value", "type": "quantitative"}}})
    st.download_button("Download CSV", data=lambda: b"period,value", file_name="bare.csv")


st.navigation([st.Page(page, title="Bare", icon=":material/dashboard:", url_path="bare"),
               st.Page(lambda: None, title="Other", icon=":material/list:", url_path="other")]).run()
"""


def script_times(store: Path, warm_runs: int = 5) -> list[dict]:
    """Cold and warm AppTest script time of every page, in milliseconds."""
    os.environ["DELIVERY_DB"] = str(store)
    pid, rows = first_priority(store), []
    for page in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        if page == "priority":
            at.query_params["priority"] = pid
        at.run()
        st.cache_data.clear()  # as after a load: a new store version, every page's data to compute again
        started = time.perf_counter()
        at.switch_page(f"pages/{page}.py").run()
        cold = time.perf_counter() - started
        warm = []
        for _ in range(warm_runs):
            started = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - started)
        failed = bool(at.exception)
        rows.append(
            {
                "page": page,
                "cold_ms": round(cold * 1000),
                "warm_ms": round(statistics.median(warm) * 1000),
                "error": failed,
            }
        )
    return rows


def browser_times(store: Path, samples: int = 3, proxy: bool = False, mbit: float | None = None) -> dict:
    """Fresh-session seconds per page (median of ``samples``) beside the one-line app's floor.

    ``proxy``: both apps behind the README's nginx example (Streamlit's JavaScript served by
    nginx from disk, compressed), as a team would run it; the nginx processes' CPU is counted
    apart from the app's. ``mbit``: every page on a network of that many megabits a second.
    """
    # Playwright is optional (requirements-dev.txt) and heavy: imported only where a browser runs
    from playwright.sync_api import sync_playwright

    pid = first_priority(store)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p, contextlib.ExitStack() as stack:
        floor_app, bare_app = Path(tmp) / "floor.py", Path(tmp) / "bare.py"
        floor_app.write_text('import streamlit as st\nst.title("Floor")\n', encoding="utf-8")
        bare_app.write_text(BARE_PAGE, encoding="utf-8")
        app, floor, bare = (
            serve(ROOT / "app.py", store, 8791),
            serve(floor_app, store, 8792),
            serve(bare_app, store, 8793),
        )
        stack.callback(stop, app, floor, bare)
        base = {app.pid: "http://127.0.0.1:8791", floor.pid: "http://127.0.0.1:8792", bare.pid: "http://127.0.0.1:8793"}
        nginx = {}
        if proxy:
            for proc, port, listen in ((app, 8791, 8891), (floor, 8792, 8892), (bare, 8793, 8893)):
                nginx[proc.pid] = start_nginx([port, port], listen, Path(tmp) / f"nginx-{port}")
                stack.callback(stop_nginx, nginx[proc.pid])
                base[proc.pid] = f"http://127.0.0.1:{listen}"
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        stack.callback(browser.close)
        for first in (base[app.pid] + "/overview", base[floor.pid] + "/", base[bare.pid] + "/bare"):
            fresh_session_seconds(browser, first)  # first start: store prepared, modules imported
        floor_row = _page_times(browser, base[floor.pid] + "/", samples, mbit, floor, nginx.get(floor.pid))
        bare_row = _page_times(browser, base[bare.pid] + "/bare", samples, mbit, bare, nginx.get(bare.pid))
        rows = []
        for page in PAGES:
            if proxy and page == "loads":  # behind a proxy the visitor is a viewer until sign-in is set up (README)
                continue
            url = base[app.pid] + URLS[page].format(pid=pid)
            row = _page_times(browser, url, samples, mbit, app, nginx.get(app.pid), HEADLINES.get(page, TITLE))
            rows.append(
                {
                    "page": page,
                    **row,
                    "ratio": round(row["fresh_s"] / floor_row["fresh_s"], 2),
                    "headline_ratio": round(row["headline_s"] / floor_row["fresh_s"], 2),
                    "new_tab_ratio": round(row["new_tab_s"] / floor_row["new_tab_s"], 2),
                    "bare_ratio": round(row["fresh_s"] / bare_row["fresh_s"], 2),
                }
            )
        memory_mb = rss_mb(app.pid)
    return {
        "floor_s": floor_row["fresh_s"],
        "floor_new_tab_s": floor_row["new_tab_s"],
        "floor_server_cpu_s": floor_row["server_cpu_s"],
        "floor_proxy_cpu_s": floor_row.get("proxy_cpu_s"),
        "bare_s": bare_row["fresh_s"],
        "bare_new_tab_s": bare_row["new_tab_s"],
        "bare_server_cpu_s": bare_row["server_cpu_s"],
        "app_memory_mb": memory_mb,
        "proxy": proxy,
        "network_mbit": mbit,
        "pages": rows,
    }


def _page_times(browser, url: str, samples: int, mbit: float | None, server, nginx=None, headline: str = TITLE) -> dict:
    """A page's median fresh-session seconds (until ``headline`` is drawn, and until the page settles), new-tab
    seconds, and the server's (and nginx's) CPU a fresh session."""
    cpu, proxy_cpu = cpu_seconds(server.pid), group_cpu_seconds(nginx) if nginx else 0.0
    times = [fresh_session_times(browser, url, mbit=mbit, headline=headline) for _ in range(samples)]
    row = {
        "fresh_s": round(statistics.median(t[1] for t in times), 2),
        "headline_s": round(statistics.median(t[0] for t in times), 2),
        "server_cpu_s": round((cpu_seconds(server.pid) - cpu) / samples, 2),
    }
    if nginx:
        row["proxy_cpu_s"] = round((group_cpu_seconds(nginx) - proxy_cpu) / samples, 2)
    row["new_tab_s"] = round(
        statistics.median(fresh_session_seconds(browser, url, True, mbit) for _ in range(samples)), 2
    )
    return row


def format_pages(script: list[dict], browser: dict | None) -> str:
    """One line per page: script time cold and warm, and (with --browser) fresh-session time and ratio, and the
    time until the page's first-screen headline is drawn (HEADLINES; a page's title otherwise) and its ratio."""
    fresh = {r["page"]: r for r in browser["pages"]} if browser else {}
    proxied = bool(browser and browser.get("proxy"))
    head = (
        f"{'page':12}  {'cold ms':>8}  {'warm ms':>8}"
        + (
            f"  {'fresh s':>8}  {'x floor':>8}  {'headline s':>10}  {'x floor':>8}  {'x bare':>7}"
            f"  {'new tab s':>9}  {'x floor':>8}  {'server CPU s':>12}"
            if browser
            else ""
        )
        + (f"  {'nginx CPU s':>11}" if proxied else "")
    )
    lines = [head]
    for r in script:
        line = f"{r['page']:12}  {r['cold_ms']:>8,}  {r['warm_ms']:>8,}" + ("  ERROR" if r["error"] else "")
        if r["page"] in fresh:
            f = fresh[r["page"]]
            line += (
                f"  {f['fresh_s']:>8.2f}  {f['ratio']:>8.2f}  {f['headline_s']:>10.2f}  {f['headline_ratio']:>8.2f}"
                f"  {f['bare_ratio']:>7.2f}  {f['new_tab_s']:>9.2f}"
                f"  {f['new_tab_ratio']:>8.2f}"
                f"  {f['server_cpu_s']:>12.2f}"
            ) + (f"  {f['proxy_cpu_s']:>11.2f}" if proxied else "")
        lines.append(line)
    if browser:
        lines.append(
            f"empty Streamlit app (the floor): {browser['floor_s']:.2f} s in a fresh session, "
            f"{browser['floor_new_tab_s']:.2f} s in a new tab, {browser['floor_server_cpu_s']:.2f} s of "
            "server CPU a page" + (f" (nginx {browser['floor_proxy_cpu_s']:.2f} s)" if proxied else "")
        )
        bare = browser["bare_s"]
        lines.append(
            f"bare page (a menu, a drop-down, a metric, a table, a chart, a download; no data): "
            f"{bare:.2f} s in a fresh session ({bare / browser['floor_s']:.2f} x floor), "
            f"{browser['bare_new_tab_s']:.2f} s in a new tab, {browser['bare_server_cpu_s']:.2f} s of "
            "server CPU"
        )
        if proxied:
            lines.append(
                "the apps behind the README's nginx example: Streamlit's JavaScript from nginx, compressed; "
                "Loads and history not timed (behind a proxy a visitor is a viewer until sign-in is set up)"
            )
        if browser.get("network_mbit"):
            lines.append(f"every page on a {browser['network_mbit']:g} Mbit/s network with 20 ms more round trip")
        lines.append(f"app server memory after the run: {browser['app_memory_mb']:,} MB")
    return "\n".join(lines)
