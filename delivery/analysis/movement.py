"""How ratings moved: movement since the last period, rating counts, the transition table and
rating histories (no Streamlit).

Everything is relative to the "as at" period the user chose, never today's date. What needs
attention is in attention.py; on or off trajectory in trajectories.py.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from delivery.returns.ratings import ALL_RATINGS, COMPLETE, FIVE_POINT, NOT_ASSESSED, score

IMPROVED, WORSENED, UNCHANGED, NEW, CHANGED = "Improved", "Worsened", "Unchanged", "New", "Changed"
MOVEMENTS = (IMPROVED, WORSENED, UNCHANGED, NEW)
ARROW = "→"


def _blank(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def rank(rating) -> int | None:
    """Score for comparisons: Complete ranks above Green (the work is done)."""
    return 6 if rating == COMPLETE else score(rating)


def movement(before, now) -> str:
    """Improved, Worsened, Unchanged or New, from the rating at the previous period to now.

    A change involving Not assessed cannot be ranked and is "Changed".
    """
    if _blank(before):
        return NEW
    if before == now:
        return UNCHANGED
    old, new = rank(before), rank(now)
    if old is None or new is None:
        return CHANGED
    return IMPROVED if new > old else WORSENED


def trend_text(before, now) -> str:
    """'Amber → Amber/Green', 'Red (no change)' or 'New this period'."""
    if _blank(before):
        return "New this period"
    return f"{now} (no change)" if before == now else f"{before} {ARROW} {now}"


def with_movement(priorities: pd.DataFrame) -> pd.DataFrame:
    """Add movement and trend columns to rows with rag and rag_before."""
    out = priorities.copy()
    out["movement"] = [movement(b, n) for b, n in zip(out["rag_before"], out["rag"])] if len(out) else []
    out["trend"] = [trend_text(b, n) for b, n in zip(out["rag_before"], out["rag"])] if len(out) else []
    return out


def rating_order(ratings: Iterable) -> list[str]:
    """The five-point scale, plus any other rating present, worst first."""
    present = {r for r in ratings if not _blank(r)}
    return list(FIVE_POINT) + [r for r in ALL_RATINGS if r not in FIVE_POINT and r in present]


def rating_counts(ratings: Iterable) -> pd.DataFrame:
    """How many priorities at each rating (zeros included for the five-point scale)."""
    values = [NOT_ASSESSED if _blank(r) else r for r in ratings]
    return pd.DataFrame([{"rating": r, "priorities": values.count(r)} for r in rating_order(values)])


def movement_counts(priorities: pd.DataFrame) -> dict[str, int]:
    """{'Improved': n, 'Worsened': n, 'Unchanged': n, 'New': n} (and 'Changed' if any)."""
    moved = with_movement(priorities)["movement"].tolist() if len(priorities) else []
    counts = {m: moved.count(m) for m in MOVEMENTS}
    if CHANGED in moved:
        counts[CHANGED] = moved.count(CHANGED)
    return counts


def transition_table(priorities: pd.DataFrame) -> pd.DataFrame:
    """Rows: rating at the previous period ('New' if none); columns: rating now; cells: priorities.

    Only ratings that occur are shown, worst first; the index is named 'Rating before'.
    """
    if priorities.empty:
        return pd.DataFrame()
    before = ["New" if _blank(r) else r for r in priorities["rag_before"]]
    now = [NOT_ASSESSED if _blank(r) else r for r in priorities["rag"]]
    table = pd.crosstab(pd.Series(before, name="Rating before"), pd.Series(now, name="Rating now"))
    order = [r for r in rating_order(before + now) if r in table.columns]
    rows = [r for r in ["New"] + rating_order(before + now) if r in table.index]
    return table.reindex(index=rows, columns=order, fill_value=0)


def history_scores(rags) -> list:
    """The crosswalk scores (1 Red .. 5 Green) of a rating history, for a small line chart."""
    if _blank(rags):
        return []
    return [score(r) for r in list(rags)]


def off_scale_note(history: pd.DataFrame) -> str | None:
    """Ratings the 1-5 line cannot show (Complete, Not assessed), listed in words, or None."""
    off = history[[score(r) is None for r in history["rag"]]] if not history.empty else history
    if off.empty:
        return None
    items = "; ".join(f"{pd.Timestamp(d).day} {pd.Timestamp(d):%b %Y}: {NOT_ASSESSED if _blank(r) else r}"
                      for d, r in zip(off["return_period"], off["rag"]))
    return f"Not on the chart's scale: {items}."


