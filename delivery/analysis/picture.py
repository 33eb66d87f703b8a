"""One picture of a scope as at a period: what every page, brief and command reads (no Streamlit).

"How many priorities are Red", "what improved", "which department is late" each have one
answer, computed here once for a scope (the whole government, a department, a theme or one
priority) and an "as at" period, and laid out by the Overview, Priorities, Milestones,
Delivery chains, Indicators, What changed and Brief pages, the PDF, PowerPoint and Excel
briefs, and ``python -m delivery picture``. None of them counts anything again.

The rules (docs/one-picture.md says them for a delivery unit):

- **Each department's own calendar.** A priority is *reported this period* when its
  department's latest return covers the period the reporting calendar expects of it as at the
  date; otherwise it is *not reported this period* (stale: "Not updated since 30 Jun 2026").
  Its rating *before* is its rating at its own department's previous reporting period, so a
  quarterly department is never compared with a monthly one's last month.
- **Stale priorities are counted apart**: not in the rating counts or movement, not in the
  due and overdue milestone lists, and not in "what changed" (nothing was reported). Once
  their department has missed more than ``stale_after`` due periods they leave the picture
  ("No return for 3 periods").
- **A priority that left the portfolio** (its department's newer return no longer lists it,
  or its department ended with nobody reporting it) is not silently dropped: it is listed in
  ``ended`` with its last rating and when it left, and is a change of its own kind.
- **Scale changes are not movement**: a move between a three-point and a five-point rating
  that the two scales cannot tell apart is "Scale changed" in every count and sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from delivery import settings
from delivery.analysis import ended as ended_rows
from delivery.analysis import forecast, forecasts, milestone_status, movement, reporting, trajectories
from delivery.errors import DeliveryError
from delivery.reference import profile
from delivery.reference.calendar import Calendar, date_text, read_calendar
from delivery.reference.departments import read_departments

Ask = Callable[..., pd.DataFrame]

REPORTED, STALE = "Reported this period", reporting.NOT_REPORTED
NO_RETURN, LEFT = ended_rows.NO_RETURN, ended_rows.LEFT
STANDINGS = (REPORTED, STALE, NO_RETURN, LEFT)
EACH_DEPARTMENT = "each department's previous return"


@dataclass(frozen=True)
class Rules:
    """What the picture depends on besides the store: the reporting calendar, how many missed
    periods a priority stays in the picture for (DELIVERY_STALE_AFTER_PERIODS), and today
    (which returns are due yet), and the forecasts' thresholds (DELIVERY_FORECAST_*)."""

    calendar: Calendar = field(default_factory=Calendar)
    stale_after: int = 2
    today: dt.date = field(default_factory=dt.date.today)
    forecast: forecast.ForecastRules = field(default_factory=forecast.ForecastRules)


def rules_from_settings(today: dt.date | None = None) -> Rules:
    """The rules as the settings give them (DELIVERY_CALENDAR, DELIVERY_STALE_AFTER_PERIODS): the command line's."""
    calendar = read_calendar(profile.calendar_path(), set(read_departments()["code"]))
    stale_after = settings.get("DELIVERY_STALE_AFTER_PERIODS")
    return Rules(calendar, stale_after, today or dt.date.today(), forecast.rules_from_settings())


@dataclass(frozen=True)
class Scope:
    """What a picture covers: the whole government, a department (lead or contributing), a theme, or one priority."""

    department: str | None = None
    priority_id: str | None = None
    theme: str | None = None

    def label(self) -> str:
        """'Whole government', 'Department: DfE (leads or contributes)', 'Theme: Health' or 'Priority HEA-01'."""
        if self.priority_id:
            return f"Priority {self.priority_id}"
        parts = [
            f"Department: {self.department} (leads or contributes)" if self.department else "",
            f"Theme: {self.theme}" if self.theme else "",
        ]
        return " · ".join(p for p in parts if p) or "Whole government"

    def params(self, as_at: dt.date) -> dict:
        """The named parameters of the scoped queries."""
        return {"as_at": as_at, "department": self.department, "theme": self.theme}


