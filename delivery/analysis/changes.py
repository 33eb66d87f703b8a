"""What changed since the previous period, for a scope (no Streamlit).

Compares two snapshots of the same scope, "before" (the previous period) and "now" (the
period chosen), and lists every change a stocktake asks about: ratings (the department's
and the centre's), commentary rewritten, milestones completed, slipped or newly overdue,
risks and barriers opened, escalated or closed, indicators crossing their trajectory, new
actuals, and targets changed. One row per change: priority, kind, what, detail, and for
rewritten commentary the old and new text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from delivery.analysis import trajectories
from delivery.analysis.attention import number_text
from delivery.analysis.movement import SCALE_CHANGED, movement, trend_text
from delivery.analysis.seriousness import seriousness
from delivery.returns.risk_changes import HEADLINE_CHANGES, risk_changes

COLUMNS = ["priority_id", "priority", "kind", "detail", "before", "after"]
# The columns each comparison reads (besides the ids).
RATING_COLUMNS = ("title", "rag", "centre_rag", "scale_before", "scale_now")
TEXT_COLUMNS = ("title", "commentary", "target", "target_date")
STATUS_COLUMNS = ("priority_title", "name", "status")
INDICATOR_COLUMNS = ("priority_id", "priority_title", "name", "unit", "target_value", "target_date")


@dataclass
class Snapshot:
    """One period's view of a scope: the frames ``changes`` compares.

    priorities: priority_list plus centre_rag; milestones: milestone_list; risks: risk_list;
    indicators: indicator_list; status: trajectories.trajectory_status; actuals: national actuals.
    """

    priorities: pd.DataFrame
    milestones: pd.DataFrame
    risks: pd.DataFrame
    indicators: pd.DataFrame
    status: pd.DataFrame
    actuals: pd.DataFrame

    def only(self, ids: set[str]) -> Snapshot:
        """The part of the snapshot about the priorities ``ids`` (actuals through their indicators)."""

        def keep(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["priority_id"].isin(ids)] if not frame.empty else frame

        indicators = keep(self.indicators)
        wanted = set(indicators["indicator_id"]) if not indicators.empty else set()
        actuals = self.actuals[self.actuals["indicator_id"].isin(wanted)] if not self.actuals.empty else self.actuals
        return Snapshot(
            keep(self.priorities), keep(self.milestones), keep(self.risks), indicators, keep(self.status), actuals
        )


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def _day(v) -> str:
    if _blank(v):
        return "no date"
    d = pd.Timestamp(v)
    return f"{d.day} {d:%b %Y}"


def _row(pid, title, kind, detail, before=None, after=None) -> dict:
    return {"priority_id": pid, "priority": title, "kind": kind, "detail": detail, "before": before, "after": after}


def changes(before: Snapshot | None, now: Snapshot) -> pd.DataFrame:
    """Every change from ``before`` to ``now`` (None: no earlier period, so nothing changed), most serious first."""
    if before is None or now.priorities.empty:
        return pd.DataFrame(columns=COLUMNS)
    titles = dict(zip(now.priorities["priority_id"], now.priorities["title"]))
    rows = (
        _rating_rows(before.priorities, now.priorities)
        + _text_rows(before.priorities, now.priorities)
        + _milestone_rows(before.milestones, now.milestones)
        + _risk_rows(before.risks, now.risks)
        + _indicator_rows(before, now)
    )
    out = pd.DataFrame(rows, columns=COLUMNS)
    out = out[out["priority_id"].isin(titles)]
    out["priority"] = out["priority_id"].map(titles)
    return in_order(out)


def in_order(rows: pd.DataFrame) -> pd.DataFrame:
    """Changes most serious first (analysis/seriousness.py), then shortest first, then by priority: the order every list
    of them is read in."""
    if rows.empty:
        return rows.reset_index(drop=True)
    order = rows["detail"].str.len() + rows["after"].fillna("").astype(str).str.len()
    tier = [seriousness(k, d) for k, d in zip(rows["kind"].tolist(), rows["detail"].tolist())]
    return (
        rows.assign(_t=tier, _n=order)
        .sort_values(["_t", "_n", "priority_id"], kind="stable")
        .drop(columns=["_t", "_n"])
        .reset_index(drop=True)
    )


def _records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict]:
    """The rows of ``frame`` as dicts of those of ``columns`` it has: a status frame has over twenty
    columns, and turning each into Python values is what costs at national scale."""
    return (
        frame[[c for c in dict.fromkeys(columns) if c in frame.columns]].to_dict("records") if not frame.empty else []
    )


def _by_id(frame: pd.DataFrame, key: str, columns: tuple[str, ...]) -> dict:
    """Rows by id within their priority (ids are unique within a return, not across departments)."""
    if frame.empty:
        return {}
    if key != "priority_id" and "priority_id" in frame.columns:
        return {(r["priority_id"], r[key]): r for r in _records(frame, ("priority_id", key, *columns))}
    return {r[key]: r for r in _records(frame, (key, *columns))}


def _get(rows: dict, row: dict, key: str):
    return rows.get((row["priority_id"], row[key]) if key != "priority_id" else row[key])


def _rating_rows(before: pd.DataFrame, now: pd.DataFrame) -> list[dict]:
    old, rows = _by_id(before, "priority_id", RATING_COLUMNS), []
    for p in _records(now, ("priority_id", *RATING_COLUMNS)):
        b = old.get(p["priority_id"])
        if b is None:
            rows.append(_row(p["priority_id"], p["title"], "New priority", f"New this period, rated {p['rag']}"))
            continue
        for col, who in (("rag", "Department's rating"), ("centre_rag", "Centre's rating")):
            was, is_ = b.get(col), p.get(col)
            if _blank(is_) or was == is_:
                continue
            # the department's rating follows the scale rule (movement.scale_changed); the centre rates on one scale
            scales = (p.get("scale_before"), p.get("scale_now")) if col == "rag" else (None, None)
            move = movement(None if _blank(was) else was, is_, *scales)
            text = (
                f"{who} first given: {is_}"
                if _blank(was)
                else f"{who}: {trend_text(was, is_, *scales)}"
                if move == SCALE_CHANGED
                else f"{who} {move.lower()}: {was} to {is_}"
            )
            rows.append(_row(p["priority_id"], p["title"], who, text))
    return rows


def _text_rows(before: pd.DataFrame, now: pd.DataFrame) -> list[dict]:
    old, rows = _by_id(before, "priority_id", TEXT_COLUMNS), []
    for p in _records(now, ("priority_id", *TEXT_COLUMNS)):
        b = old.get(p["priority_id"])
        if b is None:
            continue
        was, is_ = b.get("commentary"), p.get("commentary")
        if not _blank(is_) and (_blank(was) or str(was).strip() != str(is_).strip()):
            rows.append(
                _row(
                    p["priority_id"],
                    p["title"],
                    "Commentary rewritten",
                    "Commentary rewritten",
                    None if _blank(was) else str(was),
                    str(is_),
                )
            )
        if b.get("target") != p.get("target") and not (_blank(b.get("target")) and _blank(p.get("target"))):
            rows.append(
                _row(
                    p["priority_id"],
                    p["title"],
                    "Target changed",
                    f"Target changed from '{b.get('target') or 'none'}' to '{p.get('target') or 'none'}'",
                )
            )
        if _day(b.get("target_date")) != _day(p.get("target_date")):
            rows.append(
                _row(
                    p["priority_id"],
                    p["title"],
                    "Target date changed",
                    f"Target date moved from {_day(b.get('target_date'))} to {_day(p.get('target_date'))}",
                )
            )
    return rows


def _milestone_rows(before: pd.DataFrame, now: pd.DataFrame) -> list[dict]:
    """``before`` and ``now`` classified by milestone_status.classify_milestones at their periods.

    Vectorised: a national store has 60,000 milestones. A milestone is known by its priority
    and id (ids are unique within a return, not across departments).
    """
    if now.empty:
        return []
    key = ["priority_id", "milestone_id"]
    old = (
        before[key + ["status", "due_date"]] if not before.empty else pd.DataFrame(columns=key + ["status", "due_date"])
    )
    m = now.merge(old.rename(columns={"status": "status_before", "due_date": "due_before"}), on=key, how="left")
    known = m["status_before"].notna()
    done = (m["status"] == "Completed") & (m["status_before"] != "Completed")
    moved = (pd.to_datetime(m["due_date"]) - pd.to_datetime(m["due_before"])).dt.days
    slipped = known & ~done & (m["status"] != "Completed") & (moved > 0)
    newly = known & ~done & (m["status"] == "Overdue") & (m["status_before"] != "Overdue")
    picked = m[done | slipped | newly]
    # Plain lists and dates written once per column: itertuples over a national period's
    # few thousand changed milestones cost most of the brief's time.
    cols = {c: picked[c].tolist() for c in ("priority_id", "priority_title", "title", "status", "status_before")}
    cols |= {
        "moved": moved[picked.index].tolist(),
        "overdue": picked["days_overdue"].tolist(),
        "completed": _days(picked["completed_date"]),
        "was": _days(picked["due_before"]),
        "due": _days(picked["due_date"]),
    }
    rows = []
    for r in (dict(zip(cols, values)) for values in zip(*cols.values())):
        pid, title, name = r["priority_id"], r["priority_title"], r["title"]
        if r["status"] == "Completed":
            rows.append(_row(pid, title, "Milestone completed", f"{name}: completed {r['completed']}"))
            continue
        if r["moved"] > 0:
            rows.append(
                _row(
                    pid,
                    title,
                    "Milestone slipped",
                    f"{name}: forecast moved {_days_text(r['moved'])}, from {r['was']} to {r['due']}",
                )
            )
        if r["status"] == "Overdue" and r["status_before"] != "Overdue":
            rows.append(
                _row(
                    pid,
                    title,
                    "Milestone newly overdue",
                    f"{name}: due {r['due']}, now {_days_text(r['overdue'])} overdue",
                )
            )
    return rows


def _days_text(n) -> str:
    """'1 day', '92 days'."""
    return f"{int(n):,} day{'' if int(n) == 1 else 's'}"


def _days(values: pd.Series) -> list[str]:
    """``_day`` of every value in a column, each distinct date written once (pandas' strftime is slow)."""
    codes, dates = pd.factorize(pd.to_datetime(values))
    texts = [_day(d) for d in dates]
    return [texts[c] if c >= 0 else "no date" for c in codes]


def _risk_rows(before: pd.DataFrame, now: pd.DataFrame) -> list[dict]:
    """Risks opened, closed and escalated (risk_changes, which the upload preview reads too)."""
    titles = dict(zip(now["priority_id"], now["priority_title"])) if not now.empty else {}
    return [
        _row(c.priority_id, titles.get(c.priority_id), c.kind, c.detail)
        for c in risk_changes(before, now)
        if c.change in HEADLINE_CHANGES
    ]


def _indicator_rows(before: Snapshot, now: Snapshot) -> list[dict]:
    rows = []
    old_status = _by_id(before.status, "indicator_id", STATUS_COLUMNS)
    for i in _records(now.status, ("priority_id", "indicator_id", *STATUS_COLUMNS)):
        b = _get(old_status, i, "indicator_id")
        was = b["status"] if b else None
        if (
            was in (trajectories.ON, trajectories.OFF)
            and i["status"] in (trajectories.ON, trajectories.OFF)
            and was != i["status"]
        ):
            rows.append(
                _row(
                    i["priority_id"],
                    i["priority_title"],
                    "Crossed its trajectory",
                    f"{i['name']}: now {i['status'].lower()} (was {was.lower()})",
                )
            )
    rows += _new_actual_rows(before, now) + _indicator_target_rows(before.indicators, now.indicators)
    return rows


def _new_actual_rows(before: Snapshot, now: Snapshot) -> list[dict]:
    if now.actuals.empty:
        return []
    key = ["indicator_id", "period_end"]
    acts = now.actuals.assign(period_end=pd.to_datetime(now.actuals["period_end"]))
    if not before.actuals.empty:
        seen = before.actuals[key].assign(period_end=pd.to_datetime(before.actuals["period_end"]), _seen=True)
        acts = acts.merge(seen.drop_duplicates(key), on=key, how="left")
        acts = acts[acts["_seen"].isna()]
    inds = {r["indicator_id"]: r for r in _records(now.indicators, ("indicator_id", *INDICATOR_COLUMNS))}
    fresh = acts.sort_values(key, kind="stable")
    counts = fresh.groupby("indicator_id", sort=True).size()
    latest = fresh.drop_duplicates("indicator_id", keep="last").set_index("indicator_id")
    rows = []
    for iid, n in counts.items():
        ind = inds.get(iid)
        if ind is None:
            continue
        value, when = latest.at[iid, "actual_value"], latest.at[iid, "period_end"]
        rows.append(
            _row(
                ind["priority_id"],
                ind["priority_title"],
                "New actuals",
                f"{ind['name']}: {n} new actual{'s' if n > 1 else ''}, latest "
                f"{number_text(value)} {ind['unit']} for {_day(when)}",
            )
        )
    return rows


def _indicator_target_rows(before: pd.DataFrame, now: pd.DataFrame) -> list[dict]:
    old, rows = _by_id(before, "indicator_id", INDICATOR_COLUMNS), []
    for i in _records(now, ("priority_id", "indicator_id", *INDICATOR_COLUMNS)):
        b = _get(old, i, "indicator_id")
        if b is None:
            continue
        if b["target_value"] != i["target_value"] and not (_blank(b["target_value"]) and _blank(i["target_value"])):
            rows.append(
                _row(
                    i["priority_id"],
                    i["priority_title"],
                    "Target changed",
                    f"{i['name']}: target changed from {_figure(b['target_value'])} to "
                    f"{_figure(i['target_value'])} {i['unit']}",
                )
            )
        if _day(b["target_date"]) != _day(i["target_date"]):
            rows.append(
                _row(
                    i["priority_id"],
                    i["priority_title"],
                    "Target date changed",
                    f"{i['name']}: target date moved from {_day(b['target_date'])} to {_day(i['target_date'])}",
                )
            )
    return rows


def _figure(value) -> str:
    return "none" if _blank(value) else number_text(value)


def change_counts(rows: pd.DataFrame) -> dict[str, int]:
    """How many changes of each kind, in the order they first appear."""
    return {k: int(n) for k, n in rows["kind"].value_counts(sort=False).items()} if not rows.empty else {}
