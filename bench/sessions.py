"""Many people at once: ``python -m bench --pages --browser --sessions N [--processes K] [--clients C]``.

N fresh Chromium sessions (a new browser context each) open three pages each, one after the
other, as shared links do, all sessions at once, on K app processes (session i on process
i mod K: spreading sessions over ports stands in for a load balancer). Two seconds in, a
return is loaded into the store with ``python -m delivery load``, as an analyst would while
the meeting browses. It all runs on a copy of the store whose newest return is rolled back
first, so that loading that workbook again is a real load; the store given is not changed.

Reports each page's time (median and maximum), the pages that failed (not drawn within
three minutes, an error box, or the browser's error), how long the load took, and the
app processes' CPU seconds, with the machine's load average before and after.

That is ``--clients browser`` (the default). ``--clients protocol`` makes N-1 of the sessions
Python clients speaking Streamlit's protocol and one a real Chromium (``bench/crowd.py``):
on one machine, N browsers measure mostly themselves.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import tempfile
import time
from pathlib import Path

from bench.common import (
    ARGS,
    CHROMIUM,
    DRAWN_JS,
    PAGES,
    ROOT,
    SETTLED,
    URLS,
    browser_cpu,
    cpu_seconds,
    first_priority,
    free_ports,
    load_during,
    serve,
    stop,
    summarise,
)
from bench.crowd import crowd_bench, format_crowd
from delivery.store import archive
from delivery.store.history import LOADED, rollback_load
from delivery.store.rebuild import copy_store

PAGES_PER_SESSION = 3
PAGE_TIMEOUT_S = 180
CLIENTS = ("browser", "protocol")  # --clients: every session a Chromium, or N-1 protocol clients and one Chromium


def held_back_copy(store: Path, folder: Path) -> tuple[Path, Path]:
    """(a copy of ``store`` in ``folder`` with its newest return rolled back, that return's workbook)."""
    copy = copy_store(store, folder / "store")
    loaded = [e for e in archive.read_log(copy.archive) if e["outcome"] == LOADED]
    newest = max(loaded, key=lambda e: (e["return_period"], e["load_id"]))
    rollback_load(copy, newest["load_id"], "bench", "held back, to be loaded again while sessions browse")
    workbook = folder / newest["file_name"]
    workbook.write_bytes(archive.read_original(copy.archive, newest["sha256"]))
    return copy.root, workbook


def session_plans(sessions: int, ports: list[int], pid: str) -> list[list[str]]:
    """Each session's three page URLs: pages taken in turn, sessions spread over the ports in turn."""
    return [
        [
            f"http://127.0.0.1:{ports[i % len(ports)]}" + URLS[PAGES[(i + j) % len(PAGES)]].format(pid=pid)
            for j in range(PAGES_PER_SESSION)
        ]
        for i in range(sessions)
    ]


async def timed_page(page, url: str) -> dict:
    """Open ``url`` in ``page`` and time it until drawn (as bench.pages does); an error says why it was not."""
    # Playwright is optional (requirements-dev.txt) and heavy: imported only where a browser runs
    from playwright.async_api import Error as BrowserError

    started, first_good, good, error = time.perf_counter(), None, 0, None
    try:
        await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_S * 1000)
        while good < SETTLED and time.perf_counter() - started < PAGE_TIMEOUT_S:
            if await page.evaluate(DRAWN_JS):
                first_good, good = first_good or time.perf_counter() - started, good + 1
            else:
                first_good, good = None, 0
            await page.wait_for_timeout(100)
        if good < SETTLED:
            error = f"not drawn within {PAGE_TIMEOUT_S} s"
        elif await page.locator('[data-testid="stException"]').count():
            error = "the page shows an error box"
    except BrowserError as e:  # the browser's own failure (a crash, a refused connection) counts as an error
        error = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    return {"url": url, "start": started, "end": time.perf_counter(), "seconds": first_good, "error": error}


async def _session(browser, urls: list[str]) -> list[dict]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        return [await timed_page(page, url) for url in urls]
    finally:
        await context.close()