@dataclass
class Picture:
    """Everything known of a scope as at a period, as frames.

    priorities: one row per priority in the picture (reported this period, or stale within
      ``stale_after``): priority_list's columns plus standing, expected_period,
      previous_period, periods_missed, stale, rag_before, scale_before, scale_now, movement,
      trend and the centre's rating (centre_rag, centre_period, centre_reason,
      centre_rated_by, centre_rag_before, centre_movement). Ordered by ID.
    ended: priorities in scope that are out of the picture: standing (NO_RETURN or LEFT), left_on,
      last_return, last rating (rag), department, title, detail (a sentence).
    returns: the return each department in scope owes (reporting.returns_status).
    milestones: the picture's milestones classified as at the period, each priority's
      "this period" starting at its own department's previous period; stale marks those of
      priorities not reported this period (kept out of the due and overdue counts).
    """

    scope: Scope
    as_at: dt.date | None
    rules: Rules
    priorities: pd.DataFrame
    ended: pd.DataFrame
    returns: pd.DataFrame
    milestones: pd.DataFrame
    indicators: pd.DataFrame  # indicator_list of the picture's priorities
    status: pd.DataFrame  # their indicators judged on or off trajectory
    trajectory: pd.DataFrame  # current planned paths of those indicators
    actuals: pd.DataFrame  # their national actuals
    risks: pd.DataFrame
    actions: pd.DataFrame  # stocktake actions as at the period, for the picture's priorities
    first_period: bool = False  # no return in the store is for an earlier period: nothing to compare with

    @property
    def empty(self) -> bool:
        """No priority in the picture (or no data at all)."""
        return self.priorities.empty

    @property
    def current(self) -> pd.DataFrame:
        """The priorities reported this period."""
        return movement.current(self.priorities)

    @property
    def params(self) -> dict:
        """The named parameters of the scope's queries as at the picture's period."""
        return self.scope.params(self.as_at)

    @property
    def ids(self) -> set[str]:
        """The IDs of the priorities in the picture."""
        return set(self.priorities["priority_id"])

    def escalations(self) -> pd.DataFrame:
        """The picture's open risks, issues and barriers escalated to the centre or a minister, the minister's first."""
        if self.risks.empty:
            return self.risks
        up = self.risks[(self.risks["status"] == "open") & self.risks["escalation"].isin(["centre", "minister"])]
        return up.sort_values(["escalation", "priority_id", "risk_id"], ascending=[False, True, True])

    def previous_periods(self) -> list[dt.date]:
        """The distinct previous periods the priorities reported this period are compared with, oldest first."""
        return sorted({reporting.day(p) for p in self.current["previous_period"]}) if not self.empty else []

    def since_text(self) -> str | None:
        """'30 Jun 2026' when every priority is compared with one date, "each department's previous
        return" when they differ, None when nothing is compared (nothing reported this period)."""
        before = self.previous_periods()
        return date_text(before[0]) if len(before) == 1 else EACH_DEPARTMENT if before else None

    def facts(self) -> dict:
        """The picture's counts: what every surface shows and the consistency test compares."""
        now = self.current
        ended = self.ended["standing"].value_counts() if not self.ended.empty else pd.Series(dtype=int)
        return {
            "priorities": len(self.priorities),
            "reported": len(now),
            "not_reported": movement.not_reported(self.priorities),
            "no_longer_reported": int(ended.get(NO_RETURN, 0)),
            "left_the_portfolio": int(ended.get(LEFT, 0)),
            "ratings": _rating_counts(now),
            "movement": movement.movement_counts(now),
            "milestones": milestone_status.milestone_counts(self.milestones),
            "indicators": status_counts(self.status),
            "returns": {
                "expected": len(self.returns),
                "received": int(self.returns["received"].sum()),
                "overdue": int((self.returns["periods_missed"] > 0).sum()),
            }
            if len(self.returns)
            else {"expected": 0, "received": 0, "overdue": 0},
        }


