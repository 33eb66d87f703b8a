"""Returns due: who owes which return, since when, and whom to remind (no Streamlit).

One row per department expected as at a period (``reporting.returns_status``, by the reporting
calendar): its expected period, due date, whether it is received (a return under review is received:
the list reads every return as loaded), days late, and the contact named in the department list.
Each department not received gets a reminder to copy into an email; the CSV is for a mail merge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from delivery.analysis import picture, reporting
from delivery.reference.calendar import date_text

Ask = Callable[..., pd.DataFrame]
COLUMNS = [
    "department",
    "department_name",
    "period",
    "due_date",
    "received",
    "days_late",
    "last_return",
    "contact",
    "reminder",
]
SIGNED = "The delivery unit"


def returns_due(ask: Ask, rules: picture.Rules, period: dt.date | None, contacts: dict[str, str]) -> pd.DataFrame:
    """The returns due as at ``period`` (None: the period the app opens on), most days late first."""
    as_at = picture.resolve_as_at(ask, rules, period)
    if as_at is None:
        return pd.DataFrame(columns=COLUMNS)
    status = reporting.returns_status(rules.calendar, ask("department_returns"), as_at, rules.today)
    rows = []
    for r in status.to_dict("records"):
        due = reporting.day(r["due_date"])
        late = 0 if r["received"] or due is None or rules.today <= due else (rules.today - due).days
        row = {
            "department": r["department"],
            "department_name": r["department_name"],
            "period": reporting.day(r["expected_period"]),
            "due_date": due,
            "received": bool(r["received"]),
            "days_late": late,
            "last_return": reporting.day(r["last_return"]),
            "contact": contacts.get(r["department"], ""),
        }
        rows.append(row | {"reminder": "" if row["received"] else reminder(row, rules.today)})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["received", "days_late", "department"], ascending=[True, False, True], ignore_index=True)


def reminder(row: dict, today: dt.date) -> str:
    """A reminder ready to copy into an email, for a return not received."""
    greeting = f"Dear {_name_of(row['contact'])}," if row["contact"] else "Dear colleague,"
    when, due = date_text(row["period"]), date_text(row["due_date"])
    if row["days_late"]:
        late = f"{row['days_late']} day{'s' if row['days_late'] != 1 else ''}"
        status = f"was due on {due} and has not reached us yet ({late} late)"
    else:
        status = f"is due on {due}"
    last = f" The last return we hold is for {date_text(row['last_return'])}." if row["last_return"] else ""
    return (
        f"{greeting}\n\n{row['department_name']}'s return for the period ending {when} {status}.{last} "
        "Please send it, or tell us when to expect it.\n\nThank you,\n" + SIGNED
    )


def _name_of(contact: str) -> str:
    """'Ann Lee' from 'Ann Lee <ann.lee@dfe.example>'; the whole contact when it has no address part."""
    return contact.split("<", 1)[0].strip() or contact


def due_text(frame: pd.DataFrame) -> str:
    """The list for a terminal: one line per department, then each reminder."""
    if frame.empty:
        return "No returns are expected: nothing has been loaded yet."
    lines = [
        f"{r['department']}: return for {date_text(r['period'])}, due {date_text(r['due_date'])}: "
        + (
            "received"
            if r["received"]
            else f"not received, {r['days_late']} days late"
            if r["days_late"]
            else "not yet received"
        )
        + (f"; contact {r['contact']}" if r["contact"] else "; no contact in the department list")
        for r in frame.to_dict("records")
    ]
    reminders = [
        f"--- Reminder to {r['department']} ---\n{r['reminder']}" for r in frame.to_dict("records") if r["reminder"]
    ]
    return "\n".join(lines) + ("\n\n" + "\n\n".join(reminders) if reminders else "")


def for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """The list as a mail merge reads it: dates as YYYY-MM-DD, received as yes or no."""
    out = frame.copy()
    for column in ("period", "due_date", "last_return"):
        out[column] = [d.isoformat() if d else "" for d in out[column]]
    out["received"] = ["yes" if r else "no" for r in out["received"]]
    return out
