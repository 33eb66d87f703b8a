"""The return workbook contract: every sheet, every column, in one place.

Everything that reads, writes, validates or documents a return works from these
definitions, so the template, the validator, the store and the export cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TEMPLATE_VERSION = "1.0"

LEVELS = ("minister", "department", "agency", "region", "local", "frontline")
STAGES = ("input", "activity", "output", "outcome", "impact")
PERSPECTIVES = ("citizen", "financial", "process", "capacity")
DIRECTIONS = ("up", "down")
RISK_KINDS = ("risk", "issue", "barrier")
ESCALATIONS = ("none", "centre", "minister")
STATUSES = ("open", "closed")
SCORES = ("1", "2", "3", "4", "5")

# Column kinds: text, date, number, money (pounds, >= 0), percent, integer,
# rating (a RAG rating, see delivery.reference.ratings), choice (closed list), codes
# (department codes, comma-separated).


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, kind, whether it must be filled, and help.

    ``if_blank``, on a required column, makes a blank cell a warning that keeps the row (the value
    stored as NULL) instead of an error: it is the warning's message, with the row's other values
    by column name (``{financial_year}``). Only for a value a real return may withhold or not know
    yet; a column that identifies the row, or without which the row means nothing, has none.
    """

    name: str
    kind: str
    required: bool
    help: str
    choices: tuple[str, ...] = ()
    if_blank: str = ""

    @property
    def requirement(self) -> str:
        """The README's word: 'yes' (must be filled), 'expected' (a blank is kept, with a warning), 'no'."""
        return "expected" if self.if_blank else "yes" if self.required else "no"


@dataclass(frozen=True)
class Sheet:
    """One table sheet of a return and the store table it loads into."""

    name: str
    table: str
    help: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """The store table's columns after the return key: the sheet's, then each rating's word as written."""
        return self.column_names + tuple(f"{c.name}_as_written" for c in self.columns if c.kind == "rating")

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name, kind, required, help, choices=(), if_blank=""):
    return Column(name, kind, required, help, tuple(choices), if_blank)


ABOUT_SHEET = "About"
ABOUT_FIELDS = (
    _c("department", "text", True, "Your department's code, from the list of departments."),
    _c(
        "period_end",
        "date",
        True,
        "The last day of the period this return covers: the 'as at' date of every figure in it.",
    ),
    _c("prepared_by", "text", True, "Who prepared this return (name and email)."),
    _c("template_version", "text", False, f"The template version this return was made from ({TEMPLATE_VERSION})."),
)

