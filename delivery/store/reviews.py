"""The centre's review of returns: a load is received, then accepted or returned for revision.

Written like the centre's rating (delivery/store/judgements.py): one entry of
``archive/judgements.jsonl`` per decision, with who and when, replayed by ``rebuild``; the
latest decision on a load is in force and every earlier one stays. A store reviews returns
only from when an admin switched review on (``review started``): loads made before that count
as accepted, so a store (and the demo) made before the cycle existed reads as it always did.

A decision is checked live (``check_review``: the load exists, is a loaded return, is the one
in force for its department and period, and is not already in that state), never on replay:
by the time ``rebuild`` replays it, later loads may have replaced it. This module checks and
applies; it never writes the log itself (delivery/store/cycle.py does, through judgements).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pandas as pd

from delivery import settings
from delivery.errors import ChangedMeanwhile, DeliveryError, quoted
from delivery.reference.calendar import date_text
from delivery.returns.contract import SHEETS
from delivery.store.concurrency import clock
from delivery.store.versions import run_query

Ask = Callable[..., pd.DataFrame]
REVIEW, REVIEW_START = "review", "review started"
KINDS = (REVIEW, REVIEW_START)
TABLES = ("return_reviews", "review_start")
RECEIVED, ACCEPTED, RETURNED = "received", "accepted", "returned for revision"
DECISIONS = (ACCEPTED, RETURNED)
BEFORE_REVIEW = "accepted (loaded before review began)"
_CELL_NOTE = re.compile(r"^\s*(?P<sheet>[^!:]+)!(?P<cell>\$?[A-Za-z]{1,3}\$?[1-9][0-9]*)\s*:\s*(?P<note>.*\S)\s*$")


class ReviewRefused(DeliveryError):
    """A review decision that cannot be made (no such load, not in force, already in that state); nothing written."""


def text(value, what: str, required: bool = True) -> str | None:
    """A reason or note as kept: trimmed, no longer than DELIVERY_MAX_TEXT_CHARS; None when blank and optional."""
    kept = "" if value is None else str(value).strip()
    if not kept:
        if required:
            raise DeliveryError(f"{what} is blank; please fill it in.")
        return None
    most = settings.get("DELIVERY_MAX_TEXT_CHARS")
    if len(kept) > most:
        raise DeliveryError(f"{what} is {len(kept):,} characters long; the most it may hold is {most:,}: shorten it.")
    return kept


def cell_note(written: str) -> dict:
    """'Milestones!F14: this date moved again' as {"cell": "Milestones!F14", "note": "this date moved again"}."""
    found = _CELL_NOTE.match(str(written or ""))
    if not found:
        raise DeliveryError(
            f"{quoted(written)} is not a note on a cell: write the sheet, the cell and the note, "
            "like Milestones!F14: this date moved again; explain."
        )
    sheet = found["sheet"].strip()
    names = ["About", *(s.name for s in SHEETS)]
    if sheet.casefold() not in {n.casefold() for n in names}:
        raise DeliveryError(f"{quoted(sheet)} is not a sheet of a return; the sheets are {', '.join(names)}.")
    sheet = next(n for n in names if n.casefold() == sheet.casefold())
    cell = found["cell"].replace("$", "").upper()
    return {"cell": f"{sheet}!{cell}", "note": text(found["note"], f"The note on {sheet}!{cell}")}


def review_after(load_id: int, decision: str, reason, cells=()) -> dict:
    """The ``after`` of a review decision, checked: a return for revision needs a reason."""
    if decision not in DECISIONS:
        raise DeliveryError(f"A review decision is {' or '.join(DECISIONS)}, not {quoted(decision)}.")
    notes = [cell_note(c) for c in cells or ()]
    if decision == RETURNED:
        kept = text(reason, "The reason for returning it")
    else:
        kept = text(reason, "The reason", required=False)
        if notes:
            raise DeliveryError("Notes on cells go with a return for revision, not with an acceptance.")
    return {"load_id": int(load_id), "decision": decision, "reason": kept, "cells": notes}


def asker(con) -> Ask:
    """``ask(name, **params)`` over one connection: how this module reads, so pages pass their cached ``query``."""
    return lambda name, **params: run_query(con, name, params)


def started(ask: Ask) -> dict | None:
    """When this store began reviewing returns (from_load_id, started_by, started_at, reason), or None: off."""
    rows = ask("review_started")
    return None if rows.empty else rows.iloc[0].to_dict()


def check_start(con) -> None:
    """Refuse switching review on twice."""
    began = started(asker(con))
    if began is not None:
        raise ReviewRefused(
            f"Review was switched on already, on {date_text(began['started_at'])} by {began['started_by']}, "
            f"from load {int(began['from_load_id'])}."
        )


def check_review(con, after: dict, base: int | None = None) -> None:
    """Refuse a decision on a load that is not a loaded return in force, or already in that state (live only).
    ``base``: the seq of the load's last decision the form showed (0: none); refused, naming who decided and
    when, if another reviewer decided since (None, a script: checks nothing)."""
    began = started(asker(con))
    if began is None:
        raise ReviewRefused(
            "Review is not switched on for this store. An admin switches it on with "
            "`python -m delivery review --switch-on --reason TEXT`; loads made before then count as accepted."
        )
    load_id = after["load_id"]
    rows = run_query(con, "load_by_id", {"load_id": load_id})
    if rows.empty:
        raise ReviewRefused(f"There is no load {load_id} in the loads log.")
    load = rows.iloc[0].to_dict()
    what = f"{load['department']}'s return for {date_text(load['return_period'])}"
    if load["outcome"] != "loaded":
        raise ReviewRefused(
            f"Load {load_id} is {a_load(load['outcome'])}, not a return; only a loaded return is reviewed."
        )
    if not load["active"]:
        raise ReviewRefused(
            f"Load {load_id} is no longer the load in force for {what}; only the load in force is reviewed."
        )
    if load_id < int(began["from_load_id"]):
        raise ReviewRefused(f"Load {load_id} was loaded before review began, so it counts as accepted already.")
    now = run_query(con, "return_review_states").query("load_id == @load_id")
    if base is not None and (0 if now.empty else int(now["seq"].iloc[0])) != base:
        last = now.iloc[0]
        raise ChangedMeanwhile(
            f"{last['reviewed_by']} {last['decision']} load {load_id} ({what}) at "
            f"{clock(last['reviewed_at'])} UTC; look at it before deciding. Nothing was written."
        )
    if not now.empty and now["decision"].iloc[0] == after["decision"]:
        last = now.iloc[0]
        raise ReviewRefused(
            f"Load {load_id} ({what}) was already {after['decision']} by {last['reviewed_by']} "
            f"on {date_text(last['reviewed_at'])}; nothing was written."
        )


def a_load(outcome: str) -> str:
    """'a rollback', 'an unchanged re-load', 'a refused commit' for a log outcome that is not a return."""
    return {"rolled back": "a rollback", "unchanged": "an unchanged re-load", "refused": "a refused commit"}.get(
        outcome, quoted(outcome)
    )


def apply(con, entry: dict) -> dict | None:
    """Write ``entry`` into its table; returns what was in force before (None: nothing)."""
    after, when, who = entry["after"], entry["written_at"], entry["written_by"]
    if entry["kind"] == REVIEW_START:
        run_query(
            con,
            "review_start_insert",
            {"seq": entry["seq"], "from_load_id": after["from_load_id"], "started_by": who, "started_at": when}
            | {"reason": after["reason"]},
        )
        return None
    now = run_query(con, "return_review_states").query("load_id == @after['load_id']")
    before = (
        None if now.empty else {"decision": now["decision"].iloc[0], "reason": _text_or_none(now["reason"].iloc[0])}
    )
    run_query(
        con,
        "return_review_insert",
        {
            "seq": entry["seq"],
            "load_id": after["load_id"],
            "decision": after["decision"],
            "reason": after["reason"],
            "cells": json.dumps(after["cells"]),
            "reviewed_by": who,
            "reviewed_at": when,
        },
    )
    return before


# --- reading ----------------------------------------------------------------------------------


def with_reviews(ask: Ask, loads: pd.DataFrame) -> pd.DataFrame:
    """Rows of the loads log with each loaded return's review: ``review`` (received, accepted, returned for
    revision; None for rollbacks and re-loads, and for every load while review is off), ``review_text`` in
    words, ``review_reason``, ``review_cells`` (list of dicts), ``review_seq`` (the seq of its last decision,
    0 for none: a review form's ``base``) and ``answers`` (the returned load a resubmission answers)."""
    began = started(ask)
    decided = ask("return_review_states")  # no columns at all from a store with no version yet
    decided = decided.set_index("load_id") if "load_id" in decided else pd.DataFrame()
    out = loads.copy()
    records = out.to_dict("records")
    states = [_state(r, began, decided) for r in records]
    out["review"] = [s[0] for s in states]
    out["review_text"] = [s[1] for s in states]
    out["review_reason"] = [s[2] for s in states]
    out["review_cells"] = [s[3] for s in states]
    out["review_seq"] = [
        int(decided.loc[int(r["load_id"]), "seq"]) if int(r["load_id"]) in decided.index else 0 for r in records
    ]  # the last decision a form shows: its ``base``
    out["review_head"] = [s[1][: len(s[1]) - len(cells_text(s[3]))] for s in states]  # the words less the cells
    returned = {int(r["load_id"]) for r, s in zip(records, states) if s[0] == RETURNED}
    answers = _answers(records, returned)
    out["answers"] = pd.array(answers, "Int64")
    out["review_text"] = [
        t + (f" (answers load {a})" if a is not None else "") for t, a in zip(out["review_text"], answers)
    ]
    return out


def _state(row: dict, began: dict | None, decided: pd.DataFrame) -> tuple:
    """(state, in words, reason, cells) of one row of the loads log."""
    if began is None or row["outcome"] != "loaded":
        return None, "", None, []
    load_id = int(row["load_id"])
    if load_id < int(began["from_load_id"]):
        return ACCEPTED, BEFORE_REVIEW, None, []
    if load_id not in decided.index:
        return RECEIVED, "received: not yet reviewed", None, []
    last = decided.loc[load_id]
    cells, reason = json.loads(last["cells"] or "[]"), _text_or_none(last["reason"])
    said = f"{last['decision']} by {last['reviewed_by']} on {date_text(last['reviewed_at'])}"
    if reason:
        said += f": {reason}"
    return last["decision"], said + cells_text(cells), reason, cells


def cells_text(cells: list[dict]) -> str:
    """' Milestones!F14: this date moved again' for each note on a cell, in order."""
    return "".join(f" {c['cell']}: {c['note']}" for c in cells)


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None  # a blank reason reads back as NaN


def _answers(records: list[dict], returned: set[int]) -> list[int | None]:
    """For each loaded return, the load it answers: the previous loaded return of its department and period,
    when that one was returned for revision."""
    previous: dict[tuple, int] = {}
    answers: dict[int, int | None] = {}
    for row in sorted(records, key=lambda r: int(r["load_id"])):
        if row["outcome"] != "loaded":
            continue
        key = (row["department"], str(row["return_period"]))
        before = previous.get(key)
        answers[int(row["load_id"])] = before if before in returned else None
        previous[key] = int(row["load_id"])
    return [answers.get(int(r["load_id"])) for r in records]


def trail(ask: Ask) -> list[dict]:
    """Every review decision ever made, oldest first, JSON-ready (for ``history --json``)."""
    rows = ask("return_reviews_all")
    out = []
    for r in rows.to_dict("records"):
        out.append(
            {
                "seq": int(r["seq"]),
                "load_id": int(r["load_id"]),
                "decision": r["decision"],
                "reason": _text_or_none(r["reason"]),
                "cells": json.loads(r["cells"] or "[]"),
                "reviewed_by": r["reviewed_by"],
                "reviewed_at": pd.Timestamp(r["reviewed_at"]).isoformat(sep=" ", timespec="seconds"),
            }
        )
    return out
