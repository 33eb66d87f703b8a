"""The centre's judgements: its rating of a priority for a period, stocktake actions, and its notes
for the brief (a note per priority, a covering note per scope: delivery/store/notes.py).

Not from returns: delivery unit staff record them in the app. Every write goes through
``apply_entry`` with one entry of ``archive/judgements.jsonl`` (who, when, before, after),
so a live write and ``rebuild``'s replay run the same code and a rebuilt store is exact::

    {"seq": 3, "kind": "centre rating", "subject": "HEA-01", "written_by": "Ana <ana@x.gov>",
     "written_at": "2026-07-02T10:00:00", "before": {...} | null, "after": {...}}

Like the loads log it is append-only, never cut or rewritten: a line is appended before its
store version is published; if that version is not published (the write failed, or its writer
was killed: found by the next writer), a marker line voids it, ``{"void": [4], "line": null, ...}``
(see delivery/store/archive.py). The next writer voids a line only when it provably never
reached a published version; a line a newer version holds (the store pointed back at an older
version) makes the write refuse and say to rebuild (delivery/store/recovery.py). Readers and
``rebuild`` skip voided lines.

A change made from a form passes ``base``: the seq of the last write of that rating or action
the form showed (delivery/store/concurrency.py; 0 for none). If someone wrote it since, the
change is refused under the write lock (ChangedMeanwhile), never silently overwriting theirs.
``base=None`` (a script, a test) checks nothing. A new action has nothing to overwrite.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from delivery import auth
from delivery.errors import DeliveryError, quoted
from delivery.reference.ratings import ALL_RATINGS, normalise_rating
from delivery.reference.suggest import did_you_mean_code
from delivery.store import archive, concurrency, notes, periods, reviews
from delivery.store.history import logged_write
from delivery.store.versions import Store, run_query

LOG_NAME = "judgements.jsonl"
RATING, ACTION = "centre rating", "action"
OPEN, CLOSED = "open", "closed"
ACTION_STATUSES = (OPEN, CLOSED)
MAX_TEXT = 2000


def may_record(user: auth.User) -> bool:
    """Only centre analysts and admins record the centre's judgements."""
    return user.role in (auth.CENTRE_ANALYST, auth.ADMIN)


def refusal(user: auth.User) -> str | None:
    """Why ``user`` may not record a centre rating or action, in plain English; None if allowed."""
    if may_record(user):
        return None
    return (
        f"Only centre analysts and admins can record the centre's ratings and stocktake actions. "
        f"You are {user.label}, a {user.role}."
    )


# --- writing -----------------------------------------------------------------------------


def record_rating(
    store: Store,
    user: auth.User,
    priority_id: str,
    period: dt.date,
    rating: str,
    reason: str,
    at: dt.datetime | None = None,
    base: int | None = None,
) -> dict:
    """Record the centre's rating of ``priority_id`` for ``period``; returns the log entry.

    ``base``: the seq of the rating the form showed (0: none); refused if it was changed since."""
    rag = normalise_rating(rating)
    if rag is None or rag not in ALL_RATINGS:
        raise DeliveryError(f"{quoted(rating)} is not a rating; choose one of {', '.join(ALL_RATINGS)}.")
    after = {
        "priority_id": _text(priority_id, "The priority"),
        "period": _day(period, "The period").isoformat(),
        "rag": rag,
        "reason": _text(reason, "The reason"),
    }
    check = (
        None
        if base is None
        else (lambda con: concurrency.check_rating(con, after["priority_id"], _day(period, "The period"), base))
    )
    return write_entry(store, user, RATING, after["priority_id"], after, at, check)


def record_action(
    store: Store,
    user: auth.User,
    priority_id: str,
    stocktake_date: dt.date,
    description: str,
    owner: str,
    due_date: dt.date,
    at: dt.datetime | None = None,
) -> dict:
    """Record a new open action agreed at a stocktake; returns the log entry (its subject is the id)."""
    after = {
        "priority_id": _text(priority_id, "The priority"),
        "stocktake_date": _day(stocktake_date, "The stocktake's date").isoformat(),
        "description": _text(description, "What is to be done"),
        "owner": _text(owner, "The owner"),
        "due_date": _day(due_date, "The due date").isoformat(),
        "status": OPEN,
        "closed_date": None,
    }
    return write_entry(store, user, ACTION, None, after, at)


