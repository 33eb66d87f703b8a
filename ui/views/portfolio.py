"""What each page computes, once per store version and view, for every visitor.

A published store version never changes, so everything a page computes from it (ratings as
at the period, movement, exceptions, milestone classes, trajectory status, the chart
specifications) is a function of the version, the sidebar filters and the page's own
choices alone. Each function here takes exactly those, computes with the named queries and
delivery/analysis, and keeps the result in ``st.cache_data``: a widget click, a second
visitor or a shared link then costs a cache lookup instead of the pandas and Altair work
(py-spy: that work was 70-95% of the Overview, Priority and Indicators pages' script time).

A load publishes a new version, so a new key: nothing stale is ever served. After a load,
ui/views/warm.py computes the default view of the busiest pages, so the first visitor does not pay.
This module holds the Overview, Priorities, Milestones and Delivery chains; ui/views/detail.py
the Priority, Indicators, Brief and What changed pages. Nothing here draws: the pages draw what these
functions return (judgements, which change
without a load, are read by the pages as before).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from delivery.analysis import attention, ended, milestone_status, movement, reporting, tables
from delivery.analysis import chains as chain_analysis
from delivery.analysis import picture as pictures
from delivery.briefs import concerns
from delivery.briefs.content import BriefData
from delivery.charts import portfolio as portfolio_charts
from delivery.charts import priority as priority_charts
from delivery.charts import timeline as timeline_charts
from ui.frame.bounded import TABLE_ROWS
from ui.frame.charts import ChartSpec, chart_spec
from ui.frame.components import priority_links
from ui.frame.data import query

ENTRIES = 64  # views kept per function: filters x periods in use at once, across all visitors
LARGE = 4  # views that hold whole-government frames (60,000 milestones at national scale): memory
TIMELINE_ROWS = 40  # milestones drawn on a timeline (the most urgent first)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def sketch(version: str, f) -> pictures.Picture:
    """The picture of the filters' scope as at the period (delivery/analysis/picture.py) without its details:
    its priorities, those out of it, the returns owed. The details are cached apart, so a page computes only
    what it shows (the Delivery chains page needs no milestone)."""
    return pictures.sketch(query, pictures.Scope(f.department, None, f.theme), f.as_at, f.rules)


@st.cache_data(max_entries=LARGE, show_spinner=False)
def milestones(version: str, f) -> pd.DataFrame:
    """Every milestone of the picture, classified as at the period (each since its own department's previous
    period). Large (60,000 at national scale), so only the small views below read it."""
    return pictures.milestones_of(query, sketch(version, f))


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def indicator_parts(version: str, f) -> tuple[pd.DataFrame, ...]:
    """(indicators, status, trajectory, actuals) of the picture's priorities (pictures.indicators_of)."""
    found = sketch(version, f)
    return pictures.indicators_of(query, found.params, found.ids, f.rules.forecast)


def picture(version: str, f) -> pictures.Picture:
    """The whole picture, from its cached parts (what the Overview and the facts read)."""
    found = sketch(version, f)
    return pictures.fill(
        found, milestones(version, f), *indicator_parts(version, f), *pictures.risks_and_actions_of(query, found)
    )


@dataclass(frozen=True)
class InScope:
    """The priorities in the filters' scope as at the period, and the note on those out of the picture."""

    priorities: pd.DataFrame
    left_out: str | None


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def in_scope(version: str, f) -> InScope:
    """The picture's priorities (reported this period, or not yet too long overdue), and a sentence naming
    those out of the picture (analysis/ended.py's ended_text)."""
    found = sketch(version, f)
    return InScope(found.priorities, ended.ended_text(found.ended, found.as_at, found.rules.stale_after))


def trajectory_status(version: str, f) -> pd.DataFrame:
    """Every indicator of the picture judged on or off trajectory as at the period: the Overview,
    Priorities and Indicators pages share it."""
    return indicator_parts(version, f)[1]


@dataclass(frozen=True)
class FirstScreen:
    """What the Overview draws first, from light elements: what is off track and why, then the counts."""

    total: int  # priorities in the picture
    concerns: list[concerns.Concern]  # off track or needing attention, in the brief's order of concern
    needs: pd.DataFrame  # attention.exceptions, most concern first: one row per reason (the Needs attention list)
    expected: pd.DataFrame  # reporting.returns_status: the return each department owes
    received: str
    counts: pd.DataFrame  # priorities per rating
    stale: int  # not reported this period


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def first_screen(version: str, f) -> FirstScreen:
    """The Overview's first screen for the filters, from the picture: computed before its tables and chart."""
    found = picture(version, f)
    needs = attention.exceptions(found.priorities, found.milestones, found.status, found.escalations())
    worst_first = concerns.needing_attention(BriefData(found), needs)
    return FirstScreen(
        total=len(found.priorities),
        concerns=worst_first,
        needs=attention.in_order(needs, [c.priority_id for c in worst_first]),  # the list in the same order
        expected=found.returns,
        received=reporting.received_text(found.returns),
        counts=movement.rating_counts(found.current["rag"]),
        stale=found.facts()["not_reported"],
    )


