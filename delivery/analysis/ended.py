"""Priorities out of the picture (analysis/picture.py), and why: no longer reported (their department
has missed more than the periods a priority stays for) or left the portfolio (no return in force
lists them). One row each: priority_id, title, department, lead_department, last_return, rag (the
last rating), standing, left_on and detail (a sentence). No Streamlit."""

from __future__ import annotations

import pandas as pd

from delivery.analysis import reporting
from delivery.reference.calendar import date_text
from delivery.reference.ratings import NOT_ASSESSED

NO_RETURN, LEFT = "No longer reported", "Left the portfolio"
COLUMNS = [
    "priority_id",
    "title",
    "department",
    "lead_department",
    "last_return",
    "rag",
    "standing",
    "left_on",
    "detail",
]
MOST_NAMED = 10  # priorities a sentence names before it says "and N more"


def no_return(rows: pd.DataFrame, stale_after: int) -> pd.DataFrame:
    """The priorities whose department has missed more than ``stale_after`` periods, as ``ended`` rows."""
    return pd.DataFrame(
        {
            "priority_id": rows["priority_id"],
            "title": rows["title"],
            "department": rows["department"],
            "lead_department": rows["lead_department"],
            "last_return": [reporting.day(d) for d in rows["last_return"]],
            "rag": rows["rag"],
            "standing": NO_RETURN,
            "left_on": None,
            "detail": [
                f"{d} has sent no return for {n} periods since {date_text(lr)} (last rated "
                f"{r if isinstance(r, str) else NOT_ASSESSED}); more than the "
                f"{stale_after} a priority stays in the picture for"
                for d, n, lr, r in zip(rows["department"], rows["periods_missed"], rows["last_return"], rows["rag"])
            ],
        },
        columns=COLUMNS,
    )


def left(rows: pd.DataFrame) -> pd.DataFrame:
    """priorities_ended rows (reported once, in no return in force now) as ``ended`` rows."""
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = rows.assign(
        standing=LEFT,
        left_on=[reporting.day(d) for d in rows["left_on"]],
        last_return=[reporting.day(d) for d in rows["last_return"]],
    )
    out["detail"] = [_left_text(r) for r in out.to_dict("records")]
    return out[COLUMNS]


def _left_text(r: dict) -> str:
    rag = r["rag"] if isinstance(r["rag"], str) else NOT_ASSESSED
    if pd.notna(r.get("next_return")):
        how = f"{r['department']}'s return for {date_text(r['next_return'])} no longer lists it"
    elif pd.notna(r.get("end_date")):
        how = f"{r['department']} closed on {date_text(r['end_date'])} and no department reports it since"
    else:
        how = "no return in force lists it"
    return (
        f"Left the portfolio: {how}; last reported in {r['department']}'s return for "
        f"{date_text(r['last_return'])}, rated {rag}"
    )


def _why(standing: str, left_on, last_return) -> str:
    if standing != LEFT:
        return f"no return since {date_text(last_return)}"
    return "left the portfolio" + (f" on {date_text(left_on)}" if left_on is not None and pd.notna(left_on) else "")


def ended_text(ended: pd.DataFrame, as_at, stale_after: int) -> str | None:
    """One sentence naming the priorities out of the picture (``ended`` rows) and why, or None when there are
    none: 'Out of the picture as at 30 Jun 2026: ENE-02 (no return since 31 Mar 2026), HEA-03 (left the ...'."""
    if ended.empty:
        return None
    rows = ended.sort_values(["standing", "priority_id"])
    named = [
        f"{pid} ({_why(why, on, last)})"
        for pid, why, on, last in zip(rows["priority_id"], rows["standing"], rows["left_on"], rows["last_return"])
    ]
    more = f" and {len(named) - MOST_NAMED:,} more" if len(named) > MOST_NAMED else ""
    return (
        f"Out of the picture as at {date_text(as_at)}: {', '.join(named[:MOST_NAMED])}{more}. "
        f"A priority leaves the picture when its department has missed more than {stale_after} "
        "reporting periods (DELIVERY_STALE_AFTER_PERIODS), or when no return in force reports it."
    )
