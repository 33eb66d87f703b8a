"""The flags an indicator's own series raises (no Streamlit): past figures restated, figures exactly on the
trajectory period after period ("too good to be true"), figures repeated exactly, a likely units error,
and no source recorded. delivery/analysis/flags.py gathers them with the flags on claims.
"""

from __future__ import annotations

import itertools

import pandas as pd

from delivery.analysis.differences import figure_text
from delivery.analysis.picture import Ask, Picture, only
from delivery.reference.calendar import date_text

COLUMNS = ["rank", "kind", "priority_id", "department", "period", "subject", "explanation", "look_at"]
RESTATED = "Past actuals restated"
TOO_GOOD = "Actuals exactly on the trajectory"
REPEATED = "Actuals repeated exactly"
UNITS = "Likely units error"
NO_SOURCE = "No source recorded"
KINDS = (UNITS, RESTATED, TOO_GOOD, REPEATED, NO_SOURCE)
RATINGS, MILESTONES, TRAJECTORIES = "Priority page: ratings", "Priority page: milestones", "Priority page: trajectories"
FACTORS = (1_000, 1_000_000)
NEAR = 2.0  # a ratio within a factor of 2 of 1,000 or 1,000,000 (500 to 2,000 times) looks like wrong units


def flag(rank: int, kind: str, owner: dict, period, subject: str, text: str, look_at: str) -> dict:
    """One flag: ``owner`` gives priority_id and lead_department."""
    return {
        "rank": rank,
        "kind": kind,
        "priority_id": owner["priority_id"],
        "department": owner.get("lead_department"),
        "period": pd.Timestamp(period).date(),
        "subject": subject,
        "explanation": text,
        "look_at": look_at,
    }


def blank(value) -> bool:
    """None, NaN or only spaces."""
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (not isinstance(value, str) and pd.isna(value))
    )


def day_text(value) -> str:
    """'30 Jun 2026' (calendar.date_text: one way to write a date)."""
    return date_text(value)


def number(value) -> str:
    """A figure as the tables write it: '59,800', '74.6'."""
    return figure_text(float(value))


def series_flags(ask: Ask, picture: Picture, exact_periods: int) -> list[dict]:
    """Every series flag of the picture's indicators."""
    inds = picture.indicators
    if inds.empty:
        return []
    owners = _owners(inds, picture.priorities)
    restated = only(ask("actual_restatements", as_at=picture.as_at), picture.ids)
    return [
        *units_errors(picture.actuals, owners),
        *restatements(restated, owners),
        *exact_runs(picture.actuals, picture.trajectory, owners, exact_periods),
        *no_source(inds, owners),
    ]


def _owners(inds: pd.DataFrame, prios: pd.DataFrame) -> dict[tuple, dict]:
    """(department, indicator_id) and (priority_id, indicator_id) -> the indicator's row with its lead department."""
    leads = dict(zip(prios["priority_id"], prios["lead_department"])) if len(prios) else {}
    last = dict(zip(prios["priority_id"], prios["last_return"])) if "last_return" in prios else {}
    out = {}
    for r in inds.to_dict("records"):
        row = r | {"lead_department": leads.get(r["priority_id"]), "last_return": last.get(r["priority_id"])}
        out[("dept", r["department"], r["indicator_id"])] = row
        out[("prio", r["priority_id"], r["indicator_id"])] = row
    return out


def _named(row: dict) -> str:
    return f"{row['indicator_id']} ({row['name']})"


def restatements(restated: pd.DataFrame, owners: dict) -> list[dict]:
    """One flag per indicator and return that restated past national figures: how many, which, an example."""
    rows = []
    if restated.empty:
        return rows
    for (pid, iid, when), mine in restated.groupby(["priority_id", "indicator_id", "return_period"], sort=True):
        owner = owners.get(("prio", pid, iid))
        if owner is None:
            continue
        first = mine.sort_values("period_end").iloc[0]
        n = len(mine)
        text = (
            f"{_named(owner)}: the return of {day_text(when)} restated {n} past figure{'s' if n > 1 else ''} "
            f"({_span(mine['period_end'])}); for example {day_text(first['period_end'])} from "
            f"{number(first['was'])} to {number(first['now'])}."
        )
        rows.append(flag(2, RESTATED, owner, when, iid, text, TRAJECTORIES))
    return rows


def _span(dates: pd.Series) -> str:
    first, last = pd.to_datetime(dates).min(), pd.to_datetime(dates).max()
    return day_text(first) if first == last else f"{day_text(first)} to {day_text(last)}"


def _national(actuals: pd.DataFrame) -> pd.DataFrame:
    if actuals.empty:
        return actuals
    keep = actuals[actuals["area_code"].isna()] if "area_code" in actuals else actuals
    return keep.dropna(subset=["actual_value"]).assign(period_end=lambda d: pd.to_datetime(d["period_end"]))


