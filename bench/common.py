"""What more than one benchmark uses: the demo's returns and store, a real ``streamlit run``, Chromium, /proc.

Every name here is public; the benchmark modules import these and nothing private of each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from delivery import ROOT
from delivery.demo import returns as demo
from delivery.store.loader import load_returns
from delivery.store.versions import Store

PAGES = (
    "overview",
    "priorities",
    "priority",
    "milestones",
    "chains",
    "indicators",
    "loads",
    "changes",
    "brief",
    "data_quality",
)
URLS = {
    "overview": "/overview",
    "priorities": "/priorities",
    "priority": "/priority?priority={pid}",
    "milestones": "/milestones",
    "chains": "/chains",
    "indicators": "/indicators",
    "loads": "/loads",
    "changes": "/changes",
    "brief": "/brief",
    "data_quality": "/data-quality",
}
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTLED = 8  # consecutive good polls before a page counts as drawn
DRAWN_JS = """() => !!document.querySelector('[data-testid="stMain"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !!document.querySelector('[data-testid="stMain"] h1')"""
LOAD_AFTER_S = 2.0  # the sessions are mid-page when the load starts
STARTED_WITHIN_S = 120


# --- the demo --------------------------------------------------------------------------------


def demo_store(scale: str, say: Callable[[str], None] = print) -> Path:
    """A store of the whole demo of ``scale`` under data/demo/<scale>-store, loaded once."""
    store = Store(ROOT / "data" / "demo" / f"{scale}-store")
    if store.version() is None:
        files = demo_files(scale, say)
        say(f"Loading the {scale} demo into {store.root} (once)...")
        report = load_returns(store, files, "bench")
        if not report.ok:
            raise SystemExit(f"The demo returns did not load: {report.problems[:3]}")
    return store.root


def demo_files(scale: str, say: Callable[[str], None] = print) -> list[Path]:
    """The demo returns under data/demo/<scale>, generated first if the folder has none."""
    folder = ROOT / "data" / "demo" / scale
    files = sorted(folder.glob("*.xlsx"))
    if not files:
        say(f"Generating the {scale} demo in {folder} (once; national takes minutes)...")
        files = sorted(demo.generate(scale, folder))
    return files


def first_priority(store: Path) -> str:
    """A priority that the store holds, for the Priority page's link."""
    con = Store(store).connect_read()
    try:
        return con.execute("SELECT min(priority_id) FROM priorities").fetchone()[0]
    finally:
        con.close()


# --- app servers -----------------------------------------------------------------------------


def serve(app: Path, store: Path, port: int, extra_args: tuple[str, ...] = ()) -> subprocess.Popen:
    """``streamlit run app`` on 127.0.0.1:``port`` serving ``store`` (its own process group); waits until healthy."""
    env = os.environ | {"DELIVERY_DB": str(store)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(app),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + STARTED_WITHIN_S
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return proc
        time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"streamlit run {app.name} did not start within {STARTED_WITHIN_S} s")


def stop(*procs: subprocess.Popen) -> None:
    """Stop the servers we started, politely."""
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=30)


def free_ports(count: int) -> list[int]:
    """``count`` TCP ports on 127.0.0.1 that nothing listens on now."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


# --- /proc -----------------------------------------------------------------------------------


def rss_mb(pid: int) -> int:
    """The resident memory of a process, in MB (VmRSS from /proc); 0 once it has gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[int, int, int]]:
    """Every live process: pid -> (parent pid, process group, CPU ticks with its reaped children's)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):  # a process may end while it is read
            fields = stat.read_text().rsplit(")", 1)[1].split()
            found[int(stat.parent.name)] = (int(fields[1]), int(fields[2]), sum(int(x) for x in fields[11:15]))
    return found


def descendants(root: int, table: dict[int, tuple[int, int, int]] | None = None) -> set[int]:
    """``root`` and every live process below it."""
    table = processes() if table is None else table
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo += children.get(pid, [])
    return found


def group_cpu_seconds(proc: subprocess.Popen) -> float:
    """CPU seconds used so far by every live process of ``proc``'s process group (nginx and its worker)."""
    group = [pid for pid, (_, pgid, _) in processes().items() if pgid == proc.pid]
    total = 0.0
    for pid in group:
        with contextlib.suppress(OSError):
            total += cpu_seconds(pid)
    return total


def browser_cpu(skip: set[int]) -> float:
    """CPU seconds used so far by this process's descendants (Chromium and Playwright's driver), but not by
    the app servers in ``skip``: on one machine the browsers share the cores with the servers."""
    table = processes()

    def ours(pid: int) -> bool:
        while pid > 1 and pid not in skip:
            pid = table.get(pid, (0, 0, 0))[0]
            if pid == os.getpid():
                return True
        return False

    return sum(t for pid, (_, _, t) in table.items() if pid not in skip and ours(pid)) / os.sysconf("SC_CLK_TCK")


