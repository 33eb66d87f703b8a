"""Which departments may report on which priority, so that one return cannot rewrite another's.

A return may report on a priority its department leads, or contributes to as its lead's
latest return lists; a priority not yet in the store is new, and any department may bring
it. ``ReportingRights.may_report`` is the one answer to "which departments may report on
priority P": successor departments and recorded transfers are to be added there.
Rows count wherever they name a priority: the Priorities sheet, every sheet with a
priority_id, and Trajectory and Actuals through their indicator's priority.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from delivery.returns.contract import SHEETS
from delivery.returns.problems import Problem
from delivery.store.versions import run_query

BY_PRIORITY = tuple(s.table for s in SHEETS if "priority_id" in s.column_names)
BY_INDICATOR = tuple(s.table for s in SHEETS if "indicator_id" in s.column_names and s.table not in BY_PRIORITY)


@dataclass(frozen=True)
class Standing:
    """A priority's lead department and the departments its lead lists as contributing."""

    lead: str
    contributors: frozenset[str]


class ReportingRights:
    """Who may report on each priority already in a store version (read once per check)."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None):
        rows = [] if con is None else run_query(con, "priority_standing").to_dict("records")
        self.standing = {r["priority_id"]: Standing(r["lead_department"], _codes(r["contributing_departments"]))
                         for r in rows}

    def may_report(self, priority_id: str) -> frozenset[str] | None:
        """The departments that may report on ``priority_id``; None for a priority new to the store (any may)."""
        s = self.standing.get(priority_id)
        return None if s is None else frozenset({s.lead}) | s.contributors

    def refusal(self, department: str, priority_id: str) -> str | None:
        """Why ``department`` may not report on ``priority_id`` (one sentence), or None if it may."""
        may = self.may_report(priority_id)
        if may is None or department in may:
            return None
        s = self.standing[priority_id]
        listed = f", with {', '.join(sorted(s.contributors))} contributing" if s.contributors else ""
        return (f"{department} may not report on priority {priority_id}: it is led by {s.lead}{listed}. "
                f"Remove this row, or ask {s.lead} to list {department} as a contributing department.")


def rights_problems(rights: ReportingRights, parsed) -> list[Problem]:
    """A problem for each row of a parsed return that names a priority its department may not report on."""
    dept = parsed.about.get("department")
    named = {pid for t in BY_PRIORITY for pid in _column(parsed, t, "priority_id").dropna().unique()}
    refused = {pid: why for pid in named if isinstance(pid, str) and (why := rights.refusal(dept, pid))}
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
