"""What a parsed return would change in the store, worked out before anything is written.

A return is compared with its department's data as the store shows it as at the return's
period (the return it replaces, or the one before it): priorities, milestones and indicators
that are new, changed or removed; ratings that moved; milestone forecasts that slipped; risks
opened, closed, escalated or rescored (``analysis.risk_changes``, the definition What changed reads).
Fields are named in plain words (``contract.label``: "rating", "completed date").

History is compared with the store as it stands now: an actual or trajectory point the
store already holds, reported with a different value, restates history; so does a changed
target, baseline or tolerance. Restatements are legitimate (data gets corrected) but must
be explained, so ``needs_reason`` is true whenever there is one.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from delivery.analysis.risk_changes import risk_changes
from delivery.reference import ratings
from delivery.returns.contract import SHEETS_BY_TABLE, label
from delivery.returns.reader import NUMERIC_KINDS
from delivery.store.concurrency import return_base
from delivery.store.versions import Store, run_query

NOW = dt.date(9999, 12, 31)  # "as at now" for the as-at macros: every return counts
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


@dataclass
class Preview:
    """What one return changes: each table is empty when there is nothing of its kind."""

    department: str
    period_end: dt.date
    compared_with: dt.date | None  # the period of the return it is compared with; None if none
    items: pd.DataFrame  # ITEM_COLUMNS: new, changed and removed priorities, milestones, indicators
    ratings: pd.DataFrame  # RATING_COLUMNS: ratings that moved, "Amber → Red"
    slipped: pd.DataFrame  # SLIP_COLUMNS: milestone forecasts later than before
    new_actuals: pd.DataFrame  # NEW_ACTUAL_COLUMNS: points the store does not hold yet
    restated_actuals: pd.DataFrame  # ACTUAL_COLUMNS: points the store holds, now different
    restated_trajectory: pd.DataFrame  # TRAJECTORY_COLUMNS
    restated_targets: pd.DataFrame  # TARGET_COLUMNS: targets, baselines, tolerances changed
    risks: pd.DataFrame  # RISK_COLUMNS: risks opened, closed, escalated, rescored, mitigation changed
    base: int = 0  # the last load or rollback of this return it was made against (0: none); a commit passes it

    @property
    def key(self) -> tuple[str, dt.date]:
        """(department, period end): the return a commit of this preview replaces or adds."""
        return self.department, self.period_end

    @property
    def replaces(self) -> bool:
        """True when the store already has a return for this department and period."""
        return self.compared_with == self.period_end

    @property
    def restatements(self) -> int:
        """How many values of history, targets or baselines the return changes."""
        return len(self.restated_actuals) + len(self.restated_trajectory) + len(self.restated_targets)

    @property
    def needs_reason(self) -> bool:
        """True when the return restates history: committing it needs a reason."""
        return self.restatements > 0

    def headline(self) -> str:
        """One plain sentence saying what the return does."""
        base = (
            f"replaces {self.department}'s return for {self.period_end:%-d %b %Y}"
            if self.replaces
            else f"adds {self.department}'s return for {self.period_end:%-d %b %Y}"
            + (
                f", compared here with its return for {self.compared_with:%-d %b %Y}"
                if self.compared_with
                else ", its first return in the store"
            )
        )
        counts = self.items["Change"].value_counts() if not self.items.empty else {}
        parts = [f"{counts.get(k, 0)} {k}" for k in ("new", "changed", "removed")]
        added = len(self.new_actuals)
        actuals = f"; {added:,} new actual{'s' if added != 1 else ''}" if added else ""
        restated = (
            f"; it restates {self.restatements} value{'s' if self.restatements != 1 else ''} "
            "already loaded, so a reason is needed"
            if self.needs_reason
            else ""
        )
        return f"This {base}: {', '.join(parts)} priorities, milestones and indicators{actuals}{restated}."


def preview_return(store: Store, parsed) -> Preview:
    """Compare a parsed, valid return with the store; nothing is written."""
    department = parsed.about["department"]
    period = _date(parsed.about["period_end"])
    con = store.connect_read()
    try:
        before = {
            t: _stored(con, t, department, period)
            for t in ("priorities", "chain_nodes", "milestones", "indicators", "risks")
        }
        compared = _compared_period(con, department, period)
        history = {t: _history(con, t, department) for t in ("actuals", "trajectory")}
        base = return_base(con, department, period)  # from the same version as everything compared
    finally:
        if con is not None:
            con.close()
    tables = {t: _normal(parsed.tables.get(t), t) for t in (*before, *history)}
    before = {t: _normal(frame, t) for t, frame in before.items()}
    history = {t: _normal(frame, t) for t, frame in history.items()}
    return Preview(
        department,
        period,
        compared,
        items=_items(tables, before),
        ratings=_ratings(tables, before),
        slipped=_slipped(tables["milestones"], before["milestones"]),
        new_actuals=_new_actuals(parsed, tables["actuals"], history["actuals"]),
        restated_actuals=_restated_points(parsed, "actuals", tables["actuals"], history["actuals"], ACTUAL_COLUMNS),
        restated_trajectory=_restated_points(
            parsed, "trajectory", tables["trajectory"], history["trajectory"], TRAJECTORY_COLUMNS
        ),
        restated_targets=_restated_targets(parsed, tables, before),
        risks=_risks(tables["risks"], before["risks"]),
        base=base,
    )


# --- reading the store ------------------------------------------------------------------


def _stored(con, table: str, department: str, period: dt.date) -> pd.DataFrame:
    if con is None:
        return pd.DataFrame(columns=list(SHEETS_BY_TABLE[table].column_names))
    return run_query(con, f"preview_{table}", {"department": department, "as_at": period})


def _compared_period(con, department: str, period: dt.date) -> dt.date | None:
    if con is None:
        return None
    rows = run_query(con, "preview_compared_period", {"department": department, "as_at": period})
    return None if rows.empty else _date(rows["return_period"].iloc[0])


def _history(con, table: str, department: str) -> pd.DataFrame:
    if con is None:
        return pd.DataFrame(columns=list(SHEETS_BY_TABLE[table].column_names))
    return run_query(con, f"history_{table}", {"department": department, "as_at": NOW})


# --- comparing (vectorised: a national return has thousands of milestones and actuals) -------


def _normal(frame: pd.DataFrame | None, table: str) -> pd.DataFrame:
    """A table's contract columns typed for comparing (dates as days, numbers as floats, text
    stripped with blanks as None), plus the workbook row ``_row`` when the frame has one."""
    sheet = SHEETS_BY_TABLE[table]
    frame = frame if frame is not None else pd.DataFrame()
    out = {}
    for column in sheet.columns:
        values = frame[column.name] if column.name in frame else pd.Series([None] * len(frame), index=frame.index)
        if column.kind == "date":
            out[column.name] = pd.to_datetime(values, errors="coerce").astype("datetime64[us]").dt.normalize()
        elif column.kind in NUMERIC_KINDS:
            out[column.name] = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            text = values.astype("string").str.strip()
            out[column.name] = text.mask(text == "").astype(object).where(text.notna() & (text != ""), None)
    out["_row"] = frame["_row"] if "_row" in frame else pd.Series([None] * len(frame), index=frame.index)
    normal = pd.DataFrame(out, index=frame.index).reset_index(drop=True)
    for column in sheet.key:  # merge keys: blank area_code is the national figure, "" not None
        normal[column] = normal[column].fillna("")
    return normal


def differs(a: pd.Series, b: pd.Series) -> pd.Series:
    """Row by row, True where two normalised columns differ: blanks alike, numbers to 1e-9."""
    both_blank = (a.isna() & b.isna()).to_numpy()
    if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
        close = np.isclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-9, atol=1e-9)
        return pd.Series(~(close | both_blank), index=a.index)
    equal = (a == b).fillna(False).to_numpy(bool) if len(a) else np.zeros(0, bool)
    return pd.Series(~(equal | both_blank), index=a.index)


def _matched(new: pd.DataFrame, old: pd.DataFrame, key) -> pd.DataFrame:
    """New rows beside the stored ones with the same key (old columns suffixed _was), in the return's order."""
    return new.merge(old.drop(columns="_row"), on=list(key), how="inner", suffixes=("", "_was"), sort=False)


