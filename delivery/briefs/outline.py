"""The brief's parts in reading order, with their headings and what each says when it is empty: one copy
of these words for the Word document and the slides (and for the PDF, once pdf.py reads them here), so
every format says the same thing in the same words. The sentences themselves come from text.Brief.
"""

from __future__ import annotations

from dataclasses import dataclass

from delivery.briefs import notes
from delivery.briefs.content import BriefData
from delivery.briefs.pdf_table import HEADINGS
from delivery.briefs.print_chart import tolerance
from delivery.briefs.text import Brief, Section, action_lines, day, decision_lines

NOT_RECORDED = "Not recorded"
RATINGS_HEADER = HEADINGS  # the one-page table's columns, in every format
TABLE_HEADING = "Every priority, by concern"  # the one-page table's heading


@dataclass(frozen=True)
class Part:
    """A heading, its lines, and the sentence said instead when there are none."""

    heading: str
    lines: list[str]
    none: str


def summary_parts(data: BriefData, brief: Brief) -> list[Part]:
    """The lists after the headline, in the PDF's order: the decisions needed (the table of every priority
    follows them), the actions from the last stocktake, what changed, small wins."""
    return [
        Part(
            "Decisions needed",
            decision_lines(brief.decisions),
            "No barrier is escalated to the centre or the minister, and no stocktake action is overdue.",
        ),
        Part(
            "Actions from the last stocktake",
            action_lines(brief.actions),
            "No stocktake action is open or was closed this period.",
        ),
        Part(
            brief.changed_heading,
            brief.changed,
            "Nothing changed since the last period."
            if data.compared
            else "This is the first period in the store, so there is nothing to compare with.",
        ),
        Part("Small wins", brief.wins, "No rating improved and no milestone was completed this period."),
    ]


def section_parts(sec: Section) -> list[Part]:
    """One priority's lists: milestones, risks, actions, and the questions when it is off track."""
    parts = [
        Part("Next milestones", sec.milestones, "No open milestones reported."),
        Part("Top risks, issues and barriers", sec.risks, "No open risks reported."),
        Part("Open stocktake actions", sec.actions, "No open actions."),
    ]
    if sec.questions:
        heading = f"Questions for the department ({sec.asked_because})"
        parts.append(Part(heading, [f"{q} {a}" for q, a in sec.questions], ""))
    return parts


def no_chart(sec: Section) -> str:
    """What a section says where its chart would be."""
    if sec.indicator_id is None:
        return "No indicators reported, so there is no trajectory to show."
    return "No indicator with a trajectory is reported for this priority, so there is no chart."


def rating_words(rating) -> str:
    """A rating as printed: its words, or 'Not recorded'."""
    return rating if isinstance(rating, str) else NOT_RECORDED


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def ratings(data: BriefData, pid: str) -> tuple[str | None, str | None]:
    """(department's rating, centre's rating) of one priority; None where there is none."""
    p = data.priorities[data.priorities["priority_id"] == pid].iloc[0]
    return _text_or_none(p["rag"]), _text_or_none(p.get("centre_rag"))


def ratings_rows(brief: Brief) -> list[tuple[str, ...]]:
    """Every priority in scope, by concern (the PDF's one-page table): RATINGS_HEADER's columns, in words."""
    return [
        (r.priority, r.department, r.rating, r.centre, r.movement, r.trajectory, r.next_milestone) for r in brief.table
    ]


def indicator_label(data: BriefData, sec: Section) -> str:
    """'Waiting time (weeks)': the charted indicator's name and unit."""
    row = indicator_row(data, sec)
    return f"{row['name']} ({row['unit']})" if row else "Indicator"


def chart_alt_text(data: BriefData, sec: Section, kind: str = "Line chart") -> str:
    """What the section's chart shows, in words, for a screen reader."""
    tol = tolerance(indicator_row(data, sec))
    return (
        f"{kind} of {indicator_label(data, sec)} for {sec.priority_id}: the planned trajectory with its "
        f"tolerance band (plan \u00b1{tol:g}%), the actuals and the target, by period, as at {day(data.as_at)}. "
        + (sec.trajectory or "")
    )


def indicator_row(data: BriefData, sec: Section) -> dict:
    """The charted indicator's row of the picture's status ({} when the section charts none)."""
    rows = data.status[data.status["indicator_id"] == sec.indicator_id] if not data.status.empty else data.status
    return rows.iloc[0].to_dict() if not rows.empty else {}


def covering_note(data: BriefData) -> list[Part]:
    """The delivery unit's covering note for the brief's scope and period, as a part (none when unwritten)."""
    note = notes.covering(data.notes)
    return [Part(notes.COVERING_HEADING, [note["note"], notes.signature(note)], "")] if note else []


def priority_note(data: BriefData, priority_id: str) -> list[Part]:
    """The centre's note on one priority for the period, as a part (none when unwritten)."""
    note = notes.of_priority(data.notes, priority_id)
    return [Part(notes.PRIORITY_HEADING, [f"{note['note']} ({notes.signature(note)})"], "")] if note else []
