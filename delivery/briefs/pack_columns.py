"""The Excel pack's columns: for each table sheet, which of the picture's columns it shows, under which
plain-English header, and as what kind of value (text, a wrapped paragraph, a date, a percentage, a number,
a count, money or a rating). Each kind is one number format and width (``KINDS``), so every sheet formats a
date, a percentage or a rating the same way. The pack (pack.py) writes them; the tests read them back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from delivery.reference import profile
from delivery.returns.xlsx_styles import DATE_FORMAT

PERCENT, VALUE, COUNT = "0.0%", "#,##0.0#", "#,##0"


def money_format(symbol: str) -> str:
    """Excel's number format for whole amounts in the profile's currency: '"£"#,##0;-"£"#,##0'."""
    quoted = symbol.replace('"', "")
    return f'"{quoted}"#,##0;-"{quoted}"#,##0'


@dataclass(frozen=True)
class Kind:
    """How a kind of column looks: its number format (None: text), width in characters, and whether it wraps."""

    number_format: str | None
    width: float
    wrap: bool = False


KINDS = {
    "id": Kind(None, 12),
    "text": Kind(None, 18, wrap=True),
    "long": Kind(None, 50, wrap=True),  # commentary, descriptions: a paragraph, wrapped
    "date": Kind(DATE_FORMAT, 13),
    "percent": Kind(PERCENT, 12),  # stored as a fraction (0.091), shown as 9.1%
    "value": Kind(VALUE, 13),  # an indicator's value: at most two decimals shown, the whole number kept
    "count": Kind(COUNT, 10),
    "money": Kind(money_format("£"), 15),  # the pack uses kind_of(), which takes the profile's currency
    "rating": Kind(None, 14),  # the rating's word on its colour
    "yes/no": Kind(None, 10),  # a true/false column, as Yes or No
    "paragraph": Kind(None, 100, wrap=True),  # the brief's own sentences
}


def kind_of(kind: str) -> Kind:
    """KINDS[kind], with money in the profile's currency."""
    if kind == "money":
        return replace(KINDS[kind], number_format=money_format(profile.current().currency_symbol))
    return KINDS[kind]


@dataclass(frozen=True)
class Column:
    """One column of a pack sheet: the picture's column ``key``, its ``header`` and its ``kind`` (KINDS)."""

    key: str
    header: str
    kind: str = "text"


def _c(key: str, header: str, kind: str = "text") -> Column:
    return Column(key, header, kind)


PRIORITY_ID = _c("priority_id", "Priority ID", "id")
GAP = _c("gap_pct", "Gap from plan (+ is better than plan)", "percent")  # signed: the header says what + means

