"""The brief on screen: its words escaped once when it is made (``screen``), then drawn (``show``).

The Brief page's view (ui/views/detail.py: ``brief``) keeps a ``Screen`` in its cache, so a
rerun draws a national brief's 1,500 pieces of text without escaping them again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from delivery.briefs import content, notes, text
from delivery.briefs.pdf_table import HEADINGS
from ui.frame.charts import draw
from ui.frame.tables import painted_table
from ui.frame.text import plain
from ui.frame.widths import fitted

MOST_CHARTS = 25  # drawn on screen; a national brief has 150 (the PDF and slides have them all)


@dataclass(frozen=True)
class SectionScreen:
    """One priority's part of the brief as the page draws it: each piece escaped (plain) already."""

    heading: str
    ratings: str
    source: str
    trajectory: str | None
    lists: list  # Markdown of each non-empty list: milestones, risks, actions, questions


@dataclass(frozen=True)
class Screen:
    """The brief's words as the page draws them, escaped once when the brief is made (ui/views/detail.brief)
    rather than on every rerun: a national brief has 150 sections, about 1,500 pieces of text."""

    empty: bool  # no priority in scope: the title and headline only
    title: str
    headline: str
    decisions: tuple  # (heading, Markdown) of the decisions needed
    table: pd.DataFrame  # every priority by concern: words only (a table is never Markdown)
    rule: str  # how the table is ordered
    lists: list  # (heading, Markdown) of the actions, what changed and small wins
    note: str | None  # why the charts are left off, when they are
    sections: list  # SectionScreen per section, in order


def screen(data: content.BriefData, brief: text.Brief) -> Screen:
    """The brief on screen, in order: headline, decisions, the table by concern, the lists, then one part per
    priority (the PDF's order)."""
    decisions, *lists = [
        (f"#### {title}", "\n".join(f"- {plain(x)}" for x in lines) if lines else none)
        for title, lines, none in (
            (
                "Decisions needed",
                text.decision_lines(brief.decisions),
                "No barrier is escalated to the centre or the minister, and no stocktake action is overdue.",
            ),
            (
                "Actions from the last stocktake",
                text.action_lines(brief.actions),
                "No stocktake action is open or was closed this period.",
            ),
            (brief.changed_heading, brief.changed, "Nothing changed."),
            ("Small wins", brief.wins, "No small wins this period."),
        )
    ]
    table = pd.DataFrame(
        [
            [r.priority, r.department, r.rating, r.centre, r.movement, r.trajectory, r.next_milestone]
            for r in brief.table
        ],
        columns=list(HEADINGS),
    )
    note = (
        (
            f"{len(brief.sections)} priorities: charts are left off the screen to keep it quick; "
            "the PDF and the slides have every chart."
        )
        if len(brief.sections) > MOST_CHARTS
        else None
    )
    return Screen(
        data.empty,
        plain(brief.title),
        plain(brief.headline),
        decisions,
        table,
        plain(brief.concern_rule),
        lists,
        note,
        [_section_screen(sec, notes.of_priority(data.notes, sec.priority_id)) for sec in brief.sections],
    )


def _section_screen(sec: text.Section, note: dict | None = None) -> SectionScreen:
    lists = (
        [f"**{notes.PRIORITY_HEADING}**  \n{plain(note['note'])}  \n*{plain(notes.signature(note))}*"] if note else []
    )  # the centre's note first (delivery/briefs/notes.py)
    lists += [
        f"**{title}**  \n" + "  \n".join(f"· {plain(x)}" for x in lines)
        for title, lines in (
            ("Next milestones", sec.milestones),
            ("Top risks", sec.risks),
            ("Open stocktake actions", sec.actions),
        )
        if lines
    ]
    if sec.questions:
        lists.append(
            f"**Questions for the department ({plain(sec.asked_because)})**  \n"
            + "  \n".join(f"· *{plain(q)}* {plain(a)}" for q, a in sec.questions)
        )
    return SectionScreen(
        f"#### {plain(sec.priority_id)}: {plain(sec.title)}",
        plain(sec.ratings),
        plain(sec.source),
        plain(sec.trajectory) if sec.trajectory else None,
        lists,
    )


def show(made: Screen, charts: list) -> None:
    """The brief on screen (``made``: from ``screen``; ``charts``: a ChartSpec or None per section,
    from ui/views/detail.brief)."""
    st.subheader(made.title)
    st.markdown(made.headline)
    if made.empty:
        return
    st.markdown(made.decisions[0])
    st.markdown(made.decisions[1])
    st.markdown("#### Every priority, by concern")
    st.caption(made.rule)
    painted_table(
        made.table,
        {HEADINGS[2]: "rating", HEADINGS[3]: "rating"},
        hide_index=True,
        width="stretch",
        placeholder="–",
        **fitted(made.table, wrap=(HEADINGS[0], HEADINGS[4], HEADINGS[6])),
    )
    for heading, body in made.lists:
        st.markdown(heading)
        st.markdown(body)
    if made.note:
        st.caption(made.note)
    for sec, chart in zip(made.sections, charts):
        _section(sec, chart)


def _section(sec: SectionScreen, chart) -> None:
    with st.container(border=True):
        st.markdown(sec.heading)
        st.markdown(sec.ratings)
        st.caption(sec.source)
        if chart is not None:
            draw(chart)
        if sec.trajectory:
            st.markdown(sec.trajectory)
        for body in sec.lists:
            st.markdown(body)
