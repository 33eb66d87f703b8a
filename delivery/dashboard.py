"""Arithmetic for the Overview, Priorities and Priority pages (no Streamlit).

Movement since the last period, the transition table, exceptions and small wins, data
freshness, and re-baselined trajectories (the chain's layout is in delivery/chain_tree.py). Everything is relative to the "as at" period
the user chose, never today's date. On or off trajectory is worked out in
delivery/indicator_status.py (one definition for every page).
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from delivery import indicator_status
from delivery.ratings import ALL_RATINGS, COMPLETE, FIVE_POINT, NOT_ASSESSED, is_red, score

IMPROVED, WORSENED, UNCHANGED, NEW, CHANGED = "Improved", "Worsened", "Unchanged", "New", "Changed"
MOVEMENTS = (IMPROVED, WORSENED, UNCHANGED, NEW)
ARROW = "→"


def _blank(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def _rank(rating) -> int | None:
    """Score for comparisons: Complete ranks above Green (the work is done)."""
    return 6 if rating == COMPLETE else score(rating)


def movement(before, now) -> str:
    """Improved, Worsened, Unchanged or New, from the rating at the previous period to now.

    A change involving Not assessed cannot be ranked and is "Changed".
    """
    if _blank(before):
        return NEW
    if before == now:
        return UNCHANGED
    old, new = _rank(before), _rank(now)
    if old is None or new is None:
        return CHANGED
    return IMPROVED if new > old else WORSENED


def trend_text(before, now) -> str:
    """'Amber → Amber/Green', 'Red (no change)' or 'New this period'."""
    if _blank(before):
        return "New this period"
    return f"{now} (no change)" if before == now else f"{before} {ARROW} {now}"


def with_movement(priorities: pd.DataFrame) -> pd.DataFrame:
    """Add movement and trend columns to rows with rag and rag_before."""
    out = priorities.copy()
    out["movement"] = [movement(b, n) for b, n in zip(out["rag_before"], out["rag"])] if len(out) else []
    out["trend"] = [trend_text(b, n) for b, n in zip(out["rag_before"], out["rag"])] if len(out) else []
    return out


def rating_order(ratings: Iterable) -> list[str]:
    """The five-point scale, plus any other rating present, worst first."""
    present = {r for r in ratings if not _blank(r)}
    return list(FIVE_POINT) + [r for r in ALL_RATINGS if r not in FIVE_POINT and r in present]


def rating_counts(ratings: Iterable) -> pd.DataFrame:
    """How many priorities at each rating (zeros included for the five-point scale)."""
    values = [NOT_ASSESSED if _blank(r) else r for r in ratings]
    return pd.DataFrame([{"rating": r, "priorities": values.count(r)} for r in rating_order(values)])


def movement_counts(priorities: pd.DataFrame) -> dict[str, int]:
    """{'Improved': n, 'Worsened': n, 'Unchanged': n, 'New': n} (and 'Changed' if any)."""
    moved = with_movement(priorities)["movement"].tolist() if len(priorities) else []
    counts = {m: moved.count(m) for m in MOVEMENTS}
    if CHANGED in moved:
        counts[CHANGED] = moved.count(CHANGED)
    return counts


def transition_table(priorities: pd.DataFrame) -> pd.DataFrame:
    """Rows: rating at the previous period ('New' if none); columns: rating now; cells: priorities.

    Only ratings that occur are shown, worst first; the index is named 'Rating before'.
    """
    if priorities.empty:
        return pd.DataFrame()
    before = ["New" if _blank(r) else r for r in priorities["rag_before"]]
    now = [NOT_ASSESSED if _blank(r) else r for r in priorities["rag"]]
    table = pd.crosstab(pd.Series(before, name="Rating before"), pd.Series(now, name="Rating now"))
    order = [r for r in rating_order(before + now) if r in table.columns]
    rows = [r for r in ["New"] + rating_order(before + now) if r in table.index]
    return table.reindex(index=rows, columns=order, fill_value=0)


def history_scores(rags) -> list:
    """The crosswalk scores (1 Red .. 5 Green) of a rating history, for a small line chart."""
    if _blank(rags):
        return []
    return [score(r) for r in list(rags)]


def off_scale_note(history: pd.DataFrame) -> str | None:
    """Ratings the 1-5 line cannot show (Complete, Not assessed), listed in words, or None."""
    off = history[[score(r) is None for r in history["rag"]]] if not history.empty else history
    if off.empty:
        return None
    items = "; ".join(f"{pd.Timestamp(d).day} {pd.Timestamp(d):%b %Y}: {NOT_ASSESSED if _blank(r) else r}"
                      for d, r in zip(off["return_period"], off["rag"]))
    return f"Not on the chart's scale: {items}."


def trajectory_by_priority(status: pd.DataFrame) -> dict[str, str]:
    """Per priority: 'Off trajectory (1 of 2)', 'On trajectory (2 of 2)' or 'No actuals yet'."""
    out = {}
    for pid, group in status.groupby("priority_id", sort=False) if not status.empty else []:
        judged = group[group["status"].isin([indicator_status.ON, indicator_status.OFF])]
        off = int((judged["status"] == indicator_status.OFF).sum())
        if judged.empty:
            out[pid] = "No actuals yet"
        elif off:
            out[pid] = f"Off trajectory ({off} of {len(group)})"
        else:
            out[pid] = f"On trajectory ({len(judged)} of {len(group)})"
    return out


def number_text(value) -> str:
    """A figure for a sentence: '352,000', '70', '7.25' (never '3.52e+05')."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"


