"""Each section of an upload's preview, from the return's tables and the store's, typed by
``preview_values``: items new, changed and removed; ratings; slipped forecasts; history restated;
new actuals; targets changed; risks (``returns.risk_changes``, the definition What changed reads)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from delivery.reference import ratings
from delivery.returns.contract import SHEETS_BY_TABLE, label
from delivery.returns.risk_changes import risk_changes
from delivery.upload.preview_values import as_dates, cell_where, differs, joined, key_text, matched, shown_value

ITEMS = (
    ("priorities", ("priority_id",), "title"),
    ("milestones", ("milestone_id",), "title"),
    ("indicators", ("indicator_id",), "name"),
)
RATED = (
    ("priorities", ("priority_id",), "title"),
    ("chain_nodes", ("priority_id", "node_id"), "name"),
    ("milestones", ("milestone_id",), "title"),
)
AGREED = {
    "priorities": ("target", "target_date"),
    "milestones": ("baseline_date",),
    "indicators": ("baseline_value", "baseline_date", "target_value", "target_date", "tolerance_pct"),
}
ITEM_COLUMNS = ["Sheet", "ID", "Title", "Change", "What changed"]
RATING_COLUMNS = ["Sheet", "ID", "Title", "Was", "Now", "Rating", "Movement"]
SLIP_COLUMNS = ["Milestone", "Title", "Forecast was", "Forecast now", "Days slipped", "Days behind baseline"]
ACTUAL_COLUMNS = ["Indicator", "Period end", "Area", "Was", "Now", "Difference", "Cell"]
NEW_ACTUAL_COLUMNS = ["Indicator", "Period end", "Area", "Value", "Cell"]
TRAJECTORY_COLUMNS = ["Indicator", "Period end", "Was", "Now", "Difference", "Cell"]
TARGET_COLUMNS = ["Sheet", "ID", "Field", "Was", "Now", "Cell"]
RISK_COLUMNS = ["Priority", "Risk", "Description", "Change", "Was", "Now"]


def item_changes(tables: dict, before: dict) -> pd.DataFrame:
    """ITEM_COLUMNS: priorities, milestones and indicators new, changed (which fields, in words) or removed."""
    parts = []
    for table, key, title in ITEMS:
        sheet, new, old = SHEETS_BY_TABLE[table], tables[table], before[table]
        merged = new.merge(
            old.drop(columns="_row"), on=list(key), how="left", suffixes=("", "_was"), indicator=True, sort=False
        )
        columns = [c for c in sheet.column_names if c not in key]
        diffs = pd.DataFrame({c: differs(merged[c], merged[f"{c}_was"]) for c in columns}, index=merged.index)
        what = diffs.dot(pd.Index([f"{label(c)}, " for c in columns])).str.rstrip(", ") if columns else ""
        change = np.where(merged["_merge"] == "left_only", "new", np.where(diffs.any(axis=1), "changed", ""))
        listed = pd.DataFrame(
            {
                "Sheet": sheet.name,
                "ID": key_text(merged, key),
                "Title": merged[title],
                "Change": change,
                "What changed": np.where(change == "changed", what, ""),
            }
        )
        gone = old.merge(new[list(key)], on=list(key), how="left", indicator=True)
        gone = gone[gone["_merge"] == "left_only"]
        removed = pd.DataFrame(
            {
                "Sheet": sheet.name,
                "ID": key_text(gone, key),
                "Title": gone[title],
                "Change": "removed",
                "What changed": "",
            }
        )
        parts += [listed[listed["Change"] != ""], removed]
    return joined(parts, ITEM_COLUMNS)


def rating_changes(tables: dict, before: dict) -> pd.DataFrame:
    """RATING_COLUMNS: ratings of priorities, chain links and milestones that moved, "Amber → Red"."""
    parts = []
    for table, key, title in RATED:
        m = matched(tables[table], before[table], key)
        m = m[differs(m["rag"], m["rag_was"])]
        was, now = m["rag_was"].fillna("not rated"), m["rag"].fillna("not rated")
        parts.append(
            pd.DataFrame(
                {
                    "Sheet": SHEETS_BY_TABLE[table].name,
                    "ID": key_text(m, key),
                    "Title": m[title],
                    "Was": m["rag_was"],
                    "Now": m["rag"],
                    "Rating": was + " → " + now,
                    "Movement": [movement(a, b) for a, b in zip(m["rag_was"], m["rag"])],
                }
            )
        )
    return joined(parts, RATING_COLUMNS)


def movement(was: str | None, now: str | None) -> str:
    """'improved', 'worsened' or 'changed' (when either side has no 1-5 score, e.g. Complete)."""
    a, b = ratings.score(was), ratings.score(now)
    if a is None or b is None:
        return "changed"
    return "improved" if b > a else "worsened" if b < a else "changed"


def slipped_forecasts(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    """SLIP_COLUMNS: milestone forecasts later than before, most slipped first."""
    m = matched(new, old, ("milestone_id",))
    m = m[m["forecast_date"].notna() & m["forecast_date_was"].notna() & (m["forecast_date"] > m["forecast_date_was"])]
    frame = pd.DataFrame(
        {
            "Milestone": m["milestone_id"],
            "Title": m["title"],
            "Forecast was": as_dates(m["forecast_date_was"]),
            "Forecast now": as_dates(m["forecast_date"]),
            "Days slipped": (m["forecast_date"] - m["forecast_date_was"]).dt.days,
            "Days behind baseline": (m["forecast_date"] - m["baseline_date"]).dt.days,
        }
    )
    return frame.sort_values(["Days slipped", "Milestone"], ascending=[False, True], ignore_index=True)


def restated_points(parsed, table: str, new: pd.DataFrame, stored: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Points (actuals or trajectory) the store already holds that the return gives a different value."""
    value = "actual_value" if table == "actuals" else "planned_value"
    key = SHEETS_BY_TABLE[table].key
    m = matched(new, stored, key)
    m = m[differs(m[value], m[f"{value}_was"])]
    area = {"Area": m["area_code"]} if table == "actuals" else {}
    frame = pd.DataFrame(
        {
            "Indicator": m["indicator_id"],
            "Period end": as_dates(m["period_end"]),
            **area,
            "Was": m[f"{value}_was"],
            "Now": m[value],
            "Difference": m[value] - m[f"{value}_was"],
            "Cell": [cell_where(parsed, table, value, r) for r in m["_row"]],
        }
    )
    return frame[columns].reset_index(drop=True)


