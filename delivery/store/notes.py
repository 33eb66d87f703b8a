"""The centre's note for a stocktake brief: a short note on one priority, or a covering note on a
scope (the whole government, or one department), for a reporting period.

Written like the centre's rating (delivery/store/judgements.py ``record_note`` and
``record_covering_note``): one entry of ``archive/judgements.jsonl`` per write, with who and
when, replayed by ``rebuild``; every write is kept and the latest for a note's key (kind,
priority or department, period) is in force; an empty note withdraws it. A write from a form
passes ``base``, the seq of the note's last write the form showed (0: none), and is refused
(ChangedMeanwhile) if someone wrote that note since. This module checks and applies; it never
writes the log itself.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from delivery import settings
from delivery.errors import ChangedMeanwhile, DeliveryError, quoted
from delivery.reference.calendar import date_text
from delivery.reference.suggest import did_you_mean_code
from delivery.store.concurrency import clock
from delivery.store.versions import run_query

PRIORITY_NOTE, COVERING_NOTE = "priority note", "covering note"
KINDS = (PRIORITY_NOTE, COVERING_NOTE)
_TABLE_KIND = {PRIORITY_NOTE: "priority", COVERING_NOTE: "covering"}
WHOLE_GOVERNMENT = "government"  # a covering note's subject in the log when it is not a department's


def priority_note(priority_id: str, period: dt.date, note) -> dict:
    """The ``after`` of a write of the note on ``priority_id`` for ``period`` (checked, trimmed)."""
    pid = "" if priority_id is None else str(priority_id).strip()
    if not pid:
        raise DeliveryError("Choose the priority the note is about.")
    return {"priority_id": pid, "period": period.isoformat(), "note": note_text(note)}


def covering_note(department: str | None, period: dt.date, note) -> dict:
    """The ``after`` of a write of the covering note for ``department`` (None: the whole government)."""
    code = None if department is None or not str(department).strip() else str(department).strip()
    return {"department": code, "period": period.isoformat(), "note": note_text(note)}


def subject(kind: str, after: dict) -> str:
    """What the log says a note is about: the priority's ID, or the department's code or 'government'."""
    return after["priority_id"] if kind == PRIORITY_NOTE else after["department"] or WHOLE_GOVERNMENT


def note_text(note) -> str:
    """The note as kept: trimmed, and no longer than DELIVERY_MAX_TEXT_CHARS (empty: withdraw it)."""
    text = "" if note is None else str(note).strip()
    most = settings.get("DELIVERY_MAX_TEXT_CHARS")
    if len(text) > most:
        raise DeliveryError(
            f"The note is {len(text):,} characters long; the most a note may hold is {most:,} "
            "(DELIVERY_MAX_TEXT_CHARS): shorten it."
        )
    return text


def about(kind: str, after: dict) -> str:
    """'the centre's note on HEA-01', 'the covering note for DfE', 'the covering note for the whole government'."""
    if kind == PRIORITY_NOTE:
        return f"the centre's note on {after['priority_id']}"
    return f"the covering note for {after['department'] or 'the whole government'}"


def last_write(con, kind: str, after: dict) -> dict | None:
    """The last write of the note ``after`` is of (its seq, note, who, when), or None."""
    rows = run_query(
        con,
        "centre_note_last_write",
        {
            "kind": _TABLE_KIND[kind],
            "priority_id": after.get("priority_id"),
            "department": after.get("department"),
            "period": after["period"],
        },
    )
    return None if rows.empty else rows.iloc[0].to_dict()


def base(con, kind: str, after: dict) -> int:
    """The seq of the last write of the note (0: never written, or no store): what a form records."""
    last = last_write(con, kind, after) if con is not None else None
    return 0 if last is None else int(last["seq"])


def checker(kind: str, after: dict, seen: int | None):
    """The check ``judgements`` runs under the write lock: refuse if the note was written since ``seen``."""
    if seen is None:
        return None

    def check(con) -> None:
        last = last_write(con, kind, after)
        if (0 if last is None else int(last["seq"])) != seen:
            when = date_text(dt.date.fromisoformat(after["period"]))
            raise ChangedMeanwhile(
                f"{last['written_by']} changed {about(kind, after)} for {when} "
                f"at {clock(last['written_at'])} UTC; look at it before changing it."
            )

    return check


def apply(con, entry: dict) -> dict | None:
    """Write ``entry``'s note into ``centre_notes``; returns what was in force before (None: no note)."""
    kind, after = entry["kind"], entry["after"]
    last = last_write(con, kind, after)
    before = (
        None
        if last is None or not last["note"]
        else {
            "note": last["note"],
            "written_by": last["written_by"],
            "written_at": pd.Timestamp(last["written_at"]).isoformat(),
        }
    )
    if not after["note"] and before is None:
        raise DeliveryError(f"The note is blank and there is no note to withdraw: write {about(kind, after)} first.")
    if (
        kind == COVERING_NOTE
        and after["department"] is not None
        and after["department"] not in (codes := sorted(run_query(con, "department_list")["code"]))
    ):
        raise DeliveryError(
            f"There is no department {quoted(after['department'])}.{did_you_mean_code(after['department'], codes)}"
        )
    run_query(
        con,
        "centre_note_insert",
        {
            "seq": entry["seq"],
            "kind": _TABLE_KIND[kind],
            "priority_id": after.get("priority_id"),
            "department": after.get("department"),
            "period": after["period"],
            "note": after["note"],
            "written_by": entry["written_by"],
            "written_at": entry["written_at"],
        },
    )
    return before
