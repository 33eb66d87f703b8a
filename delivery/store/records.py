"""The centre's records about priorities: transfers to another lead department, and priority-ID aliases.

A machinery-of-government change moves priorities between departments, and a priority's ID
may be renamed or merged into another. A centre analyst or admin records each one
(``python -m delivery transfer`` / ``alias``) with who, when and why. Like a load, a record
is written to the store as a new version and appended to the archive's append-only log
``archive/records.jsonl`` (one JSON object a line, separate from ``loads.jsonl``; like it,
never cut or rewritten: a line whose version was never published is voided by a marker,
``{"void": [3], "line": null, ...}``, see ``delivery.store.archive``)::

    {"record_id": 1, "kind": "transfer", "priority_id": "HOU-02", "to_department": "MHCLG",
     "effective_date": "2026-04-01", "recorded_by": "ana", "recorded_at": "2026-11-30T01:02:03",
     "reason": "DHLG merged into MHCLG"}
    {"record_id": 2, "kind": "alias", "old_id": "EN-1", "new_id": "ENE-01", ...}

``rebuild`` replays the log after the loads (``replay``). The "as at" views in
``queries/views.sql`` read the two tables: see there what a transfer and an alias change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from delivery.errors import DeliveryError, StoreError
from delivery.reference.calendar import date_text
from delivery.reference.departments import canonical_code, department_lookup
from delivery.reference.suggest import did_you_mean_code
from delivery.store import archive
from delivery.store.history import logged_write
from delivery.store.versions import Store, run_query, sql

LOG_NAME = "records.jsonl"
KEY = "record_id"  # what numbers the log's entries (a void marker lists these)
TRANSFER, ALIAS = "transfer", "alias"


def record_transfer(
    store: Store, priority_id: str, to_department: str, by: str, reason: str, effective: dt.date | None = None
) -> dict:
    """Record that ``priority_id`` is led by ``to_department`` from ``effective``; returns the log entry.

    ``effective`` defaults to the day after its lead department ended, if it has, else the
    latest reporting period in the store.
    """
    _need_reason(reason, "transfer")
    to = canonical_code(to_department, department_lookup())
    if to is None:
        raise DeliveryError(f"{to_department} is not a department code in data/departments.csv.")
    with logged_write(store, log=LOG_NAME, key=KEY) as (con, entries):
        pid = current_id(con, priority_id.strip())
        lead = _last_lead(con, pid, priority_id, effective)
        effective = effective or _default_effective(con, lead)
        if lead == to:
            raise DeliveryError(f"{pid} is already led by {to} on {date_text(effective)}; nothing to transfer.")
        _check_open(con, to, effective)
        entry = _entry(
            con,
            TRANSFER,
            by,
            reason,
            priority_id=pid,
            to_department=to,
            effective_date=effective.isoformat(),
            from_department=lead,
        )
        apply_record(con, entry)
        entries.append(entry)
    return entry


def record_alias(store: Store, old_id: str, new_id: str, by: str, reason: str) -> dict:
    """Record that the priority reported as ``old_id`` is ``new_id`` (renamed or merged); returns the entry."""
    _need_reason(reason, "alias")
    old_id, new_id = old_id.strip(), new_id.strip()
    if not old_id or not new_id or old_id == new_id:
        raise DeliveryError("Give two different priority IDs: the old one, then the one it became.")
    with logged_write(store, log=LOG_NAME, key=KEY) as (con, entries):
        if run_query(con, "priority_reported_by", {"priority_id": old_id}).empty:
            raise DeliveryError(
                f"No return has reported a priority {old_id}, so there is no history to join up."
                + _did_you_mean_id(con, old_id)
            )
        if current_id(con, old_id) != old_id:
            raise DeliveryError(f"{old_id} is already recorded as {current_id(con, old_id)}.")
        if current_id(con, new_id) == old_id:
            raise DeliveryError(f"{new_id} is recorded as {old_id} already; an alias back would go round in a circle.")
        entry = _entry(con, ALIAS, by, reason, old_id=old_id, new_id=new_id)
        apply_record(con, entry)
        entries.append(entry)
    return entry


def current_id(con, priority_id: str) -> str:
    """The ID a priority is known by now (its aliases followed to the end)."""
    return str(run_query(con, "priority_current_id", {"priority_id": priority_id})["priority_id"].iloc[0])


def departments_allowed(con, priority_id: str, as_at: dt.date) -> set[str]:
    """The departments that may report on ``priority_id`` in a return for ``as_at``.

    Its lead department then (after any transfer), and, if that department has ended by
    ``as_at``, its successors (and theirs, if they have ended too). Empty for a priority no
    return has reported: a new priority, which its own department may start reporting.
    """
    pid = current_id(con, priority_id)
    history = run_query(con, "priority_lead_history", {"as_at": as_at, "priority_id": pid})
    if history.empty:
        return set()
    allowed, todo = set(), [history["lead_department"].iloc[-1]]
    while todo:
        code = todo.pop()
        if code in allowed:
            continue
        allowed.add(code)
        dept = run_query(con, "department_detail", {"code": code})
        if not dept.empty and pd.notna(dept["end_date"].iloc[0]) and dept["end_date"].iloc[0].date() <= as_at:
            todo += [s.strip() for s in (dept["successors"].iloc[0] or "").split(";") if s.strip()]
    return allowed


def apply_record(con, entry: dict) -> None:
    """Put one record in its table (a live record and a rebuild's replay run this same code)."""
    common = {k: entry[k] for k in ("record_id", "recorded_by", "recorded_at", "reason")}
    if entry["kind"] == TRANSFER:
        run_query(
            con,
            "priority_transfers_insert",
            common | {k: entry[k] for k in ("priority_id", "to_department", "effective_date")},
        )
    else:
        run_query(con, "priority_aliases_insert", common | {"old_id": entry["old_id"], "new_id": entry["new_id"]})
        con.execute(sql("priority_id_map_refresh"))


def replay(con, entries: list[dict]) -> None:
    """Empty the records tables and put back ``entries`` in order (for ``rebuild``)."""
    run_query(con, "records_clear")
    for entry in entries:
        apply_record(con, entry)


def read_log(archive_dir: Path) -> list[dict]:
    """The entries of ``records.jsonl`` in force, in order: less those a void marker voids
    (a version never published) and half a last line left by a killed writer."""
    return archive.read_log(archive_dir, LOG_NAME, KEY)


def published_records(store: Store) -> list[dict]:
    """The log's entries that the published version holds (a killed writer's last lines are not).

    All of them when there is no published version to ask, it is damaged, or it predates the
    records tables.
    """
    entries = read_log(store.archive)
    try:
        con = store.connect_read()
    except StoreError:
        return entries
    if con is None:
        return entries
    try:
        last = last_record_id(con)
    except duckdb.Error:
        return entries
    finally:
        con.close()
    return [e for e in entries if e[KEY] <= last]


def append_log(archive_dir: Path, entries: list[dict]) -> None:
    """Append entries to ``records.jsonl`` (append-only, like the loads log) and fsync."""
    archive.append_log(archive_dir, entries, LOG_NAME)


def last_record_id(con) -> int:
    """The highest record id in the store (0 when there is none)."""
    return int(run_query(con, "records_last_id")["last_record_id"].iloc[0])


# --- helpers ---------------------------------------------------------------------------


def _entry(con, kind: str, by: str, reason: str, **fields) -> dict:
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()
    return {
        "record_id": last_record_id(con) + 1,
        "kind": kind,
        **fields,
        "recorded_by": by,
        "recorded_at": at,
        "reason": reason.strip(),
    }


def _need_reason(reason: str | None, what: str) -> None:
    if not (reason or "").strip():
        raise DeliveryError(f"Please give a reason for the {what}; it is kept with the record.")


def _did_you_mean_id(con, asked: str) -> str:
    """' Did you mean HOM-01?' for a priority ID no return has reported, when one is near enough."""
    return did_you_mean_code(asked, run_query(con, "priority_ids_reported")["priority_id"])


def _last_lead(con, pid: str, asked: str, on: dt.date | None) -> str:
    """The department leading ``pid`` on ``on`` (None: now), by its last return or transfer up to then."""
    history = run_query(con, "priority_lead_history", {"as_at": on or dt.date.max, "priority_id": pid})
    if history.empty:
        when = f" on or before {date_text(on)}" if on else ""
        raise DeliveryError(
            f"No return has reported a priority {asked}{when}; check the ID (as on the Priorities sheet)."
            + _did_you_mean_id(con, asked)
        )
    return str(history["lead_department"].iloc[-1])


def _default_effective(con, lead: str) -> dt.date:
    dept = run_query(con, "department_detail", {"code": lead})
    if not dept.empty and pd.notna(dept["end_date"].iloc[0]):
        return dept["end_date"].iloc[0].date() + dt.timedelta(days=1)
    periods = run_query(con, "reporting_periods")
    return pd.Timestamp(periods["return_period"].iloc[0]).date()


def _check_open(con, code: str, on: dt.date) -> None:
    dept = run_query(con, "department_detail", {"code": code})
    if dept.empty:
        return
    start, end = dept["start_date"].iloc[0], dept["end_date"].iloc[0]
    if pd.notna(end) and end.date() < on:
        raise DeliveryError(
            f"{code} ended on {date_text(end.date())}, before the transfer on {date_text(on)}; "
            "transfer to its successor instead."
        )
    if pd.notna(start) and start.date() > on:
        raise DeliveryError(f"{code} starts on {date_text(start.date())}, after the transfer on {date_text(on)}.")
