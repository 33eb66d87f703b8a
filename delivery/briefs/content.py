"""Gather a brief's facts from the store for a scope and period (no Streamlit, no drawing).

A brief's data comes from named queries run through ``ask(name, **params)``: the app passes
its cached ``ui.data.query``; the command line passes ``asker(connection)``. Everything is
fetched for the whole scope at once (never once per priority), so a national brief of 150
priorities needs about twenty queries.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from delivery.analysis import changes, milestone_status, movement, trajectories
from delivery.errors import DeliveryError
from delivery.store.versions import run_query

Ask = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class Scope:
    """What a brief covers: the whole government, one department (lead or contributing), or one priority."""

    department: str | None = None
    priority_id: str | None = None

    def label(self) -> str:
        """'Whole government', 'Department: DfE (leads or contributes)' or 'Priority HEA-01'."""
        if self.priority_id:
            return f"Priority {self.priority_id}"
        if self.department:
            return f"Department: {self.department} (leads or contributes)"
        return "Whole government"


@dataclass
class BriefData:
    """Everything a brief says, as frames: the text and the exports are made from this."""

    scope: Scope
    as_at: dt.date | None
    previous: dt.date | None
    priorities: pd.DataFrame          # brief_priorities + rag_before, centre_rag(_before), centre_period, movement
    milestones: pd.DataFrame          # classified, for the scope
    risks: pd.DataFrame
    status: pd.DataFrame              # indicators with on/off trajectory
    trajectory: pd.DataFrame          # current planned paths, for the scope's indicators
    actuals: pd.DataFrame             # national actuals, for the scope's indicators
    actions: pd.DataFrame             # stocktake actions as at, for the scope
    freshness: pd.DataFrame           # each department in scope: last return, periods missed
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=changes.COLUMNS))

    @property
    def empty(self) -> bool:
        """No priority in scope (or no data at all)."""
        return self.priorities.empty


def asker(con) -> Ask:
    """``ask(name, **params)`` over one DuckDB connection (the command line's way in)."""
    return lambda name, **params: run_query(con, name, params)


def periods(ask: Ask) -> list[dt.date]:
    """Every reporting period with a return, newest first."""
    frame = ask("reporting_periods")
    return [pd.Timestamp(p).date() for p in frame["return_period"]] if not frame.empty else []


def resolve_period(ask: Ask, wanted: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """(as_at, previous): the chosen period (default the latest) and the reporting period before it."""
    known = periods(ask)
    if not known:
        return None, None
    as_at = wanted or known[0]
    if wanted is not None and wanted not in known:
        shown = ", ".join(f"{p:%Y-%m-%d}" for p in known[:6])
        raise DeliveryError(f"There is no reporting period {wanted:%Y-%m-%d} in the store; the latest are {shown}.")
    earlier = [p for p in known if p < as_at]
    return as_at, (earlier[0] if earlier else None)


def gather(ask: Ask, scope: Scope, period: dt.date | None = None) -> BriefData:
    """The facts of a brief for ``scope`` as at ``period`` (default: the latest period)."""
    as_at, previous = resolve_period(ask, period)
    if as_at is None:
        return _nothing(scope)
    now = _snapshot(ask, scope, as_at, previous)
    # The previous period only feeds "what changed", which needs its milestones' dates, not their text.
    before = _snapshot(ask, scope, previous, None, milestones="milestone_dates") if previous else None
    prios = _with_before(now.priorities, before.priorities if before else None)
    actions = ask("stocktake_actions_at", as_at=as_at)
    actions = actions[actions["priority_id"].isin(prios["priority_id"])].reset_index(drop=True)
    fresh = ask("department_freshness", as_at=as_at, department=None)
    fresh = fresh[fresh["department"].isin(prios["department"])].reset_index(drop=True) if not fresh.empty else fresh
    data = BriefData(scope, as_at, previous, prios, now.milestones, now.risks, now.status, now.trajectory,
                     now.actuals, actions, fresh)
    data.changes = changes.changes(before.snapshot if before else None, now.snapshot)
    return data


@dataclass
class _Period:
    priorities: pd.DataFrame
    milestones: pd.DataFrame
    risks: pd.DataFrame
    status: pd.DataFrame
    trajectory: pd.DataFrame
    actuals: pd.DataFrame
    snapshot: changes.Snapshot


def _snapshot(ask: Ask, scope: Scope, as_at: dt.date, previous: dt.date | None,
              milestones: str = "milestone_list") -> _Period:
    params = {"as_at": as_at, "department": scope.department, "theme": None}
    prios = _keep(ask("brief_priorities", **params), scope)
    centre = ask("centre_ratings_at", as_at=as_at)
    prios = prios.merge(centre, on="priority_id", how="left") if not centre.empty else prios.assign(
        centre_rag=None, centre_period=pd.NaT, centre_reason=None, centre_rated_by=None)
    miles = milestone_status.classify_milestones(_keep(ask(milestones, **params), scope), as_at, previous)
    risks = _keep(ask("risk_list", **params), scope)
    inds = _keep(ask("indicator_list", **params), scope)
    wanted = set(inds["indicator_id"]) if not inds.empty else set()
    traj = ask("indicator_trajectories", as_at=as_at)
    traj = traj[traj["indicator_id"].isin(wanted)] if not traj.empty else traj
    acts = ask("indicator_national_actuals", as_at=as_at)
    acts = acts[acts["indicator_id"].isin(wanted)] if not acts.empty else acts
    status = trajectories.trajectory_status(inds, traj, acts) if not inds.empty else inds.assign(status=[])
    snap = changes.Snapshot(prios, miles, risks, inds, status, acts)
    return _Period(prios, miles, risks, status, traj, acts, snap)


def _keep(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    if scope.priority_id is None or frame.empty:
        return frame.reset_index(drop=True)
    return frame[frame["priority_id"] == scope.priority_id].reset_index(drop=True)


def _with_before(now: pd.DataFrame, before: pd.DataFrame | None) -> pd.DataFrame:
    """Add rag_before and centre_rag_before (the previous period's), movement and trend."""
    cols = ["priority_id", "rag", "centre_rag"]
    old = (before[cols] if before is not None and not before.empty else pd.DataFrame(columns=cols)).rename(
        columns={"rag": "rag_before", "centre_rag": "centre_rag_before"})
    out = now.merge(old, on="priority_id", how="left")
    out = movement.with_movement(out)
    out["centre_movement"] = [movement.movement(b, n) if isinstance(n, str) else None
                              for b, n in zip(out["centre_rag_before"], out["centre_rag"])] if len(out) else []
    return out


def _nothing(scope: Scope) -> BriefData:
    empty = pd.DataFrame()
    return BriefData(scope, None, None, pd.DataFrame(columns=["priority_id", "title", "rag"]), empty, empty, empty,
                     empty, empty, empty, empty)


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
    plan = data.trajectory[data.trajectory["indicator_id"] == indicator_id] if not data.trajectory.empty else data.trajectory
    acts = data.actuals[data.actuals["indicator_id"] == indicator_id] if not data.actuals.empty else data.actuals
    return plan.sort_values("period_end"), acts.sort_values("period_end")
