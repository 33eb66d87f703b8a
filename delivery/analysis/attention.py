"""What needs attention and what went well, for the Overview and the brief (no Streamlit).

Exceptions (Red, worsened, optimistic ratings, overdue milestones, off trajectory,
escalations), small wins and data freshness, relative to the "as at" period the user chose.
"""

from __future__ import annotations

import pandas as pd

from delivery.analysis import trajectories
from delivery.analysis.differences import change_text
from delivery.analysis.movement import IMPROVED, WORSENED, rank, with_movement
from delivery.analysis.reporting import NOT_REPORTED, date_text
from delivery.reference.ratings import is_red


def trajectory_by_priority(status: pd.DataFrame) -> dict[str, str]:
    """Per priority: 'Off trajectory (1 of 2)', 'On trajectory (2 of 2)' or 'No actuals yet'."""
    out = {}
    for pid, group in status.groupby("priority_id", sort=False) if not status.empty else []:
        judged = group[group["status"].isin([trajectories.ON, trajectories.OFF])]
        off = int((judged["status"] == trajectories.OFF).sum())
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
    if status.empty:
        return None
    return _optimism(rating, int((status["status"] == trajectories.OFF).sum()), len(status))


def _optimism(rating, off: int, total: int) -> str | None:
    """optimism_note from the counts: ``off`` of the priority's ``total`` indicators off trajectory."""
    if rank(rating) is None or rank(rating) < 4 or not off:
        return None
    return (
        f"Rated {rating} by its department, but {off} of {total} of its indicators "
        f"{'is' if off == 1 else 'are'} off trajectory."
    )


def _row(priority_id, title, kind, detail) -> dict:
    return {"priority_id": priority_id, "priority": title, "why": kind, "detail": detail}


def exceptions(
    priorities: pd.DataFrame, milestones: pd.DataFrame, status: pd.DataFrame, escalations: pd.DataFrame
) -> pd.DataFrame:
    """What needs attention: Red or Amber/Red, worsened, a rating that looks optimistic, overdue
    milestones, off trajectory, escalations.

    ``priorities`` from priority_list; ``milestones`` classified by crosscut.classify_milestones;
    ``status`` from trajectories.trajectory_status; ``escalations`` from picture.Picture.escalations.
    """
    rows = []
    # Counts, not a frame per priority: 150 priorities and 450 indicators at national scale.
    off = (status["status"] == trajectories.OFF).groupby(status["priority_id"]).sum() if len(status) else {}
    indicators = status.groupby("priority_id").size() if len(status) else {}
    for p in with_movement(priorities).itertuples():
        if p.movement == NOT_REPORTED:  # an old rating is not news; the missing return is
            rows.append(
                _row(
                    p.priority_id,
                    p.title,
                    NOT_REPORTED,
                    f"No return since {date_text(p.last_return)} (last rated {p.rag})",
                )
            )
            continue
        if is_red(p.rag):
            rows.append(_row(p.priority_id, p.title, f"Rated {p.rag}", f"Rated {p.rag} by its department"))
        if p.movement == WORSENED:
            rows.append(_row(p.priority_id, p.title, "Worsened", f"Rating went from {p.rag_before} to {p.rag}"))
        note = _optimism(p.rag, int(off.get(p.priority_id, 0)), int(indicators.get(p.priority_id, 0)))
        if note:
            rows.append(_row(p.priority_id, p.title, "Rating looks optimistic", note))
    rows += _overdue_rows(milestones) + _off_trajectory_rows(status)
    for e in escalations.itertuples() if not escalations.empty else []:
        rows.append(
            _row(
                e.priority_id,
                e.priority_title,
                f"Escalated {e.kind}",
                f"{str(e.description).rstrip(' .;:')} (escalated to the {e.escalation})",  # not "budget. (escalated"
            )
        )
    return pd.DataFrame(rows, columns=["priority_id", "priority", "why", "detail"])


def by_priority(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per priority from exceptions() or small_wins(): its reasons and details joined with
    ' · ', in the order they first appear, so a priority with six reasons reads as one line."""
    if rows.empty:
        return rows
    grouped = rows.groupby("priority_id", sort=False).agg(
        priority=("priority", "first"), why=("why", " · ".join), detail=("detail", " · ".join)
    )
    return grouped.reset_index()[["priority_id", "priority", "why", "detail"]]


def in_order(rows: pd.DataFrame, priority_ids: list[str]) -> pd.DataFrame:
    """``rows`` (from exceptions()) with each priority's rows in the order of ``priority_ids`` (the brief's order of
    concern), their own order kept; a priority not named goes last. by_priority() then lists them in that order."""
    if rows.empty:
        return rows
    rank = {pid: n for n, pid in enumerate(priority_ids)}
    order = rows["priority_id"].map(lambda pid: rank.get(pid, len(rank))).to_numpy().argsort(kind="stable")
    return rows.iloc[order].reset_index(drop=True)


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
    off = status[status["status"] == trajectories.OFF].sort_values("gap_pct", na_position="first")
    for pid, group in off.groupby("priority_id", sort=False):
        i = group.iloc[0]
        gap = change_text(i["actual_value"], i["planned_value"], i["direction"], amount=number_text)
        worst = (
            f"{i['name']}: {number_text(i['actual_value'])} against {number_text(i['planned_value'])} planned, {gap}"
        )
        text = worst if len(group) == 1 else f"{len(group)} indicators off trajectory; the furthest behind is {worst}"
        rows.append(_row(pid, i["priority_title"], "Off trajectory", text))
    return rows


def small_wins(priorities: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """Good news: priorities whose rating improved, milestones completed this period."""
    rows = [
        _row(p.priority_id, p.title, "Rating improved", f"From {p.rag_before} to {p.rag}")
        for p in with_movement(priorities).itertuples()
        if p.movement == IMPROVED
    ]
    if not milestones.empty:
        done = milestones[milestones["completed_this_period"]]
        # Plain lists, not itertuples: a national period completes thousands of milestones.
        rows += [
            _row(pid, title, "Milestone completed", f"{name}: completed {when:%-d %b %Y}")
            for pid, title, name, when in zip(
                done["priority_id"].tolist(),
                done["priority_title"].tolist(),
                done["title"].tolist(),
                done["completed_date"].tolist(),
            )
        ]
    return pd.DataFrame(rows, columns=["priority_id", "priority", "why", "detail"])


def freshness(df: pd.DataFrame) -> pd.DataFrame:
    """Data freshness rows with a plain status: 'Up to date' or 'Overdue: 1 period missed'."""
    out = df.copy()
    out["status"] = (
        ["Up to date" if n == 0 else f"Overdue: {n} period{'s' if n > 1 else ''} missed" for n in out["periods_missed"]]
        if len(out)
        else []
    )
    return out