@dataclass(frozen=True)
class Overview:
    """The rest of the Overview (see pages/overview.py): movement, its table and heatmap, small wins."""

    since: str | None  # '30 Jun 2026', "each department's previous return", or None (nothing compared)
    first_period: bool  # no earlier return in the store: nothing to compare with
    moves: dict[str, int]
    transitions: pd.DataFrame
    heatmap: ChartSpec
    wins: pd.DataFrame


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def overview(version: str, f) -> Overview:
    """The Overview's movement, transition table, heatmap and small wins for the filters, from the picture."""
    found = picture(version, f)
    priorities = found.priorities
    depts = query("department_list")
    names = dict(zip(depts["code"], depts["name"])) if not depts.empty else {}
    heatmap = priority_charts.ratings_by_department_heatmap(
        movement.ratings_by_department(priorities, names, f.department), f.as_at
    )
    return Overview(
        since=found.since_text(),
        first_period=found.first_period,
        moves=found.facts()["movement"],
        transitions=movement.transition_table(priorities),
        heatmap=chart_spec(heatmap),
        wins=attention.small_wins(priorities, found.milestones),
    )


def freshness(expected: pd.DataFrame, department: str | None) -> pd.DataFrame:
    """The freshness table's rows for the department chosen (all when None)."""
    shown = expected if department is None else expected[expected["department"] == department]
    return tables.freshness_table(shown)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def priorities_table(version: str, f) -> pd.DataFrame:
    """The Priorities page's table (tables.priorities_table) of the picture's priorities, most concerning first."""
    priorities = sketch(version, f).priorities
    return tables.priorities_table(
        priorities,
        attention.trajectory_by_priority(trajectory_status(version, f)),
        priority_links(priorities["priority_id"], f),
    )


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def since(version: str, f) -> str | None:
    """What "this period" starts after: '30 Jun 2026', or "each department's previous return" when they differ."""
    return sketch(version, f).since_text()


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def milestone_counts(version: str, f) -> dict[str, int] | None:
    """The Milestones page's headline counts (the picture's); None when no milestone is in scope.

    Small, so a rerun reads a few numbers instead of every classified milestone (60,000 at national scale).
    """
    found = milestones(version, f)
    return None if found.empty else milestone_status.milestone_counts(found)


@dataclass(frozen=True)
class MilestoneSelection:
    """The milestones one 'Show' choice selects, most urgent first: how many, the table and the timeline."""

    total: int
    table: pd.DataFrame  # the first TABLE_ROWS, with the Open links
    timeline: ChartSpec | None  # the first TIMELINE_ROWS


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def milestone_selection(version: str, f, show: str) -> MilestoneSelection:
    """The milestones of ``show`` (a milestone_status.select_milestones key), table and timeline."""
    picked = milestone_status.most_urgent_first(milestone_status.select_milestones(milestones(version, f), show))
    if picked.empty:
        return MilestoneSelection(0, pd.DataFrame(), None)
    table = milestone_status.milestone_table(picked.head(TABLE_ROWS))
    table["Open"] = priority_links(table["Priority"], f)
    timeline = timeline_charts.milestone_timeline_chart(picked.head(TIMELINE_ROWS), f.as_at)
    return MilestoneSelection(len(picked), table, chart_spec(timeline, fit=True))


GRID_ROWS = 30  # chains drawn one row per priority up to this many; beyond, counts by level


@dataclass(frozen=True)
class Chains:
    """The Delivery chains page's breaks by level, chart, weakest links and shared bodies."""

    breaks: pd.DataFrame  # chains.level_breaks: levels rated Red or Amber/Red somewhere
    rated: bool  # some link of some chain has a rating (none at all: nothing can be said to break)
    priorities: int  # priorities with a chain
    chart: ChartSpec
    weakest: pd.DataFrame  # one row per priority, with the Open links
    shared: pd.DataFrame  # chains.shared_bodies


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def chains(version: str, f) -> Chains | None:
    """Where the chains in scope break, as at the period; None when no chain is in scope."""
    links = query("chain_links", as_at=f.as_at, department=f.department, theme=f.theme)
    links = links[links["priority_id"].isin(sketch(version, f).ids)] if not links.empty else links
    if links.empty:
        return None
    worst = chain_analysis.worst_by_level(links)
    titles = links.drop_duplicates("priority_id").set_index("priority_id")["priority_title"]
    count = worst["priority_id"].nunique()
    chart = (
        portfolio_charts.chain_level_counts_chart(chain_analysis.level_rating_counts(worst), f.as_at)
        if count > GRID_ROWS
        else portfolio_charts.chain_level_heatmap(worst, f.as_at, titles.to_dict())
    )
    weakest = chain_analysis.weakest_links(links)
    weakest.insert(1, "priority_title", weakest["priority_id"].map(titles))
    # The rating is the weakest link's, not the priority's (EDU-01 is Amber/Green overall, its schools Red).
    weakest.columns = ["Priority", "Title", "Weakest link's rating", "Weakest link", "Level"]
    weakest["Open"] = priority_links(weakest["Priority"], f)
    breaks = chain_analysis.level_breaks(links)
    return Chains(
        breaks[breaks["priorities_red"] > 0],
        chain_analysis.any_rated(worst),
        count,
        chart_spec(chart, fit=True),
        weakest,
        chain_analysis.shared_bodies(links),
    )
