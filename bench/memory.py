"""The app server's memory, whatever the data: ``python -m bench --memory [--scale S | --store PATH]``.

A real ``streamlit run app.py`` serves a copy of the store (the app may upgrade what it serves; the
store given is only read): by default the worst case of bench/worst_case.py, every department's
newest return holding the most text the limits allow. Debian's Chromium then, as people would:
opens the Overview, uploads issue 18's shared-string return on the Upload page without committing
(it must be refused before its text reaches the server), and opens ten filter combinations as
shared links, each in a fresh session (period, department and theme in the link, on the Browse
pages in turn). A thread reads the resident memory of the server and its children (the reader's
child processes) from /proc every ``SAMPLE_S`` seconds: each step's peak, what is held after it,
and the peak of the whole run.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from bench.common import (
    ARGS,
    CHROMIUM,
    ROOT,
    demo_store,
    descendants,
    free_ports,
    processes,
    rss_mb,
    serve,
    settled_seconds,
    stop,
)
from bench.worst_case import shared_string_return, worst_store
from delivery.store.rebuild import copy_store
from delivery.store.versions import Store, run_query

SAMPLE_S = 0.1
COMBINATIONS = 10
BROWSE = ("overview", "milestones", "priorities", "indicators", "changes", "chains", "brief")
REFUSED = "Nothing has been loaded"  # the Upload page's first words when a file has a problem to fix
TOO_MUCH_TEXT = "MB of text in its tables"  # the problem the shared-string return is refused with
WAIT_MS = 600_000  # a page of the worst case on a busy 2-core machine: minutes, not seconds
QUIET_S = 2.0  # a step ends when the server has used almost no CPU for this long (warming, clean-up done)
QUIET_CPU_S = 0.1


class Sampler(threading.Thread):
    """Reads the resident memory of a process and its descendants every ``SAMPLE_S`` seconds."""

    def __init__(self, pid: int):
        super().__init__(name="memory-sampler", daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_S):
            self.peak = max(self.peak, self.tree_mb())

    def tree_mb(self) -> int:
        """MB resident now, summed over the process and its children."""
        return sum(rss_mb(pid) for pid in descendants(self.pid))

    def quiet(self, most_s: float = 600) -> None:
        """Wait until the server and its children have used under QUIET_CPU_S of CPU in QUIET_S seconds."""
        deadline = time.monotonic() + most_s
        before = self.cpu_s()
        while time.monotonic() < deadline:
            time.sleep(QUIET_S)
            now = self.cpu_s()
            if now - before < QUIET_CPU_S:
                return
            before = now

    def cpu_s(self) -> float:
        """CPU seconds the process and its children have used (a child that ended counts in its parent's)."""
        table = processes()
        return sum(table[pid][2] for pid in descendants(self.pid, table) if pid in table) / os.sysconf("SC_CLK_TCK")

    def step(self) -> int:
        """The peak since the last call (at least what is held now); starts the next step's peak."""
        peak, self.peak = max(self.peak, self.tree_mb()), 0
        return peak


def memory_bench(store: Path, say: Callable[[str], None] = print) -> dict:
    """Serve a copy of ``store``, upload the refused return, open ten filter combinations; the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        say(f"Copying {store} to serve it...")
        copy = copy_store(store, Path(tmp) / "store").root
        plan = combinations(copy)
        workbook = shared_string_return(
            Path(tmp) / "shared-string.xlsx", plan["department"], plan["period"], plan["priority_id"]
        )
        secrets = Path(tmp) / "secrets.toml"  # none: local single-user mode, as on an analyst's own computer
        secrets.write_text("", encoding="utf-8")
        port = free_ports(1)[0]
        say(f"Starting streamlit run app.py on port {port}...")
        server = serve(ROOT / "app.py", copy, port, extra_args=("--secrets.files", str(secrets)))
        sampler = Sampler(server.pid)
        try:
            sampler.start()
            steps = [
                {
                    "step": "started",
                    "url": "",
                    "seconds": 0.0,
                    "error": None,
                    "peak_mb": sampler.step(),
                    "held_mb": sampler.tree_mb(),
                    "server_mb": rss_mb(server.pid),
                }
            ]
            steps += browse(f"http://127.0.0.1:{port}", workbook, plan["urls"], sampler, say)
        finally:
            sampler.done.set()
            stop(server)
    errors = [f"{s['step']}: {s['error']}" for s in steps if s["error"]]
    return {
        "store": str(store),
        "text_mb": plan["text_mb"],
        "milestones": plan["milestones"],
        "sample_s": SAMPLE_S,
        "steps": steps,
        "peak_mb": max(s["peak_mb"] for s in steps),
        "errors": len(errors),
        "error_list": errors,
    }


def browse(base: str, workbook: Path, urls: list[str], sampler: Sampler, say: Callable[[str], None]) -> list[dict]:
    """The Overview, the upload, then each of ``urls``, each in a fresh Chromium session; a row per step."""
    # Playwright is optional (requirements-dev.txt) and heavy: imported only where a browser runs
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            rows.append(step("Overview, as a new visitor", base + "/overview", browser, sampler, say))
            rows.append(
                step(f"upload {workbook.name}, not committed", base + "/upload", browser, sampler, say, upload=workbook)
            )
            rows += [step("/" + url, f"{base}/{url}", browser, sampler, say) for url in urls]
        finally:
            browser.close()
    return rows


def step(
    name: str, url: str, browser, sampler: Sampler, say: Callable[[str], None], upload: Path | None = None
) -> dict:
    """Open ``url`` in a fresh session (and upload ``upload`` there); its time, peak and what stays held."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    started, error, outcome = time.perf_counter(), None, None
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        seconds = settled_seconds(page, started, WAIT_MS / 1000)
        if seconds != seconds:  # NaN: never drawn
            error = f"not drawn within {WAIT_MS // 1000} s"
        elif upload:
            outcome, error = uploaded(page, upload)
        elif page.get_by_test_id("stException").count():
            error = "the page shows an error box"
    except Exception as e:  # noqa: BLE001 - the browser's own failure is this step failing, in one line
        error = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    finally:
        context.close()
    seconds = time.perf_counter() - started
    sampler.quiet()
    row = {
        "step": name,
        "url": url,
        "seconds": round(seconds, 1),
        "error": error,
        "outcome": outcome,
        "peak_mb": sampler.step(),
        "held_mb": sampler.tree_mb(),
        "server_mb": rss_mb(sampler.pid),
    }
    say(f"  {name}: peak {row['peak_mb']:,} MB, held {row['held_mb']:,} MB" + (f" ({error})" if error else ""))
    return row


def uploaded(page, workbook: Path) -> tuple[str | None, str | None]:
    """(what the Upload page said, None) once it has checked ``workbook``; or (None, why it went wrong)."""
    # Playwright is optional (requirements-dev.txt) and heavy: imported only where a browser runs
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(workbook))
    commit = page.get_by_role("button", name="Commit 1 return")
    page.get_by_test_id("stAlert").filter(has_text=REFUSED).or_(commit).first.wait_for(timeout=WAIT_MS)
    if commit.count():
        return None, "the shared-string return was accepted: it should be refused"
    cells = page.get_by_test_id("stDataFrame").locator("td")
    try:
        cells.filter(has_text=TOO_MUCH_TEXT).first.wait_for(state="attached", timeout=60_000)
    except PlaywrightTimeout:
        return None, "refused, but not for its text: " + "; ".join(cells.all_inner_texts())[:300]
    return f"refused: {cells.filter(has_text=TOO_MUCH_TEXT).first.inner_text()}", None


