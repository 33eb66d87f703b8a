"""Closed periods and restatements: once a stocktake pack is agreed an admin closes its period, and a later
return for that period is a restatement, loaded only by an admin with a reason and shown wherever the
period is read ("restated on 12 Nov 2026 by Ada: EDU-01 was Amber, now Red").

A close is one entry of ``archive/judgements.jsonl`` (delivery/store/cycle.py writes it). A restatement
is the load itself: its line of ``archive/loads.jsonl`` carries ``restated`` (who closed the period, and
the ratings the load changed, worked out against the rows it replaced), so ``rebuild`` replays it exactly
(delivery/store/history.py ``apply_entry`` calls ``record_restatement``). This module checks and applies.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from delivery.errors import DeliveryError
from delivery.reference.calendar import date_text
from delivery.returns.problems import Problem
from delivery.store.versions import run_query

CLOSE = "period closed"
KINDS = (CLOSE,)
TABLES = ("period_closes",)


def close_after(period: dt.date, reason: str) -> dict:
    """The ``after`` of closing ``period``."""
    text = "" if reason is None else str(reason).strip()
    if not text:
        raise DeliveryError("Give a reason for closing the period; it is kept in the log.")
    return {"period": period.isoformat(), "reason": text}


def closed(con, period) -> dict | None:
    """The close in force of ``period`` (period, reason, closed_by, closed_at), or None: open."""
    rows = run_query(con, "period_closed", {"period": str(pd.Timestamp(period).date())})
    return None if rows.empty else rows.iloc[0].to_dict()


def check_close(con, after: dict) -> None:
    """Refuse closing a period twice, or a period with no return in force."""
    when = date_text(after["period"])
    done = closed(con, after["period"])
    if done is not None:
        raise DeliveryError(
            f"{when} was closed already, on {date_text(done['closed_at'])} by {done['closed_by']}; nothing was written."
        )
    periods = {pd.Timestamp(p).date() for p in run_query(con, "reporting_periods")["return_period"]}
    if dt.date.fromisoformat(after["period"]) not in periods:
        raise DeliveryError(f"No return has been loaded for {when}, so there is nothing to close.")


def apply(con, entry: dict) -> None:
    """Write a close into ``period_closes`` (nothing was closed before: ``check_close``)."""
    after = entry["after"]
    run_query(
        con,
        "period_close_insert",
        {"seq": entry["seq"], "period": after["period"], "reason": after["reason"]}
        | {"closed_by": entry["written_by"], "closed_at": entry["written_at"]},
    )


def refusal(done: dict, department: str, period, may_restate: bool, reason: str | None) -> str | None:
    """Why a return for a closed period may not be loaded now (None: it may, as a restatement)."""
    if may_restate and (reason or "").strip():
        return None
    said = (
        f"{department}'s return for {date_text(period)} is for a closed period (closed on "
        f"{date_text(done['closed_at'])} by {done['closed_by']}: {done['reason']})."
    )
    if not may_restate:
        return said + " Only an admin may load it, with a reason; it is then shown as a restatement."
    return said + " Give a reason for restating it; it is then shown as a restatement."


def check_closed(con, checked, may_restate: bool, reason: str | None) -> None:
    """Add a problem to each checked file whose period is closed, unless an admin gives a reason (under the lock;
    ``con`` None: an empty store, where nothing is closed)."""
    if con is None:
        return
    for result, parsed, _ in checked:
        if parsed is None or result.period_end is None:
            continue
        done = closed(con, result.period_end)
        why = None if done is None else refusal(done, result.department, result.period_end, may_restate, reason)
        if why:
            cell = parsed.about_cells.get("period_end", "")
            result.problems.append(
                Problem(parsed.sheet_names.get("about", "About"), cell, str(result.period_end), why, result.file_name)
            )


def restatement(con, parsed, entry: dict) -> dict | None:
    """What a load into a closed period restates (before its rows replace the old): the close, and each rating
    it changes {"priority_id", "was", "now"}; None when the period is open."""
    done = closed(con, entry["return_period"])
    if done is None:
        return None
    old = run_query(con, "return_ratings", {"department": entry["department"], "return_period": entry["return_period"]})
    was = dict(zip(old["priority_id"], old["rag"]))
    new = parsed.tables.get("priorities", pd.DataFrame(columns=["priority_id", "rag"]))
    changes = [
        {"priority_id": pid, "was": _text(was.get(pid)), "now": _text(rag)}
        for pid, rag in zip(new["priority_id"], new["rag"])
        if _text(was.get(pid)) != _text(rag)
    ]
    return {
        "closed_by": done["closed_by"],
        "closed_at": pd.Timestamp(done["closed_at"]).isoformat(),
        "ratings": changes,
    }


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def record_restatement(con, entry: dict) -> None:
    """Keep a loaded entry's restatement (its ``restated``) in ``restatements``: live and on replay."""
    run_query(
        con,
        "restatement_insert",
        {
            "load_id": entry["load_id"],
            "department": entry["department"],
            "return_period": entry["return_period"],
            "restated_by": entry["loaded_by"],
            "restated_at": entry["loaded_at"],
            "reason": entry["reason"] or "",
            "changes": json.dumps(entry["restated"]["ratings"]),
        },
    )


def restated_lines(rows: pd.DataFrame) -> list[str]:
    """Each restatement (queries/restatements_at.sql) in words: "DfE's return for 30 Jun 2026 was restated on
    12 Nov 2026 by Ada: EDU-01 was Amber, now Red. Why: the June data was revised." """
    lines = []
    for r in rows.to_dict("records"):
        changes = json.loads(r["changes"] or "[]")
        said = "; ".join(
            f"{c['priority_id']} was {c['was'] or 'not rated'}, now {c['now'] or 'not rated'}" for c in changes
        )
        lines.append(
            f"{r['department']}'s return for {date_text(r['return_period'])} was restated on "
            f"{date_text(r['restated_at'])} by {r['restated_by']}: {said or 'no rating changed'}. Why: {r['reason']}."
        )
    return lines
