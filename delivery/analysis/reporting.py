"""Which returns are expected, which are in, and which priorities are out of date (no Streamlit).

Everything follows the reporting calendar (``delivery.reference.calendar``), never merely
what has been loaded: the "as at" choices are the calendar's period ends, a department is
late only for its own periods, and a priority is current only when its department's
return covers the department's latest period as at the chosen date.

A priority whose latest return is older than that is *stale*: shown as "not updated since
30 Jun 2026", counted apart as "not reported this period" and left out of movement. Once
its department has missed more than ``stale_after`` periods it leaves the current picture
(analysis/picture.py applies these rules).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from delivery.reference.calendar import Calendar, date_text  # noqa: F401  (attention imports it from here)

NOT_REPORTED = "Not reported this period"
UP_TO_DATE, NOT_YET_DUE, OVERDUE = "Up to date", "Not yet due", "Overdue"


def day(value) -> dt.date | None:
    """A date from a date, Timestamp or datetime64 (None for blank)."""
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _by_department(returns: pd.DataFrame) -> dict[str, list[dt.date]]:
    """Each department's return periods, oldest first."""
    out: dict[str, list[dt.date]] = {}
    for dept, period in zip(returns.get("department", []), returns.get("return_period", [])):
        out.setdefault(dept, []).append(day(period))
    return {d: sorted(set(p)) for d, p in out.items()}


def as_at_choices(calendar: Calendar, returns: pd.DataFrame) -> list[dt.date]:
    """The "as at" periods, newest first: every reporting department's calendar periods from the
    first return loaded to the latest, and the periods of the returns themselves."""
    by_dept = _by_department(returns)
    if not by_dept:
        return []
    first = min(p[0] for p in by_dept.values())
    last = max(p[-1] for p in by_dept.values())
    periods = {p for dates in by_dept.values() for p in dates}
    for dept in by_dept:
        periods |= set(calendar.periods_between(dept, first - dt.timedelta(days=1), last))
    return sorted(periods, reverse=True)


def _end_dates(returns: pd.DataFrame) -> dict[str, dt.date]:
    """Each department's end date (data/departments.csv, department_returns' end_date), if it has one."""
    if "end_date" not in returns:
        return {}
    return {d: day(end) for d, end in zip(returns["department"], returns["end_date"]) if pd.notna(end)}


def _ended(end_dates: dict[str, dt.date], dept: str, as_at: dt.date) -> bool:
    """True when ``dept`` had ended before ``as_at`` (abolished or merged away)."""
    return dept in end_dates and end_dates[dept] < as_at


def expected_departments(returns: pd.DataFrame, as_at: dt.date) -> list[str]:
    """Departments expected to report as at a period: those that had sent a return by then, less
    any that had ended before it (an abolished department is never overdue)."""
    ends = _end_dates(returns)
    return sorted(
        d for d, periods in _by_department(returns).items() if periods[0] <= as_at and not _ended(ends, d, as_at)
    )


def all_due(calendar: Calendar, returns: pd.DataFrame, as_at: dt.date, today: dt.date) -> bool:
    """True when every return expected as at ``as_at`` was due on or before ``today``."""
    depts = expected_departments(returns, as_at)
    return all(calendar.due_date(d, calendar.expected_period(d, as_at)) <= today for d in depts)


def default_as_at(calendar: Calendar, returns: pd.DataFrame, choices: list[dt.date], today: dt.date) -> dt.date | None:
    """The latest choice whose expected returns are all due by ``today`` (else the earliest choice)."""
    for period in choices:
        if all_due(calendar, returns, period, today):
            return period
    return choices[-1] if choices else None


def returns_status(calendar: Calendar, returns: pd.DataFrame, as_at: dt.date, today: dt.date) -> pd.DataFrame:
    """One row per department expected as at ``as_at`` (``expected_departments``): its expected
    period, last return, status.

    Columns: department, department_name, expected_period, due_date, last_return,
    last_loaded_at, received (bool), periods_missed (due periods with no return), status.
    """
    rows, ends = [], _end_dates(returns)
    for dept, group in returns.groupby("department", sort=True) if not returns.empty else []:
        upto = group[[day(p) <= as_at for p in group["return_period"]]]
        if upto.empty or _ended(ends, dept, as_at):
            continue
        latest = upto.loc[upto["return_period"].idxmax()]
        last, expected = day(latest["return_period"]), calendar.expected_period(dept, as_at)
        missed = missed_periods(calendar, dept, last, as_at, today)
        due = calendar.due_date(dept, expected)
        rows.append(
            {
                "department": dept,
                "department_name": latest["department_name"],
                "expected_period": expected,
                "due_date": due,
                "last_return": last,
                "last_loaded_at": latest["loaded_at"],
                "received": last >= expected,
                "periods_missed": len(missed),
                "status": _status(last >= expected, missed, expected, due, calendar, dept),
            }
        )
    cols = [
        "department",
        "department_name",
        "expected_period",
        "due_date",
        "last_return",
        "last_loaded_at",
        "received",
        "periods_missed",
        "status",
    ]
    return pd.DataFrame(rows, columns=cols)


def missed_periods(calendar: Calendar, dept: str, last: dt.date, as_at: dt.date, today: dt.date) -> list[dt.date]:
    """The department's periods after its return for ``last`` up to ``as_at`` whose return was due by ``today``:
    the one definition of "periods missed" (the freshness table, the picture and the briefs)."""
    return [p for p in calendar.periods_between(dept, last, as_at) if calendar.due_date(dept, p) <= today]


def _status(received: bool, missed: list[dt.date], expected: dt.date, due: dt.date, calendar, dept) -> str:
    if received:
        return UP_TO_DATE
    if not missed:
        return f"{NOT_YET_DUE} (due {date_text(due)})"
    n, latest = len(missed), missed[-1]
    return (
        f"{OVERDUE}: {n} period{'s' if n > 1 else ''} missed (the return for {date_text(latest)} "
        f"was due {date_text(calendar.due_date(dept, latest))})"
    )


def received_text(status: pd.DataFrame) -> str:
    """'7 of 8 returns received; 1 overdue.' for the returns expected as at a period."""
    if status.empty:
        return "No returns were expected for this period."
    got = int(status["received"].sum())
    late = int((status["periods_missed"] > 0).sum())
    waiting = len(status) - got - late
    parts = [f"{got} of {len(status)} returns received"]
    if late:
        parts.append(f"{late} overdue")
    if waiting:
        parts.append(f"{waiting} not yet due")
    return "; ".join(parts) + "."


def rating_as_at(rags, periods, when: dt.date):
    """The last rating in a history on or before ``when`` (None if there is none)."""
    found = None
    for rag, period in zip(_list(rags), _list(periods)):
        if day(period) <= when:
            found = rag
    return found


def _list(value) -> list:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return []
    return list(value)


def stale_text(last_return) -> str:
    """'Not updated since 30 Jun 2026'."""
    return f"Not updated since {date_text(last_return)}"
