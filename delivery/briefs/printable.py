"""Whether a PDF brief can print every character it holds, and if not, which priority's text cannot.

A character that no installed font has would print as an empty box (the renderer only warns in the server
log), so the PDF is refused instead, with one sentence naming the priority and the field the
character is in; the Word brief, the PowerPoint slides and the Excel pack keep the text as typed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from delivery.briefs import fonts, notes
from delivery.briefs.content import BriefData
from delivery.briefs.text import Brief
from delivery.errors import Unprintable

# Where a brief's facts hold text people typed, in the order a character is looked for:
# (frame of BriefData, what one row is, the column naming the row).
SOURCES = (
    ("priorities", None, None),
    ("milestones", "milestone", "milestone_id"),
    ("risks", "risk", "risk_id"),
    ("actions", "stocktake action", None),
    ("status", "indicator", "indicator_id"),
    ("changes", None, None),
)
NOT_FIELDS = {"priority_id", "priority_title", "priority", "milestone_id", "risk_id", "indicator_id"}
FIELD_NAMES = {
    "centre_reason": "centre's reason for its rating",
    "before": "earlier commentary",
    "after": "new commentary",
    "lead_department_name": "lead department's name",
}


def brief_texts(brief: Brief, marking: str) -> Iterator[tuple[str | None, str, str]]:
    """Every string a brief prints, as (priority ID or None, which part of the brief, text): sections first."""
    for sec in brief.sections:
        for part in (
            sec.title,
            sec.ratings,
            sec.source,
            sec.trajectory or "",
            *sec.milestones,
            *sec.risks,
            *sec.actions,
            *(q + " " + a for q, a in sec.questions),
        ):
            yield sec.priority_id, f"the section of priority {sec.priority_id}", part
    for part, texts in (
        ("the title", [brief.title, brief.as_at_text]),
        ("the headline", [brief.headline]),
        ("the list of what needs the minister", brief.minister),
        ("the list of what changed", [brief.changed_heading, *brief.changed]),
        ("the list of small wins", brief.wins),
        (
            "the table of every priority",
            [
                t
                for row in brief.table
                for t in (row.priority, row.department, row.movement, row.trajectory, row.next_milestone)
            ],
        ),
        ("the list of actions from the last stocktake", [a.line() for a in brief.actions]),
        ("the notes on order", [brief.concern_rule]),
        ("the protective marking (DELIVERY_PROTECTIVE_MARKING)", [marking]),
    ):
        for text in texts:
            yield None, f"{part} of the brief" if "marking" not in part else part, text


def _all_texts(data: BriefData, brief: Brief, marking: str) -> Iterator[tuple[str | None, str, str]]:
    """``brief_texts`` and the centre's notes the PDF prints (delivery/briefs/notes.py), each named."""
    yield from brief_texts(brief, marking)
    for pid, text in notes.texts(data.notes):
        yield pid, f"the centre's note on {pid}" if pid else "the covering note", text


def check(data: BriefData, brief: Brief, marking: str, installed=None) -> fonts.Plan:
    """The fonts that print the brief; Unprintable when a character of it cannot be printed (right-to-left
    and joined scripts can: the PDF's renderer shapes them). ``installed``: ``fonts.installed()`` by default."""
    bold = _bold_texts(data, brief, marking)
    regular = [t for _, _, t in _all_texts(data, brief, marking) if t not in bold] + ["\u2022", brief.title]
    regular += [notes.COVERING_HEADING, notes.PRIORITY_HEADING]
    plan = fonts.plan("\n".join(regular), "\n".join(bold), installed)
    message = refusal(data, brief, marking, plan)
    if message:
        raise Unprintable(message)
    return plan


def problem(data: BriefData, brief: Brief, marking: str) -> str | None:
    """The sentence refusing this brief's PDF (what ``check`` raises), or None when it can be printed."""
    try:
        check(data, brief, marking)
    except Unprintable as refused:
        return str(refused)
    return None


def _bold_texts(data: BriefData, brief: Brief, marking: str) -> set[str]:
    """What the PDF prints in bold only: the headings (the brief's title, each section's), marking and ratings."""
    ratings = {
        r
        for column in ("rag", "centre_rag")
        if column in data.priorities.columns
        for r in data.priorities[column].dropna().astype(str)
    }
    return {
        brief.title,
        marking,
        brief.changed_heading,
        *ratings,
        *(r for row in brief.table for r in (row.rating, row.centre)),
        *(f"{sec.priority_id}: {sec.title}" for sec in brief.sections),
        *(sec.title for sec in brief.sections),
    }


def refusal(data: BriefData, brief: Brief, marking: str, plan: fonts.Plan) -> str | None:
    """The sentence refusing the PDF when a character of it cannot be printed, or None when all can."""
    bad = set(plan.missing)
    if not bad:
        return None
    for pid, part, text in _all_texts(data, brief, marking):
        ch = next((c for c in text if c in bad), None)
        if ch is None:
            continue
        noted = part.startswith(("the centre's note", "the covering note"))  # typed in the app, not a return
        where = part if noted else source_of(data, ch, pid) or part
        why = f"a character that no font on this server can print ({fonts.describe(ch)})"
        return (
            f"The PDF brief cannot be made: {where} holds {why}. Correct it in "
            f"{'the note' if noted else 'the return'}, or download "
            "the brief as Word, PowerPoint slides or an Excel pack, which keep the text as typed."
        )
    return None


def source_of(data: BriefData, ch: str, priority_id: str | None) -> str | None:
    """'the title of priority HEA-01', 'the owner of milestone M3 of priority HEA-01': the first field of the
    brief's facts (of ``priority_id`` when given) holding ``ch``; None when no field does."""
    for frame_name, noun, id_column in SOURCES:
        frame = getattr(data, frame_name)
        if frame.empty or "priority_id" not in frame.columns:
            continue
        rows = frame[frame["priority_id"] == priority_id] if priority_id is not None else frame
        for column in (c for c in rows.columns if c not in NOT_FIELDS and not _numeric(rows[c])):
            held = rows[rows[column].map(lambda v: isinstance(v, str) and ch in v)]
            if held.empty:
                continue
            row, name = held.iloc[0], FIELD_NAMES.get(column, column.replace("_", " "))
            item = f" of {noun} {row[id_column]}" if noun and id_column else f" of a {noun}" if noun else ""
            return f"the {name}{item} of priority {row['priority_id']}"
    return None


def _numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)
