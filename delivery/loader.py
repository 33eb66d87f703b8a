"""Load validated returns into the store: all files checked first, then one transaction.

Every change to the return tables goes through ``_apply`` with one log entry (see
delivery/archive.py for its fields): a live load, a rollback and a rebuild's replay of
``archive/loads.jsonl`` run the same code, which is what makes ``rebuild`` exact.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from delivery import archive
from delivery.contract import SHEETS
from delivery.errors import DeliveryError
from delivery.problems import Problem
from delivery.store import Store, read_departments, run_query, sql
from delivery.validate import check_return

Source = Path | str | tuple[str, bytes]
LOADED, UNCHANGED, REJECTED, ROLLED_BACK = "loaded", "unchanged", "rejected", "rolled back"
# ``rebuild`` lives beside the log it replays; importable from here too.
rebuild = archive.rebuild
# Tests only: a directory; the writer says "paused" there and waits for "go" before
# publishing, so a test can kill a loader mid-write or overlap two loads deterministically.
PAUSE_ENV = "DELIVERY_TEST_PAUSE_IN_WRITE"


@dataclass
class FileResult:
    """What happened to one file of a load: outcome, rows per sheet, problems, a message."""

    file_name: str
    department: str | None = None
    period_end: dt.date | None = None
    outcome: str = REJECTED
    load_id: int | None = None
    row_counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    message: str = ""
    sha256: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready dict (dates as ISO text, problems as dicts)."""
        return {
            "file": self.file_name, "department": self.department,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "outcome": self.outcome, "load_id": self.load_id, "sha256": self.sha256,
            "row_counts": self.row_counts, "message": self.message,
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass
class LoadReport:
    """The result of one ``load_returns`` call: one FileResult per file, in the order given."""

    files: list[FileResult]
    version: str | None = None

    @property
    def ok(self) -> bool:
        """True when the batch was written (every file loaded or unchanged)."""
        return all(f.outcome != REJECTED for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every file."""
        return [p for f in self.files for p in f.problems]

    def to_dict(self) -> dict:
        """A JSON-ready dict: overall outcome, store version, and the files."""
        outcomes = {f.outcome for f in self.files}
        overall = REJECTED if REJECTED in outcomes else UNCHANGED if outcomes == {UNCHANGED} else LOADED
        return {"outcome": overall, "version": self.version,
                "files": [f.to_dict() for f in self.files]}


def load_returns(store: Store, sources: Sequence[Source], loaded_by: str, *, reason: str | None = None,
                 allowed_departments: Collection[str] | None = None, today: dt.date | None = None) -> LoadReport:
    """Validate every file, then write them all in one transaction (or nothing if any has a problem).

    Each return replaces its department's rows for its period and keeps every other period;
    a file identical to the active load of its department and period changes nothing.
    """
    checked = [_check(src, today) for src in sources]
    results = [r for r, _, _ in checked]
    _check_batch(checked, allowed_departments)
    if any(r.problems for r in results):
        _explain_rejection(results)
        return LoadReport(results)
    loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with _logged_write(store) as (con, entries):
        first_id = _last_load_id(con) + 1
        entries += [_entry_for(con, result, first_id + i, loaded_by, loaded_at, reason)
                    for i, (result, _, _) in enumerate(checked)]
        # The batch's returns are distinct department-periods, so their rows can be replaced
        # in a few statements per table rather than a few per file (the national demo: 238).
        _replace_many(con, [(parsed, e) for (_, parsed, _), e in zip(checked, entries) if e["outcome"] == LOADED])
        for (result, _, data), entry in zip(checked, entries):
            _apply(con, entry, parsed_for=None, rows_written=True)
            archive.keep_original(store.archive, result.sha256, data)
    return LoadReport(results, store.version())


def rollback_load(store: Store, load_id: int, by: str, reason: str) -> FileResult:
    """Undo the active load ``load_id``: put back the load it replaced, or empty its period.

    Recorded as its own loads row (outcome "rolled back") and in the archive's log.
    """
    if not (reason or "").strip():
        raise DeliveryError("Please give a reason for the rollback; it is kept in the loads log.")
    with _logged_write(store) as (con, entries):
        target = _load_row(con, load_id)
        stack = _active_stack(con, target["department"], target["return_period"])
        if not stack or stack[-1]["load_id"] != load_id:
            raise DeliveryError(f"Load {load_id} is not the active load for {target['department']} "
                                f"{target['return_period']:%Y-%m-%d}; only the active load can be rolled back.")
        before = stack[-2] if len(stack) > 1 else None
        entry = _new_entry(_last_load_id(con) + 1, ROLLED_BACK, target["file_name"], target["sha256"],
                           target["department"], target["return_period"], by, reason)
        entry |= {"rolls_back": int(load_id), "restores": int(before["load_id"]) if before else None,
                  "restores_sha256": before["sha256"] if before else None}
        entry["row_counts"] = _apply(con, entry, lambda sha: parse_archived(store, sha))
        entries.append(entry)
    return _rollback_result(entry, before)


def check_files(sources: Sequence[Source], *, allowed_departments: Collection[str] | None = None,
                today: dt.date | None = None) -> list[FileResult]:
    """Validate files without loading them: outcome "valid", or "rejected" with every problem."""
    checked = [_check(src, today) for src in sources]
    _check_batch(checked, allowed_departments)
    results = [r for r, _, _ in checked]
    for r in results:
        r.outcome = REJECTED if r.problems else "valid"
        n = len(r.problems)
        r.message = f"{n} problem{'s' if n != 1 else ''} to fix in {r.file_name}." if n else f"{r.file_name}: no problems."
    return results


def parse_archived(store: Store, sha256: str):
    """Read an archived workbook the way it was read when it was loaded."""
    try:
        data = archive.read_original(store.archive, sha256)
    except FileNotFoundError:
        raise DeliveryError(f"The archived workbook {sha256}.xlsx is missing from {store.archive}; "
                            "restore it from a backup first.") from None
    parsed, problems = check_return(data, set(read_departments()["code"]), file_name=f"{sha256}.xlsx")
    if parsed is None:
        raise DeliveryError(f"The archived workbook {sha256}.xlsx cannot be read: {problems[0].message}")
    return parsed


# --- checking -------------------------------------------------------------------------

def _check(source: Source, today: dt.date | None):
    """Read and validate one source: (FileResult, ParsedReturn | None, bytes)."""
    name, data, problem = _read_source(source)
    result = FileResult(name)
    if problem:
        result.problems.append(problem)
        return result, None, b""
    result.sha256 = hashlib.sha256(data).hexdigest()
    parsed, problems = check_return(data, set(read_departments()["code"]), today=today, file_name=name)
    result.problems = [p if p.file else replace(p, file=name) for p in problems]
    if parsed is not None:
        result.department = parsed.about.get("department")
        result.period_end = parsed.about.get("period_end")
        result.row_counts = _row_counts(parsed)
    return result, parsed, data


def _read_source(source: Source) -> tuple[str, bytes, Problem | None]:
    """A source's name and bytes, or a problem saying plainly why it cannot be read."""
    if isinstance(source, tuple):
        return source[0], source[1], None
    path = Path(source)
    try:
        return path.name, path.read_bytes(), None
    except FileNotFoundError:
        why = f"There is no file called {path}."
    except IsADirectoryError:
        why = f"{path} is a folder, not a workbook."
    except PermissionError:
        why = f"{path} cannot be opened: permission denied."
    except OSError as e:
        why = f"{path} cannot be read: {e.strerror or e}."
    return path.name, b"", Problem("(file)", "", str(path), why, path.name)


def _check_batch(checked, allowed: Collection[str] | None) -> None:
    """Problems only visible across the batch: two files for one return, departments not allowed."""
    seen: dict[tuple, str] = {}
    for result, parsed, _ in checked:
        if parsed is None or result.problems:
            continue
        dept, period = result.department, result.period_end
        where = (parsed.sheet_names.get("about", "About"), parsed.about_cells.get("department", ""))
        if allowed is not None and dept not in allowed:
            may = ", ".join(sorted(allowed)) or "no department"
            result.problems.append(Problem(*where, dept, f"You may not load returns for {dept}; "
                                           f"you may load returns for {may}.", result.file_name))
        if (dept, period) in seen:
            result.problems.append(Problem(*where, dept, f"{seen[dept, period]} in this batch is also "
                                           f"{dept}'s return for {period:%Y-%m-%d}; load only one of them.",
                                           result.file_name))
        seen.setdefault((dept, period), result.file_name)


def _explain_rejection(results: list[FileResult]) -> None:
    for r in results:
        r.outcome = REJECTED
        n = len(r.problems)
        r.message = (f"Not loaded: {n} problem{'s' if n != 1 else ''} to fix in {r.file_name}." if n else
                     f"Not loaded: {r.file_name} has no problems, but nothing was written because "
                     "other files in this batch have problems.")


def _row_counts(parsed) -> dict[str, int]:
    return {s.name: len(parsed.tables[s.table]) for s in SHEETS if s.table in parsed.tables}


# --- writing --------------------------------------------------------------------------

class _logged_write:
    """``store.write()`` plus the archive log: trims lines left by a killed writer, appends
    this write's entries before the version is published, and takes them back if it is not."""

    def __init__(self, store: Store):
        self.store, self.entries, self.size = store, [], None

    def __enter__(self):
        self.before = self.store.version()
        self.ctx = self.store.write()
        con = self.ctx.__enter__()
        archive.trim_log(self.store.archive, _last_load_id(con))
        self.con = con
        return con, self.entries

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                self.size = archive.log_size(self.store.archive)
                archive.append_log(self.store.archive, self.entries)
                _pause_for_tests()
            return self.ctx.__exit__(*exc)
        except BaseException:
            if self.size is not None and self.store.version() == self.before:
                archive.truncate_log(self.store.archive, self.size)
            raise


def _entry_for(con, result: FileResult, load_id, loaded_by, loaded_at, reason) -> dict:
    """The log entry for one checked file: loaded, or unchanged if identical to the active load."""
    active = run_query(con, "load_active", {"department": result.department, "return_period": result.period_end})
    same = not active.empty and active["sha256"].iloc[0] == result.sha256
    entry = _new_entry(load_id, UNCHANGED if same else LOADED, result.file_name, result.sha256,
                       result.department, result.period_end, loaded_by, reason, loaded_at)
    entry["row_counts"] = result.row_counts
    result.outcome, result.load_id = entry["outcome"], load_id
    counts = ", ".join(f"{sheet} {n}" for sheet, n in result.row_counts.items())
    period = f"{result.period_end:%Y-%m-%d}"
    result.message = (f"{result.file_name} was already loaded for {result.department} {period} "
                      f"(load {int(active['load_id'].iloc[0])}); nothing changed." if same else
                      f"Loaded {result.department}'s return for {period} (load {load_id}): {counts}.")
    return entry


def _new_entry(load_id, outcome, file_name, sha256, department, period, by, reason, at=None) -> dict:
    at = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return {"load_id": load_id, "outcome": outcome, "file_name": file_name, "sha256": sha256,
            "department": department, "return_period": _iso(period), "loaded_by": by,
            "loaded_at": at.isoformat(), "row_counts": {}, "reason": reason,
            "rolls_back": None, "restores": None, "restores_sha256": None}


def _apply(con, entry: dict, parsed_for: Callable[[str], object] | None, rows_written: bool = False) -> dict[str, int]:
    """Make the tables and the loads log what ``entry`` says; returns the rows it put in place.

    ``rows_written``: a loaded entry's rows are already in place (``_replace_many``).
    """
    dept, period, outcome = entry["department"], entry["return_period"], entry["outcome"]
    counts = entry["row_counts"]
    if outcome == LOADED and not rows_written:
        counts = _replace_rows(con, parsed_for(entry["sha256"]), dept, period, entry["load_id"])
    elif outcome == ROLLED_BACK:
        _delete_rows(con, dept, period)
        counts = {}
        if entry["restores"] is not None:
            counts = _insert_rows(con, parsed_for(entry["restores_sha256"]), dept, period, entry["restores"])
    params = {k: entry[k] for k in ("load_id", "file_name", "sha256", "department", "return_period",
                                    "loaded_by", "loaded_at", "outcome", "reason")}
    run_query(con, "loads_insert", params | {"row_counts": json.dumps(counts), "active": False})
    if outcome != UNCHANGED:
        active = entry["load_id"] if outcome == LOADED else entry["restores"]
        run_query(con, "loads_set_active", {"department": dept, "return_period": period, "load_id": active})
    return counts


def _replace_rows(con, parsed, department, period, load_id) -> dict[str, int]:
    _delete_rows(con, department, period)
    return _insert_rows(con, parsed, department, period, load_id)


def _delete_rows(con, department, period) -> None:
    for sheet in SHEETS:
        con.execute(sql("return_rows_delete").format(table=sheet.table),
                    {"department": department, "return_period": period})


def _insert_rows(con, parsed, department, period, load_id) -> dict[str, int]:
    counts = {}
    for sheet in SHEETS:
        frame = _frame(parsed, sheet, department, period, load_id)
        if frame is not None:
            _insert_frame(con, sheet, frame)
            counts[sheet.name] = len(frame)
    return counts


def _replace_many(con, returns: list[tuple[object, dict]]) -> None:
    """Replace the rows of several returns (distinct department-periods) in each table at once."""
    if not returns:
        return
    targets = pd.DataFrame({"department": [e["department"] for _, e in returns],
                            "return_period": [pd.Timestamp(e["return_period"]) for _, e in returns]})
    con.register("_return_targets", targets)
    for sheet in SHEETS:
        con.execute(sql("return_rows_delete_many").format(table=sheet.table))
    con.unregister("_return_targets")
    for sheet in SHEETS:
        frames = [_frame(p, sheet, e["department"], e["return_period"], e["load_id"]) for p, e in returns]
        frames = [f for f in frames if f is not None and len(f)]
        if frames:
            _insert_frame(con, sheet, pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])


def _frame(parsed, sheet, department, period, load_id) -> pd.DataFrame | None:
    """A table's rows as the store keeps them: contract columns plus the return's key."""
    table = parsed.tables.get(sheet.table)
    if table is None:
        return None
    frame = table.loc[:, list(sheet.column_names)].copy()
    frame["department"] = department
    frame["return_period"] = pd.Timestamp(period)
    frame["load_id"] = load_id
    return frame


def _insert_frame(con, sheet, frame: pd.DataFrame) -> None:
    con.register("_return_rows", frame)
    con.execute(sql("return_rows_insert").format(table=sheet.table))
    con.unregister("_return_rows")


def _last_load_id(con) -> int:
    return int(run_query(con, "loads_last_id")["last_load_id"].iloc[0])


def _load_row(con, load_id: int) -> dict:
    rows = run_query(con, "load_by_id", {"load_id": load_id})
    if rows.empty:
        raise DeliveryError(f"There is no load {load_id} in the loads log.")
    row = rows.iloc[0].to_dict()
    row["return_period"] = pd.Timestamp(row["return_period"]).date()
    return row


def _active_stack(con, department, period) -> list[dict]:
    """The loads of a return that are in force, oldest first: each load pushes, each rollback pops."""
    stack: list[dict] = []
    for row in run_query(con, "loads_for_return", {"department": department, "return_period": period}).to_dict("records"):
        if row["outcome"] == LOADED:
            stack.append(row)
        elif row["outcome"] == ROLLED_BACK and stack:
            stack.pop()
    return stack


def _rollback_result(entry: dict, before: dict | None) -> FileResult:
    restored = (f"restored load {before['load_id']} ({before['file_name']})" if before
                else "no earlier load, so that period is now empty")
    return FileResult(entry["file_name"], entry["department"], dt.date.fromisoformat(entry["return_period"]),
                      ROLLED_BACK, entry["load_id"], entry["row_counts"], [],
                      f"Rolled back load {entry['rolls_back']} for {entry['department']} "
                      f"{entry['return_period']}: {restored}.", entry["sha256"])


def _iso(period) -> str:
    return period.isoformat() if hasattr(period, "isoformat") else str(period)


def _pause_for_tests() -> None:
    folder = os.environ.get(PAUSE_ENV)
    if not folder:
        return
    (Path(folder) / "paused").touch()
    deadline = time.monotonic() + 300
    while not (Path(folder) / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def replay(store: Store, entries: list[dict]) -> None:
    """Empty the store's return tables and loads log and replay ``entries`` in one new version.

    Runs of loads for distinct department-periods are written together, as a live batch is.
    """
    with store.write() as con:
        for sheet in SHEETS:
            con.execute(sql("return_rows_clear").format(table=sheet.table))
        run_query(con, "loads_clear")
        run: list[dict] = []
        for entry in entries + [None]:
            if entry and entry["outcome"] == LOADED and _key(entry) not in {_key(e) for e in run}:
                run.append(entry)
                continue
            _replace_many(con, [(parse_archived(store, e["sha256"]), e) for e in run])
            for done in run:
                _apply(con, done, None, rows_written=True)
            run = [entry] if entry and entry["outcome"] == LOADED else []
            if entry and entry["outcome"] != LOADED:
                _apply(con, entry, lambda sha: parse_archived(store, sha))


def _key(entry: dict) -> tuple:
    return entry["department"], entry["return_period"]
