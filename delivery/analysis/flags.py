"""Check every claim against the data: the flags a delivery unit raises, politely and with evidence (no Streamlit).

A self-rated Green is a claim, not a fact. Each flag here names its priority, department and
period, explains itself with the numbers behind it, says where to look, and has a priority (1 is
the most serious). The claims (ratings, commentary) and milestone and target histories are
checked here; the indicator series (exact fits, repeats, units errors, restatements, sources) in
delivery/analysis/flag_series.py. ``gather`` asks the store for what the picture does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from delivery import settings
from delivery.analysis import flag_series, forecast, milestone_status, trajectories
from delivery.analysis.flag_series import COLUMNS, blank, day_text, flag, number
from delivery.analysis.movement import scale_changed
from delivery.analysis.picture import Ask, Picture, only
from delivery.reference.ratings import AMBER_GREEN, AMBER_RED, GREEN, RED, score

NOT_SUPPORTED = "Rating not supported by its data"
UNEXPLAINED = "Rating without commentary"
COPIED = "Commentary copied while the rating moved"
SLIPPING = "Milestone slipped again and again"
REBASELINED = "Milestone re-baselined"
LOWERED = "Target lowered"
PUT_BACK = "Target date put back"
KINDS = (
    NOT_SUPPORTED,
    UNEXPLAINED,
    COPIED,
    SLIPPING,
    REBASELINED,
    LOWERED,
    PUT_BACK,
    *flag_series.KINDS,
)
RATINGS, MILESTONES, TRAJECTORIES = flag_series.RATINGS, flag_series.MILESTONES, flag_series.TRAJECTORIES


@dataclass(frozen=True)
class FlagRules:
    """The thresholds (settings DELIVERY_FLAG_*): returns a milestone may slip in, exact periods in a row."""

    slips: int = 3
    exact_periods: int = 4


def rules_from_settings(secrets=None) -> FlagRules:
    """The flags' thresholds as the settings give them."""
    return FlagRules(settings.get("DELIVERY_FLAG_SLIPS", secrets), settings.get("DELIVERY_FLAG_EXACT_PERIODS", secrets))


def gather(ask: Ask, picture: Picture, rules: FlagRules = FlagRules()) -> pd.DataFrame:
    """Every flag of the picture's priorities as at its period, most serious first (COLUMNS)."""
    if picture.empty or picture.as_at is None:
        return pd.DataFrame(columns=COLUMNS)
    at = {"as_at": picture.as_at}
    prios = picture.priorities
    rows = [
        *rating_not_supported(picture.current, picture.status, picture.milestones, picture.escalations()),
        *unexplained_ratings(picture.current),
        *copied_commentary(picture.current, only(ask("priority_return_history", **at), picture.ids)),
        *milestone_dates(only(ask("milestone_date_history", **at), picture.ids), prios, picture.milestones, rules),
        *target_changes(only(ask("indicator_target_history", **at), picture.ids), prios, picture.indicators),
        *flag_series.series_flags(ask, picture, rules.exact_periods),
    ]
    return in_order(pd.DataFrame(rows, columns=COLUMNS))


def in_order(flags: pd.DataFrame) -> pd.DataFrame:
    """Most serious first, then by priority and kind."""
    order = {k: i for i, k in enumerate(KINDS)}
    ranked = flags.assign(_k=flags["kind"].map(order))
    return ranked.sort_values(["rank", "priority_id", "_k", "subject"]).drop(columns="_k").reset_index(drop=True)


def _lead(prios: pd.DataFrame) -> dict:
    return dict(zip(prios["priority_id"], prios["lead_department"])) if len(prios) else {}


