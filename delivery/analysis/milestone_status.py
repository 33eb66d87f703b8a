"""Milestones across government: overdue, due soon, slipped and completed (no Streamlit).

Everything is relative to the "as at" date the user chose, never today's date: the
dashboard shows things as they stood.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from delivery.reference.ratings import NOT_ASSESSED

OVERDUE, DUE_30, DUE_90, LATER, COMPLETED = (
    "Overdue",
    "Due within 30 days",
    "Due in 31 to 90 days",
    "Due later",
    "Completed",
)
# A milestone of a priority whose department has not sent this period's return: its dates are
# last period's news, so it is in no due or overdue count (analysis/picture.py).
NOT_UPDATED = "Not updated"
MILESTONE_STATUSES = (OVERDUE, DUE_30, DUE_90, LATER, COMPLETED, NOT_UPDATED)
SLIPPAGE_HELP = (
    "Days from the baseline date to the completion date or, if not completed, the forecast date; "
    "days overdue count as slippage too, even when the forecast was never updated."
)


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def classify_milestones(df: pd.DataFrame, as_at: dt.date, period_start=None) -> pd.DataFrame:
    """Add due_date, slippage_days, days_overdue, status and completed_this_period.

    ``slippage_days`` is the one definition every page, chart and brief uses (SLIPPAGE_HELP):
    the completion (or forecast) date minus the baseline date, plus any days overdue, so a
    milestone 242 days overdue whose forecast was never moved has slipped 242 days.
    ``df`` needs baseline_date, forecast_date and completed_date. A milestone completed
    after ``as_at`` counts as not yet done (it had not happened then). "This period" is
    after ``period_start`` (the previous reporting period: one date, or a Series aligned with
    ``df`` giving each milestone's own, as analysis/picture.py does) up to ``as_at``; with no
    earlier period, every completion up to ``as_at`` counts.
    """
    out = df.copy()
    if out.empty:
        for col in ("due_date", "slippage_days", "days_overdue", "status", "completed_this_period"):
            out[col] = pd.Series(dtype="object")
        return out
    at = _day(as_at)
    for col in ("baseline_date", "forecast_date", "completed_date"):
        out[col] = pd.to_datetime(out[col])
    done = out["completed_date"].notna() & (out["completed_date"] <= at)
    out["due_date"] = out["forecast_date"].fillna(out["baseline_date"])
    ended = out["completed_date"].where(done, out["due_date"])
    overdue = ~done & (out["due_date"] < at)
    out["days_overdue"] = (at - out["due_date"]).dt.days.where(overdue).astype("Int64")
    # Overdue time is slippage too: a forecast left in the past still slips day by day.
    out["slippage_days"] = ((ended - out["baseline_date"]).dt.days + out["days_overdue"].fillna(0)).astype("Int64")
    ahead = (out["due_date"] - at).dt.days
    out["status"] = [
        COMPLETED if d else OVERDUE if o else DUE_30 if a <= 30 else DUE_90 if a <= 90 else LATER
        for d, o, a in zip(done, overdue, ahead)
    ]
    out["completed_this_period"] = done & _after(out["completed_date"], period_start)
    return out


def _after(dates: pd.Series, start) -> pd.Series | bool:
    """True where ``dates`` fall after ``start`` (a date, a Series of them, or None: every date)."""
    if isinstance(start, pd.Series):
        starts = pd.to_datetime(pd.Series(start.to_numpy(), index=dates.index))
        return starts.isna() | (dates > starts)
    return dates > _day(start) if start else True


def set_stale(classified: pd.DataFrame) -> pd.DataFrame:
    """Milestones whose ``stale`` column is true (their priority's return is overdue) marked NOT_UPDATED:
    in no due, overdue, slipped or completed-this-period count, and listed after the others."""
    if classified.empty or "stale" not in classified:
        return classified
    out = classified.copy()
    stale = out["stale"].astype(bool)
    out.loc[stale & (out["status"] != COMPLETED), "status"] = NOT_UPDATED
    out.loc[stale, "completed_this_period"] = False
    return out


def _masks(classified: pd.DataFrame) -> dict[str, pd.Series]:
    """Which milestones make up each headline and view (see milestone_counts)."""
    status = classified["status"]
    completed = classified["completed_this_period"].astype(bool)
    current = (status != COMPLETED) | completed  # open, or completed this period
    fresh = status != NOT_UPDATED
    return {
        "current": current,
        "all": pd.Series(True, index=classified.index),
        "overdue": status == OVERDUE,
        "due_30": status == DUE_30,
        "due_90": status.isin([DUE_30, DUE_90]),
        "slipped": current & fresh & (classified["slippage_days"].fillna(0) > 0),
        "completed": completed,
    }


HEADLINES = ("overdue", "due_30", "due_90", "slipped", "completed")


def milestone_counts(classified: pd.DataFrame) -> dict[str, int]:
    """Headline counts: overdue, due within 30 and within 90 days, slipped, completed this period.

    Slipped counts milestones still open or completed this period whose slippage_days is
    above 0 (a later forecast or completion than the baseline, or overdue): history
    completed late before this period is not news.
    """
    if classified.empty:
        return dict.fromkeys(HEADLINES, 0)
    masks = _masks(classified)
    return {key: int(masks[key].sum()) for key in HEADLINES}


def select_milestones(classified: pd.DataFrame, show: str) -> pd.DataFrame:
    """The milestones of one view: a headline key, "current" (open or completed this period) or "all"."""
    if classified.empty:
        return classified
    return classified[_masks(classified)[show]]


def most_urgent_first(classified: pd.DataFrame) -> pd.DataFrame:
    """Overdue (longest first), then due soonest, then those not updated this period, then completed (latest first)."""
    rank = {OVERDUE: 0, DUE_30: 1, DUE_90: 2, LATER: 3, NOT_UPDATED: 4, COMPLETED: 5}
    done = classified["status"] == COMPLETED
    # Days since the epoch, negated for completions so the latest comes first.
    when = classified["completed_date"].where(done, classified["due_date"])
    days = (when - pd.Timestamp("1970-01-01")).dt.days.astype(float).fillna(0)
    order = classified.assign(
        _rank=classified["status"].map(rank),
        _overdue=-classified["days_overdue"].astype(float).fillna(0),
        _when=days.where(~done, -days),
    )
    return order.sort_values(["_rank", "_overdue", "_when", "priority_id", "milestone_id"]).drop(
        columns=["_rank", "_overdue", "_when"]
    )


def milestone_table(classified: pd.DataFrame) -> pd.DataFrame:
    """The milestones as a table for people: plain headers, dates as dates, most urgent first;
    slippage counts days overdue (classify_milestones)."""
    out = most_urgent_first(classified)
    dates = {c: out[c].dt.date for c in ("baseline_date", "forecast_date", "completed_date")}
    return pd.DataFrame(
        {
            "Priority": out["priority_id"],
            **({"Priority title": out["priority_title"]} if "priority_title" in out else {}),
            "Milestone": out["title"],
            "Status": out["status"],
            "Rating": out["rag"].fillna(NOT_ASSESSED),
            "Owner": out["owner"],
            "Baseline date": dates["baseline_date"],
            "Forecast date": dates["forecast_date"],
            "Completed": dates["completed_date"],
            "Slippage (days)": out["slippage_days"],
            "Overdue (days)": out["days_overdue"],
        }
    ).reset_index(drop=True)
