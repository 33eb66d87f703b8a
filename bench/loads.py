"""``python -m bench``: our validated load beside a bare ``pandas.read_excel``.

Prints (1) validate + load time for one small-scale demo return, into a new store and into a
copy of the small demo store (as a real load: a new version copied from the published one),
each the median of ``REPEATS`` runs, and (2) rows per second loading the whole national demo,
each beside ``pandas.read_excel(sheet_name=None)`` of the same files (openpyxl, pandas' default
engine, and calamine, the engine our reader uses).
Demo returns are generated under ``data/demo/<scale>`` when absent (national takes minutes).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from bench.common import demo_files, demo_store
from delivery.store.loader import check_files, load_returns, rollback_load
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
    steps = [
        lambda: median_of(REPEATS, _checked, f"one small return ({one.name}): validate only", [one]),
        lambda: median_of(REPEATS, _ours, f"one small return ({one.name})", [one]),
        lambda: median_of(REPEATS, load_into_copy, "  the same into the small demo store", [one], store),
    ]
    steps += [
        lambda e=e: median_of(REPEATS, _pandas, f"  pandas.read_excel, {e}", [one], e) for e in ("openpyxl", "calamine")
    ]
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


def median_of(times: int, measure: Callable[..., tuple], *args) -> tuple:
    """The row of ``measure(*args)`` with the median seconds of ``times`` runs."""
    rows = sorted((measure(*args) for _ in range(times)), key=lambda row: row[-1])
    return rows[len(rows) // 2][:-1] + (statistics.median(row[-1] for row in rows),)


def load_into_copy(label: str, files: list[Path], store_root: Path) -> tuple:
    """Validate + load ``files`` into a copy of the store at ``store_root`` (left unchanged), as new returns.

    Each file's return is rolled back in the copy first (not timed), so it loads for real
    rather than as "unchanged"."""
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
    for checked in check_files(files):
        con = store.connect_read()
        active = run_query(con, "load_active", {"department": checked.department, "return_period": checked.period_end})
        con.close()
        if not active.empty:
            rollback_load(store, int(active["load_id"].iloc[0]), "bench", "the benchmark loads it again")


def _warm_up(path: Path) -> None:
    """Import and run every code path once, so no figure pays for first-call imports."""
    check_files([path])
    pd.read_excel(path, sheet_name=None, engine="openpyxl")
    pd.read_excel(path, sheet_name=None, engine="calamine")


def _checked(label: str, files: list[Path]) -> tuple:
    """Read + validate only, writing nothing."""
    started = time.perf_counter()
    results = check_files(files)
    return (label, len(files), sum(sum(f.row_counts.values()) for f in results), time.perf_counter() - started)


def _ours(label: str, files: list[Path]) -> tuple:
    """Validate + load ``files`` as one batch into a fresh store."""
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
    return "\n".join(
        line[0].ljust(widths[0]) + "  " + "  ".join(v.rjust(w) for v, w in zip(line[1:], widths[1:])) for line in lines
    )