def rating_not_supported(current, status, milestones, escalations) -> list[dict]:
    """Green or Amber/Green while its own data says otherwise: indicators off trajectory, forecasts off
    course, milestones overdue, barriers open and escalated."""
    rows = []
    for p in current[current["rag"].isin([GREEN, AMBER_GREEN])].to_dict("records") if len(current) else []:
        pid, reasons = p["priority_id"], []
        mine = status[status["priority_id"] == pid] if len(status) else status
        if len(mine):
            off = mine[mine["status"] == trajectories.OFF]
            reasons += _counted(off["indicator_id"], "indicator is off trajectory", "indicators are off trajectory")
            if "forecast_verdict" in mine:
                late = mine[mine["forecast_verdict"] == forecast.OFF_COURSE]["indicator_id"]
                reasons += _counted(late, "forecast is off course", "forecasts are off course")
        if len(milestones):
            over = milestones[(milestones["priority_id"] == pid) & (milestones["status"] == milestone_status.OVERDUE)]
            reasons += _counted(over["milestone_id"], "milestone is overdue", "milestones are overdue")
        if len(escalations):
            up = escalations[(escalations["priority_id"] == pid) & (escalations["kind"] == "barrier")]
            reasons += _counted(up["risk_id"], "barrier is open and escalated", "barriers are open and escalated")
        if reasons:
            text = f"Rated {p['rag']}, but {'; '.join(reasons)}."
            rows.append(flag(1, NOT_SUPPORTED, p, p["last_return"], "", text, RATINGS))
    return rows


def _counted(ids: pd.Series, one: str, many: str) -> list[str]:
    ids = list(ids)
    if not ids:
        return []
    return [f"{len(ids)} {one if len(ids) == 1 else many} ({', '.join(ids)})"]


def unexplained_ratings(current: pd.DataFrame) -> list[dict]:
    """Red or Amber/Red, or a move of two or more steps in one period, with no commentary."""
    rows = []
    for p in current.to_dict("records") if len(current) else []:
        if not blank(p.get("commentary")):
            continue
        now, before = p["rag"], p.get("rag_before")
        moved = score(now) and score(before) and abs(score(now) - score(before)) >= 2
        moved = moved and not scale_changed(before, now, p.get("scale_before"), p.get("scale_now"))
        if moved:
            steps = abs(score(now) - score(before))
            text = f"The rating moved {steps} steps, from {before} to {now}, with no commentary to explain it."
        elif now in (RED, AMBER_RED):
            text = f"Rated {now} with no commentary to explain it."
        else:
            continue
        rows.append(flag(2, UNEXPLAINED, p, p["last_return"], "", text, RATINGS))
    return rows


def copied_commentary(current: pd.DataFrame, history: pd.DataFrame) -> list[dict]:
    """The commentary of the latest return word for word as the return before, while the rating moved."""
    rows = []
    for p in current.to_dict("records") if len(current) and len(history) else []:
        mine = history[history["priority_id"] == p["priority_id"]].sort_values("return_period")
        if len(mine) < 2:
            continue
        was, now = mine.iloc[-2], mine.iloc[-1]
        if blank(now["commentary"]) or now["commentary"] != was["commentary"] or now["rag"] == was["rag"]:
            continue
        text = (
            f"The commentary is word for word the same as in the return of {day_text(was['return_period'])}, "
            f"while the rating moved from {was['rag']} to {now['rag']}."
        )
        rows.append(flag(3, COPIED, p, now["return_period"], "", text, RATINGS))
    return rows


def milestone_dates(history: pd.DataFrame, prios: pd.DataFrame, milestones: pd.DataFrame, rules) -> list[dict]:
    """Open milestones whose forecast date moved later in ``rules.slips`` returns or more, and every
    milestone whose baseline date was moved (re-baselined)."""
    if history.empty:
        return []
    leads, rows = _lead(prios), []
    current = set(zip(milestones["priority_id"], milestones["milestone_id"])) if len(milestones) else set()
    for (pid, mid), mine in history.groupby(["priority_id", "milestone_id"], sort=True):
        if (pid, mid) not in current:
            continue
        mine = mine.sort_values("return_period")
        owner = {"priority_id": pid, "lead_department": leads.get(pid)}
        rows += _slips(mine, owner, mid, rules.slips) + _rebaselines(mine, owner, mid)
    return rows