def exact_runs(actuals: pd.DataFrame, trajectory: pd.DataFrame, owners: dict, least: int) -> list[dict]:
    """Indicators whose latest ``least`` or more figures in a row equal the trajectory exactly, or each other."""
    national, rows = _national(actuals), []
    if national.empty:
        return rows
    planned = {}
    if not trajectory.empty:
        # Keyed by the period's microseconds, not its Timestamp (slow to hash): 8,000 plans at national scale
        ends = _micros(pd.to_datetime(trajectory["period_end"]))
        columns = (trajectory["department"].tolist(), trajectory["indicator_id"].tolist(), ends)
        planned = dict(zip(zip(*columns), trajectory["planned_value"].tolist()))
    for (dept, iid), values, dates, micros in _series(national):
        owner = owners.get(("dept", dept, iid))
        if owner is None:
            continue
        # Only the periods the trajectory plans are compared: a monthly series against a quarterly plan
        # is judged at the quarter ends, and the months between neither break nor extend the run.
        plans = [(d, v, planned[(dept, iid, m)]) for v, d, m in zip(values, dates, micros) if (dept, iid, m) in planned]
        on_plan = _run([_same(v, p) for _, v, p in plans])
        planned_dates = [d for d, _, _ in plans]
        repeated = 1 + _run([_same(a, b) for a, b in zip(values, values[1:])]) if len(values) > 1 else 1
        if on_plan >= least:
            text = (
                f"{_named(owner)}: the latest {on_plan} figures the trajectory plans "
                f"({_span(planned_dates[-on_plan:])}) equal it exactly, to the last digit: real data scatters, "
                "so ask how they are measured."
            )
            rows.append(flag(2, TOO_GOOD, owner, planned_dates[-1], iid, text, TRAJECTORIES))
        elif repeated >= least:
            text = (
                f"{_named(owner)}: the same figure, {number(values[-1])}, for the latest {repeated} periods "
                f"({_span(dates[-repeated:])}): carried forward rather than measured?"
            )
            rows.append(flag(3, REPEATED, owner, dates[-1], iid, text, TRAJECTORIES))
    return rows


def _series(national: pd.DataFrame):
    """((department, indicator_id), values, period ends, their _micros) of each series, oldest first, in the
    series' order. One sort and plain lists, not a frame per group: 450 series at national scale."""
    ordered = national.sort_values(["department", "indicator_id", "period_end"], kind="stable")
    rows = zip(
        ordered["department"],
        ordered["indicator_id"],
        ordered["period_end"].tolist(),
        ordered["actual_value"].tolist(),
        _micros(ordered["period_end"]),
    )
    for key, group in itertools.groupby(rows, key=lambda r: r[:2]):
        points = list(group)
        yield key, [p[3] for p in points], [p[2] for p in points], [p[4] for p in points]


def _micros(dates: pd.Series) -> list[int]:
    """Each date as whole microseconds (a blank as NaT's own number, so blanks match blanks as before)."""
    return dates.dt.as_unit("us").to_numpy().view("i8").tolist()


def _same(a, b) -> bool:
    return b is not None and not pd.isna(b) and abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def _run(flags: list[bool]) -> int:
    """How many of the last ``flags`` in a row are true."""
    n = 0
    for f in reversed(flags):
        if not f:
            break
        n += 1
    return n


def units_errors(actuals: pd.DataFrame, owners: dict) -> list[dict]:
    """A figure about 1,000 or 1,000,000 times its own series' median (or that much smaller): wrong units.
    Vectorised: the ratio of every national figure to its series' median at once."""
    national, rows = _national(actuals), []
    if national.empty:
        return rows
    groups = national.groupby(["department", "indicator_id"], sort=False)["actual_value"]
    median, size = groups.transform("median"), groups.transform("size")
    ratio = (national["actual_value"] / median.where(median != 0)).abs()
    far = pd.concat([ratio, 1 / ratio], axis=1).max(axis=1)
    near = pd.Series(False, index=national.index)
    for f in FACTORS:
        near |= far.between(f / NEAR, f * NEAR)
    picked = national[near & (size >= 3)].assign(_median=median, _ratio=ratio).sort_values("period_end")
    for r in picked.to_dict("records"):
        owner = owners.get(("dept", r["department"], r["indicator_id"]))
        if owner is None:
            continue
        factor = next(f for f in FACTORS if f / NEAR <= max(r["_ratio"], 1 / r["_ratio"]) <= f * NEAR)
        way = "times" if r["_ratio"] > 1 else "times smaller than"
        text = (
            f"{_named(owner)}: the figure for {day_text(r['period_end'])}, {number(r['actual_value'])}, is about "
            f"{factor:,} {way} the series' median ({number(r['_median'])}): entered in the wrong units?"
        )
        rows.append(flag(1, UNITS, owner, r["period_end"], r["indicator_id"], text, TRAJECTORIES))
    return rows


def no_source(inds: pd.DataFrame, owners: dict) -> list[dict]:
    """Indicators with no source recorded: nobody can check where the numbers come from."""
    rows = []
    for r in inds.to_dict("records"):
        if blank(r.get("source")):
            owner = owners[("prio", r["priority_id"], r["indicator_id"])]
            text = f"{_named(owner)} has no source recorded, so nobody can check where its figures come from."
            rows.append(
                flag(
                    3,
                    NO_SOURCE,
                    owner,
                    owner["last_return"],
                    r["indicator_id"],
                    text,
                    TRAJECTORIES,
                )
            )
    return rows
