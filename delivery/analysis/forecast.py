"""Where an indicator lands if nothing changes: a forecast to its target date (no Streamlit, no DuckDB).

**Method.** A straight-line trend through the indicator's recent actuals (the last
``recent_points``, from its current baseline date on when it has been re-baselined), fitted by
Theil–Sen: the slope is the median of the slopes between every pair of points, the level the
median of what is left. Why Theil–Sen rather than least squares: returns hold few points (4 to
12), and one restated or mistyped figure (a units error, a one-off surge) moves a least-squares
line a long way but a median hardly at all (it tolerates up to 29% bad points); it needs only
numpy, and a delivery unit can check it by hand. Why a straight line: a trajectory is a plan to
move at a rate, and "at this rate" is the question ministers ask; curves fitted to six points
promise more than they know.

**Band.** A residual bootstrap with a fixed seed (so every surface and every run shows the same
numbers): the residuals from the line are resampled onto it ``SAMPLES`` times, each sample is
fitted again by Theil–Sen, and one resampled residual is added to each sample's projection (the
next figure scatters about the line as the past ones did). The band is the 10th to 90th
percentile of those projections (an 80% band); the *chance* of reaching the target is the share
of them that meet it at the target date. A series that sits exactly on a line has no scatter, so
its band is the line itself and its chance is 0 or 100: the unit tests compute those by hand.

**Time** is counted in calendar months (a period ending in Mar 2027 is month 2027×12+2), so a
quarterly series is evenly spaced, rates are "a month", and a date reached is a month.

The verdict in words is the field's: "on course" when the chance is at least
``on_course_pct``, "off course" under ``off_course_pct``, "at risk" between; a series whose
latest figure is older than ``stale_months`` is never "on course".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from delivery import settings
from delivery.analysis.forecast_words import amount, caveats, lateness, month_text, rate

ON_COURSE, AT_RISK, OFF_COURSE = "on course", "at risk", "off course"
VERDICTS = (ON_COURSE, AT_RISK, OFF_COURSE)
FORECAST, TOO_FEW, NO_TARGET, DATE_PASSED = "forecast", "too few points", "no target", "target date passed"
SAMPLES = 200
SEED = 22
BAND = (10, 90)
HORIZON_MONTHS = 36  # a projection is drawn at most this far past the target date


@dataclass(frozen=True)
class ForecastRules:
    """The thresholds (settings DELIVERY_FORECAST_*): points needed and used, verdict cut-offs, staleness."""

    min_points: int = 3
    recent_points: int = 8
    on_course_pct: float = 70.0
    off_course_pct: float = 30.0
    stale_months: int = 6


@dataclass(frozen=True)
class Forecast:
    """One indicator's forecast. Rates are per month; ``months_late`` is negative when early; ``reached``
    is None when the target is not reached on the current trend; ``projection`` draws the dashed line."""

    situation: str
    sentence: str
    verdict: str | None = None
    points_used: int = 0
    latest: tuple[dt.date, float] | None = None
    already_met: bool = False
    reached: dt.date | None = None
    months_late: int | None = None
    needed_per_month: float | None = None
    achieved_per_month: float | None = None
    chance_pct: float | None = None
    at_target: tuple[float, float, float] | None = None  # (value, low, high) at the target date
    missing_periods: int = 0
    stale_months: int | None = None
    line: tuple[float, float, int, int] | None = None  # level, slope a month, first and last month drawn
    # The points the line was fitted to, (month, value): the band is drawn again from them on demand (the same
    # seed gives the same band), so a cached picture does not carry 600 numbers an indicator.
    fitted: tuple = field(default=(), repr=False)

    def projection(self) -> list[tuple[dt.date, float, float, float]]:
        """(month end, value, band low, band high) for each month from the latest figure to the target date
        (or the month the trend reaches the target, at most HORIZON_MONTHS later): the chart's dashed line."""
        if self.line is None:
            return []
        level, slope, first, last = self.line
        months = np.arange(first, last + 1)
        x, y = (np.array(v, float) for v in zip(*self.fitted))
        levels, slopes, noise = _bootstrap(x, y, slope, level)
        low, high = np.percentile(levels[:, None] + slopes[:, None] * months + noise[:, None], BAND, axis=0)
        return [
            (month_end(int(m)), float(level + slope * m), float(lo), float(hi)) for m, lo, hi in zip(months, low, high)
        ]


def rules_from_settings(secrets=None) -> ForecastRules:
    """The forecast thresholds as the settings give them (DELIVERY_FORECAST_*)."""
    return ForecastRules(
        *(
            settings.get(f"DELIVERY_FORECAST_{name}", secrets)
            for name in ("MIN_POINTS", "RECENT_POINTS", "ON_COURSE_PCT", "OFF_COURSE_PCT", "STALE_MONTHS")
        )
    )


def month_of(day) -> int:
    """The month number of a date: Mar 2027 is 2027*12 + 2."""
    if not isinstance(day, dt.date):  # a datetime or Timestamp is a date too: its year and month are read as they are
        day = _date(day)
    return day.year * 12 + day.month - 1


