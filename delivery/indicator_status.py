"""On or off trajectory, direction-aware, and areas against trajectory (no Streamlit).

An actual is compared with the planned value for its own period: the trajectory point
for that period, or a straight line between the points either side (the baseline is the
first point). It is on trajectory when it is no worse than the plan by more than the
indicator's tolerance (tolerance_pct, default 5 per cent of the planned value).
"""
from __future__ import annotations

import pandas as pd

ON, OFF, NO_ACTUALS, NO_TRAJECTORY = "On trajectory", "Off trajectory", "No actuals yet", "No trajectory for that period"
DEFAULT_TOLERANCE_PCT = 5.0


def planned_value_at(trajectory: pd.DataFrame, when, baseline: tuple | None = None) -> float | None:
    """The planned value on a date: the trajectory point, or a straight line between the two around it.

    ``trajectory`` has period_end and planned_value; ``baseline`` (date, value) starts
    the path. None before the first point or after the last.
    """
    points = trajectory[["period_end", "planned_value"]].dropna()
    if baseline is not None and pd.notna(baseline[0]) and pd.notna(baseline[1]):
        points = pd.concat([points, pd.DataFrame({"period_end": [baseline[0]], "planned_value": [baseline[1]]})])
    if points.empty:
        return None
    points = points.assign(period_end=pd.to_datetime(points["period_end"])).sort_values("period_end")
    at = pd.Timestamp(when).normalize()
    exact = points.loc[points["period_end"] == at, "planned_value"]
    if not exact.empty:
        return float(exact.iloc[-1])
    before, after = points[points["period_end"] < at], points[points["period_end"] > at]
    if before.empty or after.empty:
        return None
    (d0, v0), (d1, v1) = before.iloc[-1], after.iloc[0]
    return float(v0 + (v1 - v0) * (at - d0).days / (d1 - d0).days)


def gap_pct(actual: float, planned: float, direction: str) -> float:
    """How far the actual is from the plan, in per cent of the plan; positive is better.

    Direction-aware: for an indicator where down is good, being below plan is positive.
    """
    sign = -1 if direction == "down" else 1
    denominator = abs(planned) if planned else 1.0
    return sign * (actual - planned) / denominator * 100


def judge(actual, planned, direction: str, tolerance_pct) -> tuple[float | None, str]:
    """(gap_pct, status) for one actual: On trajectory when no worse than the tolerance."""
    if actual is None or pd.isna(actual):
        return None, NO_ACTUALS
    if planned is None or pd.isna(planned):
        return None, NO_TRAJECTORY
    tol = DEFAULT_TOLERANCE_PCT if tolerance_pct is None or pd.isna(tolerance_pct) else float(tolerance_pct)
    gap = gap_pct(float(actual), float(planned), direction)
    return gap, ON if gap >= -tol - 1e-9 else OFF


def _latest(actuals: pd.DataFrame) -> pd.DataFrame:
    """The latest actual for each indicator and area (blank area: the national figure)."""
    if actuals.empty:
        return actuals
    keyed = actuals.assign(area=actuals["area_code"].fillna(""))
    return keyed.sort_values("period_end").groupby(["indicator_id", "area"], sort=False).tail(1)


def _mine(frame: pd.DataFrame, ind) -> pd.Series:
    """Rows of ``frame`` for indicator ``ind`` (and its department, when both say)."""
    mask = frame["indicator_id"] == ind.indicator_id
    if "department" in frame and getattr(ind, "department", None) is not None:
        mask &= frame["department"] == ind.department
    return mask


def _judge_rows(ind, latest: pd.DataFrame, trajectory: pd.DataFrame) -> list[dict]:
    traj = trajectory[_mine(trajectory, ind)]
    rows = []
    for act in latest.itertuples():
        planned = planned_value_at(traj, act.period_end, (ind.baseline_date, ind.baseline_value))
        gap, status = judge(act.actual_value, planned, ind.direction, ind.tolerance_pct)
        rows.append({"indicator_id": ind.indicator_id, "area_code": act.area or None,
                     "period_end": act.period_end, "actual_value": act.actual_value,
                     "planned_value": planned, "gap_pct": gap, "status": status})
    return rows


