"""What a parsed return would change in the store, worked out before anything is written.

A return is compared with its department's data as the store shows it as at the return's
period (the return it replaces, or the one before it): priorities, milestones and indicators
that are new, changed or removed; ratings that moved; milestone forecasts that slipped; risks
opened, closed, escalated or rescored (``returns.risk_changes``, the definition What changed reads).
Fields are named in plain words (``contract.label``: "rating", "completed date").

History is compared with the store as it stands now: an actual or trajectory point the
store already holds, reported with a different value, restates history; so does a changed
target, baseline or tolerance. Restatements are legitimate (data gets corrected) but must
be explained, so ``needs_reason`` is true whenever there is one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from delivery.returns.contract import SHEETS_BY_TABLE
from delivery.store.concurrency import return_base
from delivery.store.versions import Store, run_query
from delivery.upload import preview_sections as sections
from delivery.upload.preview_sections import ACTUAL_COLUMNS, TRAJECTORY_COLUMNS
from delivery.upload.preview_values import as_date, typed_table

NOW = dt.date(9999, 12, 31)  # "as at now" for the as-at macros: every return counts


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
    period = as_date(parsed.about["period_end"])
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
    tables = {t: typed_table(parsed.tables.get(t), t) for t in (*before, *history)}
    before = {t: typed_table(frame, t) for t, frame in before.items()}
    history = {t: typed_table(frame, t) for t, frame in history.items()}
    return Preview(
        department,
        period,
        compared,
        items=sections.item_changes(tables, before),
        ratings=sections.rating_changes(tables, before),
        slipped=sections.slipped_forecasts(tables["milestones"], before["milestones"]),
        new_actuals=sections.new_actuals(parsed, tables["actuals"], history["actuals"]),
        restated_actuals=sections.restated_points(
            parsed, "actuals", tables["actuals"], history["actuals"], ACTUAL_COLUMNS
        ),
        restated_trajectory=sections.restated_points(
            parsed, "trajectory", tables["trajectory"], history["trajectory"], TRAJECTORY_COLUMNS
        ),
        restated_targets=sections.restated_targets(parsed, tables, before),
        risks=sections.risk_rows(tables["risks"], before["risks"]),
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
    return None if rows.empty else as_date(rows["return_period"].iloc[0])


def _history(con, table: str, department: str) -> pd.DataFrame:
    if con is None:
        return pd.DataFrame(columns=list(SHEETS_BY_TABLE[table].column_names))
    return run_query(con, f"history_{table}", {"department": department, "as_at": NOW})
