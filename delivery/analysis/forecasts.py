"""Every indicator's forecast, as frames for the picture and the pages (no Streamlit, no DuckDB).

delivery/analysis/forecast.py forecasts one series; this module runs it over the picture's
indicators and their national actuals, and says each result in the columns the pages, the
flags and the briefs read.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from delivery.analysis import forecast as fc

COLUMNS = ["forecast_verdict", "forecast_text", "forecast_chance_pct", "forecast_months_late", "forecast"]


def earlier_targets(history: pd.DataFrame) -> dict[tuple, tuple]:
    """(priority_id, indicator_id) -> (value, date): each indicator's target before its current one, where
    a return changed it (a re-baseline); from indicator_target_history (oldest return first)."""
    if history.empty:
        return {}
    key = ["priority_id", "indicator_id"]
    h = history.assign(target_date=pd.to_datetime(history["target_date"]))
    before = h.groupby(key, sort=False)[["target_value", "target_date"]].shift()
    changed = h[(h["target_value"] != before["target_value"]) | (h["target_date"] != before["target_date"])]
    earlier = changed[changed.groupby(key, sort=False).cumcount(ascending=False) == 1]
    return {(p, i): (v, d) for p, i, v, d in zip(*(earlier[c] for c in [*key, "target_value", "target_date"]))}


def with_forecasts(
    status: pd.DataFrame,
    actuals: pd.DataFrame,
    as_at: dt.date,
    rules: fc.ForecastRules | None = None,
    earlier: dict[tuple, tuple] | None = None,
) -> pd.DataFrame:
    """``status`` (trajectory_status's rows: department, priority_id, indicator_id, direction, targets) with
    each indicator's forecast from its national ``actuals``: COLUMNS (``forecast`` is the Forecast itself)."""
    if status.empty:
        return status.assign(**{c: pd.Series(dtype="object") for c in COLUMNS})
    rules = rules or fc.ForecastRules()
    by_key = _series(actuals)
    found = [
        fc.forecast(
            by_key.get((r.department, r.indicator_id), ()),
            r.direction,
            r.target_value,
            r.target_date,
            as_at,
            baseline_date=r.baseline_date,
            earlier_target=(earlier or {}).get((r.priority_id, r.indicator_id)),
            rules=rules,
        )
        for r in status.itertuples()
    ]
    return status.assign(
        forecast_verdict=[f.verdict for f in found],
        forecast_text=[f.sentence for f in found],
        forecast_chance_pct=[f.chance_pct for f in found],
        forecast_months_late=[f.months_late for f in found],
        forecast=found,
    )


def _series(actuals: pd.DataFrame) -> dict[tuple, list[tuple]]:
    """(department, indicator_id) -> [(period_end, value), ...] of the national actuals."""
    if actuals.empty:
        return {}
    national = actuals[actuals["area_code"].isna()] if "area_code" in actuals else actuals
    out: dict[tuple, list[tuple]] = {}  # one pass over plain lists, not a frame per series: 450 at national scale
    columns = (national[c].tolist() for c in ("department", "indicator_id", "period_end", "actual_value"))
    for department, indicator_id, period_end, value in zip(*columns):
        if pd.isna(department) or pd.isna(indicator_id):  # as groupby drops a blank key
            continue
        out.setdefault((department, indicator_id), []).append((period_end, value))
    return out


def verdict_counts(status: pd.DataFrame) -> dict[str, int]:
    """How many indicators are on course, at risk and off course."""
    if status.empty or "forecast_verdict" not in status:
        return dict.fromkeys(fc.VERDICTS, 0)
    counts = status["forecast_verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in fc.VERDICTS}
