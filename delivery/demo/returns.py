"""Demo returns of a fictional government: ``generate(scale, out_dir)``.

Small (the app's first start): 9 departments, the 12 priorities and storylines of
``delivery.demo.story``, 8 quarterly returns per department (2024-12-31 to
2026-09-30; DESNZ's latest is missing, so it shows as overdue; DHLG merges into MHCLG,
so DHLG reports until 2026-03-31 and MHCLG from 2026-06-30), except DfT, which
reports monthly (22 returns). Each small return
carries every actual up to its own period_end, as a real return restating its series
would; the store resolves each point from the latest return that has it.

National (benchmarks): 30 departments, 150 priorities (five per department, each
following one of the small storylines in turn), ~6,000 chain nodes, 60,000
milestones and ~2,000,000 actuals (indicator x local area x month). There each
return carries only the actuals of its own quarter's three months, so the files add
up to the totals without duplicates.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from delivery import ROOT
from delivery.demo import profile_fit
from delivery.demo import tables as T
from delivery.demo.plants import plant
from delivery.demo.story import (
    FIVE_POINT_FROM,
    MERGERS,
    MILESTONE_MONTHS,
    MILESTONE_TITLES,
    MONTHLY_DEPARTMENTS,
    OVERDUE_DEPARTMENTS,
    PREPARED_BY,
    PRIORITIES,
    SMALL_AREAS,
    SMALL_DEPARTMENTS,
    STORYLINES,
    THREE_POINT_DEPARTMENTS,
    Priority,
)
from delivery.reference.departments import read_departments
from delivery.returns.workbook import write_return

DEMO_ROOT = ROOT / "data" / "demo"  # git-ignored; each scale in its own folder
PERIODS = T.PERIODS


@dataclass(frozen=True)
class Scale:
    """How big a demo government is and how its returns are cut."""

    departments: tuple[str, ...]
    priorities: tuple[Priority, ...]
    areas: tuple[tuple[str, float], ...]
    milestones_per_priority: int
    regions: int
    locals_per_region: int
    overdue: frozenset[str]
    three_point: frozenset[str]
    cumulative_actuals: bool  # True: every actual to date; False: only the quarter's own months
    mergers: dict[str, tuple[str, int]] = field(default_factory=dict)  # department -> (successor, from quarter)
    monthly: frozenset[str] = frozenset()  # departments that send a return every month
    five_point_from: tuple[tuple[str, int], ...] = ()  # three-point departments that move to five points


def small_scale() -> Scale:
    """The small demo government of ``delivery.demo.story``."""
    return Scale(
        SMALL_DEPARTMENTS,
        PRIORITIES,
        SMALL_AREAS,
        len(MILESTONE_TITLES),
        2,
        2,
        OVERDUE_DEPARTMENTS,
        THREE_POINT_DEPARTMENTS,
        True,
        MERGERS,
        MONTHLY_DEPARTMENTS,
        FIVE_POINT_FROM,
    )


def national_scale() -> Scale:
    """30 departments x 5 priorities, 185 local areas, 400 milestones per priority."""
    codes = tuple(read_departments()["code"])[:30]
    priorities = []
    for d, code in enumerate(codes):
        for n in range(5):
            k = d * 5 + n
            tmpl = PRIORITIES[k % len(PRIORITIES)]
            others = tuple(c for c in (codes[(d + 1) % 30], codes[(d + 7) % 30]) if c != code)
            inds = (tmpl.indicators * 3)[:3]
            priorities.append(
                replace(
                    tmpl,
                    id=f"{code.upper()}-{n + 1:02d}",
                    lead=code,
                    contributors=others,
                    title=f"{tmpl.title} ({code})",
                    chain_depth=6,
                    indicators=inds,
                )
            )
    prefixes = ("E06", "E07", "E08", "E09")
    offsets = np.linspace(-0.25, 0.25, 185)
    areas = tuple((f"{prefixes[i % 4]}{i // 4 + 1:06d}", round(float(offsets[(i * 37) % 185]), 3)) for i in range(185))
    return Scale(
        codes,
        tuple(priorities),
        areas,
        400,
        4,
        4,
        frozenset({codes[5], codes[17]}),
        frozenset({codes[3], codes[11], codes[20]}),
        False,
    )


class PriorityModel:
    """One priority's fixed parts (chain, milestones, plans, actual series) built once."""

    def __init__(self, p: Priority, scale: Scale, seed: int):
        self.p, self.story, self.seed = p, STORYLINES[p.storyline], seed
        self.three_until = dict(scale.five_point_from).get(p.lead, len(PERIODS)) if p.lead in scale.three_point else 0
        self.nodes = T.chain_nodes(p, scale.regions, scale.locals_per_region)
        self.plans = [T.IndicatorPlan(p, self.story, ind) for ind in p.indicators]
        self.actuals = pd.concat(
            [T.actuals_frame(plan, f"{p.id}-I{n}", scale.areas, seed) for n, plan in enumerate(self.plans, 1)],
            ignore_index=True,
        )
        self.milestones = self._milestone_plan(scale.milestones_per_priority)

    def _milestone_plan(self, count: int) -> list[tuple[str, str, pd.Timestamp, int]]:
        """(id, title, baseline date, usual delay in days) for each milestone."""
        r, out = T.rng(self.seed, self.p.id, "milestones"), []
        for i in range(count):
            if count == len(MILESTONE_MONTHS):
                months, title = MILESTONE_MONTHS[i], MILESTONE_TITLES[i]
            else:  # national: spread over four years
                months, title = 1 + (i * 48) // count, f"{MILESTONE_TITLES[i % 6]}, tranche {i // 6 + 1}"
            baseline = (pd.Timestamp("2024-12-31") + pd.offsets.MonthEnd(months)).date()
            out.append((f"{self.p.id}-M{i + 1}", title, baseline, r.randint(0, 20)))
        return out

    def three(self, period: int) -> bool:
        """Does the department rate on the three-point scale in quarter ``period``?"""
        return period < self.three_until

    def rating(self, period: int) -> str:
        word = self.story.ratings[period]
        return T.three_point_word(word) if self.three(period) else word

    def tables(self, period: int, cumulative: bool, end=None) -> dict[str, list[dict] | pd.DataFrame]:
        """Every contract sheet's rows for this priority in the return for quarter ``period``.

        ``end`` is the return's period end when it is not the quarter's (a monthly return
        between quarter ends repeats its quarter's ratings and milestones, with newer actuals).
        """
        p, end = self.p, end or PERIODS[period]
        stage = 0 if period < 3 else 1 if period < 6 else 2
        target = self.plans[0].target(period)[0] if self.plans else T.target_date(p)
        priority = {
            "priority_id": p.id,
            "title": p.title,
            "outcome": p.outcome,
            "theme": p.theme,
            "lead_department": p.lead,
            "contributing_departments": ", ".join(p.contributors),
            "senior_responsible_owner": T.NAMES[hash_index(p.id, 0)],
            "centre_co_lead": T.NAMES[hash_index(p.id, 1)],
            "target": self._target_text(period),
            "target_date": target,
            "rag": self.rating(period),
            "commentary": self.story.commentary[stage],
        }
        start = PERIODS[period - 1] if period and not cumulative else None
        acts = self.actuals[self.actuals["period_end"] <= end]
        if start is not None:
            acts = acts[acts["period_end"] > start]
        revise_at = self.story.revise_history_at
        if revise_at is not None and period >= revise_at:
            plans = {f"{p.id}-I{n}": plan for n, plan in enumerate(self.plans, 1)}
            acts = T.revise_history(acts, plans, PERIODS[revise_at - 2])
        return {
            "Priorities": [priority],
            "Delivery chain": T.chain_rows(p, self.story, self.nodes, period, self.three(period), self.seed),
            "Milestones": self._milestone_rows(period),
            "Indicators": T.indicator_rows(p, self.plans, period),
            "Trajectory": T.trajectory_rows(p, self.plans, period),
            "Actuals": acts,
            "Risks": [
                T.risk_row(p, n, r, period, T.NAMES[hash_index(p.id, 0)])
                for n, r in enumerate(p.risks, 1)
                if r.raised <= period
            ],
            "Budget": T.budget_rows(p, period),
        }

    def _target_text(self, period: int) -> str:
        """The target in words; after a re-baseline, the new one (the old stays in earlier returns)."""
        if not (self.plans and self.plans[0].rebaselined(period)):
            return self.p.target_text
        ind, value = self.plans[0].ind, self.plans[0].target(period)[1]
        return f"{ind.name}: {value:,.{ind.decimals}f} {ind.unit} (re-baselined from {ind.target:,.{ind.decimals}f})"

    def _milestone_rows(self, period: int) -> list[dict]:
        owners = [n["node_id"] for n in self.nodes if n["level"] in ("department", "agency", "region")]
        rows = []
        for i, (mid, title, baseline, delay) in enumerate(self.milestones):
            forecast, done = T.milestone_state(baseline, self.story, delay, period)
            rows.append(
                {
                    "priority_id": self.p.id,
                    "milestone_id": mid,
                    "node_id": owners[i % len(owners)],
                    "title": title,
                    "owner": T.NAMES[(i + 3) % len(T.NAMES)],
                    "baseline_date": baseline,
                    "forecast_date": forecast,
                    "completed_date": done,
                    "rag": T.milestone_rating(baseline, forecast, done, period, self.three(period)),
                    "commentary": "Re-forecast: procurement delay." if forecast > baseline and not done else "",
                }
            )
        return rows