def update_action(
    store: Store,
    user: auth.User,
    action_id: int,
    status: str,
    closed_date: dt.date | None = None,
    due_date: dt.date | None = None,
    at: dt.datetime | None = None,
    base: int | None = None,
) -> dict:
    """Close (or reopen, or re-date) action ``action_id``; returns the log entry.

    ``base``: the seq of the action's last write the form showed; refused if it was changed since."""
    if status not in ACTION_STATUSES:
        raise DeliveryError(f"An action's status is open or closed, not {quoted(status)}.")
    if status == CLOSED and closed_date is None:
        raise DeliveryError("Give the date the action was closed.")
    changes = {
        "status": status,
        "closed_date": _day(closed_date, "The closing date").isoformat() if status == CLOSED else None,
    }
    if due_date is not None:
        changes["due_date"] = _day(due_date, "The due date").isoformat()
    check = None if base is None else (lambda con: concurrency.check_action(con, action_id, base))
    return write_entry(store, user, ACTION, str(int(action_id)), changes, at, check)


def record_note(
    store: Store,
    user: auth.User,
    priority_id: str,
    period: dt.date,
    note: str,
    at: dt.datetime | None = None,
    base: int | None = None,
) -> dict:
    """Write the centre's note on ``priority_id`` for ``period`` (empty: withdraw it); returns the log entry.

    ``base``: the seq of the note's last write the form showed (0: none); refused if it was written since."""
    after = notes.priority_note(priority_id, _day(period, "The period"), note)
    return write_entry(
        store,
        user,
        notes.PRIORITY_NOTE,
        after["priority_id"],
        after,
        at,
        notes.checker(notes.PRIORITY_NOTE, after, base),
    )


def record_covering_note(
    store: Store,
    user: auth.User,
    department: str | None,
    period: dt.date,
    note: str,
    at: dt.datetime | None = None,
    base: int | None = None,
) -> dict:
    """Write the covering note for ``department``'s brief (None: the whole government's) for ``period``."""
    after = notes.covering_note(department, _day(period, "The period"), note)
    return write_entry(
        store,
        user,
        notes.COVERING_NOTE,
        notes.subject(notes.COVERING_NOTE, after),
        after,
        at,
        notes.checker(notes.COVERING_NOTE, after, base),
    )


def write_entry(store: Store, user: auth.User, kind: str, subject, after: dict, at, check=None, refuse=None) -> dict:
    """Write one entry in a new version (every judgement, and the reporting cycle's decisions in
    delivery/store/cycle.py, go through here); ``check(con)``, if given, runs first under the write lock.
    ``refuse(user)``: why the user may not write it (default ``refusal``: centre analysts and admins may)."""
    if (why := (refuse or refusal)(user)) is not None:
        raise DeliveryError(why + " Nothing was written.")
    at = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with logged_write(store, log=LOG_NAME, key="seq") as (con, entries):  # voids a killed writer's lines
        if "priority_id" in after:
            _known_priority(con, after["priority_id"])
        if check is not None:
            check(con)
        entry = {
            "seq": _last_seq(con) + 1,
            "kind": kind,
            "subject": subject,
            "written_by": user.label,
            "written_at": at.isoformat(),
            "before": None,
            "after": after,
        }
        apply_entry(con, entry)
        entries.append(entry)
    return entry


def apply_entry(con, entry: dict) -> None:
    """Make the tables what ``entry`` says, filling its ``before`` (live) or checking it (replay)."""
    if entry["kind"] == RATING:
        before = _current_rating(con, entry["after"]["priority_id"], entry["after"]["period"])
        run_query(
            con,
            "centre_rating_insert",
            {"seq": entry["seq"], **entry["after"], "rated_by": entry["written_by"], "rated_at": entry["written_at"]},
        )
    elif entry["kind"] == ACTION:
        before = _apply_action(con, entry)
    elif entry["kind"] in notes.KINDS:
        before = notes.apply(con, entry)
    elif entry["kind"] in reviews.KINDS:
        before = reviews.apply(con, entry)
    elif entry["kind"] in periods.KINDS:
        before = periods.apply(con, entry)
    else:
        raise DeliveryError(f"Entry {entry['seq']} of {LOG_NAME} is of an unknown kind {quoted(entry['kind'])}.")
    entry["before"] = before
    run_query(
        con,
        "judgement_log_insert",
        {
            "seq": entry["seq"],
            "kind": entry["kind"],
            "subject": entry["subject"],
            "written_by": entry["written_by"],
            "written_at": entry["written_at"],
            "before_json": json.dumps(before) if before else None,
            "after_json": json.dumps(entry["after"]),
        },
    )