def trajectory_status(indicators: pd.DataFrame, trajectory: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """On or off trajectory for each indicator, from its latest national (blank-area) actual.

    Inputs are as-at rows (indicators_at, trajectory_at, actuals_at). Columns added to
    ``indicators``: period_end, actual_value, planned_value, gap_pct, status.
    """
    out = indicators.copy()
    national = _latest(actuals[actuals["area_code"].isna()]) if not actuals.empty else actuals
    found = {}
    for ind in indicators.itertuples():
        rows = _judge_rows(ind, national[_mine(national, ind)], trajectory) if not national.empty else []
        found[ind.Index] = rows[0] if rows else {"status": NO_ACTUALS}
    for col in ("period_end", "actual_value", "planned_value", "gap_pct", "status"):
        out[col] = [found[i].get(col) for i in out.index]
    return out


def area_league(indicator, trajectory: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Every area's latest actual for one indicator against the trajectory, best first.

    ``indicator`` is one row (namedtuple or Series) of indicators_at. Columns: rank,
    area_code, period_end, actual_value, planned_value, gap_pct, status. Areas with
    no planned value for their period are left out (they cannot be compared).
    """
    cols = ["rank", "area_code", "period_end", "actual_value", "planned_value", "gap_pct", "status"]
    ind = pd.Series(indicator._asdict() if hasattr(indicator, "_asdict") else indicator)
    mine = actuals[(actuals["indicator_id"] == ind["indicator_id"]) & actuals["area_code"].notna()] if not actuals.empty else actuals
    if mine.empty:
        return pd.DataFrame(columns=cols)
    row = next(pd.DataFrame([ind]).itertuples())
    rows = [r for r in _judge_rows(row, _latest(mine), trajectory) if r["gap_pct"] is not None]
    out = pd.DataFrame(rows, columns=cols[1:] + ["indicator_id"])
    out = out.sort_values(["gap_pct", "area_code"], ascending=[False, True]).reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out[cols]


def worst_first(status: pd.DataFrame) -> pd.DataFrame:
    """Off trajectory first, then those that cannot be judged, then on trajectory; by priority."""
    rank = {OFF: 0, NO_ACTUALS: 1, NO_TRAJECTORY: 2, ON: 3}
    order = status.assign(_rank=status["status"].map(rank).fillna(1))
    return order.sort_values(["_rank", "priority_id", "indicator_id"]).drop(columns="_rank").reset_index(drop=True)


def league_options(status: pd.DataFrame, area_counts: pd.DataFrame) -> dict:
    """Choices for the league table: label -> indicator row, those with area figures first."""
    counts = {(r.department, r.indicator_id): r.areas for r in area_counts.itertuples()} if not area_counts.empty else {}
    rows = [(counts.get((r.department, r.indicator_id), 0), r) for r in status.itertuples()]
    rows.sort(key=lambda pair: pair[0] == 0)  # stable: keeps the worst-first order within each group
    return {f"{r.indicator_id} {r.name} ({n} areas)" if n else f"{r.indicator_id} {r.name} (no area figures)": r
            for n, r in rows}


def _fmt(value, pattern: str) -> str:
    return "" if value is None or pd.isna(value) else format(value, pattern)


def status_table(status: pd.DataFrame) -> pd.DataFrame:
    """trajectory_status(...) as a table for people: plain headers, numbers as text."""
    return pd.DataFrame({
        "Indicator": status["indicator_id"] + " " + status["name"], "Status": status["status"],
        "Priority": status["priority_id"],
        "Unit": status["unit"], "Better when": status["direction"].map({"up": "higher", "down": "lower"}),
        "Latest period": pd.to_datetime(status["period_end"]).dt.date,
        "Actual": [_fmt(v, ",.6g") for v in status["actual_value"]],
        "Planned": [_fmt(v, ",.6g") for v in status["planned_value"]],
        "Difference from plan": [_fmt(v, "+.1f") + ("%" if pd.notna(v) else "") for v in status["gap_pct"]],
        }).reset_index(drop=True)


def league_table(league: pd.DataFrame) -> pd.DataFrame:
    """area_league(...) as a table for people."""
    return pd.DataFrame({
        "Rank": league["rank"], "Area": league["area_code"], "Status": league["status"], "Period": pd.to_datetime(league["period_end"]).dt.date,
        "Actual": [_fmt(v, ",.6g") for v in league["actual_value"]],
        "Planned": [_fmt(v, ",.6g") for v in league["planned_value"]],
        "Difference from plan": [_fmt(v, "+.1f") + "%" for v in league["gap_pct"]],
        }).reset_index(drop=True)