async def _browse(servers: list, ports: list[int], store: Path, workbook: Path, sessions: int, pid: str) -> dict:
    # Playwright is optional (requirements-dev.txt) and heavy: imported only where a browser runs
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for port in ports:  # each server's first start prepares the store once, as before a meeting
                await _session(browser, [f"http://127.0.0.1:{port}/overview"])
            skip = {s.pid for s in servers}
            cpu, client, load_before = [cpu_seconds(s.pid) for s in servers], browser_cpu(skip), os.getloadavg()
            done = await asyncio.gather(
                load_during(store, workbook), *(_session(browser, plan) for plan in session_plans(sessions, ports, pid))
            )
            server_cpu = sum(cpu_seconds(s.pid) - c for s, c in zip(servers, cpu))
            client = browser_cpu(skip) - client
        finally:
            await browser.close()
    figures = summarise(done[0], [r for rows in done[1:] for r in rows], server_cpu, load_before, os.getloadavg())
    return figures | {"browser_cpu_s": round(client, 1)}


def sessions_bench(store: Path, sessions: int, processes: int = 1, clients: str = "browser") -> dict:
    """Run ``sessions`` concurrent sessions on ``processes`` app processes during a load; the figures.

    ``clients``: ``browser`` (every session a Chromium context on this machine) or ``protocol``
    (``sessions - 1`` Python clients speaking Streamlit's protocol, and one Chromium: see
    ``bench/protocol.py``).
    """
    if clients not in CLIENTS:
        raise ValueError(f"clients must be one of {', '.join(CLIENTS)}, not {clients!r}")
    with tempfile.TemporaryDirectory() as tmp:
        copy, workbook = held_back_copy(store, Path(tmp))
        pid, ports, servers = first_priority(copy), free_ports(processes), []
        try:
            servers += [serve(ROOT / "app.py", copy, port) for port in ports]
            # A thread of its own: the caller may already run an event loop (Playwright's sync API does).
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                if clients == "protocol":
                    run = pool.submit(crowd_bench, servers, ports, copy, workbook, session_plans(sessions, ports, pid))
                else:
                    run = pool.submit(asyncio.run, _browse(servers, ports, copy, workbook, sessions, pid))
                figures = run.result()
        finally:
            stop(*servers)
    return {
        "sessions": sessions,
        "processes": processes,
        "pages_per_session": PAGES_PER_SESSION,
        "clients": clients,
    } | figures


def format_sessions(figures: dict, single_fresh_s: float | None = None) -> str:
    """The concurrency figures in a few plain lines."""
    if figures.get("clients") == "protocol":
        return format_crowd(figures)
    f, load = figures, figures["load"]
    ratio = (
        f" ({f['median_s'] / single_fresh_s:.1f} x the single fresh-session median, {single_fresh_s:.2f} s)"
        if single_fresh_s and f["median_s"]
        else ""
    )
    lines = [
        (
            f"{f['sessions']} fresh sessions at once, {f['pages_per_session']} pages each, on {f['processes']} "
            f"app process{'es' if f['processes'] > 1 else ''}, while {load['file']} loads:"
        ),
        f"  page time: median {f['median_s']} s, max {f['max_s']} s{ratio}",
        f"  slowest: {'; '.join(f['slowest'])}",
        f"  errors: {f['errors']} of {f['pages']} pages" + "".join(f"\n    {e}" for e in f["error_list"]),
        (
            f"  the load: {load['seconds']} s ({load['cpu_s']} CPU s), {f['pages_during_load']} pages in flight "
            f"while it ran; {'published' if load['ok'] else 'FAILED'}: {load['message']}"
        ),
        (
            f"  app server CPU: {f['server_cpu_s']} s ({f['server_cpu_s_per_page']} s per page); "
            f"the browsers' CPU on this machine: {f.get('browser_cpu_s', '?')} s"
        ),
        f"  load average (1, 5, 15 min) before {f['load_average_before']}, after {f['load_average_after']}",
    ]
    return "\n".join(lines)
