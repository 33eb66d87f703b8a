"""Which departments may report on which priority, so that one return cannot rewrite another's.

A return may report on a priority its department leads, or contributes to as its lead's
latest return lists; a priority not yet in the store is new, and any department may bring
it. ``ReportingRights.may_report`` is the one answer to "which departments may report on
priority P": it also lets in whoever ``delivery.store.records.departments_allowed`` allows for
the return's period (the department a recorded transfer made its lead, and the successors of
a lead department that had ended by then), so that after a machinery-of-government change the
new department may report the priority while others are still refused.
Rows count wherever they name a priority: the Priorities sheet, every sheet with a
priority_id, and Trajectory and Actuals through their indicator's priority.

One priority has one owner per period: only a lead's return (``ReportingRights.leads``: after
transfers, and the successors of a lead that had ended) may give its Priorities row; a contributor
reports its part on the other sheets without it, so a row there may name a priority that is not on
the return's Priorities sheet, if the store shows the department contributes to it.

``check_rights`` is the one check that ``load``, ``validate --db`` and the Upload page run (with
the checks on new priority IDs, ``delivery.store.new_ids``). A
refusal names a remedy that can be done: "ask X to list Y as a contributing department" only
when X is the department whose list counts and it exists in the return's period; and when X
had ended by then (or Y is its listed successor), the ``python -m delivery transfer`` command
an administrator can run to let the return in, its values filled in (``Transfer``).
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from delivery.reference.calendar import date_text, read_calendar
from delivery.returns.contract import SHEETS, named
from delivery.returns.problems import Problem
from delivery.store.new_ids import KnownIds, batch_problems, new_id_problems
from delivery.store.records import current_id, departments_allowed, last_record_id
from delivery.store.versions import run_query

BY_PRIORITY = tuple(s.table for s in SHEETS if "priority_id" in s.column_names)
BY_INDICATOR = tuple(s.table for s in SHEETS if "indicator_id" in s.column_names and s.table not in BY_PRIORITY)


@dataclass(frozen=True)
class Standing:
    """A priority's lead department and the departments its lead lists as contributing."""

    lead: str
    contributors: frozenset[str]


@dataclass(frozen=True)
class Transfer:
    """A transfer that would let a refused department report a priority: what an administrator records
    with ``python -m delivery transfer`` (``delivery.store.records.record_transfer``)."""

    priority_id: str
    to_department: str
    effective: dt.date
    reason: str

    @property
    def command(self) -> str:
        """The command that records it, each value quoted for a shell (a priority ID comes from a workbook)."""
        return shlex.join(
            [
                "python",
                "-m",
                "delivery",
                "transfer",
                self.priority_id,
                "--to",
                self.to_department,
                "--on",
                self.effective.isoformat(),
                "--reason",
                self.reason,
            ]
        )


@dataclass(frozen=True)
class Refusal:
    """Why a department may not report on a priority: the sentence, the lead it names, the transfer it offers."""

    message: str
    lead: str
    transfer: Transfer | None = None


@dataclass
class RightsCheck:
    """One return's rights problems (by cell), and the transfers that would let its refused rows in."""

    problems: list[Problem] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)


