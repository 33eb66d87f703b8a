"""The loads history: every change to the return tables, as one entry of the archive's log.

Every change goes through ``apply_entry`` with one log entry (see delivery/store/archive.py for
its fields): a live load (delivery/store/loader.py), a rollback and a rebuild's replay of
``archive/loads.jsonl`` run the same code, which is what makes ``rebuild`` exact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from delivery.errors import DeliveryError
from delivery.forms.columns import read_column_map, split_table
from delivery.forms.datamap import read_datamap
from delivery.forms.translate import check_form, check_mapped
from delivery.reference.calendar import date_text
from delivery.reference.departments import department_lookup
from delivery.returns.contract import SHEETS
from delivery.returns.problems import Problem
from delivery.returns.validate import check_return
from delivery.store import archive, periods
from delivery.store.load_log import LOADED, ROLLED_BACK, replay_stack
from delivery.store.versions import Store, run_query, sql

UNCHANGED, REJECTED = "unchanged", "rejected"  # LOADED and ROLLED_BACK: load_log's
# A commit refused because its return changed since the preview it was made from
# (delivery/store/concurrency.py): logged, like an unchanged re-load, and changes no rows.
REFUSED = "refused"


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
    form: object = None  # a department's own form (delivery.forms.translate.Form) this return was mapped from
    mapped: object = None  # and the return it made (MappedForm), whose problems are told at the form's cells
    told: int = 0  # how many of ``problems`` are told at the form's cells already

    def to_dict(self) -> dict:
        """A JSON-ready dict (dates as ISO text, problems as dicts)."""
        return {
            "file": self.file_name,
            "department": self.department,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "outcome": self.outcome,
            "load_id": self.load_id,
            "sha256": self.sha256,
            "row_counts": self.row_counts,
            "message": self.message,
            "problems": [p.to_dict() for p in self.problems],
        }


def rollback_load(store: Store, load_id: int, by: str, reason: str) -> FileResult:
    """Undo the active load ``load_id``: put back the load it replaced, or empty its period.

    Recorded as its own loads row (outcome "rolled back") and in the archive's log.
    """
    if not (reason or "").strip():
        raise DeliveryError("Please give a reason for the rollback; it is kept in the loads log.")
    with logged_write(store) as (con, entries):
        target = _load_row(con, load_id)
        stack = _active_stack(con, target["department"], target["return_period"])
        if not stack or stack[-1]["load_id"] != load_id:
            raise DeliveryError(
                f"Load {load_id} is not the active load for {target['department']} "
                f"{date_text(target['return_period'])}; only the active load can be rolled back."
            )
        before = stack[-2] if len(stack) > 1 else None
        entry = new_entry(
            last_load_id(con) + 1,
            ROLLED_BACK,
            target["file_name"],
            target["sha256"],
            target["department"],
            target["return_period"],
            by,
            reason,
        )
        entry |= {
            "rolls_back": int(load_id),
            "restores": int(before["load_id"]) if before else None,
            "restores_sha256": before["sha256"] if before else None,
        }
        entry["row_counts"] = apply_entry(con, entry, lambda sha: parse_archived(store, sha))
        entries.append(entry)
    return _rollback_result(entry, before)


def replay(store: Store, entries: list[dict], then: Callable[[object], None] | None = None) -> None:
    """Empty the store's return tables and loads log and replay ``entries`` in one new version.

    Runs of loads for distinct department-periods are written together, as a live batch is.
    The new version starts empty (not from the published one, which may be what is damaged).
    ``then(con)`` runs after them in the same version (rebuild replays the centre's records there).
    """
    with store.write(fresh=True) as con:
        for sheet in SHEETS:
            con.execute(sql("return_rows_clear").format(table=sheet.table))
        run_query(con, "loads_clear")
        con.execute("DELETE FROM restatements")  # kept in the loads log's lines: replayed below
        run: list[dict] = []
        for entry in entries + [None]:
            if entry and entry["outcome"] == LOADED and _key(entry) not in {_key(e) for e in run}:
                run.append(entry)
                continue
            replace_many(con, [(parse_entry(store, e), e) for e in run])
            for done in run:
                apply_entry(con, done, None, rows_written=True)
            run = [entry] if entry and entry["outcome"] == LOADED else []
            if entry and entry["outcome"] != LOADED:
                apply_entry(con, entry, lambda sha: parse_archived(store, sha))
        if then is not None:
            then(con)


def _key(entry: dict) -> tuple:
    return entry["department"], entry["return_period"]


def parse_entry(store: Store, entry: dict):
    """Read a load's archived return the way it was read when it was loaded: a return loaded from a
    department's own form (or flat table) is read again from it, through the map that was in force."""
    form = entry.get("form")
    if not form:
        return parse_archived(store, entry["sha256"])
    try:
        data = archive.read_original(store.archive, form["sha256"])
        kept = archive.read_original(store.archive, form["datamap_sha256"], ".csv")
    except FileNotFoundError as missing:
        raise DeliveryError(
            f"The archived form or datamap {Path(missing.filename).name} of load {entry['load_id']} is missing from "
            f"{store.archive}; restore it from a backup first."
        ) from None
    if form.get("kind") == "columns":  # one return of a flat table: split it again, and take this return's part
        parts = split_table(data, read_column_map(kept, form["datamap"]), form["file_name"])
        part = next((p for p in parts if p.file_name == entry["file_name"]), None)
        parsed, problems, _ = check_mapped(part, department_lookup()) if part else (None, [], None)
    else:
        datamap = read_datamap(kept, form["datamap"])
        parsed, problems, _ = check_form(data, datamap, department_lookup(), file_name=form["file_name"])
    if parsed is None:
        why = problems[0].message if problems else f"it has no rows for {entry['file_name']}"
        raise DeliveryError(f"The archived form {form['sha256']}.xlsx cannot be read: {why}")
    return parsed


def parse_archived(store: Store, sha256: str):
    """Read an archived workbook the way it was read when it was loaded."""
    try:
        data = archive.read_original(store.archive, sha256)
    except FileNotFoundError:
        raise DeliveryError(
            f"The archived workbook {sha256}.xlsx is missing from {store.archive}; restore it from a backup first."
        ) from None
    parsed, problems = check_return(data, department_lookup(), file_name=f"{sha256}.xlsx")
    if parsed is None:
        raise DeliveryError(f"The archived workbook {sha256}.xlsx cannot be read: {problems[0].message}")
    return parsed


def _load_row(con, load_id: int) -> dict:
    rows = run_query(con, "load_by_id", {"load_id": load_id})
    if rows.empty:
        raise DeliveryError(f"There is no load {load_id} in the loads log.")
    row = rows.iloc[0].to_dict()
    row["return_period"] = pd.Timestamp(row["return_period"]).date()
    return row


def _active_stack(con, department, period) -> list[dict]:
    """The loads of a return that are in force, oldest first (load_log.replay_stack)."""
    rows = run_query(con, "loads_for_return", {"department": department, "return_period": period})
    return replay_stack(rows.to_dict("records"))[0]


def _rollback_result(entry: dict, before: dict | None) -> FileResult:
    restored = (
        f"restored load {before['load_id']} ({before['file_name']})"
        if before
        else "no earlier load, so that period is now empty"
    )
    return FileResult(
        entry["file_name"],
        entry["department"],
        dt.date.fromisoformat(entry["return_period"]),
        ROLLED_BACK,
        entry["load_id"],
        entry["row_counts"],
        [],
        f"Rolled back load {entry['rolls_back']} for {entry['department']} "
        f"{date_text(entry['return_period'])}: {restored}.",
        entry["sha256"],
    )


# --- writing --------------------------------------------------------------------------


class logged_write:
    """``store.write()`` plus an archive log (``log``, its entries numbered by ``key``; default the
    loads log), which is append-only: ``store.write`` voids (never cuts) lines a killed writer left,
    this appends this write's entries before the version is published, and voids them if it is
    not. ``before`` is passed to ``store.write`` (checks under the lock). A log that cannot be
    appended to (a full disk) fails the write like any error in the block: the new version is
    discarded and the lock released."""

    def __init__(self, store: Store, before=None, log: str = archive.LOG_NAME, key: str = "load_id"):
        self.store, self.entries, self.before_check = store, [], before
        self.log, self.key, self.appended = log, key, False

    def __enter__(self):
        self.before = self.store.version()
        self.ctx = self.store.write(before=self.before_check)
        con = self.ctx.__enter__()  # it voids a killed writer's lines (recovery.settle_logs)
        self.con = con
        return con, self.entries

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                try:
                    archive.append_log(self.store.archive, self.entries, self.log)
                    self.appended = True
                except BaseException as failed:
                    exc = (type(failed), failed, failed.__traceback__)
            if not self.ctx.__exit__(*exc) and exc[0] is not None:
                raise exc[1]
            return False
        except BaseException:
            if self.appended and self.store.version() == self.before:
                self._void()
            raise

    def _void(self) -> None:
        with contextlib.suppress(OSError):  # the disk is full too: the next writer voids them (recovery.settle_logs)
            archive.void_entries(
                self.store.archive,
                [e[self.key] for e in self.entries],
                "never published: the write failed after its lines were logged",
                self.log,
            )


def new_entry(load_id, outcome, file_name, sha256, department, period, by, reason, at=None) -> dict:
    """A log entry with every field of the archive's log; ``at`` defaults to now (UTC)."""
    at = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return {
        "load_id": load_id,
        "outcome": outcome,
        "file_name": file_name,
        "sha256": sha256,
        "department": department,
        "return_period": _iso(period),
        "loaded_by": by,
        "loaded_at": at.isoformat(),
        "row_counts": {},
        "reason": reason,
        "rolls_back": None,
        "restores": None,
        "restores_sha256": None,
    }


def apply_entry(
    con, entry: dict, parsed_for: Callable[[str], object] | None, rows_written: bool = False
) -> dict[str, int]:
    """Make the tables and the loads log what ``entry`` says; returns the rows it put in place.

    ``rows_written``: a loaded entry's rows are already in place (``replace_many``).
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
    params = {
        k: entry[k]
        for k in (
            "load_id",
            "file_name",
            "sha256",
            "department",
            "return_period",
            "loaded_by",
            "loaded_at",
            "outcome",
            "reason",
        )
    }
    warned = entry.get("warnings") or []  # older log entries have none
    run_query(
        con,
        "loads_insert",
        params
        | {
            "row_counts": json.dumps(counts),
            "active": False,
            "warning_count": len(warned),
            "warnings": json.dumps(warned),
        },
    )
    if outcome == LOADED and entry.get("restated"):  # a load into a closed period (delivery/store/periods.py)
        periods.record_restatement(con, entry)
    if outcome not in (UNCHANGED, REFUSED):
        active = entry["load_id"] if outcome == LOADED else entry["restores"]
        run_query(con, "loads_set_active", {"department": dept, "return_period": period, "load_id": active})
    return counts


def _replace_rows(con, parsed, department, period, load_id) -> dict[str, int]:
    _delete_rows(con, department, period)
    return _insert_rows(con, parsed, department, period, load_id)


def _delete_rows(con, department, period) -> None:
    for sheet in SHEETS:
        con.execute(
            sql("return_rows_delete").format(table=sheet.table), {"department": department, "return_period": period}
        )


def _insert_rows(con, parsed, department, period, load_id) -> dict[str, int]:
    counts = {}
    for sheet in SHEETS:
        frame = _frame(parsed, sheet, department, period, load_id)
        if frame is not None:
            _insert_frame(con, sheet, frame)
            counts[sheet.name] = len(frame)
    return counts


def replace_many(con, returns: list[tuple[object, dict]]) -> None:
    """Replace the rows of several returns (distinct department-periods) in each table at once."""
    if not returns:
        return
    if len(returns) == 1:  # bound parameters: half the time of a join with a registered frame
        _delete_rows(con, returns[0][1]["department"], returns[0][1]["return_period"])
    else:
        _delete_many(con, returns)
    for sheet in SHEETS:
        frames = [_frame(p, sheet, e["department"], e["return_period"], e["load_id"]) for p, e in returns]
        frames = [f for f in frames if f is not None and len(f)]
        if frames:
            _insert_frame(con, sheet, pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])


def _delete_many(con, returns: list[tuple[object, dict]]) -> None:
    targets = pd.DataFrame(
        {
            "department": [e["department"] for _, e in returns],
            "return_period": [pd.Timestamp(e["return_period"]) for _, e in returns],
        }
    )
    con.register("_return_targets", targets)
    for sheet in SHEETS:
        con.execute(sql("return_rows_delete_many").format(table=sheet.table))
    con.unregister("_return_targets")


def _frame(parsed, sheet, department, period, load_id) -> pd.DataFrame | None:
    """A table's rows as the store keeps them: contract columns plus the return's key."""
    table = parsed.tables.get(sheet.table)
    if table is None:
        return None
    frame = table.reindex(columns=list(sheet.stored_columns)).copy()
    frame["department"] = department
    frame["return_period"] = pd.Timestamp(period)
    frame["load_id"] = load_id
    return frame


def _insert_frame(con, sheet, frame: pd.DataFrame) -> None:
    con.register("_return_rows", frame)
    con.execute(sql("return_rows_insert").format(table=sheet.table))
    con.unregister("_return_rows")


def last_load_id(con) -> int:
    """The highest load id in the loads log (0 when there is none)."""
    return int(run_query(con, "loads_last_id")["last_load_id"].iloc[0])


def _iso(period) -> str:
    return period.isoformat() if hasattr(period, "isoformat") else str(period)