def _rating_counts(priorities: pd.DataFrame) -> dict[str, int]:
    counts = movement.rating_counts(priorities["rag"] if len(priorities) else [])
    return {r: int(n) for r, n in zip(counts["rating"], counts["priorities"])}


def status_counts(status: pd.DataFrame) -> dict[str, int]:
    """How many indicators are on and off trajectory."""
    counts = status["status"].value_counts() if not status.empty else {}
    return {s: int(counts.get(s, 0)) for s in (trajectories.ON, trajectories.OFF)}


def gather(ask: Ask, scope: Scope, as_at: dt.date | None, rules: Rules) -> Picture:
    """The picture of ``scope`` as at ``as_at`` (None: an empty store), from the named queries through ``ask``."""
    outline = sketch(ask, scope, as_at, rules)
    if as_at is None:
        return outline
    inds, status, traj, acts = indicators_of(ask, outline.params, outline.ids, rules.forecast)
    return fill(outline, milestones_of(ask, outline), inds, status, traj, acts, *risks_and_actions_of(ask, outline))


def sketch(ask: Ask, scope: Scope, as_at: dt.date | None, rules: Rules) -> Picture:
    """The picture's priorities, those out of it and the returns owed, without the milestones, indicators, risks
    and actions (empty frames): what the pages that need no more ask for (the app caches each part apart)."""
    if as_at is None:
        return _nothing(scope, rules)
    loaded = ask("department_returns")
    returns = reporting.returns_status(rules.calendar, loaded, as_at, rules.today)
    standing, priorities, ended = standings(ask, scope, as_at, rules)
    empty = pd.DataFrame()
    return Picture(
        scope,
        as_at,
        rules,
        priorities,
        ended,
        _returns_in_scope(returns, standing, scope),
        empty,
        empty,
        empty,
        empty,
        empty,
        empty,
        empty,
        first_period=not any(reporting.day(p) < as_at for p in loaded["return_period"]),
    )


def fill(
    outline: Picture,
    milestones: pd.DataFrame,
    indicators: pd.DataFrame,
    status: pd.DataFrame,
    trajectory: pd.DataFrame,
    actuals: pd.DataFrame,
    risks: pd.DataFrame,
    actions: pd.DataFrame,
) -> Picture:
    """The sketched picture with its details (from milestones_of, indicators_of and risks_and_actions_of)."""
    return dataclasses.replace(
        outline,
        milestones=milestones,
        indicators=indicators,
        status=status,
        trajectory=trajectory,
        actuals=actuals,
        risks=risks,
        actions=actions,
    )


def milestones_of(ask: Ask, outline: Picture) -> pd.DataFrame:
    """The picture's milestones classified as at the period, "this period" from each priority's previous period."""
    return classify(ask("milestone_list", **outline.params), outline.priorities, outline.as_at)


def risks_and_actions_of(ask: Ask, outline: Picture) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(risks, stocktake actions) of the picture's priorities as at the period."""
    return (
        only(ask("risk_list", **outline.params), outline.ids),
        only(ask("stocktake_actions_at", as_at=outline.as_at), outline.ids),
    )


def standings(ask: Ask, scope: Scope, as_at: dt.date, rules: Rules) -> tuple[pd.DataFrame, ...]:
    """(every priority in scope with its standing, the picture's priorities with movement and the centre's
    rating, those out of the picture): the part of ``gather`` that one priority's page needs."""
    params = scope.params(as_at)
    standing = with_standing(_keep(ask("priority_list", **params), scope), rules, as_at)
    shown = standing[standing["standing"] != NO_RETURN].reset_index(drop=True)
    ended = pd.concat(
        [
            ended_rows.no_return(standing[standing["standing"] == NO_RETURN], rules.stale_after),
            ended_rows.left(_keep(ask("priorities_ended", **params), scope)),
        ],
        ignore_index=True,
    )
    return standing, _with_centre(ask, movement.with_movement(shown), as_at), ended


