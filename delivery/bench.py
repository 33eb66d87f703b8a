"""``python -m delivery bench``: our validated load beside a bare ``pandas.read_excel``.

Prints (1) validate + load time for one small-scale demo return, into a new store and into a
copy of the small demo store (as a real load: a new version copied from the published one),
each the median of ``REPEATS`` runs, and (2) rows per second loading the whole national demo,
each beside ``pandas.read_excel(sheet_name=None)`` of the same files (openpyxl, pandas' default
engine, and calamine, the engine our reader uses).
Demo returns are generated under ``data/demo/<scale>`` when absent (national takes minutes).
With ``--pages`` it times the pages instead, on a store of the demo (built once under
``data/demo/<scale>-store``): each page's script cold and warm and, with ``--browser``,
fresh sessions in Chromium beside an empty Streamlit app (see ``ui/bench.py``, which runs
in its own process because this package never imports Streamlit); with ``--sessions N``,
N sessions at once while a return loads (``ui/bench_sessions.py``; ``--clients protocol``:
N-1 of them Python clients speaking Streamlit's protocol and one Chromium, ``ui/bench_crowd.py``). The small page table
runs in the test suite, so it keeps working; the rest is a manual command.
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from delivery import ROOT
from delivery.store.versions import Store, run_query

REPEATS = 7  # one run of a small return varies twofold on a shared machine: take the median

def run(scale: str = "national", say: Callable[[str], None] = print) -> list[tuple]:
    """Run the benchmark (national part only when ``scale`` is "national"); returns the table rows.

    Each figure is printed as soon as it is measured: the national run takes minutes.
    """
    small = demo_files("small", say)
    one = max(small, key=lambda p: p.stat().st_size)
    store = demo_store("small", say)
    _warm_up(one)
    steps = [lambda: median_of(REPEATS, _checked, f"one small return ({one.name}): validate only", [one]),
             lambda: median_of(REPEATS, _ours, f"one small return ({one.name})", [one]),
             lambda: median_of(REPEATS, load_into_copy, "  the same into the small demo store", [one], store)]
    steps += [lambda e=e: median_of(REPEATS, _pandas, f"  pandas.read_excel, {e}", [one], e)
              for e in ("openpyxl", "calamine")]
    if scale == "national":
        files = demo_files("national", say)
        steps.append(lambda: _ours(f"whole national demo ({len(files)} returns)", files))
        steps += [lambda e=e: _pandas(f"  pandas.read_excel, {e}", files, e) for e in ("calamine", "openpyxl")]
    rows = []
    for step in steps:
        rows.append(step())
        say(format_table(rows).splitlines()[-1] if len(rows) > 1 else format_table(rows))
    say("")
    say(format_table(rows))
    return rows


def pages(scale: str, *, browser: bool = False, as_json: bool = False, sessions: int | None = None,
          processes: int = 1, proxy: bool = False, network: int | None = None, clients: str = "browser",
          say: Callable[[str], None] = print) -> int:
    """Time every page on the demo store of ``scale`` (built first if absent); the exit code of ui.bench.

    ``sessions``: also that many browser sessions at once while a return loads, on ``processes``
    app processes (on a copy of the demo store: the demo store itself is not changed); ``clients``:
    ``browser`` (each a Chromium) or ``protocol`` (N-1 Python clients speaking Streamlit's protocol, one Chromium).
    ``proxy``: the apps behind the README's nginx example; ``network``: pages on that many Mbit/s.
    """
    if as_json:  # progress goes to stderr, so that stdout is the JSON alone
        def say(text: str) -> None:
            print(text, file=sys.stderr)
    store = demo_store(scale, say)
    argv = [sys.executable, "-m", "ui.bench", "--store", str(store)] + ["--browser"] * browser + ["--json"] * as_json
    if sessions:
        argv += ["--sessions", str(sessions), "--processes", str(processes), "--clients", clients]
    argv += ["--proxy"] * proxy + (["--network", str(network)] if network else [])
    return subprocess.run(argv, cwd=ROOT, check=False).returncode


def demo_store(scale: str, say: Callable[[str], None] = print) -> Path:
    """A store of the whole demo of ``scale`` under data/demo/<scale>-store, loaded once."""
    from delivery.store.loader import load_returns

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
        from delivery.demo import returns as demo

        say(f"Generating the {scale} demo in {folder} (once; national takes minutes)...")
        files = sorted(demo.generate(scale, folder))
    return files


def median_of(times: int, measure: Callable[..., tuple], *args) -> tuple:
    """The row of ``measure(*args)`` with the median seconds of ``times`` runs."""
    rows = sorted((measure(*args) for _ in range(times)), key=lambda row: row[-1])
    return rows[len(rows) // 2][:-1] + (statistics.median(row[-1] for row in rows),)


def load_into_copy(label: str, files: list[Path], store_root: Path) -> tuple:
    """Validate + load ``files`` into a copy of the store at ``store_root`` (left unchanged), as new returns.

    Each file's return is rolled back in the copy first (not timed), so it loads for real
    rather than as "unchanged"."""
    from delivery.store.loader import load_returns

    with tempfile.TemporaryDirectory() as tmp:
        copy = Store(Path(tmp) / "store")
        shutil.copytree(store_root, copy.root)
        roll_back(copy, files)
        started = time.perf_counter()
        report = load_returns(copy, files, "bench")
        seconds = time.perf_counter() - started
    if not report.ok or {f.outcome for f in report.files} != {"loaded"}:
        raise SystemExit(f"The demo returns did not load: {report.problems[:3]}")
    return (f"{label}: validate + load", len(files), sum(sum(f.row_counts.values()) for f in report.files), seconds)


def roll_back(store: Store, files: list[Path]) -> None:
    """Roll back, in ``store``, the active load of each file's department and period (if any)."""
    from delivery.store.loader import check_files, rollback_load

    for checked in check_files(files):
        con = store.connect_read()
        active = run_query(con, "load_active", {"department": checked.department, "return_period": checked.period_end})
        con.close()
        if not active.empty:
            rollback_load(store, int(active["load_id"].iloc[0]), "bench", "the benchmark loads it again")


def _warm_up(path: Path) -> None:
    """Import and run every code path once, so no figure pays for first-call imports."""
    from delivery.store.loader import check_files

    check_files([path])
    pd.read_excel(path, sheet_name=None, engine="openpyxl")
    pd.read_excel(path, sheet_name=None, engine="calamine")


def _checked(label: str, files: list[Path]) -> tuple:
    """Read + validate only, writing nothing."""
    from delivery.store.loader import check_files

    started = time.perf_counter()
    results = check_files(files)
    return (label, len(files), sum(sum(f.row_counts.values()) for f in results), time.perf_counter() - started)


def _ours(label: str, files: list[Path]) -> tuple:
    """Validate + load ``files`` as one batch into a fresh store."""
    from delivery.store.loader import load_returns

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = load_returns(Store(Path(tmp) / "store"), files, "bench")
        seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"The demo returns did not load: {report.problems[:3]}")
    rows = sum(sum(f.row_counts.values()) for f in report.files)
    return (f"{label}: validate + load", len(files), rows, seconds)


def _pandas(label: str, files: list[Path], engine: str) -> tuple:
    started = time.perf_counter()
    rows = sum(len(frame) for path in files for frame in pd.read_excel(path, sheet_name=None, engine=engine).values())
    return (label, len(files), rows, time.perf_counter() - started)


def format_table(rows: list[tuple]) -> str:
    """The figures as a fixed-width table: what, files, rows, seconds, rows per second."""
    lines = [("what", "files", "rows", "seconds", "rows/s")]
    lines += [(what, f"{n:,}", f"{r:,}", f"{s:.2f}", f"{r / s:,.0f}") for what, n, r, s in rows]
    # Minimum widths keep the lines printed one by one as they are measured aligned.
    widths = [max([len(line[i]) for line in lines] + [minimum]) for i, minimum in enumerate((60, 5, 10, 8, 9))]
    return "\n".join(line[0].ljust(widths[0]) + "  " + "  ".join(v.rjust(w) for v, w in zip(line[1:], widths[1:]))
                     for line in lines)
