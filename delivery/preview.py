"""What a parsed return would change in the store, worked out before anything is written.

A return is compared with its department's data as the store shows it as at the return's
period (the return it replaces, or the one before it): priorities, milestones and indicators
that are new, changed or removed; ratings that moved; milestone forecasts that slipped.

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

import pandas as pd

from delivery import ratings
from delivery.contract import SHEETS_BY_TABLE
from delivery.store import Store, run_query

NOW = dt.date(9999, 12, 31)  # "as at now" for the as-at macros: every return counts
ITEMS = (("priorities", ("priority_id",), "title"), ("milestones", ("milestone_id",), "title"),
         ("indicators", ("indicator_id",), "name"))
RATED = (("priorities", ("priority_id",), "title"), ("chain_nodes", ("priority_id", "node_id"), "name"),
         ("milestones", ("milestone_id",), "title"))
AGREED = {"priorities": ("target", "target_date"), "milestones": ("baseline_date",),
          "indicators": ("baseline_value", "baseline_date", "target_value", "target_date", "tolerance_pct")}
ITEM_COLUMNS = ["Sheet", "ID", "Title", "Change", "What changed"]
RATING_COLUMNS = ["Sheet", "ID", "Title", "Was", "Now", "Rating", "Movement"]
SLIP_COLUMNS = ["Milestone", "Title", "Forecast was", "Forecast now", "Days slipped", "Days behind baseline"]
ACTUAL_COLUMNS = ["Indicator", "Period end", "Area", "Was", "Now", "Difference", "Cell"]
TRAJECTORY_COLUMNS = ["Indicator", "Period end", "Was", "Now", "Difference", "Cell"]
TARGET_COLUMNS = ["Sheet", "ID", "Field", "Was", "Now", "Cell"]


@dataclass
class Preview:
    """What one return changes: each table is empty when there is nothing of its kind."""

    department: str
    period_end: dt.date
    compared_with: dt.date | None  # the period of the return it is compared with; None if none
    items: pd.DataFrame  # ITEM_COLUMNS: new, changed and removed priorities, milestones, indicators
    ratings: pd.DataFrame  # RATING_COLUMNS: ratings that moved, "Amber → Red"
    slipped: pd.DataFrame  # SLIP_COLUMNS: milestone forecasts later than before
    restated_actuals: pd.DataFrame  # ACTUAL_COLUMNS: points the store holds, now different
    restated_trajectory: pd.DataFrame  # TRAJECTORY_COLUMNS
    restated_targets: pd.DataFrame  # TARGET_COLUMNS: targets, baselines, tolerances changed

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
        base = (f"replaces {self.department}'s return for {self.period_end:%-d %b %Y}" if self.replaces else
                f"adds {self.department}'s return for {self.period_end:%-d %b %Y}"
                + (f", compared here with its return for {self.compared_with:%-d %b %Y}" if self.compared_with
                   else ", its first return in the store"))
        counts = self.items["Change"].value_counts() if not self.items.empty else {}
        parts = [f"{counts.get(k, 0)} {k}" for k in ("new", "changed", "removed")]
        restated = f"; it restates {self.restatements} value{'s' if self.restatements != 1 else ''} " \
                   "already loaded, so a reason is needed" if self.needs_reason else ""
        return f"This {base}: {', '.join(parts)} priorities, milestones and indicators{restated}."


def preview_return(store: Store, parsed) -> Preview:
    """Compare a parsed, valid return with the store; nothing is written."""
    department = parsed.about["department"]
    period = _date(parsed.about["period_end"])
    con = store.connect_read()
    try:
        before = {t: _stored(con, t, department, period) for t in ("priorities", "chain_nodes", "milestones", "indicators")}
        compared = _compared_period(con, department, period)
        history = {t: _history(con, t, department) for t in ("actuals", "trajectory")}
    finally:
        if con is not None:
            con.close()
    tables = {t: parsed.tables.get(t, pd.DataFrame(columns=list(SHEETS_BY_TABLE[t].column_names) + ["_row"]))
              for t in SHEETS_BY_TABLE}
    return Preview(
        department, period, compared,
        items=_items(tables, before),
        ratings=_ratings(tables, before),
        slipped=_slipped(tables["milestones"], before["milestones"]),
        restated_actuals=_restated_actuals(parsed, tables["actuals"], history["actuals"]),
        restated_trajectory=_restated_trajectory(parsed, tables["trajectory"], history["trajectory"]),
        restated_targets=_restated_targets(parsed, tables, before),
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


# --- comparing ----------------------------------------------------------------------------

def _items(tables: dict, before: dict) -> pd.DataFrame:
    rows = []
    for table, key, title in ITEMS:
        sheet = SHEETS_BY_TABLE[table]
        new, old = _keyed(tables[table], key), _keyed(before[table], key)
        for k, rec in new.items():
            if k not in old:
                rows.append((sheet.name, _id(k), rec.get(title), "new", ""))
            else:
                changed = [c for c in sheet.column_names if not same(rec.get(c), old[k].get(c))]
                if changed:
                    rows.append((sheet.name, _id(k), rec.get(title), "changed", ", ".join(changed)))
        rows += [(sheet.name, _id(k), rec.get(title), "removed", "") for k, rec in old.items() if k not in new]
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def _ratings(tables: dict, before: dict) -> pd.DataFrame:
    rows = []
    for table, key, title in RATED:
        old = _keyed(before[table], key)
        for k, rec in _keyed(tables[table], key).items():
            was, now = _text(old[k].get("rag")) if k in old else None, _text(rec.get("rag"))
            if k in old and was != now:
                rows.append((SHEETS_BY_TABLE[table].name, _id(k), rec.get(title), was, now,
                             f"{was or 'not rated'} → {now or 'not rated'}", movement(was, now)))
    return pd.DataFrame(rows, columns=RATING_COLUMNS)


def movement(was: str | None, now: str | None) -> str:
    """'improved', 'worsened' or 'changed' (when either side has no 1-5 score, e.g. Complete)."""
    a, b = ratings.score(was), ratings.score(now)
    if a is None or b is None:
        return "changed"
    return "improved" if b > a else "worsened" if b < a else "changed"


def _slipped(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    rows = []
    previous = _keyed(old, ("milestone_id",))
    for k, rec in _keyed(new, ("milestone_id",)).items():
        was, now = _date(previous.get(k, {}).get("forecast_date")), _date(rec.get("forecast_date"))
        if was and now and now > was:
            base = _date(rec.get("baseline_date"))
            rows.append((_id(k), rec.get("title"), was, now, (now - was).days, (now - base).days if base else None))
    frame = pd.DataFrame(rows, columns=SLIP_COLUMNS)
    return frame.sort_values(["Days slipped", "Milestone"], ascending=[False, True], ignore_index=True)


def _restated_actuals(parsed, new: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    rows = []
    old = {(r["indicator_id"], _date(r["period_end"]), _text(r["area_code"]) or ""): r["actual_value"]
           for r in stored.to_dict("records")}
    for r in new.to_dict("records"):
        k = (r["indicator_id"], _date(r["period_end"]), _text(r.get("area_code")) or "")
        if k in old and not same(r["actual_value"], old[k]):
            rows.append((*k, old[k], r["actual_value"], _diff(r["actual_value"], old[k]),
                         _where(parsed, "actuals", "actual_value", r)))
    return pd.DataFrame(rows, columns=ACTUAL_COLUMNS)


def _restated_trajectory(parsed, new: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    rows = []
    old = {(r["indicator_id"], _date(r["period_end"])): r["planned_value"] for r in stored.to_dict("records")}
    for r in new.to_dict("records"):
        k = (r["indicator_id"], _date(r["period_end"]))
        if k in old and not same(r["planned_value"], old[k]):
            rows.append((*k, old[k], r["planned_value"], _diff(r["planned_value"], old[k]),
                         _where(parsed, "trajectory", "planned_value", r)))
    return pd.DataFrame(rows, columns=TRAJECTORY_COLUMNS)


def _restated_targets(parsed, tables: dict, before: dict) -> pd.DataFrame:
    rows = []
    for table, key, _ in ITEMS:
        old = _keyed(before[table], key)
        for k, rec in _keyed(tables[table], key).items():
            for column in AGREED[table] if k in old else ():
                if not same(rec.get(column), old[k].get(column)):
                    rows.append((SHEETS_BY_TABLE[table].name, _id(k), column, _shown(old[k].get(column)),
                                 _shown(rec.get(column)), _where(parsed, table, column, rec)))
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


# --- values -------------------------------------------------------------------------------

def same(a: object, b: object) -> bool:
    """True when two cell values mean the same: blanks alike, dates by day, numbers to 1e-9."""
    if _blank(a) or _blank(b):
        return _blank(a) and _blank(b)
    if isinstance(a, (dt.date, pd.Timestamp)) or isinstance(b, (dt.date, pd.Timestamp)):
        return _date(a) == _date(b)
    if isinstance(a, numbers.Real) and isinstance(b, numbers.Real):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return _text(a) == _text(b)


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
    if isinstance(v, pd.Timestamp) or isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return pd.Timestamp(v).date()


def _shown(v: object) -> object:
    """A value as a preview shows it: dates as dates, blanks as None."""
    if _blank(v):
        return None
    return _date(v) if isinstance(v, (dt.date, pd.Timestamp)) else v


def _diff(now: object, was: object) -> float | None:
    return None if _blank(now) or _blank(was) else float(now) - float(was)


def _keyed(frame: pd.DataFrame, key: tuple[str, ...]) -> dict[tuple, dict]:
    return {tuple(_text(r.get(c)) for c in key): r for r in frame.to_dict("records")}


def _id(key: tuple) -> str:
    return " / ".join(k or "" for k in key)


def _where(parsed, table: str, column: str, record: dict) -> str:
    """'Actuals!D14': where the new value is in the analyst's workbook."""
    row = record.get("_row")
    cell = parsed.cell(table, column, int(row)) if row is not None and not _blank(row) else ""
    return f"{parsed.sheet(table)}!{cell}" if cell else ""
