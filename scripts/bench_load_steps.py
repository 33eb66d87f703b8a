"""Where one small return's validated load goes, step by step: ``python scripts/bench_load_steps.py [RUNS]``.

Times the largest small-demo return (HO) read in this process step by step (the safety scan,
calamine's read, typed columns, validation) and through the reader's child, then loaded RUNS
times (default 15) into a copy of the small demo store in which it was rolled back first, with
the loader's steps timed by wrapping them. Prints the median of each, in milliseconds (the
last, the write's remainder: its commit, checkpoint and close, the log and the archive). The demo
and its store are made once under data/demo (see ``python -m bench``).
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_calamine import CalamineWorkbook  # noqa: E402

from bench.common import demo_files, demo_store  # noqa: E402
from bench.loads import roll_back  # noqa: E402
from delivery import settings  # noqa: E402
from delivery.reference.departments import department_lookup  # noqa: E402
from delivery.returns import isolated, reader, safety, validate  # noqa: E402
from delivery.store import loader  # noqa: E402
from delivery.store.versions import Store  # noqa: E402

TIMES: dict[str, list[float]] = {}


def _add(step: str, seconds: float) -> None:
    TIMES.setdefault(step, []).append(seconds)


def _timed(owner, name: str, step: str) -> None:
    """Wrap ``owner.name`` so each call's time is added to ``step``."""
    function = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _add(step, time.perf_counter() - started)

    setattr(owner, name, wrapper)


def read_steps(data: bytes, runs: int) -> None:
    """The reader's steps, in this process, and the round trip through its child."""
    started = time.perf_counter()
    isolated._Worker(settings.get("DELIVERY_READER_MEMORY_MB"), "delivery.returns.reader").stop()
    _add("the reader's child starting (once per process)", time.perf_counter() - started)
    departments, max_rows = department_lookup(), settings.get("DELIVERY_MAX_ROWS_PER_SHEET")
    reader.read_return(data, "HO.xlsx")
    for _ in range(runs):
        marks = [time.perf_counter()]
        safety.check_workbook_bytes(data, "HO.xlsx", max_rows)
        marks.append(time.perf_counter())
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in book.sheet_names:
            list(book.get_sheet_by_name(name).iter_rows())
        marks.append(time.perf_counter())
        parsed = reader.read_return_bytes(data, "HO.xlsx", max_rows)
        marks.append(time.perf_counter())
        reader.read_return(data, "HO.xlsx")
        marks.append(time.perf_counter())
        validate.validate_return(parsed, departments)
        marks.append(time.perf_counter())
        scan, calamine, whole, child, checks = (b - a for a, b in zip(marks, marks[1:]))
        for step, seconds in (
            ("scan: zip-bomb and grid-bomb checks", scan),
            ("calamine's own read", calamine),
            ("typed columns", whole - scan - calamine),
            ("the file to the child, tables back", child - whole),
            ("validate", checks),
        ):
            _add(step, seconds)


def load_steps(path: Path, store: Path, runs: int) -> None:
    """``load_returns`` of ``path`` into copies of ``store`` in which its return was rolled back."""
    _timed(loader, "_check_all", "read and validate, in all")
    _timed(Store, "_new_version", "new version: copy, open, schema and departments")
    _timed(loader, "replace_many", "the return's rows written")
    _timed(Store, "_publish", "publish")
    _timed(loader, "_write_batch", "write, in all")
    check_rights = loader._check_rights

    def timed_rights(checked):
        check = check_rights(checked)

        def timed_check(con):
            started = time.perf_counter()
            try:
                return check(con)
            finally:
                _add("rights check", time.perf_counter() - started)

        return timed_check

    loader._check_rights = timed_rights
    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared"
        shutil.copytree(store, prepared)
        roll_back(Store(prepared), [path])
        for run in range(runs):
            copy = Store(Path(tmp) / f"store{run}")
            shutil.copytree(prepared, copy.root)
            started = time.perf_counter()
            report = loader.load_returns(copy, [path], "bench")
            _add("load_returns, in all", time.perf_counter() - started)
            if [f.outcome for f in report.files] != ["loaded"]:
                raise SystemExit(f"The return did not load: {report.problems[:3]}")
            shutil.rmtree(copy.root)


def main(runs: int) -> None:
    """Time every step ``runs`` times and print the medians."""
    path = max(demo_files("small"), key=lambda p: p.stat().st_size)
    read_steps(path.read_bytes(), runs)
    load_steps(path, demo_store("small"), runs)
    medians = {step: statistics.median(seconds) for step, seconds in TIMES.items()}
    parts = ("new version: copy, open, schema and departments", "rights check", "the return's rows written", "publish")
    medians["commit, checkpoint, close; log, archive"] = medians["write, in all"] - sum(medians[p] for p in parts)
    for step, seconds in medians.items():
        print(f"{step:52s} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
