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
    problems: list[Problem] = []
    indicator_priority: dict[str, str] = {}
    for table in BY_PRIORITY:
        for row, rec in _records(parsed, table):
            pid = rec.get("priority_id")
            if table == "indicators" and rec.get("indicator_id"):
                indicator_priority[rec["indicator_id"]] = pid
            why = rights.refusal(dept, pid) if isinstance(pid, str) else None
            if why:
                problems.append(Problem(parsed.sheet(table), parsed.cell(table, "priority_id", row), pid, why,
                                        parsed.file_name))
    for table in BY_INDICATOR:
        problems += _indicator_rows(rights, parsed, table, dept, indicator_priority)
    return problems


def _indicator_rows(rights, parsed, table, dept, indicator_priority) -> list[Problem]:
    """One problem per indicator whose priority is refused, at its first row, counting its rows."""
    firsts: dict[str, list] = {}
    for row, rec in _records(parsed, table):
        iid = rec.get("indicator_id")
        pid = indicator_priority.get(iid)
        if pid and rights.refusal(dept, pid):
            firsts.setdefault(iid, [row, 0])[1] += 1
    out = []
    for iid, (row, count) in firsts.items():
        pid = indicator_priority[iid]
        lead = rights.standing[pid].lead
        rows = f"its {count} rows on this sheet" if count > 1 else "this row"
        out.append(Problem(parsed.sheet(table), parsed.cell(table, "indicator_id", row), iid,
                           f"Indicator {iid} is for priority {pid}, which {dept} may not report on "
                           f"(it is led by {lead}). Remove {rows}.", parsed.file_name))
    return out


def _records(parsed, table: str):
    frame = parsed.tables.get(table)
    if frame is None or frame.empty:
        return []
    return zip(frame["_row"].tolist(), frame.to_dict("records"))


def _codes(text) -> frozenset[str]:
    """{"HO", "DfE"} from "HO, DfE"; empty for NULL (which pandas gives as NaN)."""
    text = text if isinstance(text, str) else ""
    return frozenset(c.strip() for c in text.split(",") if c.strip())
