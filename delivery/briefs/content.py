"""Gather a brief's facts from the store for a scope and period (no Streamlit, no drawing).

A brief's facts are the scope's picture (delivery/analysis/picture.py, the same one every page
reads) and what changed, from named queries run through ``ask(name, **params)``: the app passes
its cached ``ui.frame.data.query``; the command line passes ``asker(connection)``. Everything is
fetched for the whole scope at once (never once per priority), so a national brief of 150
priorities needs about twenty queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from delivery.analysis import flag_series, flags, picture, since
from delivery.briefs import notes as centre_notes
from delivery.reference.calendar import date_text
from delivery.store import periods
from delivery.store.versions import run_query

Ask = Callable[..., pd.DataFrame]


Scope = picture.Scope  # the briefs' scopes are the picture's


@dataclass
class BriefData:
    """Everything a brief says, as frames: the scope's picture (analysis/picture.py) and what changed.

    The text and every export are made from this, so a brief can say nothing the pages do not.
    """

    picture: picture.Picture
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=since.COLUMNS))
    # The centre's covering note and its notes on priorities, for the period (delivery/briefs/notes.py).
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=centre_notes.COLUMNS))
    # The scope's money by priority and financial year, in pounds (queries/budget_by_priority.sql): the Excel pack's.
    budget: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The scope's returns the centre has not accepted yet, and whether this picture leaves them out
    # (queries/returns_under_review.sql): empty unless the store reviews returns.
    under_review: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Returns for closed periods loaded again since (queries/restatements_at.sql), in the scope's departments.
    restated: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The data checks' flags on the scope's priorities (delivery/analysis/flags.py): the Data quality page's.
    flags: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=flag_series.COLUMNS))

    scope = property(lambda self: self.picture.scope)
    as_at = property(lambda self: self.picture.as_at)
    priorities = property(
        lambda self: self.picture.priorities
    )  # with movement, previous_period and the centre's rating
    milestones = property(lambda self: self.picture.milestones)  # classified, each since its own previous period
    risks = property(lambda self: self.picture.risks)
    status = property(lambda self: self.picture.status)  # indicators with on/off trajectory
    trajectory = property(lambda self: self.picture.trajectory)  # current planned paths, for the scope's indicators
    actuals = property(lambda self: self.picture.actuals)  # national actuals, for the scope's indicators
    actions = property(lambda self: self.picture.actions)  # stocktake actions as at, for the scope
    freshness = property(lambda self: self.picture.returns)  # each department in scope: the return it owes
    ended = property(lambda self: self.picture.ended)  # priorities out of the picture, and why

    @property
    def empty(self) -> bool:
        """No priority in scope (or no data at all)."""
        return self.picture.empty

    @property
    def compared(self) -> bool:
        """True when there is an earlier period to compare with (False for the store's first period)."""
        return not self.picture.first_period


def asker(con) -> Ask:
    """``ask(name, **params)`` over one DuckDB connection (the command line's way in)."""
    return lambda name, **params: run_query(con, name, params)


def gather(
    ask: Ask,
    scope: Scope,
    as_at: dt.date | None = None,
    rules: picture.Rules | None = None,
    flagged: bool = True,
) -> BriefData:
    """The facts of a brief for ``scope`` as at ``as_at`` (None: the period the app opens on, or nothing
    for an empty store): its picture and what changed. ``rules``: the default calendar when None.
    ``flagged``: with the data checks' flags, at the settings' thresholds; the app gathers without them
    (What changed reads these facts and says no flag) and adds them for a brief with ``with_flags``."""
    rules = rules or picture.Rules()
    as_at = as_at or picture.resolve_as_at(ask, rules, None)
    pic = picture.gather(ask, scope, as_at, rules)
    data = BriefData(pic, since.changes(ask, pic)) if as_at is not None and not pic.first_period else BriefData(pic)
    data.notes = centre_notes.for_scope(ask, scope, as_at, data.priorities.get("priority_id", []))
    if as_at is not None and not data.empty:
        money = ask("budget_by_priority", as_at=as_at)
        data.budget = money[money["priority_id"].isin(data.priorities["priority_id"])].reset_index(drop=True)
    if as_at is not None:
        pending = ask("returns_under_review", as_at=as_at)
        owed = set(data.freshness.get("department", []))
        data.under_review = pending[pending["department"].isin(owed)].reset_index(drop=True)
        restated = ask("restatements_at", as_at=as_at)
        data.restated = restated[restated["department"].isin(owed)].reset_index(drop=True)
    return with_flags(ask, data, flags.rules_from_settings()) if flagged else data


def with_flags(ask: Ask, data: BriefData, flag_rules: flags.FlagRules) -> BriefData:
    """``data`` with the data checks' flags on its priorities (the Data quality page's), set on it."""
    if data.as_at is not None and not data.empty:
        data.flags = flags.gather(ask, data.picture, flag_rules)
    return data


_STATE = {"received": "not yet reviewed"}


def restated_text(data: BriefData) -> str:
    """Every restatement of a closed period in scope, in words, one sentence each ('' for none)."""
    return " ".join(periods.restated_lines(data.restated)) if not data.restated.empty else ""


def review_text(data: BriefData) -> str:
    """Which returns the brief includes, once the store reviews returns and some are not yet accepted:
    'These figures are from the returns the centre has accepted; still under review and not included:
    DfE's return for 30 Jun 2026.' ('' when every return in scope is accepted)."""
    return under_review_text(data.under_review)


def under_review_text(pending: pd.DataFrame) -> str:
    """``review_text`` for rows of queries/returns_under_review.sql (the pages' note says the same words)."""
    if pending.empty:
        return ""
    named = "; ".join(
        f"{r['department']}'s return for {date_text(r['return_period'])} ({_STATE.get(r['review'], r['review'])})"
        for _, r in pending.iterrows()
    )
    if bool(pending["left_out"].iloc[0]):
        return (
            f"These figures are from the returns the centre has accepted; still under review and not included: {named}."
        )
    return f"These figures include returns the centre has not yet reviewed: {named}."


def primary_indicators(data: BriefData) -> dict[str, dict]:
    """Per priority, the indicator its section charts: the first by stage (impact, outcome, ...), then id."""
    if data.status.empty:
        return {}
    order = ["impact", "outcome", "output", "activity", "input"]
    rank = data.status["stage"].map(lambda s: order.index(s) if s in order else len(order))
    first = data.status.assign(_r=rank).sort_values(["_r", "indicator_id"]).drop_duplicates("priority_id")
    return {r["priority_id"]: r for r in first.drop(columns="_r").to_dict("records")}


def primary_indicator(data: BriefData, priority_id: str) -> dict | None:
    """The indicator one priority's section charts, or None."""
    return primary_indicators(data).get(priority_id)


def indicator_series(data: BriefData, indicator_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(plan, actuals) of one indicator: the current planned path and its national actuals."""
    plan = (
        data.trajectory[data.trajectory["indicator_id"] == indicator_id]
        if not data.trajectory.empty
        else data.trajectory
    )
    acts = data.actuals[data.actuals["indicator_id"] == indicator_id] if not data.actuals.empty else data.actuals
    return plan.sort_values("period_end"), acts.sort_values("period_end")