def optimism_note(rating, status: pd.DataFrame) -> str | None:
    """A polite flag when a department rates a priority Amber/Green or better while its own
    indicators are off trajectory (goal distortion is the first thing a stocktake checks)."""
    if _rank(rating) is None or _rank(rating) < 4 or status.empty:
        return None
    off = int((status["status"] == indicator_status.OFF).sum())
    if not off:
        return None
    return (f"Rated {rating} by its department, but {off} of {len(status)} of its indicators "
            f"{'is' if off == 1 else 'are'} off trajectory.")


def _row(priority_id, title, kind, detail) -> dict:
    return {"priority_id": priority_id, "priority": title, "why": kind, "detail": detail}


def exceptions(priorities: pd.DataFrame, milestones: pd.DataFrame, status: pd.DataFrame,
               escalations: pd.DataFrame) -> pd.DataFrame:
    """What needs attention: Red or Amber/Red, worsened, a rating that looks optimistic, overdue
    milestones, off trajectory, escalations.

    ``priorities`` from priority_list; ``milestones`` classified by crosscut.classify_milestones;
    ``status`` from indicator_status.trajectory_status; ``escalations`` from open_escalations.
    """
    rows = []
    by_priority = dict(tuple(status.groupby("priority_id", sort=False))) if not status.empty else {}
    for p in with_movement(priorities).itertuples():
        if is_red(p.rag):
            rows.append(_row(p.priority_id, p.title, f"Rated {p.rag}", f"Rated {p.rag} by its department"))
        if p.movement == WORSENED:
            rows.append(_row(p.priority_id, p.title, "Worsened", f"Rating went from {p.rag_before} to {p.rag}"))
        note = optimism_note(p.rag, by_priority.get(p.priority_id, status.iloc[0:0]))
        if note:
            rows.append(_row(p.priority_id, p.title, "Rating looks optimistic", note))
    rows += _overdue_rows(milestones) + _off_trajectory_rows(status)
    for e in escalations.itertuples() if not escalations.empty else []:
        rows.append(_row(e.priority_id, e.priority_title, f"Escalated {e.kind}",
                         f"{e.description} (escalated to the {e.escalation})"))
    return pd.DataFrame(rows, columns=["priority_id", "priority", "why", "detail"])


def _overdue_rows(milestones: pd.DataFrame) -> list[dict]:
    """One row per priority with overdue milestones, naming the longest overdue."""
    if milestones.empty:
        return []
    rows = []
    overdue = milestones[milestones["status"] == "Overdue"].sort_values("days_overdue", ascending=False)
    for pid, group in overdue.groupby("priority_id", sort=False):
        m = next(group.itertuples())
        worst = f"{m.title}: due {m.due_date:%-d %b %Y}, {int(m.days_overdue)} days overdue"
        text = worst if len(group) == 1 else f"{len(group)} overdue milestones; the longest overdue is {worst}"
        rows.append(_row(pid, m.priority_title, "Overdue milestone", text))
    return rows


def _off_trajectory_rows(status: pd.DataFrame) -> list[dict]:
    """One row per priority with indicators off trajectory, naming the furthest behind."""
    if status.empty:
        return []
    rows = []
    off = status[status["status"] == indicator_status.OFF].sort_values("gap_pct")
    for pid, group in off.groupby("priority_id", sort=False):
        i = next(group.itertuples())
        worst = (f"{i.name}: {number_text(i.actual_value)} against {number_text(i.planned_value)} planned "
                 f"({i.gap_pct:+.1f}%)")
        text = worst if len(group) == 1 else f"{len(group)} indicators off trajectory; the furthest behind is {worst}"
        rows.append(_row(pid, i.priority_title, "Off trajectory", text))
    return rows


def small_wins(priorities: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """Good news: priorities whose rating improved, milestones completed this period."""
    rows = [_row(p.priority_id, p.title, "Rating improved", f"From {p.rag_before} to {p.rag}")
            for p in with_movement(priorities).itertuples() if p.movement == IMPROVED]
    if not milestones.empty:
        done = milestones[milestones["completed_this_period"]]
        rows += [_row(m.priority_id, m.priority_title, "Milestone completed",
                      f"{m.title}: completed {m.completed_date:%-d %b %Y}") for m in done.itertuples()]
    return pd.DataFrame(rows, columns=["priority_id", "priority", "why", "detail"])


def freshness(df: pd.DataFrame) -> pd.DataFrame:
    """Data freshness rows with a plain status: 'Up to date' or 'Overdue: 1 period missed'."""
    out = df.copy()
    out["status"] = ["Up to date" if n == 0 else f"Overdue: {n} period{'s' if n > 1 else ''} missed"
                     for n in out["periods_missed"]] if len(out) else []
    return out


def trajectory_versions(versions: pd.DataFrame) -> pd.DataFrame:
    """Each distinct planned path of one indicator, labelled; the latest is current.

    ``versions`` has plan_of (the return's period), period_end and planned_value. A
    return that repeats the plan before it adds nothing and is dropped, so only real
    re-baselines show as earlier plans ('Plan of 31 Mar 2026').
    """
    cols = ["plan_of", "period_end", "planned_value", "plan", "current"]
    if versions.empty:
        return pd.DataFrame(columns=cols)
    kept, previous = [], None
    for plan_of, group in versions.sort_values(["plan_of", "period_end"]).groupby("plan_of", sort=True):
        points = tuple(zip(group["period_end"], group["planned_value"]))
        if points != previous:
            kept.append(group)
        previous = points
    latest = kept[-1]["plan_of"].iloc[0]
    out = pd.concat(kept)
    out["current"] = out["plan_of"] == latest
    out["plan"] = ["Current plan" if c else f"Earlier plan ({pd.Timestamp(p).day} {pd.Timestamp(p):%b %Y})"
                   for c, p in zip(out["current"], out["plan_of"])]
    return out[cols].reset_index(drop=True)