# A required column's blank refuses the return, except where the column has ``if_blank``. Blanks stay
# errors in: the ids and keys that identify a row or point at one, and the lead department (whose
# priority it is); the words without which a row says nothing (titles, names, units, descriptions);
# the closed lists the dashboard places a row by (level, stage, direction, kind, escalation, status);
# a priority's rating (write "Not assessed" when there is no judgement yet); and the values that make
# a trajectory or a milestone's slippage (baseline and target values and dates, planned and actual
# values: a blank one is no point).
# Budget's allocation is kept when blank: real returns withhold it, and the year's forecast and spent
# still mean something without it.
SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Priorities",
        "priorities",
        "One row per priority your department leads.",
        (
            _c(
                "priority_id",
                "text",
                True,
                "A short, stable code for the priority, e.g. HEA-01. Never reuse or change it.",
            ),
            _c("title", "text", True, "The priority in a few words."),
            _c("outcome", "text", False, "What changes for citizens."),
            _c("theme", "text", False, "The government theme or mission it serves."),
            _c(
                "lead_department",
                "text",
                True,
                "The lead department's code: must be the department on the About sheet.",
            ),
            _c(
                "contributing_departments",
                "codes",
                False,
                "Codes of other departments that contribute, comma-separated.",
            ),
            _c("senior_responsible_owner", "text", False, "The named senior responsible owner (SRO)."),
            _c("centre_co_lead", "text", False, "The co-lead in the centre's delivery unit."),
            _c("target", "text", False, "The measurable target, in words."),
            _c("target_date", "date", False, "When the target is to be met."),
            _c("rag", "rating", True, "Your department's delivery confidence rating."),
            _c("commentary", "text", False, "What changed, what is off track, what you need from the centre."),
            _c(
                "centre_rag",
                "rating",
                False,
                "The centre's (or assessor's) rating, if your government's assurance "
                "body rates in the return; leave blank otherwise.",
            ),
        ),
        key=("priority_id",),
    ),
    Sheet(
        "Delivery chain",
        "chain_nodes",
        "The links between the minister and the front line, one row per body.",
        (
            _c("priority_id", "text", True, "The priority this link delivers (from the Priorities sheet)."),
            _c("node_id", "text", True, "A short code for this link, unique within the priority."),
            _c("parent_node_id", "text", False, "The link above this one; blank for the top of the chain."),
            _c("name", "text", True, "The body or role, e.g. 'Regional health boards'."),
            _c("level", "choice", True, "Where the link sits in the chain.", LEVELS),
            _c("owner", "text", False, "Who is accountable for this link."),
            _c("rag", "rating", False, "How strong this link is."),
            _c("commentary", "text", False, "Why."),
        ),
        key=("priority_id", "node_id"),
    ),
    Sheet(
        "Milestones",
        "milestones",
        "Dated deliverables on the way to the target.",
        (
            _c("priority_id", "text", True, "The priority (from the Priorities sheet)."),
            _c("milestone_id", "text", True, "A short, stable code for the milestone, unique in this return."),
            _c("node_id", "text", False, "The delivery chain link that owns it (optional)."),
            _c("title", "text", True, "The deliverable, e.g. 'Contract signed'."),
            _c("owner", "text", False, "Who is accountable."),
            _c("baseline_date", "date", True, "The date first agreed. Do not change it when the milestone slips."),
            _c("forecast_date", "date", False, "When you now expect it."),
            _c("completed_date", "date", False, "When it was done; blank until then."),
            _c("rag", "rating", False, "Confidence of meeting the forecast date."),
            _c("commentary", "text", False, "Why it moved, what is needed."),
        ),
        key=("milestone_id",),
    ),
    Sheet(
        "Indicators",
        "indicators",
        "The measures that show whether the priority is being delivered.",
        (
            _c("priority_id", "text", True, "The priority (from the Priorities sheet)."),
            _c("indicator_id", "text", True, "A short, stable code for the indicator, unique in this return."),
            _c("name", "text", True, "What is measured."),
            _c("unit", "text", True, "The unit, e.g. '%', 'people', 'weeks', '£m'."),
            _c("stage", "choice", True, "Where it sits from inputs to impact.", STAGES),
            _c("perspective", "choice", False, "Balanced scorecard perspective.", PERSPECTIVES),
            _c("direction", "choice", True, "Is up or down better?", DIRECTIONS),
            _c("baseline_value", "number", True, "The value at the baseline date."),
            _c("baseline_date", "date", True, "When the baseline was measured."),
            _c("target_value", "number", True, "The value to reach."),
            _c("target_date", "date", True, "When to reach it; after the baseline date."),
            _c(
                "tolerance_pct",
                "percent",
                False,
                "How far from the trajectory still counts as on trajectory, in per cent (default 5).",
            ),
            _c("source", "text", False, "Where the data comes from and how it is checked."),
        ),
        key=("indicator_id",),
    ),
    Sheet(
        "Trajectory",
        "trajectory",
        "The planned path of each indicator, one row per indicator per period.",
        (
            _c("indicator_id", "text", True, "The indicator (from the Indicators sheet)."),
            _c("period_end", "date", True, "The end of the period."),
            _c("planned_value", "number", True, "Where the indicator should be by then."),
        ),
        key=("indicator_id", "period_end"),
    ),
    Sheet(
        "Actuals",
        "actuals",
        "What actually happened, one row per indicator, period and area.",
        (
            _c("indicator_id", "text", True, "The indicator (from the Indicators sheet)."),
            _c("period_end", "date", True, "The end of the period measured; not after the return's period_end."),
            _c("area_code", "text", False, "The local area's code; blank for the national figure."),
            _c("actual_value", "number", True, "The measured value."),
        ),
        key=("indicator_id", "period_end", "area_code"),
    ),
    Sheet(
        "Risks",
        "risks",
        "Risks (may happen), issues (have happened) and barriers (need others to remove).",
        (
            _c("priority_id", "text", True, "The priority (from the Priorities sheet)."),
            _c("risk_id", "text", True, "A short, stable code, unique in this return."),
            _c("kind", "choice", True, "risk, issue or barrier.", RISK_KINDS),
            _c("description", "text", True, "What it is, in a sentence."),
            _c("owner", "text", False, "Who manages it."),
            _c("likelihood", "choice", False, "1 (rare) to 5 (almost certain).", SCORES),
            _c("impact", "choice", False, "1 (minor) to 5 (severe).", SCORES),
            _c("escalation", "choice", True, "Who must act: none, the centre, or the minister.", ESCALATIONS),
            _c("status", "choice", True, "open or closed.", STATUSES),
            _c("raised_date", "date", False, "When it was first raised."),
            _c("due_date", "date", False, "When it must be resolved by."),
            _c("mitigation", "text", False, "What is being done, or what you need."),
        ),
        key=("risk_id",),
    ),
    Sheet(
        "Budget",
        "budget",
        "Money for each priority by financial year, in pounds.",
        (
            _c("priority_id", "text", True, "The priority (from the Priorities sheet)."),
            _c("financial_year", "text", True, "e.g. 2026-27."),
            _c(
                "allocated",
                "money",
                True,
                "Pounds allocated for the year. Leave it blank only if it cannot be "
                "shared: the row is kept, with a warning.",
                if_blank="the allocation for {financial_year} is blank; the row is kept with no allocation "
                "(give it if it can be shared).",
            ),
            _c("forecast", "money", False, "Pounds you now forecast to spend in the year."),
            _c("spent", "money", False, "Pounds spent so far in the year."),
            _c(
                "whole_life_cost_baseline",
                "money",
                False,
                "Optional: the priority's whole-life cost as first "
                "approved, in pounds (every year, capital and running costs). Give it on any one of its rows.",
            ),
            _c(
                "whole_life_cost_forecast",
                "money",
                False,
                "Optional: the priority's whole-life cost as now forecast, in pounds. Give it on any one of its rows.",
            ),
            _c(
                "variance_narrative",
                "text",
                False,
                "Why the forecast differs from the allocation, when it differs by more than the centre's "
                "threshold (5% unless the centre sets another).",
            ),
        ),
        key=("priority_id", "financial_year"),
    ),
)