class ReportingRights:
    """Who may report on each priority already in a store version (read once per check).

    ``con`` must stay open while the rights are asked about a period: transfers and successors
    are looked up then, and only for a department the lead and contributors do not cover.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection | None):
        self.con = con
        rows = [] if con is None else run_query(con, "priority_standing").to_dict("records")
        self.standing = {
            r["priority_id"]: Standing(r["lead_department"], _codes(r["contributing_departments"])) for r in rows
        }
        self._allowed: dict[tuple, frozenset[str]] = {}
        self._leads: dict[tuple, frozenset[str]] = {}
        self._records: bool | None = None

    def may_report(self, priority_id: str, period: dt.date | None = None) -> frozenset[str] | None:
        """The departments that may report on ``priority_id`` in a return for ``period``; None for a
        priority new to the store (any may). Its lead and contributors, and for a period also those
        ``departments_allowed`` gives (after a transfer, or the lead department's end)."""
        s = self.standing.get(priority_id)
        if s is None:
            return None
        return frozenset({s.lead}) | s.contributors | self._by_records(priority_id, period)

    def _by_records(self, priority_id: str, period: dt.date | None) -> frozenset[str]:
        if period is None or self.con is None:
            return frozenset()
        if (priority_id, period) not in self._allowed:
            self._allowed[priority_id, period] = frozenset(departments_allowed(self.con, priority_id, period))
        return self._allowed[priority_id, period]

    def leads(self, priority_id: str, period: dt.date | None = None) -> frozenset[str]:
        """The departments whose return may set ``priority_id``'s Priorities row for ``period``: its lead
        then (after any recorded transfer) and, if that lead had ended by then, its successors."""
        key = (priority_id, period)
        if key not in self._leads:
            lead = self.standing[priority_id].lead
            if period is not None and self.con is not None and self._has_records():
                lead = self._lead_at(priority_id, period)[0]
            end = self._span(lead)[1] if period is not None else None
            ended = end is not None and end < period
            self._leads[key] = frozenset({lead} | (self._successors(lead) if ended else set()))
        return self._leads[key]

    def _has_records(self) -> bool:
        """Whether any transfer or alias is recorded (the usual store has none, so asks no more)."""
        if self._records is None:
            self._records = last_record_id(self.con) > 0
        return self._records

    def not_lead(self, department: str, priority_id: str, period: dt.date | None = None) -> str | None:
        """Why ``department`` (allowed to report on ``priority_id``) may not give its Priorities row, or
        None if it leads it: one priority, one owner per period, or a contributor could take it over."""
        if priority_id not in self.standing:
            return None
        leads = self.leads(priority_id, period)
        if department in leads:
            return None
        lead = " and ".join(sorted(leads))
        who = (
            f"{department} no longer leads {priority_id}, now led by {lead}"
            if department == self.standing[priority_id].lead
            else f"{department} contributes to {priority_id}, led by {lead}"
        )
        return (
            f"{who}: only {lead}'s return may give its title, rating and commentary; report your part on the "
            "Delivery chain sheet, or remove this row."
        )

    def refusal(self, department: str, priority_id: str, period: dt.date | None = None) -> str | None:
        """Why ``department`` may not report on ``priority_id`` in a return for ``period`` (one
        sentence), or None if it may."""
        refused = self.refused(department, priority_id, period)
        return refused.message if refused else None

    def refused(self, department: str, priority_id: str, period: dt.date | None = None) -> Refusal | None:
        """The refusal of ``department`` reporting ``priority_id`` for ``period``, with its remedy; None if it may."""
        s = self.standing.get(priority_id)
        if s is None or department == s.lead or department in s.contributors:
            return None  # the usual case asks nothing more of the store
        if department in self.may_report(priority_id, period):
            return None
        lead, since = self._lead_at(priority_id, period)
        start, end = self._span(lead)
        ended = period is not None and end is not None and end < period
        listed = f", with {', '.join(sorted(s.contributors))} contributing" if s.contributors else ""
        # Contributors are read from the return of the department that first reported the priority,
        # so asking any other department (or one that did not exist then) to list them would not work.
        ask = lead == s.lead and not ended and (start is None or period is None or start <= period)
        transfer = (
            self._transfer(department, priority_id, period, lead, since, end if ended else None)
            if ended or department in self._successors(lead)
            else None
        )
        ask_text = f", or ask {lead} to list {department} as a contributing department" if ask else ""
        message = _refusal_text(
            f"{department} may not report on priority {priority_id}: it is led by {lead}{listed}"
            f"{f', but {lead} ended on {date_text(end)}' if ended else ''}.",
            department,
            ask_text,
            transfer,
        )
        return Refusal(message, lead, transfer)

    def _lead_at(self, priority_id: str, period: dt.date | None) -> tuple[str, dt.date | None]:
        """(lead, date of the last return or transfer about it) in ``period``: the department a transfer
        made its lead, else the one that first reported it; no date when the store has none by then."""
        lead = self.standing[priority_id].lead
        if period is None or self.con is None:
            return lead, None
        history = run_query(
            self.con, "priority_lead_history", {"as_at": period, "priority_id": current_id(self.con, priority_id)}
        )
        transfers = history[history["how"] == "transfer"]
        if not transfers.empty:
            lead = str(transfers["lead_department"].iloc[-1])
        return lead, (pd.Timestamp(history["since"].iloc[-1]).date() if not history.empty else None)

    def _span(self, code: str) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) of department ``code`` in the store's department list; (None, None) if open or not listed."""
        dept = self._department(code)
        if dept is None:
            return None, None
        start, end = dept["start_date"], dept["end_date"]
        return (start.date() if pd.notna(start) else None), (end.date() if pd.notna(end) else None)

    def _successors(self, code: str) -> set[str]:
        """The departments the list names as taking over ``code``'s work, and theirs in turn."""
        found, todo = set(), [code]
        while todo:
            dept = self._department(todo.pop())
            for s in (dept["successors"] or "").split(";") if dept is not None else ():
                if s.strip() and s.strip() not in found:
                    found.add(s.strip())
                    todo.append(s.strip())
        return found

    def _department(self, code: str) -> dict | None:
        """The store's row for department ``code`` (dates as Timestamps), or None."""
        rows = [] if self.con is None else run_query(self.con, "department_detail", {"code": code}).to_dict("records")
        return rows[0] if rows else None

    def _transfer(self, department, priority_id, period, lead, since, lead_ended) -> Transfer | None:
        """The transfer to ``department`` that lets its return for ``period`` in: from the day after its lead
        ended, else from the return's period start; never before the lead it replaces started leading, nor
        before ``department`` existed (``record_transfer`` refuses those). None when the store cannot say."""
        if since is None:
            return None
        if lead_ended:
            on = lead_ended + dt.timedelta(days=1)
            why = f"{lead} ended on {date_text(lead_ended)}; {department} took {priority_id} over"
        else:
            on = read_calendar().previous_period(department, period) + dt.timedelta(days=1)
            why = f"{department} took {priority_id} over from {lead}"
        on = max(d for d in (on, since, self._span(department)[0]) if d is not None)
        return Transfer(priority_id, department, on, why) if on <= period else None