def hash_index(key: str, salt: int) -> int:
    """A stable small index for a name (Python's hash() changes between runs)."""
    return T.rng(0, key, salt).randrange(len(T.NAMES))


def _merge(parts: list[dict]) -> dict[str, object]:
    """One department's sheets from its priorities' parts: lists of rows joined, frames concatenated."""
    merged: dict[str, list] = {}
    for part in parts:
        for sheet, rows in part.items():
            merged.setdefault(sheet, []).append(rows)
    return {
        sheet: pd.concat(chunks, ignore_index=True)
        if isinstance(chunks[0], pd.DataFrame)
        else [row for chunk in chunks for row in chunk]
        for sheet, chunks in merged.items()
    }


def generate(
    scale: str = "small",
    out_dir: Path | str | None = None,
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write one return per department per quarter into ``out_dir``; return the paths, in order.

    File names are ``<department>_<period_end>.xlsx``; ``out_dir`` defaults to
    ``data/demo/<scale>``. Same seed, same bytes.
    """
    if scale not in ("small", "national"):
        raise ValueError(f"Unknown demo scale {scale!r}: choose small or national.")
    plan = profile_fit.fitted(small_scale()) if scale == "small" else national_scale()  # any government's
    out_dir, paths = Path(out_dir or DEMO_ROOT / scale), []
    for d, dept in enumerate(plan.departments):
        models = [PriorityModel(p, plan, seed) for p in _reported_by(plan, dept)]
        last = len(PERIODS) - 1 if dept in plan.overdue else len(PERIODS)
        for period, end in return_periods(dept in plan.monthly, last):
            mine = [m for m in models if _reports(plan, dept, m.p, period)]
            if not mine:  # merged away, or not yet merged into
                continue
            name = f"{dept}_{end.isoformat()}.xlsx"
            small = scale == "small"
            paths.append(
                write_department_return(out_dir / name, plan, dept, period, mine, styled=small, end=end, plants=small)
            )
        if progress:
            progress(f"{d + 1}/{len(plan.departments)} departments: {dept} ({len(paths)} files)")
    return paths


def _reported_by(plan: Scale, dept: str) -> list[Priority]:
    """The priorities ``dept`` ever reports: its own, and those of departments merged into it (as its own)."""
    merged = [replace(p, lead=dept) for p in plan.priorities if plan.mergers.get(p.lead, ("", 0))[0] == dept]
    return [p for p in plan.priorities if p.lead == dept] + merged


def _reports(plan: Scale, dept: str, p: Priority, period: int) -> bool:
    """Whether ``dept`` reports ``p`` in quarter ``period``: a merged department stops, its successor starts."""
    original = next(q.lead for q in plan.priorities if q.id == p.id)
    if original == dept and dept in plan.mergers:
        return period < plan.mergers[dept][1]
    if original != dept:
        return period >= plan.mergers[original][1]
    return True


def return_periods(monthly: bool, quarters: int) -> list[tuple[int, object]]:
    """(quarter index, period end) of each return a department sends over the first ``quarters`` quarters:
    one per quarter, or one per month for a monthly department."""
    if not monthly:
        return [(q, PERIODS[q]) for q in range(quarters)]
    months = [m for m in T.MONTHS if PERIODS[0] <= m <= PERIODS[quarters - 1]]
    return [(max(q for q in range(quarters) if PERIODS[q] <= m), m) for m in months]


def write_department_return(
    path: Path,
    plan: Scale,
    dept: str,
    period: int,
    models: list[PriorityModel],
    styled: bool = False,
    end=None,
    plants: bool = False,
) -> Path:
    """Write one department's return for quarter ``period`` (0 = 2024-12-31) from its priorities' models.

    ``end``: the return's period end, when it is a month end between quarter ends; ``plants``: add what
    the small demo plants for the flags and forecasts (delivery/demo/plants.py).
    """
    about = {
        "department": dept,
        "period_end": end or PERIODS[period],
        "prepared_by": PREPARED_BY.get(dept, f"Performance team, {dept}"),
    }
    tables = _merge([m.tables(period, plan.cumulative_actuals, end) for m in models])
    if plants:
        tables = plant(dept, about["period_end"], tables)
    return write_return(path, about, tables, styled=styled)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m delivery demo [--scale small|national] [--out DIR]``."""
    parser = argparse.ArgumentParser(description="Write the demo government's returns.")
    parser.add_argument("--scale", choices=("small", "national"), default="small")
    parser.add_argument("--out", type=Path, default=None, help="folder (default: data/demo/<scale>)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate(args.scale, args.out, args.seed, progress=print)
    size = sum(p.stat().st_size for p in paths)
    print(
        f"Wrote {len(paths)} returns ({size / 1e6:.1f} MB) to {args.out or DEMO_ROOT / args.scale} "
        f"in {time.perf_counter() - started:.1f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
