"""What the small demo plants for the flags and forecasts to find (delivery/analysis/flags.py, forecast.py).

The storylines (delivery/demo/story.py) already carry HEA-02's Green while off trajectory, EDU-02's
slipping milestones, JUS-01's re-baselined target, JUS-02's figures exactly on the trajectory and
WRK-01's restated history. The 30 Sep 2026 returns add what no storyline has, so each flag and
forecast situation has at least one case on the dashboard:

    DfE  EDU-02     Amber/Red with no commentary                       (Rating without commentary)
    DfE  EDU-01-M1  baseline moved from 31 Mar 2025 to 3 Apr 2025       (Milestone re-baselined)
    HO   HOM-02-P1  the same figure twelve months running               (Actuals repeated exactly; flat forecast)
    HO   HOM-02-P2  one month entered in units, not thousands           (Likely units error)
    HO   HOM-02-P3  no source recorded; target already met              (No source recorded; already met)
    HO   HOM-02-P4  two figures only                                    (too few points to forecast)
    HO   HOM-02-P5  two quarters missing                                (a series with a gap)
    HO   HOM-02-P6  nothing since 31 Dec 2025                           (a stale series)

HOM-02 is rated Amber, so the planted indicators raise no rating flag of their own, and their plans
keep them on trajectory. Everything else stays as the storylines make it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

PLANTED = dt.date(2026, 9, 30)
SOURCE = "Violence reduction units management information, checked by the HO statistics team"
MONTHS = [d.date() for d in pd.date_range("2025-10-31", "2026-09-30", freq="ME")]  # Oct 2025 .. Sep 2026


def _d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


# id, name, unit, direction, baseline, target, target date, source,
# actuals {period end: value}, trajectory {period end: planned value}
INDICATORS = (
    (
        "HOM-02-P1",
        "Calls to the youth helpline answered within a minute",
        "calls a month",
        "up",
        450,
        600,
        _d(2030, 3, 31),
        SOURCE,
        dict.fromkeys(MONTHS, 450),
        {_d(2026, 3, 31): 452, _d(2026, 12, 31): 452, _d(2030, 3, 31): 600},
    ),
    (
        "HOM-02-P2",
        "Referrals to youth diversion completed",
        "referrals a month",
        "up",
        1100,
        1600,
        _d(2029, 3, 31),
        SOURCE,
        {m: 1180 + 15 * i for i, m in enumerate(MONTHS)} | {MONTHS[8]: 1_300_000},
        {_d(2025, 12, 31): 1200, _d(2026, 9, 30): 1330, _d(2029, 3, 31): 1600},
    ),
    (
        "HOM-02-P3",
        "Community safety projects funded",
        "projects",
        "up",
        50,
        60,
        _d(2029, 3, 31),
        None,
        {m: 52 + i for i, m in enumerate(MONTHS)},
        {_d(2025, 12, 31): 52.5, _d(2026, 9, 30): 54.5, _d(2029, 3, 31): 60},
    ),
    (
        "HOM-02-P4",
        "Detached youth workers in post",
        "workers",
        "up",
        100,
        300,
        _d(2029, 3, 31),
        SOURCE,
        {_d(2026, 6, 30): 120, _d(2026, 9, 30): 126},
        {_d(2026, 6, 30): 118, _d(2026, 9, 30): 127, _d(2029, 3, 31): 300},
    ),
    (
        "HOM-02-P5",
        "Safe routes to school mapped",
        "routes",
        "up",
        190,
        330,
        _d(2029, 3, 31),
        SOURCE,
        {_d(2025, 3, 31): 200, _d(2025, 6, 30): 210, _d(2025, 9, 30): 220, _d(2026, 6, 30): 250, _d(2026, 9, 30): 260},
        {_d(2025, 3, 31): 201, _d(2026, 9, 30): 259, _d(2029, 3, 31): 330},
    ),
    (
        "HOM-02-P6",
        "Young people who feel safe in their area (survey)",
        "%",
        "up",
        68,
        80,
        _d(2030, 3, 31),
        SOURCE,
        {_d(2025, 3, 31): 70, _d(2025, 6, 30): 71, _d(2025, 9, 30): 72, _d(2025, 12, 31): 73},
        {_d(2025, 3, 31): 70.2, _d(2025, 12, 31): 72.8, _d(2030, 3, 31): 80},
    ),
)


def plant(dept: str, period_end, tables: dict) -> dict:
    """``tables`` (one department's return, as delivery/demo/returns.py merges it) with its plants."""
    if period_end != PLANTED:
        return tables
    if dept == "DfE":
        return _unexplained(_rebaselined(tables))
    if dept == "HO":
        return _indicators(tables)
    return tables


def _unexplained(tables: dict) -> dict:
    rows = [r | {"commentary": None} if r["priority_id"] == "EDU-02" else r for r in tables["Priorities"]]
    return tables | {"Priorities": rows}


def _rebaselined(tables: dict) -> dict:
    moved = {"baseline_date": _d(2025, 4, 3)}
    rows = [r | moved if r["milestone_id"] == "EDU-01-M1" else r for r in tables["Milestones"]]
    return tables | {"Milestones": rows}


def _indicators(tables: dict) -> dict:
    inds, plans, acts = list(tables["Indicators"]), list(tables["Trajectory"]), [tables["Actuals"]]
    for iid, name, unit, direction, base, target, when, source, actuals, trajectory in INDICATORS:
        inds.append(
            {
                "priority_id": "HOM-02",
                "indicator_id": iid,
                "name": name,
                "unit": unit,
                "stage": "activity",
                "perspective": "citizen",
                "direction": direction,
                "baseline_value": base,
                "baseline_date": _d(2024, 9, 30),
                "target_value": target,
                "target_date": when,
                "tolerance_pct": 5.0,
                "source": source,
            }
        )
        plans += [{"indicator_id": iid, "period_end": d, "planned_value": v} for d, v in trajectory.items()]
        acts.append(
            pd.DataFrame(
                [
                    {"indicator_id": iid, "period_end": d, "area_code": None, "actual_value": v}
                    for d, v in actuals.items()
                ]
            )
        )
    return tables | {"Indicators": inds, "Trajectory": plans, "Actuals": pd.concat(acts, ignore_index=True)}
