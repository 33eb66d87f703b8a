"""Generated governments whose returns misbehave as real ones do (tests/test_one_picture.py).

``world(root, seed)`` builds a store of returns from mid-2022 to mid-2023 in which, whatever the
seed (it draws the ratings, milestone dates and actuals):

- **Calendars differ**: DfT reports monthly (TRA-01), DHSC and HO quarterly, MoJ annually
  (31 March); the calendar file it writes says so.
- **A scale change**: MoJ rates JUS-01 on the three-point scale in its 2022 return and on five
  points in 2023.
- **A transfer out of an abolished department**: BEIS (real code: ended 6 Feb 2023) reports
  ENE-02 until 31 Dec 2022; the centre records its transfer to DESNZ from 7 Feb 2023, and
  DESNZ reports it from 30 Jun 2023 (so at 31 Mar 2023 it is BEIS's last return, kept by the
  transfer, and stale).
- **A stale department**: HO reports HOM-01 at 30 Jun and 30 Sep 2022 and never again: not
  reported this period at 31 Dec 2022, no longer reported once it has missed three periods.
- **A priority that leaves**: DHSC reports HEA-02 until 31 Dec 2022 and drops it from 31 Mar 2023.
- **A withheld allocation**: HEA-01's 2023-24 budget row has a forecast and no allocation.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from delivery.reference.calendar import month_end
from delivery.store.records import record_transfer
from tests.store_builder import (
    ReturnSpec,
    _actuals,
    _budget,
    _indicator,
    _milestone,
    _priority,
    _series,
    build_store,
)

FIVE = ("Red", "Amber/Red", "Amber", "Amber/Green", "Green")
THREE = ("Red", "Amber", "Green")
QUARTERS = [
    dt.date(2022, 6, 30),
    dt.date(2022, 9, 30),
    dt.date(2022, 12, 31),
    dt.date(2023, 3, 31),
    dt.date(2023, 6, 30),
]
MONTHS = [month_end(2022 + (m - 1) // 12, (m - 1) % 12 + 1) for m in range(7, 19)]  # Jul 2022 .. Jun 2023
TRANSFER_DAY = dt.date(2023, 2, 7)
CALENDAR = "department,cadence,due_days\nDfT,monthly,20\nMoJ,annual,60\n"


def _iso(day: dt.date) -> str:
    return day.isoformat()


class _Draw:
    """The seed's choices: a rating that drifts a step at a time, dates and figures."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.rating: dict[str, int] = {}

    def rag(self, pid: str, scale=FIVE) -> str:
        step = self.rng.choice((-1, 0, 0, 1))
        self.rating[pid] = min(len(FIVE) - 1, max(0, self.rating.get(pid, self.rng.randrange(5)) + step))
        word = FIVE[self.rating[pid]]
        return word if scale is FIVE else THREE[min(2, self.rating[pid] // 2)]

    def days(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


def _milestones(draw: _Draw, pid: str, period: dt.date) -> list[dict]:
    """Four milestones due through the year; those due by the period are done, most of them on time."""
    out = []
    for n, due in enumerate((dt.date(2022, 8, 15), dt.date(2022, 11, 20), dt.date(2023, 2, 10), dt.date(2023, 5, 25))):
        slip = draw.days(0, 40)
        forecast = due + dt.timedelta(days=slip)
        done = forecast <= period and (n + draw.days(0, 3)) % 4 != 0  # now and then one is late
        out.append(
            _milestone(
                pid,
                f"{pid}-M{n + 1}",
                f"Step {n + 1} of {pid}",
                _iso(due),
                _iso(forecast),
                _iso(forecast) if done else None,
            )
        )
    return out


def _indicators(draw: _Draw, pid: str, period: dt.date, periods: list[dt.date]) -> dict:
    iid = f"{pid}-I1"
    plan = [(_iso(p), 100 + 5 * i) for i, p in enumerate(periods)]
    actual = [(_iso(p), round(100 + 5 * i - draw.days(0, 12), 1)) for i, p in enumerate(periods) if p <= period]
    return {
        "Indicators": [
            _indicator(pid, iid, f"Measure of {pid}", "people", "outcome", "up", 100, "2022-03-31", 200, "2025-03-31")
        ],
        "Trajectory": _series(iid, "planned_value", plan),
        "Actuals": _actuals(iid, actual),
    }


def _return(
    draw: _Draw, dept: str, period: dt.date, priorities: list[tuple], periods: list[dt.date], scale=FIVE
) -> ReturnSpec:
    """One department's return: each (pid, title, theme) with a drawn rating, milestones and an indicator."""
    tables: dict[str, list] = {"Priorities": [], "Milestones": [], "Indicators": [], "Trajectory": [], "Actuals": []}
    for pid, title, theme in priorities:
        tables["Priorities"].append(_priority(pid, title, theme, dept, draw.rag(pid, scale)))
        tables["Milestones"] += _milestones(draw, pid, period)
    if scale is FIVE:  # a five-point word in the return, so it reads as five-point whatever was drawn
        tables["Milestones"][0]["rag"] = "Amber/Green"
        for sheet, rows in _indicators(draw, pid, period, periods).items():
            tables[sheet] += rows
    return ReturnSpec(dept, period, tables)


def world_returns(seed: int) -> list[ReturnSpec]:
    """Every return of the world, oldest first."""
    draw, out = _Draw(seed), []
    for period in MONTHS:
        out.append(_return(draw, "DfT", period, [("TRA-01", "Reliable trains", "Transport")], MONTHS))
    for period in QUARTERS:
        health = [("HEA-01", "Cut waiting times", "Health")]
        if period <= dt.date(2022, 12, 31):
            health.append(("HEA-02", "Open community diagnostic hubs", "Health"))
        dhsc = _return(draw, "DHSC", period, health, QUARTERS)
        dhsc.tables["Budget"] = [
            _budget("HEA-01", "2022-23", 5e6, 5.2e6, 2e6),
            _budget("HEA-01", "2023-24", None, 6e6, 0),
        ]  # the allocation withheld
        out.append(dhsc)
        if period <= dt.date(2022, 9, 30):
            out.append(_return(draw, "HO", period, [("HOM-01", "Safer streets", "Safety")], QUARTERS))
        if period <= dt.date(2022, 12, 31):
            out.append(_return(draw, "BEIS", period, [("ENE-02", "Warmer homes", "Energy")], QUARTERS))
        if period >= dt.date(2023, 6, 30):
            out.append(_return(draw, "DESNZ", period, [("ENE-02", "Warmer homes", "Energy")], QUARTERS))
    annual = [dt.date(2022, 3, 31), dt.date(2023, 3, 31)]
    out.append(_return(draw, "MoJ", annual[0], [("JUS-01", "Fewer people reoffend", "Justice")], annual, THREE))
    out.append(_return(draw, "MoJ", annual[1], [("JUS-01", "Fewer people reoffend", "Justice")], annual))
    return sorted(out, key=lambda r: (r.period_end, r.department))


def world(root: Path, seed: int):
    """(store, calendar file) of the world drawn by ``seed`` under ``root``, with ENE-02's transfer recorded."""
    store = build_store(root, world_returns(seed), use_loader=False)
    record_transfer(store, "ENE-02", "DESNZ", "Centre Analyst", "BEIS abolished; energy went to DESNZ", TRANSFER_DAY)
    calendar = root / "calendar.csv"
    calendar.write_text(CALENDAR, encoding="utf-8")
    return store, calendar