def month_end(month: int) -> dt.date:
    """The last day of month number ``month``."""
    year, m = divmod(month + 1, 12)
    return dt.date(year, m + 1, 1) - dt.timedelta(days=1)


def theil_sen(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(slope, level at x=0) of the Theil–Sen line through each row of ``y`` (shape (samples, n) or (n,))."""
    y2 = np.atleast_2d(y)
    i, j = _pairs(len(x))
    keep = x[j] != x[i]
    slopes = (y2[:, j[keep]] - y2[:, i[keep]]) / (x[j[keep]] - x[i[keep]])
    slope = _median_rows(slopes)
    level = _median_rows(y2 - slope[:, None] * x)
    return (slope, level) if y.ndim == 2 else (slope[0], level[0])


@functools.cache
def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, 1)


def _median_rows(a: np.ndarray) -> np.ndarray:
    """The median of each row: np.median's result, by one sort (np.median's checks cost more than the work
    on rows of 28 slopes, and a national picture forecasts 450 indicators)."""
    ordered, k = np.sort(a, axis=1), a.shape[1]
    return (ordered[:, (k - 1) // 2] + ordered[:, k // 2]) / 2


def forecast(
    points: Sequence[tuple],
    direction: str,
    target_value: float | None,
    target_date,
    as_at,
    *,
    baseline_date=None,
    earlier_target: tuple | None = None,
    rules: ForecastRules = ForecastRules(),
) -> Forecast:
    """The forecast of one indicator from its ``points`` ((period_end, actual) pairs, any order; blanks
    skipped) to ``target_date``, as at ``as_at``. ``direction`` is 'up' or 'down' (lower is better);
    ``baseline_date`` the current baseline (a re-baselined series is fitted from it on);
    ``earlier_target`` (value, date) the target before a re-baseline, said beside the current one."""
    series = sorted((month_of(d), float(v)) for d, v in points if d is not None and _number(v))
    if _blank(target_value) or target_date is None or _blank_date(target_date):
        return Forecast(NO_TARGET, "No target value or date is recorded, so there is no forecast.")
    used = _window(series, baseline_date, rules)
    if len(used) < rules.min_points:
        return Forecast(
            TOO_FEW,
            f"Too few figures to forecast: {len(used)} (at least {rules.min_points} are needed).",
            points_used=len(used),
        )
    if len({m for m, _ in used}) < 2:  # no two in different months: no line through them (a trend needs time)
        return Forecast(
            TOO_FEW,
            f"Too few periods to forecast: the {len(used)} figures all fall in {month_end(used[0][0]):%B %Y}.",
            points_used=len(used),
        )
    x, y = np.array([m for m, _ in used], float), np.array([v for _, v in used])
    sign = -1.0 if direction == "down" else 1.0
    target, target_m = float(target_value), month_of(target_date)
    latest_m, latest_v = used[-1]
    old = month_of(as_at) - latest_m
    facts = dict(
        points_used=len(used),
        latest=(month_end(latest_m), latest_v),
        already_met=sign * (latest_v - target) >= 0,
        missing_periods=_missing(x),
        stale_months=old if old >= rules.stale_months else None,
    )
    if target_m <= latest_m:
        return _date_passed(target, target_m, facts)
    return _projected(x, y, sign, target, target_m, facts, earlier_target, rules)


def _projected(x, y, sign, target, target_m, facts, earlier, rules) -> Forecast:
    """The forecast of a series whose target date is still ahead of its latest figure."""
    slope, level = theil_sen(x, y)
    latest_m, latest_v = month_of(facts["latest"][0]), facts["latest"][1]
    samples = _bootstrap(x, y, slope, level)
    reached = _reach(slope, level, target, latest_m) if sign * slope > 0 else None
    if facts["already_met"]:
        reached = latest_m
    at_target = samples[0] + samples[1] * target_m + samples[2]
    low, high = np.percentile(at_target, BAND)
    chance = float(np.mean(sign * (at_target - target) >= -1e-9) * 100)
    verdict = ON_COURSE if chance >= rules.on_course_pct else OFF_COURSE if chance < rules.off_course_pct else AT_RISK
    if verdict == ON_COURSE and facts["stale_months"] is not None:
        verdict = AT_RISK
    out = Forecast(
        FORECAST,
        "",
        verdict,
        reached=month_end(reached) if reached is not None else None,
        months_late=reached - target_m if reached is not None else None,
        needed_per_month=(target - latest_v) / (target_m - latest_m),
        achieved_per_month=float(slope),
        chance_pct=chance,
        at_target=(float(level + slope * target_m), float(low), float(high)),
        line=(float(level), float(slope), latest_m, max(target_m, min(reached or 0, target_m + HORIZON_MONTHS))),
        fitted=tuple(zip(x.tolist(), y.tolist())),
        **facts,
    )
    return _said(out, target, target_m, earlier, slope, level, sign)


def _date_passed(target: float, target_m: int, facts: dict) -> Forecast:
    latest_m, latest_v = month_of(facts["latest"][0]), facts["latest"][1]
    met = facts["already_met"]
    words = "meets" if met else "falls short of"
    sentence = (
        f"The target date ({month_text(month_end(target_m))}) has passed: the latest figure, "
        f"{amount(latest_v)} ({month_text(month_end(latest_m))}), {words} the target of {amount(target)}."
    )
    sentence += caveats(facts["missing_periods"], facts["stale_months"])
    return Forecast(DATE_PASSED, sentence, ON_COURSE if met else OFF_COURSE, **facts)


def _said(out: Forecast, target, target_m, earlier, slope, level, sign) -> Forecast:
    """The forecast with its sentence: where the trend lands, the rates, and the caveats."""
    rates = f"{rate(out.needed_per_month)} is needed, {rate(out.achieved_per_month)} achieved"
    if out.already_met:
        latest_d, latest_v = out.latest
        text = f"The target of {amount(target)} is already met ({amount(latest_v)} in {month_text(latest_d)})"
        if sign * slope < 0:
            text += f", but the trend is moving away from it ({rate(out.achieved_per_month)})"
        text += "."
    elif out.reached is None:
        text = (
            f"Not on current trend to reach the target of {amount(target)} by "
            f"{month_text(month_end(target_m))}: {rates}."
        )
    else:
        text = (
            f"At this rate the target of {amount(target)} is reached in {month_text(out.reached)}, "
            f"{lateness(out.months_late)}; {rates}."
        )
    if earlier is not None and not _blank(earlier[0]) and earlier[1] is not None:
        text += " " + _against_earlier(earlier, slope, level, sign, out)
    return _replace(out, sentence=text + caveats(out.missing_periods, out.stale_months))


def _against_earlier(earlier, slope, level, sign, out: Forecast) -> str:
    """How the trend does against the target before the re-baseline: both are shown."""
    value, month = float(earlier[0]), month_of(earlier[1])
    head = f"Against the earlier target of {amount(value)} by {month_text(month_end(month))}:"
    latest_m = month_of(out.latest[0])
    if sign * (out.latest[1] - value) >= 0:
        return f"{head} already met."
    reached = _reach(slope, level, value, latest_m) if sign * slope > 0 else None
    return f"{head} not on current trend." if reached is None else f"{head} {lateness(reached - month)}."


def _reach(slope: float, level: float, target: float, after: int) -> int | None:
    """The first whole month (not before ``after``) when the line reaches ``target``; None for a flat line.
    Called only for a line moving towards the target."""
    if slope == 0:
        return None
    return max(math.ceil((target - level) / slope - 1e-9), after)


def _bootstrap(x, y, slope, level) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(levels, slopes, noise) of the residual bootstrap: one Theil–Sen refit and one residual per sample."""
    refit, picked = _resampled(len(y))
    resid = y - (level + slope * x)
    draws = (level + slope * x) + resid[refit]
    slopes, levels = theil_sen(x, draws)
    noise = resid[picked]
    return levels, slopes, noise


