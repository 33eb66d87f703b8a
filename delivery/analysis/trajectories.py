"""On or off trajectory, direction-aware, and areas against trajectory (no Streamlit).

An actual is compared with the planned value for its own period: the trajectory point
for that period, or a straight line between the points either side (the baseline is the
first point). It is on trajectory when it is no worse than the plan by more than the
indicator's tolerance (tolerance_pct, default 5 per cent of the planned value).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from delivery.analysis.differences import base_is_tiny, change_text, figure_text
from delivery.reference.areas import area_label

ON, OFF, NO_ACTUALS, NO_TRAJECTORY = (
    "On trajectory",
    "Off trajectory",
    "No actuals yet",
    "No trajectory for that period",
)
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


def gap_pct(actual: float, planned: float, direction: str) -> float | None:
    """How far the actual is from the plan, in per cent of the plan; positive is better.

    Direction-aware: for an indicator where down is good, being below plan is positive.
    None when the plan is 0: a percentage of nothing is undefined (see gap_abs).
    """
    if not planned:
        return None
    sign = -1 if direction == "down" else 1
    return sign * (actual - planned) / abs(planned) * 100


def gap_abs(actual: float, planned: float, direction: str) -> float:
    """How far the actual is from the plan in the indicator's own unit; positive is better."""
    return (-1 if direction == "down" else 1) * (actual - planned)


def judge(actual, planned, direction: str, tolerance_pct) -> tuple[float | None, str]:
    """(gap_pct, status) for one actual: On trajectory when no worse than the tolerance.

    With a plan of 0 the tolerance (a share of the plan) is nothing: on trajectory when the
    actual is no worse than 0, and the gap in per cent is None.
    """
    if actual is None or pd.isna(actual):
        return None, NO_ACTUALS
    if planned is None or pd.isna(planned):
        return None, NO_TRAJECTORY
    tol = DEFAULT_TOLERANCE_PCT if tolerance_pct is None or pd.isna(tolerance_pct) else float(tolerance_pct)
    gap = gap_pct(float(actual), float(planned), direction)
    if gap is None:
        return None, ON if gap_abs(float(actual), float(planned), direction) >= 0 else OFF
    return gap, ON if gap >= -tol - 1e-9 else OFF


def _key(*frames: pd.DataFrame) -> list[str]:
    """Join on department too when every frame has it (indicator ids are unique per return)."""
    return ["department", "indicator_id"] if all("department" in f for f in frames) else ["indicator_id"]


def _day(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).astype("datetime64[ns]").dt.normalize()


