"""The reporting calendar (the reference folder's ``calendar.csv``): how often each department reports, and when.

Each line names a department, its cadence (monthly, quarterly or annual) and its due
days (how many days after the period ends its return is due). A department not listed
reports quarterly, due 30 days after the quarter ends. Period ends are calendar month
ends; quarters are the profile's fiscal quarters (31 March, 30 June, 30 September and 31 December
for a year starting in April, October, July or January); an annual period ends on the profile's
annual period end (31 March in the UK).

The calendar, not whatever happens to be loaded, says which "as at" periods there are
and whether a return is late: a monthly return does not make a quarterly department late.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from delivery.errors import DeliveryError
from delivery.reference import profile

MONTHLY, QUARTERLY, ANNUAL = "monthly", "quarterly", "annual"
CADENCES = (MONTHLY, QUARTERLY, ANNUAL)
DEFAULT_CADENCE, DEFAULT_DUE_DAYS = QUARTERLY, 30
MAX_DUE_DAYS = 365
COLUMNS = ("department", "cadence", "due_days")


def date_text(value) -> str:
    """'30 Jun 2026' for a date, Timestamp or ISO text; '' for blank: every date a person reads
    (pages, briefs and the loader's messages; analysis.tables re-exports it). Cached: a national
    picture writes a few hundred dates thousands of times (the flags, What changed)."""
    try:
        return _date_text(value)
    except TypeError:  # unhashable: written without the cache
        return _date_text.__wrapped__(value)


@functools.lru_cache(maxsize=4096)
def _date_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    d = pd.Timestamp(value)
    return f"{d.day} {d:%b %Y}"


def end_months(cadence: str) -> tuple[int, ...]:
    """The months in which a cadence's periods end: every month; the profile's fiscal quarters; its
    annual period end (March in the UK, September in the US federal government)."""
    if cadence == MONTHLY:
        return tuple(range(1, 13))
    current = profile.current()
    return current.quarter_end_months if cadence == QUARTERLY else (current.annual_period_end,)


class CalendarError(DeliveryError):
    """data/calendar.csv cannot be used; the message names the file, the line and what to fix."""


@dataclass(frozen=True)
class Cadence:
    """How often one department reports and how many days after a period its return is due."""

    cadence: str = DEFAULT_CADENCE
    due_days: int = DEFAULT_DUE_DAYS


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def latest_period_end(cadence: str, when: dt.date) -> dt.date:
    """The latest period end of ``cadence`` on or before ``when``."""
    year, month, months = when.year, when.month, end_months(cadence)
    for _ in range(24):
        end = month_end(year, month)
        if month in months and end <= when:
            return end
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    raise ValueError(f"no {cadence} period end before {when}")  # unreachable: every cadence ends yearly


@dataclass(frozen=True)
class Calendar:
    """Every department's cadence; departments not listed report quarterly, due in 30 days."""

    entries: dict[str, Cadence] = field(default_factory=dict)
    source: str = "calendar.csv"

    def cadence(self, department: str) -> Cadence:
        """The department's cadence and due days (the default if it is not listed)."""
        return self.entries.get(department, Cadence())

    def expected_period(self, department: str, as_at: dt.date) -> dt.date:
        """The period the department's latest return as at ``as_at`` should cover."""
        return latest_period_end(self.cadence(department).cadence, as_at)

    def previous_period(self, department: str, period: dt.date) -> dt.date:
        """The department's reporting period before ``period``."""
        return self.expected_period(department, period - dt.timedelta(days=1))

    def periods_between(self, department: str, after: dt.date, upto: dt.date) -> list[dt.date]:
        """The department's period ends after ``after`` (exclusive) up to ``upto``, oldest first."""
        out, end = [], self.expected_period(department, upto)
        while end > after:
            out.append(end)
            end = self.previous_period(department, end)
        return out[::-1]

    def next_period(self, department: str, after: dt.date) -> dt.date:
        """The department's first period end after ``after``."""
        end = self.expected_period(department, after + dt.timedelta(days=366))  # every cadence ends within a year
        while (before := self.previous_period(department, end)) > after:
            end = before
        return end

    def next_review(self, department: str, today: dt.date, notice_days: int = 14) -> dt.date:
        """When a stocktake action agreed today is due unless someone says otherwise: the end of the department's
        next reporting period (the period its next stocktake reviews), at least ``notice_days`` ahead."""
        return self.next_period(department, today + dt.timedelta(days=notice_days))

    def due_date(self, department: str, period: dt.date) -> dt.date:
        """When the department's return for ``period`` is due."""
        return period + dt.timedelta(days=self.cadence(department).due_days)


def _parse_row(row: dict) -> tuple[str, Cadence] | str:
    """The line's department and cadence, or what is wrong with it."""
    code = (row.get("department") or "").strip()
    cadence = (row.get("cadence") or "").strip().lower()
    due = (row.get("due_days") or "").strip()
    if not code:
        return "the department is blank; give a department code, e.g. DfT."
    if cadence not in CADENCES:
        return f"the cadence '{row.get('cadence') or ''}' for {code} is not one of monthly, quarterly or annual."
    if not due.isdigit() or int(due) > MAX_DUE_DAYS:
        return f"the due_days '{due}' for {code} must be a whole number of days from 0 to {MAX_DUE_DAYS}."
    return code, Cadence(cadence, int(due))


def _departments_file() -> str:
    return profile.display_path(profile.reference_file("departments.csv"))


def calendar_lines(path: Path | None = None) -> tuple[dict[str, tuple[int, Cadence]], list[str], str]:
    """Every line of the calendar at ``path``: ({code: (line, cadence)}, every problem by file and line, the
    file as messages name it). No file is no lines: every department then reports quarterly."""
    path = Path(path or profile.calendar_path())
    source, entries, problems = profile.display_path(path), {}, []
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                are = "is" if len(missing) == 1 else "are"
                header = f"the header must name the columns {', '.join(COLUMNS)}; {', '.join(missing)} {are} missing."
                return {}, [f"{source} line 1: {header}"], source
            for line, row in enumerate(reader, start=2):
                if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    continue  # a blank line
                read = _parse_row(row)
                if isinstance(read, str):
                    problems.append(f"{source} line {line}: {read}")
                elif read[0] in entries:
                    problems.append(f"{source} line {line}: {read[0]} is listed twice; keep one line per department.")
                else:
                    entries[read[0]] = (line, read[1])
    except FileNotFoundError:
        return {}, [], source  # no calendar: every department reports quarterly
    except UnicodeDecodeError:
        return {}, [f"{source} is not a text (UTF-8) CSV file; save it as CSV UTF-8."], source
    return entries, problems, source


def read_calendar(path: Path | None = None, departments=None) -> Calendar:
    """The reporting calendar from ``path`` (default: the reference folder's), checked line by line.

    Raises CalendarError naming the file and line of every problem. A line for a department not in
    ``departments`` (codes, when given) is left out: ``calendar_warnings`` says so, with the fix.
    """
    entries, problems, source = calendar_lines(path)
    if problems:
        raise CalendarError(" ".join(problems))
    known = set(departments) if departments is not None else None
    return Calendar({c: cadence for c, (_, cadence) in entries.items() if known is None or c in known}, source)


def calendar_warnings(path: Path | None, departments, departments_path: Path | None = None) -> list[str]:
    """What does not match between the calendar and the department list (read from ``departments_path``,
    default the reference folder's), each with its fix: a line for a code that is no department (left
    out), and open departments with no line (they report quarterly)."""
    entries, _, source = calendar_lines(path)
    codes, listed = set(departments["code"]), profile.display_path(departments_path) if departments_path else None
    listed = listed or _departments_file()
    said = [
        f"{source} line {line}: '{code}' is not a department in {listed}, so the line is not used; "
        f"add {code} to {listed} or remove the line."
        for code, (line, _) in entries.items()
        if code not in codes
    ]
    unlisted = [r.code for r in departments.itertuples(index=False) if r.end_date is None and r.code not in entries]
    if unlisted:
        said.append(
            f"{len(unlisted)} department{'s have' if len(unlisted) > 1 else ' has'} no line in {source}, so "
            f"{'they are' if len(unlisted) > 1 else 'it is'} taken to report quarterly, due 30 days after the "
            f"quarter: {', '.join(unlisted)}. Add a line for each, such as '{unlisted[0]},quarterly,30', to say so."
        )
    return said
