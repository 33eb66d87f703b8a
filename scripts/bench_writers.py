"""Time our old hand-written .xlsx writer beside XlsxWriter on the demo, side by side in one run.

    python scripts/bench_writers.py --scale national --out /tmp/bench_writers

Generates the demo once; each workbook's rows are made into lists first (so neither writer
pays for building them), then written by every writer in turn, the order alternating from
one workbook to the next. Prints seconds and megabytes per writer, and checks that every
file reads back through calamine to the same values. The hand-written writer was deleted
from the package (issue 7); it is taken from git, at ``--hand-rev``.
A manual command: not run in CI.
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from delivery.demo import returns as demo  # noqa: E402
from delivery.returns import sheet_writer, workbook  # noqa: E402

HAND_REV = "2f606c5"  # the last commit with delivery/returns/xlsx_writer.py


def hand_writer(rev: str):
    """The old hand-written writer module, loaded from git at ``rev``."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:delivery/returns/xlsx_writer.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "hand_xlsx_writer.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("hand_xlsx_writer", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def xlsxwriter_write(**options):
    """sheet_writer.write_xlsx with some Workbook options changed (e.g. constant_memory=False)."""
    def write(path, specs):
        saved = sheet_writer._OPTIONS
        sheet_writer._OPTIONS = saved | options
        try:
            return sheet_writer.write_xlsx(path, specs)
        finally:
            sheet_writer._OPTIONS = saved
    return write


def run(scale: str, out: Path, rev: str) -> dict[str, list[float]]:
    hand = hand_writer(rev)
    writers = {"hand-written XML": lambda p, s: hand.write_xlsx(p, [hand.SheetSpec(**vars(x) | {
                   "validations": [hand.Validation(**vars(v)) for v in x.validations]}) for x in s]),
               "XlsxWriter in_memory": sheet_writer.write_xlsx,
               "XlsxWriter constant_memory": xlsxwriter_write(in_memory=False, constant_memory=True)}
    seconds = {name: 0.0 for name in writers}
    files: dict[str, list[Path]] = {name: [] for name in writers}
    count = [0]

    def write_all(path, specs):
        specs = [replace(s, rows=[list(r) for r in s.rows]) for s in specs]
        order = list(writers) if count[0] % 2 == 0 else list(reversed(writers))
        count[0] += 1
        for name in order:
            target = out / name.replace(" ", "_") / Path(path).name
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
    base = seconds["hand-written XML"]
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
    parser.add_argument("--hand-rev", default=HAND_REV)
    args = parser.parse_args()
    run(args.scale, args.out / args.scale, args.hand_rev)
    return 0


if __name__ == "__main__":
    sys.exit(main())
