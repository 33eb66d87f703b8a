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
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from delivery.returns.contract import SHEETS
from delivery.returns.problems import Problem
from delivery.store.records import departments_allowed
from delivery.store.versions import run_query

BY_PRIORITY = tuple(s.table for s in SHEETS if "priority_id" in s.column_names)
BY_INDICATOR = tuple(s.table for s in SHEETS if "indicator_id" in s.column_names and s.table not in BY_PRIORITY)


@dataclass(frozen=True)
class Standing:
    """A priority's lead department and the departments its lead lists as contributing."""

    lead: str
    contributors: frozenset[str]


class ReportingRights:
    """Who may report on each priority already in a store version (read once per check).

    ``con`` must stay open while the rights are asked about a period: transfers and successors
    are looked up then, and only for a department the lead and contributors do not cover.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection | None):
        self.con = con
        rows = [] if con is None else run_query(con, "priority_standing").to_dict("records")
        self.standing = {r["priority_id"]: Standing(r["lead_department"], _codes(r["contributing_departments"]))
                         for r in rows}
        self._allowed: dict[tuple, frozenset[str]] = {}

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

    def refusal(self, department: str, priority_id: str, period: dt.date | None = None) -> str | None:
        """Why ``department`` may not report on ``priority_id`` in a return for ``period`` (one
        sentence), or None if it may."""
        s = self.standing.get(priority_id)
        if s is None or department == s.lead or department in s.contributors:
            return None  # the usual case asks nothing more of the store
        if department in self.may_report(priority_id, period):
            return None
        s = self.standing[priority_id]
        listed = f", with {', '.join(sorted(s.contributors))} contributing" if s.contributors else ""
        return (f"{department} may not report on priority {priority_id}: it is led by {s.lead}{listed}. "
                f"Remove this row, or ask {s.lead} to list {department} as a contributing department.")


def rights_problems(rights: ReportingRights, parsed) -> list[Problem]:
    """A problem for each row of a parsed return that names a priority its department may not report on."""
    dept, period = parsed.about.get("department"), parsed.about.get("period_end")
    named = {pid for t in BY_PRIORITY for pid in _column(parsed, t, "priority_id").dropna().unique()}
    refused = {pid: why for pid in named if isinstance(pid, str) and (why := rights.refusal(dept, pid, period))}
    if not refused:  # the usual case costs one look at each priority id, not at every row
        return []
    problems: list[Problem] = []
    for table in BY_PRIORITY:
        frame = parsed.tables.get(table)
        for row, pid in _matching(frame, "priority_id", refused):
            problems.append(Problem(parsed.sheet(table), parsed.cell(table, "priority_id", row), pid,
                                    refused[pid], parsed.file_name))
    indicators = parsed.tables.get("indicators")
    of_refused = {} if indicators is None else {
        iid: pid for iid, pid in zip(indicators["indicator_id"], indicators["priority_id"]) if pid in refused}
    for table in BY_INDICATOR:
        problems += _indicator_rows(rights, parsed, table, dept, of_refused)
    return problems


def _indicator_rows(rights, parsed, table, dept, of_refused: dict) -> list[Problem]:
    """One problem per indicator of a refused priority, at its first row on the sheet, counting its rows."""
    rows = _matching(parsed.tables.get(table), "indicator_id", of_refused)
    firsts: dict[str, list] = {}
    for row, iid in rows:
        firsts.setdefault(iid, [row, 0])[1] += 1
    problems = []
    for iid, (row, count) in firsts.items():
        pid = of_refused[iid]
        these = f"its {count} rows on this sheet" if count > 1 else "this row"
        problems.append(Problem(parsed.sheet(table), parsed.cell(table, "indicator_id", row), iid,
                                f"Indicator {iid} is for priority {pid}, which {dept} may not report on "
                                f"(it is led by {rights.standing[pid].lead}). Remove {these}.", parsed.file_name))
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