def _slips(mine: pd.DataFrame, owner: dict, mid: str, least: int) -> list[dict]:
    forecasts = pd.to_datetime(mine["forecast_date"]).tolist()
    moves = [(b - a).days for a, b in zip(forecasts, forecasts[1:]) if pd.notna(a) and pd.notna(b) and b > a]
    done = pd.notna(mine["completed_date"].iloc[-1])
    if len(moves) < least or done:
        return []
    first = next(f for f in forecasts if pd.notna(f))
    text = (
        f"{mid} ({mine['title'].iloc[-1]}): its forecast date moved later in {len(moves)} returns, "
        f"{sum(moves):,} days in all (from {day_text(first)} to {day_text(forecasts[-1])})."
    )
    return [flag(2, SLIPPING, owner, mine["return_period"].iloc[-1], mid, text, MILESTONES)]


def _rebaselines(mine: pd.DataFrame, owner: dict, mid: str) -> list[dict]:
    rows, pairs = [], list(zip(mine.to_dict("records"), mine.iloc[1:].to_dict("records")))
    for was, now in pairs:
        a, b = pd.to_datetime(was["baseline_date"]), pd.to_datetime(now["baseline_date"])
        if pd.notna(a) and pd.notna(b) and a != b:
            text = (
                f"{mid} ({now['title']}): the return of {day_text(now['return_period'])} moved its baseline date "
                f"from {day_text(a)} to {day_text(b)}, so its slippage is now counted from the new date."
            )
            rows.append(flag(3, REBASELINED, owner, now["return_period"], mid, text, MILESTONES))
    return rows


def target_changes(history: pd.DataFrame, prios: pd.DataFrame, indicators: pd.DataFrame) -> list[dict]:
    """Indicators of the picture whose target a return made easier (lowered, or raised where lower is
    better) or whose target date it put back, against the return before."""
    if history.empty:
        return []
    leads, rows = _lead(prios), []
    current = set(zip(indicators["priority_id"], indicators["indicator_id"])) if len(indicators) else set()
    for (pid, iid), mine in history.groupby(["priority_id", "indicator_id"], sort=True):
        if (pid, iid) not in current:
            continue
        owner = {"priority_id": pid, "lead_department": leads.get(pid)}
        records = mine.sort_values("return_period").to_dict("records")
        for was, now in zip(records, records[1:]):
            rows += _target_moves(was, now, owner, iid)
    return rows


def _target_moves(was: dict, now: dict, owner: dict, iid: str) -> list[dict]:
    rows, when = [], now["return_period"]
    sign = -1 if now["direction"] == "down" else 1
    a, b = was["target_value"], now["target_value"]
    if not blank(a) and not blank(b) and sign * (b - a) < 0:
        easier = "raised its target (lower is better)" if sign < 0 else "lowered its target"
        text = (
            f"{iid} ({now['name']}): the return of {day_text(when)} {easier} from {number(a)} "
            f"to {number(b)}{_unit(now)}."
        )
        rows.append(flag(1, LOWERED, owner, when, iid, text, TRAJECTORIES))
    d0, d1 = pd.to_datetime(was["target_date"]), pd.to_datetime(now["target_date"])
    if pd.notna(d0) and pd.notna(d1) and d1 > d0:
        text = (
            f"{iid} ({now['name']}): the return of {day_text(when)} put its target date back from "
            f"{day_text(d0)} to {day_text(d1)}, {(d1 - d0).days:,} days later."
        )
        rows.append(flag(2, PUT_BACK, owner, when, iid, text, TRAJECTORIES))
    return rows


def _unit(row: dict) -> str:
    return "" if blank(row.get("unit")) else f" ({row['unit']})"


def counts(flags: pd.DataFrame, by: str) -> pd.DataFrame:
    """How many flags there are by ``by`` (department or kind), most first."""
    if flags.empty:
        return pd.DataFrame(columns=[by, "flags"])
    grouped = flags.groupby(by, dropna=False).size().rename("flags").reset_index()
    return grouped.sort_values(["flags", by], ascending=[False, True]).reset_index(drop=True)
