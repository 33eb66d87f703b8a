"""What changed in a picture (analysis/picture.py): each priority since its own department's previous
return, and the priorities that left the portfolio in that time (no Streamlit).

A quarterly department as at 30 Sep is compared with 30 Jun, a monthly one with 31 Aug: the
priorities are grouped by the period they are compared with, each group is compared with the
store as it stood then (analysis/changes.py does the comparing), and every row says its date
(``since``). Priorities not reported this period have nothing new, so they are not compared.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from delivery.analysis import changes as change_rows
from delivery.analysis import milestone_status, reporting
from delivery.analysis.picture import LEFT, Ask, Picture, Scope, indicators_of, only

COLUMNS = [*change_rows.COLUMNS, "since"]


def changes(ask: Ask, picture: Picture) -> pd.DataFrame:
    """What changed for the picture's priorities reported this period, each since its own department's
    previous period (the ``since`` column), and the priorities that left the picture in that time."""
    now, frames = picture.current, [_left_rows(picture)]
    if not now.empty:
        current = snapshot_of(picture)
        for period in picture.previous_periods():
            ids = set(now.loc[[reporting.day(p) == period for p in now["previous_period"]], "priority_id"])
            rows = change_rows.changes(snapshot(ask, picture.scope, period, ids), current.only(ids))
            frames.append(rows.assign(since=period))
    frames = [f for f in frames if not f.empty]
    return change_rows.in_order(pd.concat(frames, ignore_index=True)) if frames else pd.DataFrame(columns=COLUMNS)


def _left_rows(picture: Picture) -> pd.DataFrame:
    """A change row for each priority that left the portfolio after its department's previous period."""
    left = picture.ended[picture.ended["standing"] == LEFT] if not picture.ended.empty else picture.ended
    calendar, rows = picture.rules.calendar, []
    for r in left.to_dict("records"):
        since = calendar.previous_period(r["department"], calendar.expected_period(r["department"], picture.as_at))
        if r["left_on"] is not None and pd.notna(r["left_on"]) and reporting.day(r["left_on"]) > since:
            rows.append(
                {
                    "priority_id": r["priority_id"],
                    "priority": r["title"],
                    "kind": LEFT,
                    "detail": r["detail"],
                    "before": None,
                    "after": None,
                    "since": since,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def snapshot_of(picture: Picture) -> change_rows.Snapshot:
    """The picture as the "now" side of a comparison."""
    return change_rows.Snapshot(
        picture.priorities, picture.milestones, picture.risks, picture.indicators, picture.status, picture.actuals
    )


def snapshot(ask: Ask, scope: Scope, as_at: dt.date, ids: set[str]) -> change_rows.Snapshot:
    """The "before" side of a comparison: ``ids``' data as at an earlier period (milestones' dates only)."""
    params = scope.params(as_at)
    prios = only(ask("priority_list", **params), ids)
    centre = ask("centre_ratings_at", as_at=as_at)
    prios = prios.merge(centre, on="priority_id", how="left") if not centre.empty else prios.assign(centre_rag=None)
    miles = milestone_status.classify_milestones(only(ask("milestone_dates", **params), ids), as_at, None)
    inds, status, _, acts = indicators_of(ask, params, ids)
    return change_rows.Snapshot(prios, miles, only(ask("risk_list", **params), ids), inds, status, acts)