def combinations(store: Path) -> dict:
    """Ten links, each a different (period, department, theme) on one of the Browse pages in turn (see
    ``spread``); and a department, period and priority of the store for the shared-string return."""
    con = Store(store).connect_read()
    try:
        periods = [pd.Timestamp(p).date() for p in run_query(con, "reporting_periods")["return_period"]]
        depts = run_query(con, "department_list")
        codes = list(depts.loc[depts["has_returns"].astype(bool), "code"])
        themes = {p: list(run_query(con, "theme_list", {"as_at": p})["theme"]) for p in periods}
        scope = {"as_at": periods[0], "department": None, "theme": None}
        lead = run_query(con, "priority_list", scope).iloc[0]
        milestones = run_query(con, "milestone_list", scope)
    finally:
        con.close()
    chosen = list(itertools.islice(spread(periods, codes, themes), COMBINATIONS))
    urls = [
        f"{BROWSE[i % len(BROWSE)]}?"
        + urlencode({k: v for k, v in (("period", p.isoformat()), ("department", d), ("theme", t)) if v is not None})
        for i, (p, d, t) in enumerate(chosen)
    ]
    text = sum(milestones[c].fillna("").str.len().sum() for c in ("title", "owner", "commentary"))
    return {
        "urls": urls,
        "department": lead["lead_department"],
        "priority_id": lead["priority_id"],
        "period": periods[0],
        "milestones": len(milestones),
        "text_mb": round(int(text) / 2**20, 1),
    }


def spread(periods: list[dt.date], codes: list[str], themes: dict[dt.date, list[str]]):
    """(period, department, theme) filters, None meaning all: first in turn the whole government at each
    period (newest first), each department and each theme at the newest period; then departments and themes
    at the older periods, then pairs of the two, each once."""
    newest = periods[0]
    first = [
        [(p, None, None) for p in periods],
        [(newest, d, None) for d in codes],
        [(newest, None, t) for t in themes[newest]],
    ]
    later = [[(p, d, None) for d in codes] + [(p, None, t) for t in themes[p]] for p in periods[1:]]
    pairs = [(p, d, t) for p in periods for d in codes for t in themes[p]]
    seen = set()
    for combo in itertools.chain(_in_turn(first), _in_turn(later), pairs):
        if combo not in seen:
            seen.add(combo)
            yield combo


def _in_turn(lists: list[list]):
    """The first of each list, then the second of each, and so on."""
    for row in itertools.zip_longest(*lists):
        yield from (item for item in row if item is not None)


def format_memory(figures: dict) -> str:
    """One line per step: its peak and what the server and its children held after it (and the server
    alone: the rest is the reader's child processes), then the run's peak."""
    f = figures
    lines = [
        f"Memory of streamlit run app.py serving a copy of {f['store']} ({f['milestones']:,} milestones "
        f"in the newest period, with {f['text_mb']:,.1f} MB of text), resident, the server and its children, "
        f"sampled every {f['sample_s']} s:",
        f"{'step':58}  {'peak MB':>8}  {'held MB':>8}  {'server MB':>9}  {'seconds':>7}",
    ]
    for s in f["steps"]:
        lines.append(
            f"{s['step'][:58]:58}  {s['peak_mb']:>8,}  {s['held_mb']:>8,}  {s['server_mb']:>9,}  "
            f"{s['seconds']:>7.1f}" + (f"  ERROR: {s['error']}" if s["error"] else "")
        )
        if s.get("outcome"):
            lines.append(f"  {s['outcome']}")
    lines.append(f"peak: {f['peak_mb']:,} MB; held at the end: {f['steps'][-1]['held_mb']:,} MB; errors: {f['errors']}")
    return "\n".join(lines)


def default_store(scale: str, say: Callable[[str], None] = print) -> Path:
    """The worst case built on the demo store of ``scale``."""
    return worst_store(demo_store(scale, say), say)