def as_at_choices(ask: Ask, rules: Rules) -> tuple[list[dt.date], dt.date | None]:
    """The "as at" periods of the reporting calendar, newest first, and the default: the latest
    whose returns are all due by today (the sidebar's choices, and the command line's)."""
    loaded = ask("department_returns")
    choices = reporting.as_at_choices(rules.calendar, loaded)
    return choices, reporting.default_as_at(rules.calendar, loaded, choices, rules.today)


def resolve_as_at(ask: Ask, rules: Rules, wanted: dt.date | None) -> dt.date | None:
    """``wanted`` if it is one of the "as at" periods, the default period if None; refuses another date."""
    choices, default = as_at_choices(ask, rules)
    if wanted is None or not choices:
        return default
    if wanted not in choices:
        shown = ", ".join(f"{p:%Y-%m-%d}" for p in choices[:6])
        raise DeliveryError(f"There is no reporting period {wanted:%Y-%m-%d} in the store; the latest are {shown}.")
    return wanted


def with_standing(listed: pd.DataFrame, rules: Rules, as_at: dt.date) -> pd.DataFrame:
    """priority_list rows with the calendar's view of each: expected_period, previous_period (its own
    department's period before the expected one), periods_missed (due periods with no return),
    stale, standing (REPORTED, STALE or NO_RETURN), and rag_before, scale_before and scale_now."""
    out = listed.copy()
    cols = (
        "expected_period",
        "previous_period",
        "periods_missed",
        "stale",
        "standing",
        "rag_before",
        "scale_before",
        "scale_now",
    )
    if out.empty:
        return out.assign(**{c: pd.Series(dtype="object") for c in cols})
    cal, last = rules.calendar, [reporting.day(p) for p in out["last_return"]]
    expected = [cal.expected_period(d, as_at) for d in out["department"]]
    out["expected_period"] = expected
    out["previous_period"] = [cal.previous_period(d, e) for d, e in zip(out["department"], expected)]
    out["periods_missed"] = [
        len(reporting.missed_periods(cal, d, lr, as_at, rules.today)) for d, lr in zip(out["department"], last)
    ]
    out["stale"] = [lr < e for lr, e in zip(last, expected)]
    out["standing"] = [
        NO_RETURN if n > rules.stale_after else STALE if s else REPORTED
        for n, s in zip(out["periods_missed"], out["stale"])
    ]
    hist = list(zip(out["rag_history"], out["rag_periods"], out["rag_scales"]))
    out["rag_before"] = [reporting.rating_as_at(r, p, when) for (r, p, _), when in zip(hist, out["previous_period"])]
    out["scale_before"] = [reporting.rating_as_at(s, p, when) for (_, p, s), when in zip(hist, out["previous_period"])]
    out["scale_now"] = [reporting.rating_as_at(s, p, lr) for (_, p, s), lr in zip(hist, last)]
    return out


