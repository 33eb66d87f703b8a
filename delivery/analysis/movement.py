"""How ratings moved: movement since the last period, rating counts, the transition table and
rating histories (no Streamlit).

Everything is relative to the "as at" period the user chose, never today's date. What needs
attention is in attention.py; on or off trajectory in trajectories.py.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from delivery.analysis.reporting import NOT_REPORTED, stale_text
from delivery.reference.ratings import ALL_RATINGS, AMBER, COMPLETE, FIVE_POINT, GREEN, NOT_ASSESSED, RED, score

IMPROVED, WORSENED, UNCHANGED, NEW, CHANGED = "Improved", "Worsened", "Unchanged", "New", "Changed"
SCALE_CHANGED = "Scale changed"
MOVEMENTS = (IMPROVED, WORSENED, UNCHANGED, NEW)
ARROW = "→"
THREE, FIVE = "three-point", "five-point"
# Across scales, a three-point word covers a stretch of the five-point scale: a three-point
# Amber may be any of Amber/Red, Amber or Amber/Green. A move between a three-point and a
# five-point rating is real only when the two stretches do not overlap (Red -> Green is an
# improvement on any reading); otherwise it is "Scale changed", not a change in confidence.
THREE_POINT_RANGE = {RED: (1, 2), AMBER: (2, 4), GREEN: (4, 5)}


def _blank(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def rank(rating) -> int | None:
    """Score for comparisons: Complete ranks above Green (the work is done)."""
    return 6 if rating == COMPLETE else score(rating)


def _range(rating, scale) -> tuple[int, int] | None:
    """The stretch of the 1-5 scale a rating stands for on its return's scale."""
    if scale == THREE and rating in THREE_POINT_RANGE:
        return THREE_POINT_RANGE[rating]
    s = score(rating)
    return (s, s) if s is not None else None


def scale_changed(before, now, scale_before=None, scale_now=None) -> bool:
    """True when the two ratings are on different scales and the move between them is not a real one."""
    if _blank(scale_before) or _blank(scale_now) or scale_before == scale_now:
        return False
    old, new = _range(before, scale_before), _range(now, scale_now)
    return old is not None and new is not None and not (new[0] > old[1] or new[1] < old[0])


def movement(before, now, scale_before=None, scale_now=None) -> str:
    """Improved, Worsened, Unchanged, New or Scale changed, from the rating at the previous period to now.

    A change involving Not assessed cannot be ranked and is "Changed". Between a
    three-point and a five-point return, a move is real only when the crosswalk ranges do
    not overlap (see THREE_POINT_RANGE); otherwise it is "Scale changed".
    """
    if _blank(before):
        return NEW
    if scale_changed(before, now, scale_before, scale_now):
        return SCALE_CHANGED
    if before == now:
        return UNCHANGED
    old, new = rank(before), rank(now)
    if old is None or new is None:
        return CHANGED
    return IMPROVED if new > old else WORSENED


def trend_text(before, now, scale_before=None, scale_now=None) -> str:
    """'Amber → Amber/Green', 'Red (no change)', 'New this period', or a scale change said plainly."""
    if _blank(before):
        return "New this period"
    if scale_changed(before, now, scale_before, scale_now):
        return f"{before} {ARROW} {now} (scale changed from {scale_before} to {scale_now}: not comparable)"
    return f"{now} (no change)" if before == now else f"{before} {ARROW} {now}"


def _stale(row) -> bool:
    return bool(row.get("stale", False)) if not _blank(row.get("stale", False)) else False


def with_movement(priorities: pd.DataFrame) -> pd.DataFrame:
    """Add movement and trend columns to rows with rag and rag_before (and, if present, the
    scales and stale from picture.with_standing: a stale priority is "Not reported this period")."""
    out = priorities.copy()
    rows = out.to_dict("records")
    out["movement"] = [
        NOT_REPORTED if _stale(r) else movement(r["rag_before"], r["rag"], r.get("scale_before"), r.get("scale_now"))
        for r in rows
    ]
    out["trend"] = [
        f"{stale_text(r['last_return'])} (last rated {r['rag'] or NOT_ASSESSED})"
        if _stale(r)
        else trend_text(r["rag_before"], r["rag"], r.get("scale_before"), r.get("scale_now"))
        for r in rows
    ]
    return out


def current(priorities: pd.DataFrame) -> pd.DataFrame:
    """The priorities whose rating is for this period (not stale)."""
    if "stale" not in priorities or priorities.empty:
        return priorities
    return priorities[~priorities["stale"].astype(bool)]


def not_reported(priorities: pd.DataFrame) -> int:
    """How many priorities were not reported this period (shown as 'not updated since')."""
    return int(priorities["stale"].astype(bool).sum()) if "stale" in priorities and len(priorities) else 0