def _latest(actuals: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The latest actual for each indicator and area (blank area: the national figure)."""
    keyed = actuals.assign(_area=actuals["area_code"].fillna(""), period_end=_day(actuals["period_end"]))
    return keyed.sort_values("period_end").groupby(key + ["_area"], sort=False).tail(1).drop(columns="_area")


def _fill_planned(out: pd.DataFrame, traj: pd.DataFrame, key: list[str]) -> None:
    """Planned values between trajectory points (or from the baseline), where no point falls on the date."""
    missing = out.index[out["planned_value"].isna()]
    if missing.empty:
        return
    groups = {k if isinstance(k, tuple) else (k,): g for k, g in traj.groupby(key)}
    empty = traj.iloc[0:0]
    for i in missing:
        row = out.loc[i]
        planned = planned_value_at(
            groups.get(tuple(row[k] for k in key), empty),
            row["period_end"],
            (row["baseline_date"], row["baseline_value"]),
        )
        out.at[i, "planned_value"] = float("nan") if planned is None else planned


def _judge_frame(rows: pd.DataFrame, indicators: pd.DataFrame, trajectory: pd.DataFrame) -> pd.DataFrame:
    """Each actual in ``rows`` against the plan for its period: planned_value, gap_pct, status.

    Vectorised (a national store has hundreds of indicators and thousands of areas); the
    rule is the same as judge(): direction-aware, within tolerance_pct is on trajectory.
    """
    key = _key(rows, indicators, trajectory)
    meta = indicators[key + ["direction", "tolerance_pct", "baseline_date", "baseline_value"]].drop_duplicates(key)
    out = rows.merge(meta, on=key, how="left")
    traj = trajectory[key + ["period_end", "planned_value"]].assign(period_end=lambda d: _day(d["period_end"]))
    out = out.merge(traj.drop_duplicates(key + ["period_end"], keep="last"), on=key + ["period_end"], how="left")
    out["planned_value"] = out["planned_value"].astype(float)
    _fill_planned(out, traj, key)
    actual, planned = out["actual_value"].astype(float), out["planned_value"]
    sign = np.where(out["direction"] == "down", -1.0, 1.0)
    out["gap_abs"] = (sign * (actual - planned)).where(actual.notna() & planned.notna())
    # A plan of 0 has no percentage: judge it on the absolute gap (no worse than 0 is on).
    gap = (sign * (actual - planned) / planned.abs() * 100).where(planned != 0)
    tol = pd.to_numeric(out["tolerance_pct"], errors="coerce").fillna(DEFAULT_TOLERANCE_PCT)
    on = (gap >= -tol - 1e-9) | ((planned == 0) & (out["gap_abs"] >= 0))
    out["status"] = np.select([actual.isna(), planned.isna(), on], [NO_ACTUALS, NO_TRAJECTORY, ON], OFF)
    out["gap_pct"] = gap.where(actual.notna() & planned.notna())
    return out


RESULT = ["period_end", "actual_value", "planned_value", "gap_pct", "gap_abs", "status"]


def trajectory_status(indicators: pd.DataFrame, trajectory: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """On or off trajectory for each indicator, from its latest national (blank-area) actual.

    Inputs are as-at rows (indicators_at, trajectory_at, actuals_at). Columns added to
    ``indicators``: period_end, actual_value, planned_value, gap_pct, status (No actuals
    yet when there is no national actual).
    """
    key = _key(indicators, trajectory, actuals)
    national = actuals[actuals["area_code"].isna()] if not actuals.empty else actuals
    if national.empty:
        return indicators.assign(
            period_end=pd.NaT,
            actual_value=float("nan"),
            planned_value=float("nan"),
            gap_pct=float("nan"),
            gap_abs=float("nan"),
            status=NO_ACTUALS,
        )
    judged = _judge_frame(_latest(national, key)[key + ["period_end", "actual_value"]], indicators, trajectory)
    out = indicators.drop(columns=[c for c in RESULT if c in indicators]).merge(
        judged[key + RESULT], on=key, how="left"
    )
    out["status"] = out["status"].fillna(NO_ACTUALS)
    out.index = indicators.index
    return out


def area_league(
    indicator, trajectory: pd.DataFrame, actuals: pd.DataFrame, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every area's latest actual for one indicator against the national trajectory, best first.

    Returns give one trajectory per indicator, for the whole country, so that is the
    reference each area is compared with. ``indicator`` is one row (namedtuple or Series)
    of indicators_at; ``names`` maps area codes to names (reference.areas). Columns: rank,
    area_code, area (the name and code), period_end, actual_value, planned_value, gap_pct,
    status, direction (the indicator's, for change_text). Areas with no planned value for
    their period are left out.
    """
    cols = [
        "rank",
        "area_code",
        "area",
        "period_end",
        "actual_value",
        "planned_value",
        "gap_pct",
        "status",
        "direction",
    ]
    one = pd.DataFrame([indicator._asdict() if hasattr(indicator, "_asdict") else dict(indicator)])
    mine = (
        actuals[(actuals["indicator_id"] == one["indicator_id"].iloc[0]) & actuals["area_code"].notna()]
        if not actuals.empty
        else actuals
    )
    if mine.empty:
        return pd.DataFrame(columns=cols)
    key = _key(one, trajectory, mine)
    judged = _judge_frame(_latest(mine, key)[key + ["area_code", "period_end", "actual_value"]], one, trajectory)
    out = judged[judged["gap_pct"].notna()].sort_values(["gap_pct", "area_code"], ascending=[False, True])
    out = out.reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    out["area"] = [area_label(code, names or {}) for code in out["area_code"]]
    return out[cols]


def worst_first(status: pd.DataFrame) -> pd.DataFrame:
    """Off trajectory first, then those that cannot be judged, then on trajectory; by priority."""
    rank = {OFF: 0, NO_ACTUALS: 1, NO_TRAJECTORY: 2, ON: 3}
    order = status.assign(_rank=status["status"].map(rank).fillna(1))
    return order.sort_values(["_rank", "priority_id", "indicator_id"]).drop(columns="_rank").reset_index(drop=True)


NOT_JUDGED = "Not yet judged"
GROUP_HELP = {
    ON: "The latest national figure is within tolerance of the plan for its period.",
    OFF: "The latest national figure is worse than the plan for its period by more than the tolerance.",
    NOT_JUDGED: "No national figure yet, or no planned value for the period of the latest figure.",
}


def status_groups(status: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The indicators On trajectory, Off trajectory, and Not yet judged (no actuals or no plan)."""
    judged = status["status"].isin([ON, OFF])
    return {ON: status[status["status"] == ON], OFF: status[status["status"] == OFF], NOT_JUDGED: status[~judged]}


def league_options(status: pd.DataFrame, area_counts: pd.DataFrame) -> dict:
    """Choices for the league table: label -> indicator row, those with area figures first."""
    counts = (
        {(r.department, r.indicator_id): r.areas for r in area_counts.itertuples()} if not area_counts.empty else {}
    )
    rows = [(counts.get((r.department, r.indicator_id), 0), r) for r in status.itertuples()]
    rows.sort(key=lambda pair: pair[0] == 0)  # stable: keeps the worst-first order within each group
    return {
        f"{r.indicator_id} {r.name} ({n} areas)" if n else f"{r.indicator_id} {r.name} (no area figures)": r
        for n, r in rows
    }


def league_summary(league: pd.DataFrame) -> str:
    """The spread in words: '3 areas, ...: 2 on trajectory, 1 off. Best NE, 5.3% above plan (better); furthest
    behind LDN, 10.5% below plan (worse): a spread of 15.8 percentage points.'"""
    if league.empty:
        return ""
    on = int((league["status"] == ON).sum())
    best, worst = league.iloc[0], league.iloc[-1]
    text = (
        f"{len(league)} areas, each compared with the national trajectory for its period: "
        f"{on} on trajectory, {len(league) - on} off."
    )
    if len(league) > 1:
        said = [change_text(r["actual_value"], r["planned_value"], r["direction"]) for r in (best, worst)]
        text += f" Best {best['area']}, {said[0]}; furthest behind {worst['area']}, {said[1]}: {_spread(best, worst)}."
    return text


def _spread(best: pd.Series, worst: pd.Series) -> str:
    """'a spread of 15.8 percentage points', or in the indicator's unit where a plan is too tiny for percentages."""
    if any(base_is_tiny(r["planned_value"], r["actual_value"]) for r in (best, worst)):
        gaps = [gap_abs(r["actual_value"], r["planned_value"], r["direction"]) for r in (best, worst)]
        return f"a spread of {figure_text(gaps[0] - gaps[1])}"
    return f"a spread of {best['gap_pct'] - worst['gap_pct']:.1f} percentage points"


def _figure(value) -> str:
    return "" if value is None or pd.isna(value) else figure_text(value)


def differences_from_plan(rows: pd.DataFrame) -> list[str]:
    """change_text of each row's actual_value against its planned_value, by its direction."""
    return [change_text(a, p, d) for a, p, d in zip(rows["actual_value"], rows["planned_value"], rows["direction"])]


def status_table(status: pd.DataFrame) -> pd.DataFrame:
    """trajectory_status(...) as a table for people: plain headers, numbers as text."""
    return pd.DataFrame(
        {
            "Indicator": status["indicator_id"] + " " + status["name"],
            "Status": status["status"],
            "Priority": status["priority_id"],
            "Unit": status["unit"],
            "Better when": status["direction"].map({"up": "higher", "down": "lower"}),
            "Latest period": pd.to_datetime(status["period_end"]).dt.date,
            "Actual": [_figure(v) for v in status["actual_value"]],
            "Planned": [_figure(v) for v in status["planned_value"]],
            "Difference from plan": differences_from_plan(status),
        }
    ).reset_index(drop=True)


def league_table(league: pd.DataFrame) -> pd.DataFrame:
    """area_league(...) as a table for people."""
    return pd.DataFrame(
        {
            "Rank": league["rank"],
            "Area": league["area"],
            "Status": league["status"],
            "Period": pd.to_datetime(league["period_end"]).dt.date,
            "Actual": [_figure(v) for v in league["actual_value"]],
            "Planned": [_figure(v) for v in league["planned_value"]],
            "Difference from plan": differences_from_plan(league),
        }
    ).reset_index(drop=True)


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
    for _plan_of, group in versions.sort_values(["plan_of", "period_end"]).groupby("plan_of", sort=True):
        points = tuple(zip(group["period_end"], group["planned_value"]))
        if points != previous:
            kept.append(group)
        previous = points
    latest = kept[-1]["plan_of"].iloc[0]
    out = pd.concat(kept)
    out["current"] = out["plan_of"] == latest
    out["plan"] = [
        "Current plan" if c else f"Earlier plan ({pd.Timestamp(p).day} {pd.Timestamp(p):%b %Y})"
        for c, p in zip(out["current"], out["plan_of"])
    ]
    return out[cols].reset_index(drop=True)