def _returns_in_scope(returns: pd.DataFrame, standing: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The returns owed by the departments of the scope's priorities (every department for the whole government)."""
    if scope.department is None and scope.priority_id is None and scope.theme is None:
        return returns
    wanted = set(standing["department"]) | ({scope.department} if scope.department else set())
    return returns[returns["department"].isin(wanted)].reset_index(drop=True)


def _with_centre(ask: Ask, priorities: pd.DataFrame, as_at: dt.date) -> pd.DataFrame:
    """Add the centre's rating in force as at the period, and at each priority's previous period, with its movement."""
    cols = ["centre_rag", "centre_period", "centre_reason", "centre_rated_by"]
    out = (
        priorities.merge(ask("centre_ratings_at", as_at=as_at), on="priority_id", how="left")
        if len(priorities)
        else priorities.assign(**dict.fromkeys(cols))
    )
    for c in cols:
        if c not in out:
            out[c] = None
    before = {}
    for period in {reporting.day(p) for p in out["previous_period"]} if len(out) else ():
        rated = ask("centre_ratings_at", as_at=period)
        before[period] = dict(zip(rated["priority_id"], rated["centre_rag"])) if not rated.empty else {}
    out["centre_rag_before"] = (
        [before.get(reporting.day(p), {}).get(pid) for pid, p in zip(out["priority_id"], out["previous_period"])]
        if len(out)
        else []
    )
    out["centre_movement"] = (
        [
            movement.movement(b, n) if isinstance(n, str) else None
            for b, n in zip(out["centre_rag_before"], out["centre_rag"])
        ]
        if len(out)
        else []
    )
    return out


def classify(rows: pd.DataFrame, priorities: pd.DataFrame, as_at: dt.date) -> pd.DataFrame:
    """Milestones of ``priorities`` (rows with priority_id, previous_period and stale) classified as at the
    period: "this period" from each priority's own previous period, those of a stale priority not updated."""
    rows = only(rows, set(priorities["priority_id"]))
    by_id = priorities.set_index("priority_id") if len(priorities) else None
    start = rows["priority_id"].map(by_id["previous_period"]) if len(rows) else None
    out = milestone_status.classify_milestones(rows, as_at, start)
    out["stale"] = out["priority_id"].map(by_id["stale"]).astype(bool) if len(out) else pd.Series(dtype=bool)
    return milestone_status.set_stale(out)


def indicators_of(
    ask: Ask, params: dict, ids: set[str], rules: forecast.ForecastRules | None = None
) -> tuple[pd.DataFrame, ...]:
    """(indicators, status, trajectory, actuals) of the priorities ``ids`` as at ``params["as_at"]``:
    their indicators, each judged on or off trajectory and forecast to its target date
    (forecasts.COLUMNS; not when ``rules`` is None: an earlier period's side of a comparison needs none),
    its current planned path and national actuals."""
    inds = only(ask("indicator_list", **params), ids)
    wanted = set(inds["indicator_id"]) if not inds.empty else set()
    traj = _rows_of(ask("indicator_trajectories", as_at=params["as_at"]), wanted)
    acts = _rows_of(ask("indicator_national_actuals", as_at=params["as_at"]), wanted)
    status = trajectories.trajectory_status(inds, traj, acts)
    if rules is None:
        return inds, status, traj, acts
    earlier = forecasts.earlier_targets(ask("indicator_target_history", as_at=params["as_at"])) if len(inds) else {}
    return inds, forecasts.with_forecasts(status, acts, params["as_at"], rules, earlier), traj, acts


def _keep(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The rows of the one priority a priority scope names (all rows otherwise)."""
    if scope.priority_id is None or frame.empty:
        return frame.reset_index(drop=True)
    return frame[frame["priority_id"] == scope.priority_id].reset_index(drop=True)


def only(frame: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    """The rows of ``frame`` about the priorities ``ids``."""
    if frame.empty:
        return frame.reset_index(drop=True)
    return frame[frame["priority_id"].isin(ids)].reset_index(drop=True)


def _rows_of(frame: pd.DataFrame, indicator_ids: set[str]) -> pd.DataFrame:
    return frame[frame["indicator_id"].isin(indicator_ids)].reset_index(drop=True) if not frame.empty else frame


def _nothing(scope: Scope, rules: Rules) -> Picture:
    empty = pd.DataFrame()
    prios = pd.DataFrame(columns=["priority_id", "title", "rag", "standing", "previous_period", "stale", "movement"])
    return Picture(
        scope,
        None,
        rules,
        prios,
        pd.DataFrame(columns=ended_rows.COLUMNS),
        pd.DataFrame(columns=["department", "received", "periods_missed"]),
        empty,
        empty,
        empty,
        empty,
        empty,
        empty,
        empty,
    )