def rating_order(ratings: Iterable) -> list[str]:
    """The five-point scale, plus any other rating present, worst first."""
    present = {r for r in ratings if not _blank(r)}
    return list(FIVE_POINT) + [r for r in ALL_RATINGS if r not in FIVE_POINT and r in present]


def rating_counts(ratings: Iterable) -> pd.DataFrame:
    """How many priorities at each rating (zeros included for the five-point scale)."""
    values = [NOT_ASSESSED if _blank(r) else r for r in ratings]
    return pd.DataFrame([{"rating": r, "priorities": values.count(r)} for r in rating_order(values)])


def movement_counts(priorities: pd.DataFrame) -> dict[str, int]:
    """{'Improved': n, 'Worsened': n, 'Unchanged': n, 'New': n} (and 'Scale changed', 'Changed' if any).

    Priorities not reported this period are left out: they have no movement to count.
    """
    moved = with_movement(priorities)["movement"].tolist() if len(priorities) else []
    counts = {m: moved.count(m) for m in MOVEMENTS}
    for extra in (SCALE_CHANGED, CHANGED):
        if extra in moved:
            counts[extra] = moved.count(extra)
    return counts


def transition_table(priorities: pd.DataFrame) -> pd.DataFrame:
    """Rows: rating at the previous period ('New' if none, 'Scale changed' when the two ratings
    are on different scales and not comparable); columns: rating now; cells: priorities.

    Only ratings that occur are shown, worst first; the index is named 'Rating before'.
    Priorities not reported this period are left out.
    """
    moved = with_movement(current(priorities)) if len(priorities) else priorities
    if moved.empty:
        return pd.DataFrame()
    before = [
        "New" if _blank(r) else SCALE_CHANGED if m == SCALE_CHANGED else r
        for r, m in zip(moved["rag_before"], moved["movement"])
    ]
    now = [NOT_ASSESSED if _blank(r) else r for r in moved["rag"]]
    table = pd.crosstab(pd.Series(before, name="Rating before"), pd.Series(now, name="Rating now"))
    order = [r for r in rating_order(before + now) if r in table.columns]
    rows = [r for r in ["New", SCALE_CHANGED] + rating_order(before + now) if r in table.index]
    return table.reindex(index=rows, columns=order, fill_value=0)


def history_scores(rags) -> list[int]:
    """The crosswalk scores (1 Red .. 5 Green) of a rating history, for a small line chart.

    Ratings with no place on the scale (Not assessed, Complete, blank) are left out: a gap
    in the list would break the table's line chart.
    """
    if _blank(rags):
        return []
    return [s for s in (score(r) for r in list(rags)) if s is not None]


def off_scale_note(history: pd.DataFrame) -> str | None:
    """Ratings the 1-5 line cannot show (Complete, Not assessed), listed in words, or None."""
    off = history[[score(r) is None for r in history["rag"]]] if not history.empty else history
    if off.empty:
        return None
    items = "; ".join(
        f"{pd.Timestamp(d).day} {pd.Timestamp(d):%b %Y}: {NOT_ASSESSED if _blank(r) else r}"
        for d, r in zip(off["return_period"], off["rag"])
    )
    return f"Not on the chart's scale: {items}."


ALL_PRIORITIES = "All priorities (each counted once)"


def _codes(text) -> list[str]:
    return [c.strip() for c in str(text).split(",") if c.strip()] if not _blank(text) else []


def ratings_by_department(
    priorities: pd.DataFrame, names: dict[str, str], department: str | None = None
) -> pd.DataFrame:
    """How many priorities each department leads or contributes to at each rating, for the heatmap.

    The first row, ALL_PRIORITIES, counts each priority once, so it matches the Overview's
    counts and the Priorities table. Priorities not reported this period are counted under
    'Not reported this period'. With ``department``, only that department's row (and the total).
    Columns: department, department_name, rag, priorities.
    """
    moved = with_movement(priorities) if len(priorities) else priorities.assign(movement=[])
    rows = []
    for p in moved.to_dict("records"):
        rag = NOT_REPORTED if p["movement"] == NOT_REPORTED else (NOT_ASSESSED if _blank(p["rag"]) else p["rag"])
        rows.append(("", ALL_PRIORITIES, rag))
        for code in dict.fromkeys([p["lead_department"], *_codes(p["contributing_departments"])]):
            if department is None or code == department:
                rows.append((code, f"{names.get(code, code)} ({code})", rag))
    frame = pd.DataFrame(rows, columns=["department", "department_name", "rag"])
    counts = frame.groupby(["department", "department_name", "rag"], sort=False).size()
    return counts.rename("priorities").reset_index()
