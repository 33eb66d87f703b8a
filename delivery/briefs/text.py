"""A brief in plain English, from its facts (content.BriefData): the words every export shares.

Written as a careful civil servant would: counts first, then what moved, every figure with
its "as at" date, nothing said that the data does not show, and an empty scope said plainly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from delivery.analysis import attention
from delivery.briefs import agenda, story
from delivery.briefs.agenda import Action, Decision, Row
from delivery.briefs.content import BriefData, restated_text, review_text
from delivery.briefs.sections import QUESTIONS, Parts, Section, clip, day, section  # noqa: F401 (QUESTIONS: re-exported)
from delivery.briefs.words import bare, count, name  # noqa: F401 (count: re-exported)

# A brief is read, not searched: the rest are in the Excel pack and the annex.
MOST_CHANGES, MOST_WINS, MOST_DECISIONS, MOST_ACTIONS = 40, 20, 12, 20


@dataclass
class Brief:
    """The brief's words: title, headline, the decisions needed (``minister``: each as a line), what changed
    (condensed), one section per priority, small wins; and as values for tables: the decisions, the one-page
    table of every priority by concern, and the actions from the last stocktake with their status."""

    title: str
    as_at_text: str
    headline: str
    changed: list[str]
    minister: list[str]
    sections: list[Section]
    wins: list[str]
    changed_heading: str = "What changed since the previous return"
    decisions: list[Decision] = field(default_factory=list)
    table: list[Row] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    concern_rule: str = agenda.CONCERN_RULE
    decision_rule: str = agenda.DECISION_RULE


def make_brief(data: BriefData, government: str = "") -> Brief:
    """The brief for ``data``'s scope and period, in words: every part in the order of concern (agenda)."""
    when = day(data.as_at)
    title = f"Delivery brief: {data.scope.label()}" + (f", as at {when}" if when else "")
    if data.as_at is None:
        return Brief(
            title, "No data loaded", "No returns have been loaded yet, so there is nothing to report.", [], [], [], []
        )
    if data.empty:
        gone = "".join(
            f" {name(pid, t)}: {bare(detail)}."
            for pid, t, detail in zip(data.ended["priority_id"], data.ended["title"], data.ended["detail"])
        )
        return Brief(
            title,
            f"As at {when}",
            f"There are no priorities in this scope ({data.scope.label()}) "
            f"as at {when}, so there is nothing to report.{gone}",
            [],
            [],
            [],
            [],
        )
    parts, ordered = Parts(data), agenda.by_concern(data)
    decisions = agenda.decisions(data, ordered)
    material, routine = agenda.changed(data, ordered)
    changed = most(material, MOST_CHANGES, "changes") + ([routine] if routine else [])
    minister = decision_lines(decisions, lambda d: d.line())
    return Brief(
        title,
        f"As at {when}",
        " ".join(filter(None, [story.headline(data, ordered, decisions), restated_text(data), review_text(data)])),
        changed,
        minister,
        [section(data, p, parts) for p in ordered],
        most(win_lines(data), MOST_WINS, "small wins"),
        changed_heading(data),
        decisions,
        agenda.table(data, ordered, parts.milestones),
        agenda.actions(data),
    )


def decision_lines(decisions: list[Decision], line=lambda d: d.short()) -> list[str]:
    """The first MOST_DECISIONS decisions as lines (``line``: Decision.short or Decision.line), and how many more."""
    return most(
        [line(d) for d in decisions],
        MOST_DECISIONS,
        "decisions",
        "each priority's page in the annex lists its escalations and actions",
    )


def action_lines(actions: list[Action]) -> list[str]:
    """The first MOST_ACTIONS actions from the last stocktake as lines (overdue first), and how many more."""
    return most(
        [a.line() for a in actions], MOST_ACTIONS, "actions", "each priority's page in the annex lists its open actions"
    )


def changed_heading(data: BriefData) -> str:
    """'What changed since 30 Jun 2026', or "... since each department's previous return" when departments
    report on different calendars (each line's date is then in the Excel pack and on What changed)."""
    since = data.picture.since_text()
    return f"What changed since {since}" if since else "What changed since the previous return"


def most(
    lines: list[str], limit: int, what: str, where: str = "the Excel pack and the What changed page list them all"
) -> list[str]:
    """The first ``limit`` lines, and a last line saying how many more there are and where."""
    if len(lines) <= limit:
        return lines
    return lines[:limit] + [f"\u2026 and {len(lines) - limit:,} more {what}: {where}."]


def headline(data: BriefData) -> str:
    """The opening paragraph (story.headline): on track, what got worse and why, the decisions needed, whose
    figures are old or gone. Every count is the picture's (the Overview's)."""
    ordered = agenda.by_concern(data)
    return story.headline(data, ordered, agenda.decisions(data, ordered))


def stale_departments(data: BriefData) -> pd.DataFrame:
    """The scope's departments that have missed a return due by the period (reporting.returns_status)."""
    if data.freshness.empty:
        return data.freshness
    return data.freshness[data.freshness["periods_missed"] > 0]


def win_lines(data: BriefData) -> list[str]:
    """Small wins: ratings improved and milestones completed this period."""
    wins = attention.small_wins(data.priorities, data.milestones)
    return [
        f"{name(pid, title)}: {why.lower()}: {_from(bare(detail))}."
        for pid, title, why, detail in zip(
            wins["priority_id"].tolist(), wins["priority"].tolist(), wins["why"].tolist(), wins["detail"].tolist()
        )
    ]


def _from(detail: str) -> str:
    """'From Amber to Green' read after a colon: 'from Amber to Green' (a milestone's name keeps its case)."""
    return "f" + detail[1:] if detail.startswith("From ") else detail


def as_of(value: dt.date | None) -> str:
    """'as at 30 Jun 2026'."""
    return f"as at {day(value)}" if value else "no data loaded"