def _apply_action(con, entry: dict) -> dict | None:
    if entry["subject"] is None:  # a new action: its id is the next number
        new_id = int(run_query(con, "stocktake_action_next_id")["next_id"].iloc[0])
        entry["subject"] = str(new_id)
        run_query(
            con,
            "stocktake_action_upsert",
            {
                "action_id": new_id,
                **entry["after"],
                "updated_by": entry["written_by"],
                "updated_at": entry["written_at"],
            },
        )
        return None
    rows = run_query(con, "stocktake_action_by_id", {"action_id": int(entry["subject"])})
    if rows.empty:
        raise DeliveryError(f"There is no action {entry['subject']}.")
    before = _plain(rows.iloc[0].to_dict())
    row = before | entry["after"]
    run_query(
        con,
        "stocktake_action_upsert",
        {
            k: row[k]
            for k in (
                "action_id",
                "priority_id",
                "stocktake_date",
                "description",
                "owner",
                "due_date",
                "status",
                "closed_date",
            )
        }
        | {"updated_by": entry["written_by"], "updated_at": entry["written_at"]},
    )
    return {k: before[k] for k in entry["after"]}


def _current_rating(con, priority_id: str, period: str) -> dict | None:
    rows = run_query(con, "centre_rating_for_period", {"priority_id": priority_id, "period": period})
    return None if rows.empty else _plain(rows.iloc[0].to_dict())


def _plain(row: dict) -> dict:
    """A row as JSON-ready values: dates as ISO text, numpy ints as int, NaN/NaT as None."""
    out = {}
    for k, v in row.items():
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out[k] = None
        elif isinstance(v, (pd.Timestamp, dt.date)):
            t = pd.Timestamp(v)
            out[k] = t.date().isoformat() if t == t.normalize() else t.isoformat()
        elif hasattr(v, "item"):
            out[k] = v.item()
        else:
            out[k] = v
    return out


def _known_priority(con, priority_id: str) -> None:
    """Refuse a judgement on a priority no return has reported ('hom-01' for HOM-01), suggesting the near one.
    Checked when written, not on replay: a priority once reported stays in the store's history."""
    known = run_query(con, "priority_ids_reported")["priority_id"].tolist()
    if priority_id not in known:
        raise DeliveryError(
            f"No return has reported a priority {quoted(priority_id)}.{did_you_mean_code(priority_id, known)} "
            "Nothing was written."
        )


def _last_seq(con) -> int:
    return int(run_query(con, "judgement_last_seq")["last_seq"].iloc[0])


def _text(value, what: str) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        raise DeliveryError(f"{what} is blank; please fill it in.")
    if len(text) > MAX_TEXT:
        raise DeliveryError(f"{what} is {len(text):,} characters long; please keep it under {MAX_TEXT:,}.")
    return text


def _day(value, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DeliveryError(f"{what} {quoted(value)} is not a date written like 2026-06-30.") from None


# --- the log and its replay ------------------------------------------------------------------


def read_log(path: Path) -> list[dict]:
    """The entries of ``judgements.jsonl`` in force, in order: less those a void marker voids
    (a version never published) and half a last line left by a killed writer."""
    return archive.read_log(path.parent, path.name, "seq")


def replay(con, entries: list[dict]) -> None:
    """Empty the judgement tables and apply ``entries`` in order (for ``rebuild``, in its one version)."""
    for table in (
        "judgement_log",
        "centre_ratings",
        "stocktake_actions",
        "centre_notes",
        *reviews.TABLES,
        *periods.TABLES,
    ):
        con.execute(f"DELETE FROM {table}")  # table names are constants, not user input
    for entry in entries:
        apply_entry(
            con,
            {**entry, "subject": entry["subject"] if entry["kind"] != ACTION or entry["before"] is not None else None},
        )  # a new action's id is given again
