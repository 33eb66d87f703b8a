"""Optimistic concurrency: a write made from what a person saw is refused if that moved meanwhile.

A preview of a return records its *base*: the id of the last load or rollback of that
department's return for that period (0 for none). A commit passes the bases of the previews
its user read; the loader compares them with the store under the write lock, so of two
commits racing for one return the second sees the first and is refused, never silently
replacing it. Loads of other returns in the meantime do not matter.

A centre rating or stocktake action form records the base of what it showed in the same way
(the seq of the last write of that rating or action), checked by delivery/store/judgements.py
under the lock.

Times are the store's (UTC), as the Loads page shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from delivery.errors import ChangedMeanwhile
from delivery.reference.calendar import date_text
from delivery.store.versions import run_query

Key = tuple[str, dt.date]  # (department, return period)


def return_base(con, department: str, period: dt.date) -> int:
    """The id of the last load or rollback of ``department``'s return for ``period`` (0: none, or no store)."""
    last = _last_change(con, department, period)
    return 0 if last is None else int(last["load_id"])


def moved_returns(con, bases: Mapping[Key, int], keys: Iterable[Key]) -> dict[Key, str]:
    """For each return in ``keys`` whose last change is not its base, the sentence saying who changed it."""
    moved = {}
    for department, period in keys:
        last = _last_change(con, department, period)
        now = 0 if last is None else int(last["load_id"])
        if now != bases.get((department, period), 0):
            moved[department, period] = moved_message(department, period, last)
    return moved


def moved_message(department: str, period: dt.date, last: dict | None) -> str:
    """'Someone else loaded DfE's return for 30 Jun 2026 at 14:02 UTC (load 12, by …); nothing was committed. …'"""
    if last is None:  # its loads were all rolled back away: only a rollback can do that, and it is logged
        what = f"Someone else changed {department}'s return for {date_text(period)}"
    else:
        what = (
            f"Someone else {last['outcome']} {department}'s return for {date_text(period)} at "
            f"{clock(last['loaded_at'])} UTC (load {int(last['load_id'])}, by {last['loaded_by']})"
        )
    return f"{what}; nothing was committed. Look at the new preview before committing again."


def rating_base(con, priority_id: str, period: dt.date) -> int:
    """The seq of the last write of the centre's rating of ``priority_id`` for ``period`` (0: never rated)."""
    last = (
        _first(run_query(con, "centre_rating_last_write", {"priority_id": priority_id, "period": _iso(period)}))
        if con is not None
        else None
    )
    return 0 if last is None else int(last["seq"])


def check_rating(con, priority_id: str, period: dt.date, base: int) -> None:
    """Raise ChangedMeanwhile if the centre's rating of ``priority_id`` for ``period`` was written since ``base``."""
    last = _first(run_query(con, "centre_rating_last_write", {"priority_id": priority_id, "period": _iso(period)}))
    if (0 if last is None else int(last["seq"])) != base:
        raise ChangedMeanwhile(
            f"{last['written_by']} changed the centre's rating of {priority_id} for "
            f"{date_text(period)} at {clock(last['written_at'])} UTC; look at it before "
            "changing it."
        )


def action_base(con, action_id: int) -> int:
    """The seq of the last write of stocktake action ``action_id`` (0: no such action)."""
    last = _first(run_query(con, "action_last_write", {"action_id": str(int(action_id))})) if con is not None else None
    return 0 if last is None else int(last["seq"])


def check_action(con, action_id: int, base: int) -> None:
    """Raise ChangedMeanwhile if stocktake action ``action_id`` was written since ``base``."""
    last = _first(run_query(con, "action_last_write", {"action_id": str(int(action_id))}))
    if last is not None and int(last["seq"]) != base:
        raise ChangedMeanwhile(
            f"{last['written_by']} changed stocktake action {int(action_id)} at "
            f"{clock(last['written_at'])} UTC; look at it before changing it."
        )


def _last_change(con, department: str, period: dt.date) -> dict | None:
    if con is None:
        return None
    return _first(run_query(con, "return_last_change", {"department": department, "return_period": period}))


def _first(rows: pd.DataFrame) -> dict | None:
    return None if rows.empty else rows.iloc[0].to_dict()


def clock(at) -> str:
    """A write's time of day, as the refusals say it: '10:00' (UTC)."""
    return f"{pd.Timestamp(at):%H:%M}"


def _iso(day) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else str(day)