SHEETS_BY_NAME = {s.name: s for s in SHEETS}
# Codes that identify a row or point at one: invisible characters in them are refused (they
# would make a look-alike of another id); in other text they are removed.
IDENTIFIER_COLUMNS = frozenset(
    {"priority_id", "node_id", "parent_node_id", "milestone_id", "indicator_id", "risk_id", "area_code"}
)
SHEETS_BY_TABLE = {s.table: s for s in SHEETS}

# Every store table carries these, so a return replaces exactly its own rows and
# every earlier period stays.
RETURN_KEY_COLUMNS = ("department", "return_period", "load_id")

# Plain words for a column in messages, where its header (the template's, e.g. "rag") is not
# already plain words; other columns read as their header with underscores as spaces.
_LABELS = {
    "rag": "rating",
    "centre_rag": "centre's rating",
    "node_id": "chain link ID",
    "parent_node_id": "parent link ID",
    "tolerance_pct": "tolerance in per cent",
    "centre_co_lead": "centre co-lead",
    "whole_life_cost_baseline": "whole-life cost baseline",
    "whole_life_cost_forecast": "whole-life cost forecast",
}


def label(name: str) -> str:
    """A column or About field in plain words: 'rag' -> 'rating', 'priority_id' -> 'priority ID'."""
    return _LABELS.get(name) or re.sub(r"_id$", " ID", name).replace("_", " ")


def named(name: str) -> str:
    """A column as messages name it: its plain words, then the header the analyst sees.

    'rag' -> "rating ('rag')"; a header that is plain words already stands alone: 'title' -> 'title'.
    """
    words = label(name)
    return words if words == name else f"{words} ('{name}')"
