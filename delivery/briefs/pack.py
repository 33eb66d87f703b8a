"""The Excel pack: the tables behind a brief, one sheet each, plus the brief's words.

Written with the app's one workbook writer (``xlsx_writer``: fast on a whole government's tables,
and it has the styles a formatted pack needs: fills, colours, filters, number formats). Each
sheet has the protective marking and date on row 1 and a bold header on row 2, kept in view.
Everything a user typed (commentary, descriptions, owners, reasons) is text that must never
run: it goes through the app's one rule, ``inert.inert_text`` (a leading apostrophe before text
that would start a formula, characters a workbook cannot hold removed), and the writer stores
every string as text, so no formula runs on open.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from delivery.analysis.trajectories import differences_from_plan
from delivery.briefs import notes
from delivery.briefs.content import BriefData
from delivery.briefs.text import Brief
from delivery.returns import xlsx_writer
from delivery.returns.inert import inert_text
from delivery.returns.xlsx_writer import SheetSpec

SHEETS = (
    "Brief",
    "Priorities",
    "What changed",
    "Milestones",
    "Risks",
    "Indicators",
    "Actions",
    "Returns",
    "Out of the picture",
)
HEADER_ROW = 2  # under the marking line


def _cell(value):
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, (list, tuple)):
        return inert_text(", ".join(map(str, value)))
    if hasattr(value, "item"):
        return value.item()
    return inert_text(value)


def _sheet(name: str, frame: pd.DataFrame, marking: str, as_at: str) -> SheetSpec:
    headers = [inert_text(str(h)) for h in frame.columns]
    rows = [[f"{marking} \u00b7 {as_at}"], headers]
    rows += [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return SheetSpec(
        name,
        rows,
        freeze_header=True,
        header_row=HEADER_ROW,
        bold_rows=frozenset({HEADER_ROW}),
        widths=[min(60, max(12, len(h) + 2)) for h in headers],
    )


def _cols(frame: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    return frame[[c for c in cols if c in frame.columns]] if not frame.empty else pd.DataFrame(columns=cols)


GAP_PCT = "gap_pct (+ is better than plan)"  # a signed number, so its header says what + means


def _indicators(status: pd.DataFrame) -> pd.DataFrame:
    """The indicators with the gap's sign explained in its header and said in words beside it."""
    if status.empty:
        return status
    return status.rename(columns={"gap_pct": GAP_PCT}).assign(difference_from_plan=differences_from_plan(status))


def write_xlsx(data: BriefData, brief: Brief, out: Path | str, marking: str) -> Path:
    """Write the pack at ``out``: the brief's words, then one sheet per table behind it."""
    return xlsx_writer.write_xlsx(Path(out), pack_sheets(data, brief, marking))


def pack_sheets(data: BriefData, brief: Brief, marking: str) -> list[SheetSpec]:
    """The pack's sheets, as the writer takes them (``scripts/bench_writers.py --pack`` times writers on them)."""
    words = [("Title", brief.title), ("As at", brief.as_at_text), *notes.labelled(data.notes)]  # the centre's notes
    words += [("Headline", brief.headline)]
    words += [("Needs the minister", x) for x in brief.minister] + [("Changed", x) for x in brief.changed]
    words += [("Small win", x) for x in brief.wins]
    sheets = [_sheet("Brief", pd.DataFrame(words, columns=["part", "text"]), marking, brief.as_at_text)]
    tables = {
        "Priorities": _cols(
            data.priorities,
            [
                "priority_id",
                "title",
                "lead_department",
                "standing",
                "rag",
                "previous_period",
                "rag_before",
                "movement",
                "centre_rag",
                "centre_period",
                "centre_reason",
                "centre_rated_by",
                "target",
                "target_date",
                "last_return",
                "commentary",
            ],
        ),
        "What changed": _cols(data.changes, ["priority_id", "priority", "kind", "detail", "since", "before", "after"]),
        "Milestones": _cols(
            data.milestones,
            [
                "priority_id",
                "milestone_id",
                "title",
                "owner",
                "baseline_date",
                "forecast_date",
                "completed_date",
                "status",
                "slippage_days",
                "days_overdue",
                "rag",
                "commentary",
            ],
        ),
        "Risks": _cols(
            data.risks,
            [
                "priority_id",
                "risk_id",
                "kind",
                "description",
                "owner",
                "likelihood",
                "impact",
                "escalation",
                "status",
                "raised_date",
                "due_date",
                "mitigation",
            ],
        ),
        "Indicators": _cols(
            _indicators(data.status),
            [
                "priority_id",
                "indicator_id",
                "name",
                "unit",
                "direction",
                "period_end",
                "actual_value",
                "planned_value",
                GAP_PCT,
                "difference_from_plan",
                "status",
                "target_value",
                "target_date",
            ],
        ),
        "Actions": _cols(
            data.actions,
            [
                "action_id",
                "priority_id",
                "stocktake_date",
                "description",
                "owner",
                "due_date",
                "status",
                "closed_date",
                "overdue",
                "days_overdue",
            ],
        ),
        "Returns": _cols(
            data.freshness,
            ["department", "department_name", "expected_period", "last_return", "periods_missed", "status"],
        ),
        "Out of the picture": _cols(
            data.ended, ["priority_id", "title", "standing", "department", "last_return", "rag", "left_on", "detail"]
        ),
    }
    return sheets + [_sheet(name, frame, marking, brief.as_at_text) for name, frame in tables.items()]