@functools.cache
def _resampled(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The bootstrap's draws for a series of ``n`` points: which residuals each sample's refit takes, and
    each sample's one residual. The same seed gives the same draws for every series of that length, so they
    are drawn once (a national picture forecasts 450 indicators, most of 8 points)."""
    rng = np.random.default_rng(SEED)
    refit = rng.integers(0, n, (SAMPLES, n))
    refit.setflags(write=False)
    picked = rng.integers(0, n, SAMPLES)
    picked.setflags(write=False)
    return refit, picked


def _window(series: list[tuple[int, float]], baseline_date, rules: ForecastRules) -> list[tuple[int, float]]:
    """The recent points the line is fitted to: from the current baseline on, when enough are there."""
    if baseline_date is not None and not _blank_date(baseline_date):
        since = [p for p in series if p[0] >= month_of(baseline_date)]
        if len(since) >= rules.min_points:
            series = since
    return series[-rules.recent_points :]


def _missing(x: np.ndarray) -> int:
    """Periods missing between the points, at the series' own cadence (its shortest step)."""
    steps = np.diff(x)
    steps = steps[steps > 0]
    if steps.size == 0:
        return 0
    return int(sum(round(s / steps.min()) - 1 for s in steps))


def _replace(out: Forecast, **changes) -> Forecast:
    return dataclasses.replace(out, **changes)


def _number(v) -> bool:
    try:
        return v is not None and not math.isnan(float(v))
    except (TypeError, ValueError):
        return False


def _blank(v) -> bool:
    return not _number(v)


def _blank_date(v) -> bool:
    try:
        return v != v or str(v) in ("NaT", "nan", "None")  # NaT and NaN are not equal to themselves
    except (TypeError, ValueError):
        return True


def _date(day) -> dt.date:
    if isinstance(day, dt.datetime):
        return day.date()
    return day if isinstance(day, dt.date) else pd.Timestamp(day).date()