def _ids(frame: pd.DataFrame, key) -> pd.Series:
    """The key as one text: "EDU-01 / N1" for a chain link."""
    ids = frame[key[0]].astype(str)
    for column in key[1:]:
        ids = ids + " / " + frame[column].astype(str)
    return ids


def _items(tables: dict, before: dict) -> pd.DataFrame:
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
                "ID": _ids(merged, key),
                "Title": merged[title],
                "Change": change,
                "What changed": np.where(change == "changed", what, ""),
            }
        )
        gone = old.merge(new[list(key)], on=list(key), how="left", indicator=True)
        gone = gone[gone["_merge"] == "left_only"]
        removed = pd.DataFrame(
            {"Sheet": sheet.name, "ID": _ids(gone, key), "Title": gone[title], "Change": "removed", "What changed": ""}
        )
        parts += [listed[listed["Change"] != ""], removed]
    return _frame(parts, ITEM_COLUMNS)


def _ratings(tables: dict, before: dict) -> pd.DataFrame:
    parts = []
    for table, key, title in RATED:
        m = _matched(tables[table], before[table], key)
        m = m[differs(m["rag"], m["rag_was"])]
        was, now = m["rag_was"].fillna("not rated"), m["rag"].fillna("not rated")
        parts.append(
            pd.DataFrame(
                {
                    "Sheet": SHEETS_BY_TABLE[table].name,
                    "ID": _ids(m, key),
                    "Title": m[title],
                    "Was": m["rag_was"],
                    "Now": m["rag"],
                    "Rating": was + " → " + now,
                    "Movement": [movement(a, b) for a, b in zip(m["rag_was"], m["rag"])],
                }
            )
        )
    return _frame(parts, RATING_COLUMNS)