TABLES: dict[str, tuple[Column, ...]] = {
    "Priorities": (
        PRIORITY_ID,
        _c("title", "Priority"),
        _c("lead_department", "Lead department", "id"),
        _c("standing", "Standing"),
        _c("rag", "Department's rating", "rating"),
        _c("previous_period", "Previous return", "date"),
        _c("rag_before", "Rating at previous return", "rating"),
        _c("movement", "Movement"),
        _c("centre_rag", "Centre's rating", "rating"),
        _c("centre_period", "Centre rated as at", "date"),
        _c("centre_reason", "Centre's reason", "long"),
        _c("centre_rated_by", "Centre rating by"),
        _c("target", "Target", "long"),
        _c("target_date", "Target date", "date"),
        _c("last_return", "Last return", "date"),
        _c("commentary", "Department's commentary", "long"),
    ),
    "What changed": (
        PRIORITY_ID,
        _c("priority", "Priority"),
        _c("kind", "What changed"),
        _c("detail", "Detail", "long"),
        _c("since", "Since", "date"),
        _c("before", "Before"),
        _c("after", "After"),
    ),
    "Milestones": (
        PRIORITY_ID,
        _c("milestone_id", "Milestone ID", "id"),
        _c("title", "Milestone", "long"),
        _c("owner", "Owner"),
        _c("baseline_date", "Baseline date", "date"),
        _c("forecast_date", "Forecast date", "date"),
        _c("completed_date", "Completed", "date"),
        _c("status", "Status"),
        _c("slippage_days", "Slippage (days)", "count"),
        _c("days_overdue", "Days overdue", "count"),
        _c("rag", "Rating", "rating"),
        _c("commentary", "Commentary", "long"),
    ),
    "Risks": (
        PRIORITY_ID,
        _c("risk_id", "Risk ID", "id"),
        _c("kind", "Kind", "id"),
        _c("description", "Description", "long"),
        _c("owner", "Owner"),
        _c("likelihood", "Likelihood (1-5)", "count"),
        _c("impact", "Impact (1-5)", "count"),
        _c("escalation", "Escalated to", "id"),
        _c("status", "Status", "id"),
        _c("raised_date", "Raised", "date"),
        _c("due_date", "Due", "date"),
        _c("mitigation", "Mitigation", "long"),
    ),
    "Indicators": (
        PRIORITY_ID,
        _c("indicator_id", "Indicator ID", "id"),
        _c("name", "Indicator", "long"),
        _c("unit", "Unit", "id"),
        _c("direction", "Better when", "id"),
        _c("period_end", "Latest actual for", "date"),
        _c("actual_value", "Actual", "value"),
        _c("planned_value", "Planned", "value"),
        GAP,
        _c("difference_from_plan", "Difference from plan, in words"),
        _c("status", "Trajectory"),
        _c("target_value", "Target", "value"),
        _c("target_date", "Target date", "date"),
    ),
    "Actions": (
        _c("action_id", "Action", "count"),
        PRIORITY_ID,
        _c("stocktake_date", "Agreed at stocktake", "date"),
        _c("description", "Action agreed", "long"),
        _c("owner", "Owner"),
        _c("due_date", "Due", "date"),
        _c("status", "Status", "id"),
        _c("closed_date", "Closed", "date"),
        _c("overdue", "Overdue", "yes/no"),
        _c("days_overdue", "Days overdue", "count"),
    ),
    "Returns": (
        _c("department", "Department", "id"),
        _c("department_name", "Department name"),
        _c("expected_period", "Return due for", "date"),
        _c("last_return", "Last return", "date"),
        _c("periods_missed", "Periods missed", "count"),
        _c("status", "Status"),
    ),
    "Budget": (
        PRIORITY_ID,
        _c("financial_year", "Financial year", "id"),
        _c("allocated", "Allocated", "money"),
        _c("forecast", "Forecast", "money"),
        _c("spent", "Spent", "money"),
        _c("over", "Forecast over (+) or under (-) allocation", "money"),
        _c("reported_in", "Last reported in the return for", "date"),
        _c("whole_life_cost_baseline", "Whole-life cost, baseline", "money"),
        _c("whole_life_cost_forecast", "Whole-life cost, forecast", "money"),
    ),
    "Out of the picture": (
        PRIORITY_ID,
        _c("title", "Priority"),
        _c("standing", "Standing"),
        _c("department", "Department", "id"),
        _c("last_return", "Last return", "date"),
        _c("rag", "Last rating", "rating"),
        _c("left_on", "Left on", "date"),
        _c("detail", "Why", "long"),
    ),
}

# The one-page table of every priority by concern (agenda.table), as the PDF, Word and slides show it.
BY_CONCERN = (
    _c("priority", "Priority"),
    _c("department", "Department", "id"),
    _c("rating", "Department's rating", "rating"),
    _c("centre", "Centre's rating", "rating"),
    _c("movement", "Movement"),
    _c("trajectory", "Trajectory"),
    _c("next_milestone", "Next milestone", "long"),
    _c("concern", "Concern"),
)
BRIEF = (_c("part", "Part"), _c("text", "What the brief says", "paragraph"))