def _refusal_text(head: str, department: str, ask: str, transfer: Transfer | None) -> str:
    """``head`` (who leads it), then what can be done: remove the row, ``ask`` the lead, or the transfer."""
    if transfer is None:
        return f"{head} Remove this row{ask}."
    # the command last, so that nothing after it is copied with it
    return (
        f"{head} If {department} has not taken it over, remove this row{ask}; if it has, an administrator "
        f"can record the transfer, then load this return again: {transfer.command}"
    )


def check_rights(con: duckdb.DuckDBPyConnection | None, returns: list, admin: bool = False) -> list[RightsCheck]:
    """Each parsed return against the store version ``con`` reads (None: a store with nothing in it).

    The one rights check: ``load`` runs it under the write lock, ``validate`` and the Upload page
    on the published version. ``con`` must stay open while it runs. It includes the checks on
    priority IDs new to the store (``delivery.store.new_ids``); ``admin`` lets a new ID in without
    its department's prefix.
    """
    rights = ReportingRights(con)
    known = KnownIds({pid: s.lead for pid, s in rights.standing.items()})
    brought = _brought_in_batch(returns)
    checks = [_check_one(rights, parsed, brought) for parsed in returns]
    for parsed, checked, in_batch in zip(returns, checks, batch_problems(known, returns)):
        checked.problems += new_id_problems(known, parsed, parsed.about.get("department"), admin) + in_batch
    return checks


def rights_problems(rights: ReportingRights, parsed) -> list[Problem]:
    """A problem for each row of a parsed return that names a priority its department may not report on."""
    return _check_one(rights, parsed).problems


def _brought_in_batch(returns: list) -> dict[str, frozenset[str]]:
    """Priority id -> the departments that may report on it, for each priority a return of the batch lists on
    its Priorities sheet: so a contributor's return may be loaded with its lead's first return."""
    out: dict[str, frozenset[str]] = {}
    for parsed in returns:
        frame = parsed.tables.get("priorities")
        if frame is None or frame.empty:
            continue
        dept = parsed.about.get("department")
        for pid, lead, others in zip(frame["priority_id"], frame["lead_department"], frame["contributing_departments"]):
            if isinstance(pid, str):
                out[pid] = out.get(pid, frozenset()) | {dept, lead} | _codes(others)
    return out


def _check_one(rights: ReportingRights, parsed, brought: dict[str, frozenset[str]] | None = None) -> RightsCheck:
    dept, period = parsed.about.get("department"), parsed.about.get("period_end")
    named = {pid for t in BY_PRIORITY for pid in _column(parsed, t, "priority_id").dropna().unique()}
    refused = {
        pid: why
        for pid in sorted(named, key=str)
        if isinstance(pid, str) and (why := rights.refused(dept, pid, period))
    }
    problems = _owner_rows(rights, parsed, dept, period, refused) + _off_sheet_rows(
        rights, parsed, dept, period, refused, brought or {}
    )
    if not refused:  # the usual case costs one look at each priority id, not at every row
        return RightsCheck(problems)
    for table in BY_PRIORITY:
        frame = parsed.tables.get(table)
        for row, pid in _matching(frame, "priority_id", refused):
            problems.append(
                Problem(
                    parsed.sheet(table),
                    parsed.cell(table, "priority_id", row),
                    pid,
                    refused[pid].message,
                    parsed.file_name,
                )
            )
    indicators = parsed.tables.get("indicators")
    of_refused = (
        {}
        if indicators is None
        else {iid: pid for iid, pid in zip(indicators["indicator_id"], indicators["priority_id"]) if pid in refused}
    )
    for table in BY_INDICATOR:
        problems += _indicator_rows(refused, parsed, table, dept, of_refused)
    return RightsCheck(problems, [r.transfer for r in refused.values() if r.transfer])


