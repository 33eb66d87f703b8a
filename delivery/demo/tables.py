"""The rows of a demo return, one contract sheet at a time, from a priority and its storyline.

Everything here is a pure function of (priority, quarter, seed): the same point in
time always gets the same value in every return that carries it, so history is never
silently revised by the demo itself.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

import numpy as np
import pandas as pd

from delivery.demo.story import REGIONS, Indicator, Priority, Risk, Storyline
from delivery.reference import profile, ratings

BASELINE_DATE = dt.date(2024, 9, 30)
# The eight reporting quarters, oldest first; the latest is the last full quarter
# before "today" (23 November 2026), so no return is dated in the future.
PERIODS = tuple(pd.Timestamp(d).date() for d in pd.date_range("2024-12-31", "2026-09-30", freq="QE"))
MONTHS = tuple(pd.Timestamp(d).date() for d in pd.date_range("2024-10-31", "2026-09-30", freq="ME"))
NAMES = (
    "Helen Carter",
    "Marcus Bell",
    "Fatima Hussain",
    "Gareth Jones",
    "Nisha Patel",
    "Ian Murray",
    "Chloe Adeyemi",
    "Rory Fitzgerald",
    "Joanna Novak",
    "Ben Ashworth",
)
RATE = {"under": 0.82, "over": 1.12, "on": 0.99}  # share of the allocation spent, by budget story
TOLERANCE = 0.05  # every demo indicator counts as on trajectory within 5% of the plan


def rng(seed: int, *key: object) -> random.Random:
    """A random generator for one named thing, independent of generation order."""
    return random.Random(f"{seed}:" + ":".join(map(str, key)))


def nprng(seed: int, *key: object) -> np.random.Generator:
    """A numpy generator for one named thing, independent of generation order."""
    return np.random.default_rng([seed, zlib.crc32(":".join(map(str, key)).encode())])


def as_rating(score: int, three_point: bool) -> str:
    """The rating word for a 1-5 score, on the department's own scale."""
    word = ratings.FIVE_POINT[min(5, max(1, score)) - 1]
    return three_point_word(word) if three_point else word


def three_point_word(word: str) -> str:
    """How a three-point department would say a five-point rating."""
    return {ratings.AMBER_RED: ratings.RED, ratings.AMBER_GREEN: ratings.GREEN}.get(word, word)


# --- indicators, trajectories, actuals -------------------------------------------


def target_date(p: Priority) -> dt.date:
    return dt.date(p.target_year, 3, 31)


def _days(d: dt.date) -> int:
    return (d - BASELINE_DATE).days


def _line(start: tuple[dt.date, float], end: tuple[dt.date, float], when: dt.date) -> float:
    (d0, v0), (d1, v1) = start, end
    return v0 + (v1 - v0) * (_days(when) - _days(d0)) / (_days(d1) - _days(d0))


def _quarter_index(when: dt.date) -> float:
    """0.0 at the first reporting quarter end, 1.0 at the next, fractions in between."""
    return ((when.year - 2024) * 12 + when.month - 12) / 3


def _behind(ind: Indicator) -> float:
    """Which way 'behind the plan' moves the value: down for up-is-good measures."""
    return -1.0 if ind.direction == "up" else 1.0


class IndicatorPlan:
    """One indicator's plan(s) and true course, from which every return takes its rows."""

    def __init__(self, p: Priority, story: Storyline, ind: Indicator):
        self.ind, self.story = ind, story
        self.old_target = (target_date(p), ind.target)
        self.new_target = None
        if story.rebaseline_at is not None:
            anchor = PERIODS[story.rebaseline_at - 1]
            start = self._off(self._old_plan(anchor), story.gaps[story.rebaseline_at - 1])
            # Re-baselined: a less ambitious target, a year later, from where things stand.
            later = self.old_target[0].replace(year=self.old_target[0].year + 1)
            self.anchor = (anchor, start)
            self.new_target = (later, ind.target + 0.4 * (ind.baseline - ind.target))

    def _off(self, plan: float, bands: float) -> float:
        """A value ``bands`` tolerance bands behind ``plan``."""
        return plan * (1 + _behind(self.ind) * bands * TOLERANCE)

    def _old_plan(self, when: dt.date) -> float:
        return _line((BASELINE_DATE, self.ind.baseline), self.old_target, when)

    def rebaselined(self, period: int) -> bool:
        """True when the return for this quarter carries the new trajectory."""
        return self.new_target is not None and period >= self.story.rebaseline_at

    def target(self, period: int) -> tuple[dt.date, float]:
        """The target (date, value) as the return for this quarter states it."""
        return self.new_target if self.rebaselined(period) else self.old_target

    def planned(self, when: dt.date, period: int) -> float:
        """The planned value at ``when`` as the return for quarter ``period`` states it."""
        if self.rebaselined(period) and when > self.anchor[0]:
            return _line(self.anchor, self.new_target, when)
        return self._old_plan(when)

    def gap(self, when: dt.date) -> float:
        q, gaps = _quarter_index(when), self.story.gaps
        points = list(enumerate(gaps))
        if self.new_target is not None and when > self.anchor[0]:
            points = [(self.story.rebaseline_at - 1, 0.0)] + points[self.story.rebaseline_at :]
        xs, ys = zip(*points)
        return float(np.interp(q, xs, ys))

    def expected(self, when: dt.date) -> float:
        """The true national value at a month end, before noise."""
        return self._off(self.planned(when, len(PERIODS)), self.gap(when))

    def clean(self, values: np.ndarray) -> np.ndarray:
        """Values as a department would report them: rounded, never negative, % at most 100."""
        top = 100.0 if self.ind.unit == "%" and max(self.ind.baseline, self.ind.target) <= 100 else np.inf
        return np.round(np.clip(values, 0.0, top), self.ind.decimals)


