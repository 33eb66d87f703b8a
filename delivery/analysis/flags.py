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
    prios, ids = picture.priorities, sorted(picture.ids)
    rows = [
        *rating_not_supported(picture.current, picture.status, picture.milestones, picture.escalations()),
        *unexplained_ratings(picture.current),
        *copied_commentary(picture.current, only(ask("priority_return_history", **at), picture.ids)),
        *milestone_dates(ask("milestone_date_history", **at, ids=ids), prios, picture.milestones, rules),
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
    if not len(current):
        return []
    claims = current[current["rag"].isin([GREEN, AMBER_GREEN])]
    wanted = set(claims["priority_id"])
    off = _ids(status, wanted, status.get("status") == trajectories.OFF, "indicator_id")
    late = _ids(status, wanted, status.get("forecast_verdict") == forecast.OFF_COURSE, "indicator_id")
    over = _ids(milestones, wanted, milestones.get("status") == milestone_status.OVERDUE, "milestone_id")
    up = _ids(escalations, wanted, escalations.get("kind") == "barrier", "risk_id")
    rows = []
    for p in claims.to_dict("records"):
        pid = p["priority_id"]
        reasons = [
            *_counted(off.get(pid, []), "indicator is off trajectory", "indicators are off trajectory"),
            *_counted(late.get(pid, []), "forecast is off course", "forecasts are off course"),
            *_counted(over.get(pid, []), "milestone is overdue", "milestones are overdue"),
            *_counted(up.get(pid, []), "barrier is open and escalated", "barriers are open and escalated"),
        ]
        if reasons:
            text = f"Rated {p['rag']}, but {'; '.join(reasons)}."
            rows.append(flag(1, NOT_SUPPORTED, p, p["last_return"], "", text, RATINGS))
    return rows


def _ids(frame: pd.DataFrame, wanted: set, mask, column: str) -> dict[str, list]:
    """{priority_id: [ids]} of the rows of ``frame`` where ``mask`` holds, for the priorities ``wanted``."""
    if not len(frame) or mask is None or column not in frame:
        return {}
    rows = frame[mask & frame["priority_id"].isin(wanted)]
    return rows.groupby("priority_id", sort=False)[column].agg(list).to_dict()


def _counted(ids: list, one: str, many: str) -> list[str]:
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
    rows, last_two = [], _last_two(history)
    for p in current.to_dict("records") if len(current) else []:
        if p["priority_id"] not in last_two:
            continue
        was, now = last_two[p["priority_id"]]
        if blank(now["commentary"]) or now["commentary"] != was["commentary"] or now["rag"] == was["rag"]:
            continue
        text = (
            f"The commentary is word for word the same as in the return of {day_text(was['return_period'])}, "
            f"while the rating moved from {was['rag']} to {now['rag']}."
        )
        rows.append(flag(3, COPIED, p, now["return_period"], "", text, RATINGS))
    return rows


def _last_two(history: pd.DataFrame) -> dict[str, tuple[dict, dict]]:
    """{priority_id: (its return before the latest, its latest)} of the priorities with two returns or more."""
    if history.empty:
        return {}
    records = history.sort_values(["priority_id", "return_period"]).to_dict("records")
    return {b["priority_id"]: (a, b) for a, b in zip(records, records[1:]) if a["priority_id"] == b["priority_id"]}


def milestone_dates(history: pd.DataFrame, prios: pd.DataFrame, milestones: pd.DataFrame, rules) -> list[dict]:
    """Open milestones whose forecast date moved later in ``rules.slips`` returns or more, and every
    milestone whose baseline date was moved (re-baselined). Vectorised: a national store has 60,000
    milestones in each of its returns."""
    if history.empty or milestones.empty:
        return []
    key = ["priority_id", "milestone_id"]
    h = history.merge(milestones[key].drop_duplicates(), on=key).sort_values([*key, "return_period"])
    for col in ("baseline_date", "forecast_date", "completed_date"):
        h[col] = pd.to_datetime(h[col])
    before = h.groupby(key, sort=False)[["forecast_date", "baseline_date"]].shift()
    h["moved"] = (h["forecast_date"] - before["forecast_date"]).dt.days.where(lambda d: d > 0)
    h["was_baseline"] = before["baseline_date"]
    leads = _lead(prios)
    return _slips(h, key, leads, rules.slips) + _rebaselines(h, leads)


def _slips(h: pd.DataFrame, key: list[str], leads: dict, least: int) -> list[dict]:
    per = h.groupby(key, sort=True).agg(
        slips=("moved", "count"),
        days=("moved", "sum"),
        first=("forecast_date", "first"),
        last=("forecast_date", "last"),
        done=("completed_date", "last"),
        title=("title", "last"),
        period=("return_period", "last"),
    )
    rows = []
    slipping = per[(per["slips"] >= least) & per["done"].isna()].reset_index()
    for r in slipping.to_dict("records"):  # not iterrows: 4,000 flags at national scale
        pid, mid = r["priority_id"], r["milestone_id"]
        text = (
            f"{mid} ({r['title']}): its forecast date moved later in {int(r['slips'])} returns, "
            f"{int(r['days']):,} days in all (from {day_text(r['first'])} to {day_text(r['last'])})."
        )
        owner = {"priority_id": pid, "lead_department": leads.get(pid)}
        rows.append(flag(2, SLIPPING, owner, r["period"], mid, text, MILESTONES))
    return rows


def _rebaselines(h: pd.DataFrame, leads: dict) -> list[dict]:
    moved = h[h["was_baseline"].notna() & h["baseline_date"].notna() & (h["was_baseline"] != h["baseline_date"])]
    rows = []
    for r in moved.to_dict("records"):
        text = (
            f"{r['milestone_id']} ({r['title']}): the return of {day_text(r['return_period'])} moved its baseline "
            f"date from {day_text(r['was_baseline'])} to {day_text(r['baseline_date'])}, so its slippage is now "
            "counted from the new date."
        )
        owner = {"priority_id": r["priority_id"], "lead_department": leads.get(r["priority_id"])}
        rows.append(flag(3, REBASELINED, owner, r["return_period"], r["milestone_id"], text, MILESTONES))
    return rows


def target_changes(history: pd.DataFrame, prios: pd.DataFrame, indicators: pd.DataFrame) -> list[dict]:
    """Indicators of the picture whose target a return made easier (lowered, or raised where lower is
    better) or whose target date it put back, against the return before."""
    if history.empty or indicators.empty:
        return []
    key = ["priority_id", "indicator_id"]
    h = history.merge(indicators[key].drop_duplicates(), on=key).sort_values([*key, "return_period"])
    h["target_date"] = pd.to_datetime(h["target_date"])
    before = h.groupby(key, sort=False)[["target_value", "target_date"]].shift()
    sign = h["direction"].map({"down": -1.0}).fillna(1.0)
    easier = (sign * (h["target_value"] - before["target_value"])) < 0
    later = h["target_date"] > before["target_date"]
    leads, rows, moved = _lead(prios), [], easier | later  # only the returns that moved a target (dozens of 3,570)
    pairs = zip(
        h[moved].to_dict("records"),
        before["target_value"][moved],
        before["target_date"][moved],
        easier[moved],
        later[moved],
    )
    for r, was_value, was_date, eased, put_back in pairs:
        was = {"target_value": was_value if eased else None, "target_date": was_date if put_back else None}
        owner = {"priority_id": r["priority_id"], "lead_department": leads.get(r["priority_id"])}
        rows += _target_moves(was, r, owner)
    return rows


def _target_moves(was: dict, now: dict, owner: dict) -> list[dict]:
    rows, when, iid = [], now["return_period"], now["indicator_id"]
    a, b = was["target_value"], now["target_value"]
    if not blank(a) and not blank(b):
        easier = "raised its target (lower is better)" if now["direction"] == "down" else "lowered its target"
        text = (
            f"{iid} ({now['name']}): the return of {day_text(when)} {easier} from {number(a)} "
            f"to {number(b)}{_unit(now)}."
        )
        rows.append(flag(1, LOWERED, owner, when, iid, text, TRAJECTORIES))
    d0, d1 = was["target_date"], now["target_date"]
    if not blank(d0) and not blank(d1):
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