def new_actuals(parsed, new: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Actuals the return reports that the store does not hold yet (indicator, period, area)."""
    key = list(SHEETS_BY_TABLE["actuals"].key)
    m = new.merge(stored[key], on=key, how="left", indicator=True, sort=False)
    m = m[m["_merge"] == "left_only"].sort_values(["indicator_id", "period_end", "area_code"], kind="stable")
    frame = pd.DataFrame(
        {
            "Indicator": m["indicator_id"],
            "Period end": as_dates(m["period_end"]),
            "Area": m["area_code"],
            "Value": m["actual_value"],
            "Cell": [cell_where(parsed, "actuals", "actual_value", r) for r in m["_row"]],
        }
    )
    return frame[NEW_ACTUAL_COLUMNS].reset_index(drop=True)


def restated_targets(parsed, tables: dict, before: dict) -> pd.DataFrame:
    """TARGET_COLUMNS: agreed targets, baselines and tolerances the return changes, field by field."""
    rows = []
    for table, key, _ in ITEMS:
        m = matched(tables[table], before[table], key)
        diffs = pd.DataFrame({c: differs(m[c], m[f"{c}_was"]) for c in AGREED[table]}, index=m.index)
        for i in m.index[diffs.any(axis=1)]:
            rec = m.loc[i]
            rows += [
                (
                    SHEETS_BY_TABLE[table].name,
                    " / ".join(str(rec[k]) for k in key),
                    label(c),
                    shown_value(rec[f"{c}_was"]),
                    shown_value(rec[c]),
                    cell_where(parsed, table, c, rec["_row"]),
                )
                for c in AGREED[table]
                if diffs.at[i, c]
            ]
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def risk_rows(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    """Every change to a risk, issue or barrier, one row each: "escalated", none → centre."""
    rows = [
        (c.priority_id, c.risk_id, c.description, c.what_happened, c.was or "", _risk_now(c))
        for c in risk_changes(old, new)
    ]
    return pd.DataFrame(rows, columns=RISK_COLUMNS)


def _risk_now(change) -> str:
    """The value now; a risk opened says who it is escalated to: 'open, escalated to the minister'."""
    up = change.change == "opened" and change.escalation in ("centre", "minister")
    return f"{change.now}, escalated to the {change.escalation}" if up else change.now or ""