def actuals_frame(plan: IndicatorPlan, indicator_id: str, areas, seed: int) -> pd.DataFrame:
    """Every month's actual, national (blank area) and per local area, for one indicator."""
    national = np.array([plan.expected(m) for m in MONTHS])
    noise, band = nprng(seed, indicator_id, "actuals"), np.abs(national) * TOLERANCE
    wobble = 0.0 if plan.story.exact else noise.normal(0, 0.1, len(MONTHS)) * band
    frames = [pd.DataFrame({"period_end": MONTHS, "area_code": None, "actual_value": plan.clean(national + wobble)})]
    if areas:
        codes = [a for a, _ in areas]
        ahead = np.array([o for _, o in areas]) * -_behind(plan.ind)
        grid = national + (ahead[:, None] + noise.normal(0, 0.3, (len(codes), len(MONTHS)))) * band
        frames.append(
            pd.DataFrame(
                {
                    "period_end": np.tile(MONTHS, len(codes)),
                    "area_code": np.repeat(codes, len(MONTHS)),
                    "actual_value": plan.clean(grid).ravel(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "indicator_id", indicator_id)
    return out


def revise_history(acts: pd.DataFrame, plans: dict[str, IndicatorPlan], before: dt.date) -> pd.DataFrame:
    """National actuals up to ``before`` restated one tolerance band worse: history silently revised."""
    acts = acts.copy()
    for indicator_id, plan in plans.items():
        rows = (acts["indicator_id"] == indicator_id) & acts["area_code"].isna() & (acts["period_end"] <= before)
        worse = acts.loc[rows, "actual_value"].to_numpy() * (1 + _behind(plan.ind) * TOLERANCE)
        acts.loc[rows, "actual_value"] = plan.clean(worse)
    return acts


def indicator_rows(p: Priority, plans: list[IndicatorPlan], period: int) -> list[dict]:
    """The Indicators sheet rows for one priority in one quarter's return."""
    rows = []
    for n, plan in enumerate(plans, 1):
        ind, (tdate, tvalue) = plan.ind, plan.target(period)
        rows.append(
            {
                "priority_id": p.id,
                "indicator_id": f"{p.id}-I{n}",
                "name": ind.name,
                "unit": ind.unit,
                "stage": ind.stage,
                "perspective": ind.perspective,
                "direction": ind.direction,
                "baseline_value": ind.baseline,
                "baseline_date": BASELINE_DATE,
                "target_value": round(tvalue, ind.decimals),
                "target_date": tdate,
                "tolerance_pct": TOLERANCE * 100,
                "source": f"{p.agency} management information, checked by the {p.lead} statistics team",
            }
        )
    return rows


def trajectory_rows(p: Priority, plans: list[IndicatorPlan], period: int) -> list[dict]:
    """The planned path, quarter by quarter to the target date, as this return states it."""
    rows = []
    for n, plan in enumerate(plans, 1):
        end = plan.target(period)[0]
        for q in pd.date_range(PERIODS[0], end, freq="QE"):
            value = plan.planned(q.date(), period)
            rows.append(
                {
                    "indicator_id": f"{p.id}-I{n}",
                    "period_end": q.date(),
                    "planned_value": float(plan.clean(np.array(value))),
                }
            )
    return rows


# --- delivery chain -------------------------------------------------------------


def chain_levels(depth: int) -> tuple[str, ...]:
    """The chain's levels, top to bottom, for a depth of 4 to 6."""
    return {
        6: ("minister", "department", "agency", "region", "local", "frontline"),
        5: ("minister", "department", "region", "local", "frontline"),
        4: ("minister", "department", "local", "frontline"),
    }[depth]


def chain_nodes(p: Priority, regions: int, locals_per_region: int) -> list[dict]:
    """The chain's bodies (without ratings): node_id, parent_node_id, name, level, owner."""
    levels = chain_levels(p.chain_depth)
    nodes = [
        {"node_id": "MIN", "parent_node_id": None, "level": "minister", "name": f"Secretary of State, {p.lead}"},
        {"node_id": "DEP", "parent_node_id": "MIN", "level": "department", "name": f"{p.lead} delivery directorate"},
    ]
    top = "DEP"
    if "agency" in levels:
        nodes.append({"node_id": "AGY", "parent_node_id": "DEP", "level": "agency", "name": p.agency})
        top = "AGY"
    parents = [(top, None)]
    if "region" in levels:
        parents = [(f"R{r + 1}", REGIONS[r % len(REGIONS)]) for r in range(regions)]
        nodes += [
            {"node_id": nid, "parent_node_id": top, "level": "region", "name": f"{region} region"}
            for nid, region in parents
        ]
    per_parent = locals_per_region if "region" in levels else regions + 1
    for parent, region in parents:
        for j in range(per_parent):
            place = region or REGIONS[j % len(REGIONS)]
            suffix = f" {j + 1}" if region and per_parent > 1 else ""
            lid = f"{parent}-L{j + 1}" if region else f"L{j + 1}"
            nodes.append(
                {"node_id": lid, "parent_node_id": parent, "level": "local", "name": f"{p.local_body}, {place}{suffix}"}
            )
            nodes.append(
                {
                    "node_id": f"{lid}-F",
                    "parent_node_id": lid,
                    "level": "frontline",
                    "name": f"{p.frontline}, {place}{suffix}",
                }
            )
    return nodes


def chain_rows(p: Priority, story: Storyline, nodes: list[dict], period: int, three: bool, seed: int) -> list[dict]:
    """The Delivery chain sheet rows: each link rated near the priority; weak local links show from Q3."""
    score, rows = ratings.SCORE[story.ratings[period]], []
    for node in nodes:
        r = rng(seed, p.id, node["node_id"], period)
        offset = -story.weak_local if node["level"] == "local" and period >= 2 else 0
        jitter = r.choice((-1, 0, 0, 0, 0, 1))
        node_score = score + offset + jitter
        rows.append(
            {
                "priority_id": p.id,
                **node,
                "owner": NAMES[r.randrange(len(NAMES))],
                "rag": as_rating(node_score, three),
                "commentary": "Capacity stretched." if node_score <= 2 else "",
            }
        )
    return rows


# --- milestones --------------------------------------------------------------------


def milestone_state(baseline: dt.date, story: Storyline, delay: int, period: int) -> tuple[dt.date, dt.date | None]:
    """(forecast_date, completed_date) of one milestone as the return for ``period`` reports it."""
    if story.slip_days:
        # Re-forecast later every quarter; done once a forecast falls inside its quarter.
        for q in range(period + 1):
            forecast = baseline + dt.timedelta(days=story.slip_days * (q + 1))
            if forecast <= PERIODS[q]:
                return forecast, forecast
        return forecast, None
    if story.late_milestones is not None and baseline > PERIODS[story.late_milestones - 1]:
        return baseline, None  # neither done nor re-forecast: overdue once past
    forecast = baseline + dt.timedelta(days=delay)
    return forecast, (forecast if forecast <= PERIODS[period] else None)


def milestone_rating(baseline: dt.date, forecast: dt.date, completed, period: int, three: bool) -> str:
    """Complete when done; Red when overdue; else by how far the forecast has slipped."""
    if completed:
        return ratings.COMPLETE
    slip = (forecast - baseline).days
    if forecast < PERIODS[period]:
        score = 1
    else:
        score = 2 if slip > 90 else 3 if slip > 30 else 4 if slip > 0 else 5
    return as_rating(score, three)


def risk_row(p: Priority, n: int, risk: Risk, period: int, owner: str) -> dict:
    """One Risks sheet row as it stood in ``period`` (escalations and closures apply from then)."""
    escalation = risk.escalation if period >= risk.escalated else "none"
    closed = risk.closed is not None and period >= risk.closed
    raised = PERIODS[risk.raised] - dt.timedelta(days=40)
    scores = {"risk": ("3", "3"), "issue": ("5", "3"), "barrier": ("4", "4")}[risk.kind]
    need = {
        "none": "Managed within the department.",
        "centre": "Escalated to the centre: cross-government decision needed.",
        "minister": "Escalated to the minister: decision needed at the next stocktake.",
    }[escalation]
    return {
        "priority_id": p.id,
        "risk_id": f"{p.id}-R{n}",
        "kind": risk.kind,
        "description": risk.description,
        "owner": owner,
        "likelihood": scores[0],
        "impact": scores[1],
        "escalation": escalation,
        "status": "closed" if closed else "open",
        "raised_date": raised,
        "due_date": raised + dt.timedelta(days=180),
        "mitigation": need,
    }


def budget_rows(p: Priority, period: int) -> list[dict]:
    """Allocated, forecast and spent to date for every financial year begun by the quarter's end (the profile's
    fiscal year: April in the UK, written 2026-27; October in the US federal government, written FY2027)."""
    end, rate, rows, locale = PERIODS[period], RATE[p.budget], [], profile.current()
    for year in range(2024, end.year + 1):
        start = dt.date(year, locale.fiscal_year_start, 1)
        if start > end:
            continue
        elapsed = min(12, (end.year - year) * 12 + end.month - (locale.fiscal_year_start - 1)) / 12
        allocated = round(p.allocated_m * 1.05 ** (year - 2024), 1) * 1_000_000
        rows.append(
            {
                "priority_id": p.id,
                "financial_year": locale.fiscal_year(year),
                "allocated": allocated,
                "forecast": round(allocated * rate, -3),
                "spent": round(allocated * rate * elapsed, -3),
            }
        )
    return rows
