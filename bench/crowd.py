"""Many people at once, as it really happens: ``--sessions N --clients protocol``.

Each of twenty people at a meeting has their own computer; only the app server is shared.
Twenty Chromium sessions on the server's own two cores measure mostly the browsers (they used
15 times the servers' CPU), so here N-1 people are Python clients speaking Streamlit's own
protocol (``bench/protocol.py``: a few milliseconds of CPU a page), and one is a real
Chromium, whose fresh-session times the issue asks about: timed alone first, then again and
again while the N-1 browse and a return loads, and compared ("within 2 x of one fresh session
alone"). Sessions take the pages and the app processes in turn as in the browser mode
(``session_plans``: the Chromium is the last session); the load is the same.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import math
import os
import resource
import statistics
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import (
    ARGS,
    CHROMIUM,
    browser_cpu,
    cpu_seconds,
    fresh_session_seconds,
    load_during,
    summarise,
)
from bench.protocol import protocol_session

ALONE_ROUNDS = 3  # the Chromium's pages timed alone this many times each (the median is the figure)


def crowd_bench(servers: list, ports: list[int], store: Path, workbook: Path, plans: list[list[str]]) -> dict:
    """The figures of one run: ``plans[:-1]`` as protocol clients and ``plans[-1]`` in Chromium, during a load."""
    # Playwright is optional (requirements-dev.txt) and heavy: imported only where a browser runs
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for port in ports:  # each server's first start prepares the store once, as before a meeting
                fresh_session_seconds(browser, f"http://127.0.0.1:{port}/overview")
            alone = chromium_rounds(browser, plans[-1], rounds=ALONE_ROUNDS)
            skip = {s.pid for s in servers}
            cpu, chromium_cpu, load_before = [cpu_seconds(s.pid) for s in servers], browser_cpu(skip), os.getloadavg()
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                crowd = pool.submit(asyncio.run, _crowd(store, workbook, plans[:-1]))
                under = chromium_rounds(browser, plans[-1], until=crowd.done)
                load, pages, clients_cpu = crowd.result()
            server_cpu = sum(cpu_seconds(s.pid) - c for s, c in zip(servers, cpu))
            chromium_cpu = browser_cpu(skip) - chromium_cpu
        finally:
            browser.close()
    figures = summarise(load, pages, server_cpu, load_before, os.getloadavg())
    chromium = compare(alone, under)
    return figures | {
        "errors": figures["errors"] + len(chromium["error_list"]),
        "error_list": figures["error_list"] + chromium["error_list"],
        "server_cpu_s_per_page": round(server_cpu / max(len(pages) + len(under), 1), 2),
        "protocol_sessions": len(plans) - 1,
        "chromium": chromium,
        "headings": headings(pages),
        "protocol_clients_cpu_s": round(clients_cpu, 1),
        "browser_cpu_s": round(chromium_cpu, 1),
    }


async def _crowd(store: Path, workbook: Path, plans: list[list[str]]) -> tuple[dict, list[dict], float]:
    """(the load, every protocol page, the CPU seconds this thread's clients used)."""
    started = resource.getrusage(resource.RUSAGE_THREAD)
    done = await asyncio.gather(load_during(store, workbook), *(protocol_session(plan) for plan in plans))
    ended = resource.getrusage(resource.RUSAGE_THREAD)
    used = ended.ru_utime + ended.ru_stime - started.ru_utime - started.ru_stime
    return done[0], [row for rows in done[1:] for row in rows], used


def headings(pages: list[dict]) -> dict[str, str | None]:
    """Each page's path and query (no host) and the first heading the server sent for it: what was drawn."""
    seen = {}
    for page in pages:
        parts = urlsplit(page["url"])
        seen.setdefault(parts.path + (f"?{parts.query}" if parts.query else ""), page["heading"])
    return dict(sorted(seen.items()))


def chromium_rounds(browser, urls: list[str], rounds: int | None = None, until=None) -> list[dict]:
    """Each of ``urls`` in a fresh Chromium session, in turn: ``rounds`` times, or until ``until()`` is
    true (at least once each); one row per page opened."""
    rows = []
    while True:
        for url in urls:
            seconds = fresh_session_seconds(browser, url)
            rows.append({"url": url, "seconds": None if math.isnan(seconds) else seconds})
            if until and until() and len(rows) >= len(urls):
                return rows
        if rounds and len(rows) >= rounds * len(urls):
            return rows


def compare(alone: list[dict], under: list[dict]) -> dict:
    """The Chromium's fresh-session seconds, each page alone and under load (medians), and their ratio."""
    rows, errors = [], []
    for url in dict.fromkeys(r["url"] for r in alone):
        times = {
            k: [r["seconds"] for r in rs if r["url"] == url and r["seconds"] is not None]
            for k, rs in (("alone", alone), ("under", under))
        }
        errors += [
            f"{url}: not drawn in Chromium within 120 s"
            for r in alone + under
            if r["url"] == url and r["seconds"] is None
        ]
        a, u = (round(statistics.median(t), 2) if t else None for t in (times["alone"], times["under"]))
        rows.append(
            {
                "url": url,
                "alone_s": a,
                "under_load_s": u,
                "samples_under_load": len(times["under"]),
                "ratio": round(u / a, 2) if a and u else None,
            }
        )
    medians = [
        statistics.median(r["seconds"] for r in rs if r["seconds"] is not None)
        if any(r["seconds"] is not None for r in rs)
        else None
        for rs in (alone, under)
    ]
    ratio = round(medians[1] / medians[0], 2) if all(medians) else None
    return {
        "pages": rows,
        "alone_median_s": _round(medians[0]),
        "under_load_median_s": _round(medians[1]),
        "ratio": ratio,
        "worst_page_ratio": max((r["ratio"] for r in rows if r["ratio"]), default=None),
        "error_list": errors,
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def format_crowd(figures: dict) -> str:
    """The mixed run's figures in a few plain lines."""
    f, load, c = figures, figures["load"], figures["chromium"]
    lines = [
        (
            f"{f['sessions']} sessions at once ({f['protocol_sessions']} Python clients speaking Streamlit's "
            f"protocol, 1 Chromium), {f['pages_per_session']} pages each, on {f['processes']} app "
            f"process{'es' if f['processes'] > 1 else ''}, while {load['file']} loads:"
        ),
        (
            f"  protocol sessions, page until script_finished: median {f['median_s']} s, max {f['max_s']} s "
            f"({f['pages']} pages)"
        ),
        f"  slowest: {'; '.join(f['slowest'])}",
        (
            f"  Chromium, fresh session: median {c['alone_median_s']} s alone, {c['under_load_median_s']} s "
            f"under load ({c['ratio']} x; worst page {c['worst_page_ratio']} x)"
        ),
    ]
    lines += [
        f"    {r['url']}: {r['alone_s']} s alone, {r['under_load_s']} s under load "
        f"({r['ratio']} x, {r['samples_under_load']} samples)"
        for r in c["pages"]
    ]
    lines += [
        f"  errors: {f['errors']}" + "".join(f"\n    {e}" for e in f["error_list"]),
        (
            f"  the load: {load['seconds']} s ({load['cpu_s']} CPU s), {f['pages_during_load']} protocol pages "
            f"in flight while it ran; {'published' if load['ok'] else 'FAILED'}: {load['message']}"
        ),
        (
            f"  app server CPU: {f['server_cpu_s']} s ({f['server_cpu_s_per_page']} s per page); on this machine "
            f"the protocol clients used {f['protocol_clients_cpu_s']} CPU s, the Chromium {f['browser_cpu_s']} s"
        ),
        f"  load average (1, 5, 15 min) before {f['load_average_before']}, after {f['load_average_after']}",
    ]
    return "\n".join(lines)