def movement(was: str | None, now: str | None) -> str:
    """'improved', 'worsened' or 'changed' (when either side has no 1-5 score, e.g. Complete)."""
    a, b = ratings.score(was), ratings.score(now)
    if a is None or b is None:
        return "changed"
    return "improved" if b > a else "worsened" if b < a else "changed"


def _slipped(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    m = _matched(new, old, ("milestone_id",))
    m = m[m["forecast_date"].notna() & m["forecast_date_was"].notna() & (m["forecast_date"] > m["forecast_date_was"])]
    frame = pd.DataFrame(
        {
            "Milestone": m["milestone_id"],
            "Title": m["title"],
            "Forecast was": _days(m["forecast_date_was"]),
            "Forecast now": _days(m["forecast_date"]),
            "Days slipped": (m["forecast_date"] - m["forecast_date_was"]).dt.days,
            "Days behind baseline": (m["forecast_date"] - m["baseline_date"]).dt.days,
        }
    )
    return frame.sort_values(["Days slipped", "Milestone"], ascending=[False, True], ignore_index=True)


def _restated_points(parsed, table: str, new: pd.DataFrame, stored: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Points (actuals or trajectory) the store already holds that the return gives a different value."""
    value = "actual_value" if table == "actuals" else "planned_value"
    key = SHEETS_BY_TABLE[table].key
    m = _matched(new, stored, key)
    m = m[differs(m[value], m[f"{value}_was"])]
    area = {"Area": m["area_code"]} if table == "actuals" else {}
    frame = pd.DataFrame(
        {
            "Indicator": m["indicator_id"],
            "Period end": _days(m["period_end"]),
            **area,
            "Was": m[f"{value}_was"],
            "Now": m[value],
            "Difference": m[value] - m[f"{value}_was"],
            "Cell": [_where(parsed, table, value, r) for r in m["_row"]],
        }
    )
    return frame[columns].reset_index(drop=True)


def _new_actuals(parsed, new: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Actuals the return reports that the store does not hold yet (indicator, period, area)."""
    key = list(SHEETS_BY_TABLE["actuals"].key)
    m = new.merge(stored[key], on=key, how="left", indicator=True, sort=False)
    m = m[m["_merge"] == "left_only"].sort_values(["indicator_id", "period_end", "area_code"], kind="stable")
    frame = pd.DataFrame(
        {
            "Indicator": m["indicator_id"],
            "Period end": _days(m["period_end"]),
            "Area": m["area_code"],
            "Value": m["actual_value"],
            "Cell": [_where(parsed, "actuals", "actual_value", r) for r in m["_row"]],
        }
    )
    return frame[NEW_ACTUAL_COLUMNS].reset_index(drop=True)


def _restated_targets(parsed, tables: dict, before: dict) -> pd.DataFrame:
    rows = []
    for table, key, _ in ITEMS:
        m = _matched(tables[table], before[table], key)
        diffs = pd.DataFrame({c: differs(m[c], m[f"{c}_was"]) for c in AGREED[table]}, index=m.index)
        for i in m.index[diffs.any(axis=1)]:
            rec = m.loc[i]
            rows += [
                (
                    SHEETS_BY_TABLE[table].name,
                    " / ".join(str(rec[k]) for k in key),
                    label(c),
                    _shown(rec[f"{c}_was"]),
                    _shown(rec[c]),
                    _where(parsed, table, c, rec["_row"]),
                )
                for c in AGREED[table]
                if diffs.at[i, c]
            ]
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _risks(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
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


# --- values -------------------------------------------------------------------------------


def _frame(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def _days(values: pd.Series) -> pd.Series:
    """datetime64 values as Python dates (how a preview shows them)."""
    return pd.Series([v.date() if pd.notna(v) else None for v in values], index=values.index, dtype=object)


def _blank(v: object) -> bool:
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def _text(v: object) -> str | None:
    return None if _blank(v) else str(v).strip()


def _date(v: object) -> dt.date | None:
    if _blank(v):
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return pd.Timestamp(v).date()


def _shown(v: object) -> object:
    """A value as a preview shows it: dates as dates, blanks as None, numbers as floats."""
    if _blank(v) or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, (dt.date, pd.Timestamp)):
        return _date(v)
    return float(v) if isinstance(v, numbers.Real) else v


def _where(parsed, table: str, column: str, row: object) -> str:
    """'Actuals!D14': where the new value is in the analyst's workbook."""
    if row is None or pd.isna(row):
        return ""
    cell = parsed.cell(table, column, int(row))
    return f"{parsed.sheet(table)}!{cell}" if cell else ""