# --- a browser's fresh session ---------------------------------------------------------------


# What a page's first screen opens with, found by a stable key: the time until it is drawn is reported beside
# the time until the page settles. Every other page's first screen (and the floor's) opens with its title.
TITLE = '[data-testid="stMain"] h1'
HEADLINES = {"overview": '.st-key-first-screen [data-testid="stHeading"]'}


def fresh_session_seconds(browser, url: str, returning: bool = False, mbit: float | None = None) -> float:
    """Seconds from navigation until the page is drawn and stays drawn, in a new browser context."""
    return fresh_session_times(browser, url, returning, mbit)[1]


def fresh_session_times(
    browser, url: str, returning: bool = False, mbit: float | None = None, headline: str = TITLE
) -> tuple[float, float]:
    """(seconds until ``headline`` (a CSS selector) is drawn, seconds until the page is drawn and stays drawn)
    from navigation, in a new browser context.

    ``returning``: a new tab of a browser that has opened the app before (Streamlit's
    JavaScript in its HTTP cache), as a colleague opening a shared link usually is; the
    context first opens the same URL once, untimed. ``mbit``: the page's network held to that
    many megabits a second each way, with 20 ms more round trip (an office line, not loopback).
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        if mbit:
            context.on("page", lambda tab: throttle(context, tab, mbit))
        if returning:
            first = context.new_page()
            first.goto(url, wait_until="load")
            first.wait_for_timeout(1500)
            first.close()
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        return drawn_times(page, started, headline)
    finally:
        context.close()


def settled_seconds(page, started: float, within_s: float = 120) -> float:
    """Seconds from ``started`` until ``page`` is drawn for SETTLED polls in a row (NaN if not within ``within_s``)."""
    return drawn_times(page, started, TITLE, within_s)[1]


def drawn_times(page, started: float, headline: str = TITLE, within_s: float = 120) -> tuple[float, float]:
    """(seconds from ``started`` until ``headline`` is first drawn, until ``page`` is drawn for SETTLED polls in a
    row); NaN for either not seen within ``within_s``."""
    first_good, good, head = None, 0, None
    while good < SETTLED and time.perf_counter() - started < within_s:
        if head is None and page.evaluate("s => !!document.querySelector(s)", headline):
            head = time.perf_counter() - started
        if page.evaluate(DRAWN_JS):
            first_good = first_good or time.perf_counter() - started
            good += 1
        else:
            first_good, good = None, 0
        page.wait_for_timeout(100)
    return (float("nan") if head is None else head), (first_good if good >= SETTLED else float("nan"))


def throttle(context, tab, mbit: float) -> None:
    """Hold ``tab``'s network to ``mbit`` megabits a second each way, with 20 ms more round trip."""
    cdp = context.new_cdp_session(tab)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": mbit * 1e6 / 8, "uploadThroughput": mbit * 1e6 / 8},
    )


# --- many sessions while a return loads ------------------------------------------------------


async def load_during(store: Path, workbook: Path) -> dict:
    """Load ``workbook`` with the command line after a pause; its time, CPU and outcome."""
    await asyncio.sleep(LOAD_AFTER_S)
    cpu, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "delivery",
        "load",
        str(workbook),
        "--db",
        str(store),
        "--by",
        "bench",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = out.decode(errors="replace").strip().splitlines()
    return {
        "file": workbook.name,
        "start": started,
        "end": time.perf_counter(),
        "ok": proc.returncode == 0,
        "cpu_s": round(after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, 2),
        "message": lines[-1] if lines else "",
    }


def summarise(load: dict, pages: list[dict], server_cpu: float, load_before, load_after) -> dict:
    """The figures: page times, errors, the load, server CPU, and what overlapped the load."""
    times = [p["seconds"] for p in pages if not p["error"]]
    errors = [f"{p['url']}: {p['error']}" for p in pages if p["error"]]
    return {
        "pages": len(pages),
        "median_s": round(statistics.median(times), 2) if times else None,
        "max_s": round(max(times), 2) if times else None,
        "errors": len(errors) + (not load["ok"]),
        "error_list": errors + ([] if load["ok"] else [f"the load failed: {load['message']}"]),
        "pages_during_load": sum(p["start"] < load["end"] and p["end"] > load["start"] for p in pages),
        "slowest": [
            f"{p['url']}: {p['seconds']:.1f} s"
            for p in sorted((p for p in pages if not p["error"]), key=lambda p: -p["seconds"])[:3]
        ],
        "load": {k: load[k] for k in ("file", "ok", "cpu_s", "message")}
        | {"seconds": round(load["end"] - load["start"], 2)},
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_s_per_page": round(server_cpu / max(len(pages), 1), 2),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }
