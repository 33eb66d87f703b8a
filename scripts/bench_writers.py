"""Time our .xlsx writer beside XlsxWriter on the demo, side by side in one run.

    python scripts/bench_writers.py --scale national --out /tmp/bench_writers

Generates the demo once; each workbook's rows are made into lists first (so no writer
pays for building them), then written by every writer in turn, the order alternating from
one workbook to the next. Prints seconds and megabytes per writer, and checks that the
files read back through calamine to the same values (every one for small, every tenth for
national). Needs XlsxWriter (requirements-dev.txt). A manual command: not run in CI.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import xlsxwriter_writer as challenger  # noqa: E402  (beside this script)

from delivery.demo import returns as demo  # noqa: E402
from delivery.returns import workbook, xlsx_writer  # noqa: E402


def on_xlsxwriter(**options):
    """The challenger's write_xlsx for our specs, with some Workbook options changed."""
    def write(path, specs):
        saved = challenger._OPTIONS
        challenger._OPTIONS = saved | options
        try:
            return challenger.write_xlsx(path, specs)
        finally:
            challenger._OPTIONS = saved
    return write


def run(scale: str, out: Path) -> dict[str, float]:
    """Generate the ``scale`` demo into ``out``, once per writer; print and return each writer's seconds."""
    writers = {"ours (hand-written XML)": xlsx_writer.write_xlsx,
               "XlsxWriter in_memory": on_xlsxwriter(),
               "XlsxWriter constant_memory": on_xlsxwriter(in_memory=False, constant_memory=True)}
    seconds = {name: 0.0 for name in writers}
    files: dict[str, list[Path]] = {name: [] for name in writers}
    count = [0]

    def write_all(path, specs):
        specs = [replace(s, rows=[list(r) for r in s.rows]) for s in specs]
        order = list(writers) if count[0] % 2 == 0 else list(reversed(writers))
        count[0] += 1
        for name in order:
            target = out / re.sub(r"\W+", "_", name).strip("_") / Path(path).name
            started = time.perf_counter()
            writers[name](target, specs)
            seconds[name] += time.perf_counter() - started
            files[name].append(target)
        return target

    workbook.write_xlsx = write_all
    started = time.perf_counter()
    demo.generate(scale, out / "unused")
    total = time.perf_counter() - started
    print(f"{scale}: {count[0]} workbooks, whole run {total:.1f} s (building the data + every writer)")
    base = seconds["ours (hand-written XML)"]
    for name in writers:
        size = sum(p.stat().st_size for p in files[name]) / 1e6
        print(f"  {name:28s} {seconds[name]:8.2f} s  {seconds[name] / base:5.2f} x  {size:8.1f} MB")
    check_same_values(files, every=1 if scale == "small" else 10)
    return seconds


def check_same_values(files: dict[str, list[Path]], every: int) -> None:
    """Every writer's file reads back through calamine to the same frames as the first writer's."""
    names = list(files)
    checked = 0
    for i in range(0, len(files[names[0]]), every):
        first = pd.read_excel(files[names[0]][i], sheet_name=None, engine="calamine")
        for name in names[1:]:
            other = pd.read_excel(files[name][i], sheet_name=None, engine="calamine")
            if first.keys() != other.keys() or any(not first[k].equals(other[k]) for k in first):
                raise SystemExit(f"{files[name][i]} reads back differently from {files[names[0]][i]}")
        checked += 1
    print(f"  read back the same through calamine: {checked} workbooks checked")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "national"), default="small")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench_writers")
    args = parser.parse_args()
    run(args.scale, args.out / args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
