"""What became of each load, read from the loads log (no Streamlit): the one reading of it that the
rollback, the Loads page and ``python -m delivery history`` share.

The log is append-only: a rollback is a row of its own, and the load it undid keeps its row
(outcome "loaded"). Per department and period, in load order, each load is pushed on a stack and
each rollback pops the one on top: so the stack is what is in force, and each pop says which
load a rollback undid, when and by whom.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from delivery.reference.calendar import date_text
from delivery.returns.problems import Problem

LOADED, ROLLED_BACK = "loaded", "rolled back"


@dataclass(frozen=True)
class Fate:
    """A load's part in its return's history: the rollback that undid it (or None), and for a rollback,
    the load it undid and the load it put back (None: the period was left empty)."""

    undone_by: dict | None = None
    undid: int | None = None
    restored: int | None = None


def replay_stack(rows: list[dict]) -> tuple[list[dict], dict[int, Fate]]:
    """The loads of one return (oldest first) in force now, oldest first, and each load's Fate by id."""
    stack: list[dict] = []
    fates: dict[int, Fate] = {}
    for row in rows:
        if row["outcome"] == LOADED:
            stack.append(row)
        elif row["outcome"] == ROLLED_BACK and stack:
            undone = stack.pop()
            fates[int(undone["load_id"])] = Fate(undone_by=row)
            below = int(stack[-1]["load_id"]) if stack else None
            fates[int(row["load_id"])] = Fate(undid=int(undone["load_id"]), restored=below)
    return stack, fates


def fates(loads: pd.DataFrame) -> dict[int, Fate]:
    """Every load's Fate, from rows of the loads log (load_id, department, return_period, outcome, ...)."""
    out: dict[int, Fate] = {}
    if loads.empty:
        return out
    returns: dict[tuple, list[dict]] = {}  # one pass over the records, not a frame per return: 238 at national scale
    for row in loads.sort_values("load_id").to_dict("records"):
        key = tuple(None if pd.isna(row[c]) else row[c] for c in ("department", "return_period"))
        returns.setdefault(key, []).append(row)
    for rows in returns.values():
        out |= replay_stack(rows)[1]
    return out


def described(loads: pd.DataFrame) -> pd.DataFrame:
    """Rows of the loads log with ``outcome_text`` (outcome_text) and ``rolls_back`` (the load a rollback undid)."""
    fate = fates(loads)
    records = loads.to_dict("records")
    return loads.assign(
        outcome_text=[outcome_text(r, fate.get(int(r["load_id"]))) for r in records],
        rolls_back=pd.array(
            [fate[int(r["load_id"])].undid if int(r["load_id"]) in fate else None for r in records], "Int64"
        ),
    )


def outcome_text(row: dict, fate: Fate | None) -> str:
    """A load's outcome in words: 'loaded', 'rolled back on 6 Dec 2026 by Cleo (load 3)',
    'rollback of load 2, which put back load 1' or '... which left the period empty'."""
    fate = fate or Fate()
    if row["outcome"] == LOADED and fate.undone_by:
        by = fate.undone_by
        return f"rolled back on {date_text(by['loaded_at'])} by {by['loaded_by']} (load {int(by['load_id'])})"
    if row["outcome"] == ROLLED_BACK and fate.undid is not None:
        left = f"put back load {fate.restored}" if fate.restored is not None else "left the period empty"
        return f"rollback of load {fate.undid}, which {left}"
    return str(row["outcome"])


def rollback_would(stack: list[dict], department: str, period) -> str:
    """What the store holds for the return after its load in force (the top of ``stack``) is rolled back."""
    when = date_text(period)
    if len(stack) < 2:
        return f"{department} will then have no return for {when}: this is the only load in force for it."
    below = stack[-2]
    return (
        f"{department}'s return for {when} will then be load {int(below['load_id'])} ({below['file_name']}, "
        f"loaded on {date_text(below['loaded_at'])} by {below['loaded_by']})."
    )


def load_warnings(row: dict) -> list[Problem]:
    """The warnings a load was loaded with (kept in the log as JSON); none for older entries."""
    try:
        kept = json.loads(row.get("warnings") or "[]")
    except (TypeError, ValueError):
        return []
    fields = ("sheet", "cell", "value", "message", "file", "severity")
    return [
        Problem(**({k: w.get(k, "") for k in fields} | {"severity": "warning"})) for w in kept if isinstance(w, dict)
    ]