def _owner_rows(rights: ReportingRights, parsed, dept, period, refused: dict) -> list[Problem]:
    """A problem for each Priorities row of a priority ``dept`` may report on but does not lead."""
    problems = []
    for row, pid in _matching(parsed.tables.get("priorities"), "priority_id", set(rights.standing) - set(refused)):
        if why := rights.not_lead(dept, pid, period):
            problems.append(
                Problem(
                    parsed.sheet("priorities"),
                    parsed.cell("priorities", "priority_id", row),
                    pid,
                    why,
                    parsed.file_name,
                )
            )
    return problems


def _off_sheet_rows(
    rights: ReportingRights, parsed, dept, period, refused: dict, brought: dict[str, frozenset[str]]
) -> list[Problem]:
    """A problem for each row naming a priority that is not on the return's Priorities sheet, unless
    it is one ``dept`` contributes to (a contributor reports its part without the lead's row), in the
    store or as another return of the batch (``brought``) lists it."""
    on_sheet = set(_column(parsed, "priorities", "priority_id").dropna())
    problems = []
    for table in BY_PRIORITY:
        if table == "priorities":
            continue
        ids = {
            pid
            for pid in set(_column(parsed, table, "priority_id").dropna()) - on_sheet - set(refused)
            if pid in rights.standing or dept not in brought.get(pid, ())
        }
        why = {pid: text for pid in ids if (text := _off_sheet(rights, dept, pid, period))}
        for row, pid in _matching(parsed.tables.get(table), "priority_id", why):
            problems.append(
                Problem(parsed.sheet(table), parsed.cell(table, "priority_id", row), pid, why[pid], parsed.file_name)
            )
    return problems


def _off_sheet(rights: ReportingRights, dept, pid, period) -> str | None:
    """Why a row may not name ``pid`` when the Priorities sheet does not list it; None for a contributor."""
    if pid not in rights.standing:
        return (
            f"{named('priority_id')} '{pid}' is not on the Priorities sheet, nor a priority already reported: "
            "add its row to the Priorities sheet, or correct the ID."
        )
    if dept in rights.leads(pid, period):
        return (
            f"{named('priority_id')} '{pid}' is not on the Priorities sheet: {dept} leads {pid}, so its return "
            "gives its row there (title, rating and commentary)."
        )
    return None


def _indicator_rows(refused: dict, parsed, table, dept, of_refused: dict) -> list[Problem]:
    """One problem per indicator of a refused priority, at its first row on the sheet, counting its rows."""
    rows = _matching(parsed.tables.get(table), "indicator_id", of_refused)
    firsts: dict[str, list] = {}
    for row, iid in rows:
        firsts.setdefault(iid, [row, 0])[1] += 1
    problems = []
    for iid, (row, count) in firsts.items():
        pid = of_refused[iid]
        these = f"its {count} rows on this sheet" if count > 1 else "this row"
        problems.append(
            Problem(
                parsed.sheet(table),
                parsed.cell(table, "indicator_id", row),
                iid,
                f"Indicator {iid} is for priority {pid}, which {dept} may not report on "
                f"(it is led by {refused[pid].lead}). Remove {these}.",
                parsed.file_name,
            )
        )
    return problems


def _column(parsed, table: str, column: str) -> pd.Series:
    frame = parsed.tables.get(table)
    return pd.Series(dtype=object) if frame is None or frame.empty else frame[column]


def _matching(frame, column: str, values) -> list[tuple[int, str]]:
    """(row number, value) of the frame's rows whose ``column`` is one of ``values``, in sheet order."""
    if frame is None or frame.empty:
        return []
    hits = frame[frame[column].isin(list(values))]
    return list(zip(hits["_row"].tolist(), hits[column].tolist()))


def _codes(text) -> frozenset[str]:
    """{"HO", "DfE"} from "HO, DfE"; empty for NULL (which pandas gives as NaN)."""
    text = text if isinstance(text, str) else ""
    return frozenset(c.strip() for c in text.split(",") if c.strip())
