"""Time our .xlsx writer beside XlsxWriter on the demo, side by side in one run.

    python scripts/bench_writers.py --scale national --out /tmp/bench_writers
    python scripts/bench_writers.py --pack data/demo/national-store

Generates the demo once; each workbook's rows are made into lists first (so no writer
pays for building them), then written by every writer in turn, the order alternating from
one workbook to the next. Prints seconds and megabytes per writer, and checks that the
files read back through calamine to the same values (every one for small, every tenth for
national). Needs XlsxWriter (requirements-dev.txt). A manual command: not run in CI.

``--pack STORE`` times the whole government's Excel pack from that store instead: its sheets
are made once (``pack.pack_sheets``), then written by ours, XlsxWriter and openpyxl (the pack's
former writer, as it wrote them), in turn, ``--repeats`` times; prints the median.
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
    writers = {
        "ours (hand-written XML)": xlsx_writer.write_xlsx,
        "XlsxWriter in_memory": on_xlsxwriter(),
        "XlsxWriter constant_memory": on_xlsxwriter(in_memory=False, constant_memory=True),
    }
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


def openpyxl_write(path: Path, specs) -> Path:
    """The Excel pack's former writer (openpyxl), on the same sheets: values, a bold header,
    widths, the header frozen, dates formatted and every string stored as text."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for spec in specs:
        ws = wb.create_sheet(spec.name)
        for row in spec.rows:
            ws.append(list(row))
        for i, width in enumerate(spec.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for cell in ws[spec.header_row]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=spec.header_row + 1):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "d mmm yyyy"
                elif isinstance(cell.value, str):
                    cell.data_type = "s"
        ws.freeze_panes = f"A{spec.header_row + 1}"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return Path(path)


def run_pack(store_root: Path, out: Path, repeats: int) -> dict[str, float]:
    """Write the whole government's Excel pack from ``store_root`` with each writer; print the medians."""
    import statistics

    from delivery.briefs import content, make, pack, text
    from delivery.store.versions import Store

    con = Store(store_root).connect_read()
    try:
        data = make.read_brief_data(con, content.Scope())
    finally:
        con.close()
    specs = pack.pack_sheets(data, text.make_brief(data), "OFFICIAL")
    cells = sum(len(row) for spec in specs for row in spec.rows)
    writers = {
        "ours (hand-written XML)": xlsx_writer.write_xlsx,
        "XlsxWriter in_memory": on_xlsxwriter(),
        "openpyxl (the pack's before)": openpyxl_write,
    }
    times: dict[str, list[float]] = {name: [] for name in writers}
    for n in range(repeats):
        for name in list(writers) if n % 2 == 0 else list(reversed(writers)):
            target = out / re.sub(r"\W+", "_", name).strip("_") / "pack.xlsx"
            started = time.perf_counter()
            writers[name](target, specs)
            times[name].append(time.perf_counter() - started)
    print(
        f"Excel pack of the whole government from {store_root}: {len(specs)} sheets, {cells:,} cells, "
        f"median of {repeats}"
    )
    base = statistics.median(times["ours (hand-written XML)"])
    for name in writers:
        size = (out / re.sub(r"\W+", "_", name).strip("_") / "pack.xlsx").stat().st_size / 1e6
        median = statistics.median(times[name])
        print(f"  {name:30s} {median:8.2f} s  {median / base:5.2f} x  {size:6.1f} MB")
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "national"), default="small")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench_writers")
    parser.add_argument(
        "--pack",
        type=Path,
        default=None,
        metavar="STORE",
        help="time the whole government's Excel pack from this store instead",
    )
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.pack:
        run_pack(args.pack, args.out / "pack", args.repeats)
    else:
        run(args.scale, args.out / args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
