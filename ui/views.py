"""What each page computes, once per store version and view, for every visitor.

A published store version never changes, so everything a page computes from it (ratings as
at the period, movement, exceptions, milestone classes, trajectory status, the chart
specifications) is a function of the version, the sidebar filters and the page's own
choices alone. Each function here takes exactly those, computes with the named queries and
delivery/analysis, and keeps the result in ``st.cache_data``: a widget click, a second
visitor or a shared link then costs a cache lookup instead of the pandas and Altair work
(py-spy: that work was 70-95% of the Overview, Priority and Indicators pages' script time).

A load publishes a new version, so a new key: nothing stale is ever served. After a load,
``warm_up`` computes the default view of the busiest pages, so the first visitor does not pay.
Nothing here draws: the pages draw what these functions return (judgements, which change
without a load, are read by the pages as before).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from delivery.analysis import attention, milestone_status, movement, reporting, tables, trajectories
from delivery.charts import priority as priority_charts
from ui.charts import ChartSpec, chart_spec
from ui.data import query

ENTRIES = 64  # views kept per function: filters x periods in use at once, across all visitors
LARGE = 4     # views that hold whole-government frames (60,000 milestones at national scale): memory


@dataclass(frozen=True)
class InScope:
    """The priorities in the filters' scope as at the period, and the note on those left out."""

    priorities: pd.DataFrame
    left_out: str | None


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def in_scope(version: str, f) -> InScope:
    """priority_list in scope with the reporting calendar's view (stale, rating before); those that
    left the current picture dropped and named in ``left_out``."""
    listed = query("priority_list", as_at=f.as_at, department=f.department, theme=f.theme)
    return InScope(reporting.with_currency(listed, f.calendar, f.as_at, f.stale_after),
                   reporting.left_out_text(listed, f.calendar, f.as_at, f.stale_after))


@dataclass(frozen=True)
class Overview:
    """Everything the Overview draws from the store (see pages/overview.py)."""

    expected: pd.DataFrame       # reporting.returns_status: the return each department owes
    received: str
    counts: pd.DataFrame         # priorities per rating
    stale: int                   # not reported this period
    before: tuple                # each department's previous reporting period (one when all share it)
    moves: dict[str, int]
    transitions: pd.DataFrame
    heatmap: ChartSpec
    needs: pd.DataFrame          # exceptions, one row per reason
    wins: pd.DataFrame


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def overview(version: str, f) -> Overview:
    """The Overview's figures, tables and heatmap for the filters (the priorities from ``in_scope``)."""
    priorities = in_scope(version, f).priorities
    scope = {"as_at": f.as_at, "department": f.department, "theme": f.theme}
    expected = reporting.returns_status(f.calendar, query("department_returns"), f.as_at, f.today)
    now = movement.current(priorities)
    before = {f.calendar.previous_period(d, e) for d, e in zip(priorities["department"], priorities["expected_period"])}
    depts = query("department_list")
    names = dict(zip(depts["code"], depts["name"])) if not depts.empty else {}
    heatmap = priority_charts.ratings_by_department_heatmap(
        movement.ratings_by_department(priorities, names, f.department), f.as_at)
    milestones = milestone_status.classify_milestones(query("milestone_list", **scope), f.as_at, f.previous_period)
    status = trajectories.trajectory_status(query("indicator_list", **scope),
                                            query("indicator_trajectories", as_at=f.as_at),
                                            query("indicator_national_actuals", as_at=f.as_at))
    return Overview(
        expected=expected, received=reporting.received_text(expected),
        counts=movement.rating_counts(now["rag"]), stale=movement.not_reported(priorities),
        before=tuple(before), moves=movement.movement_counts(now),
        transitions=movement.transition_table(priorities), heatmap=chart_spec(heatmap),
        needs=attention.exceptions(priorities, milestones, status, query("open_escalations", **scope)),
        wins=attention.small_wins(priorities, milestones))


def freshness(expected: pd.DataFrame, department: str | None) -> pd.DataFrame:
    """The freshness table's rows for the department chosen (all when None)."""
    shown = expected if department is None else expected[expected["department"] == department]
    return tables.freshness_table(shown)


@dataclass(frozen=True)
class PriorityView:
    """Everything the Priority page draws from the store for one priority (see pages/priority.py)."""

    detail: dict
    mine: dict                       # its row of priority_list with movement and currency
    facts: list                      # (label, text) pairs
    status: pd.DataFrame             # its indicators' trajectory status
    history: ChartSpec
    off_scale: str | None
    chain: ChartSpec | None
    points_note: str | None
    trajectories: list              # (indicator name, ChartSpec or None when it has no trajectory yet)
    milestones: int                  # how many
    timeline: ChartSpec | None
    milestone_table: pd.DataFrame | None
    risks: pd.DataFrame
    budget: pd.DataFrame
    budget_chart: ChartSpec | None


TIMELINE_ROWS = 40


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def priority(version: str, f, pid: str) -> PriorityView:
    """The Priority page's facts, charts and tables for ``pid`` as at the filters' period."""
    from delivery.analysis import chain_tree
    from delivery.charts import portfolio as portfolio_charts
    from ui.bounded import TABLE_ROWS, latest_points, points_note
    from ui.judgements import rating_history

    one = {"as_at": f.as_at, "priority_id": pid}
    detail = query("priority_detail", **one).iloc[0]
    listed = query("priority_list", as_at=f.as_at, department=None, theme=None)
    mine = movement.with_movement(reporting.with_currency(listed[listed["priority_id"] == pid], f.calendar, f.as_at,
                                                          10 ** 6)).iloc[0]
    inds, actuals = query("priority_indicators", **one), query("priority_actuals", **one)
    status = trajectories.trajectory_status(inds, query("indicator_trajectories", as_at=f.as_at), actuals)
    history = rating_history(pid, f.as_at)
    chain = query("priority_chain", **one)
    versions = query("priority_trajectory_versions", **one)
    drawn, cut = latest_points(actuals)
    charts = []
    for ind in status.to_dict("records"):
        plans = trajectories.trajectory_versions(versions[versions["indicator_id"] == ind["indicator_id"]])
        charts.append((ind["name"], None if plans.empty else chart_spec(priority_charts.trajectory_chart(
            ind, plans, drawn[drawn["indicator_id"] == ind["indicator_id"]], f.as_at, ind["status"]),
            extra_px=90)))  # the legend may wrap
    milestones, budget = query("priority_milestones", **one), query("priority_budget", **one)
    timeline = table = None
    if not milestones.empty:
        ms = milestone_status.classify_milestones(milestones, f.as_at, f.previous_period)
        if len(ms) > TIMELINE_ROWS:  # too many to draw: the most urgent first
            ms = milestone_status.most_urgent_first(ms)
        # This chart fits the width only and sizes its own height (portfolio_charts.FIT_WIDTH).
        timeline = chart_spec(portfolio_charts.milestone_timeline_chart(ms.head(TIMELINE_ROWS), f.as_at,
                                                                        f.previous_period), fit=True)
        table = milestone_status.milestone_table(ms.head(TABLE_ROWS)).drop(columns="Priority")
    return PriorityView(
        detail=detail.to_dict(), mine=mine.to_dict(),
        facts=tables.priority_facts(detail, query("priority_lead_history", **one)), status=status,
        history=chart_spec(priority_charts.rating_history_chart(history, f.as_at)),
        off_scale=movement.off_scale_note(history),
        chain=None if chain.empty else chart_spec(priority_charts.chain_tree_chart(
            chain_tree.chain_layout(chain), f.as_at), stretch=False),
        points_note=points_note(cut, dict(zip(status["indicator_id"], status["name"]))),
        trajectories=charts, milestones=len(milestones), timeline=timeline, milestone_table=table,
        risks=query("priority_risks", **one), budget=budget,
        budget_chart=None if budget.empty else chart_spec(priority_charts.budget_chart(budget, f.as_at)))


PANELS = 12       # trajectory panels drawn on the Indicators page
LEAGUE_BARS = 40  # the league chart: the best 20 and the furthest behind 20


@dataclass(frozen=True)
class Indicators:
    """The Indicators page's status of every indicator in scope, worst first, and its table."""

    status: pd.DataFrame
    table: pd.DataFrame              # trajectories.status_table, with the Open links
    league_labels: list              # the area league's choices, those with area figures first
    league_rows: list                # each choice's row number in ``status``


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def indicators(version: str, f) -> Indicators:
    """Trajectory status of the indicators in scope as at the filters' period."""
    from ui.components import priority_links

    inds = query("indicator_list", as_at=f.as_at, department=f.department, theme=f.theme)
    status = trajectories.worst_first(trajectories.trajectory_status(
        inds, query("indicator_trajectories", as_at=f.as_at), query("indicator_national_actuals", as_at=f.as_at)))
    table = trajectories.status_table(status)
    table["Open"] = priority_links(table["Priority"], f)
    options = trajectories.league_options(status, query("indicator_area_counts", as_at=f.as_at))
    return Indicators(status, table, list(options), [r.Index for r in options.values()])


@dataclass(frozen=True)
class Panels:
    """Small trajectory charts of one group of indicators, and what the captions say."""

    total: int                       # indicators in the group
    points_note: str | None
    charts: list                     # ChartSpec per panel, at most PANELS


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def trajectory_panels(version: str, f, group: str | None) -> Panels:
    """The panels of the indicators in ``group`` (a status_groups label; None: all, off trajectory first)."""
    from delivery.charts import portfolio as portfolio_charts
    from ui.bounded import latest_points, points_note

    status = indicators(version, f).status
    picked = trajectories.status_groups(status).get(group, status)
    traj = query("indicator_trajectories", as_at=f.as_at)
    actuals = query("indicator_national_actuals", as_at=f.as_at)
    drawn, cut = latest_points(actuals[actuals["indicator_id"].isin(picked.head(PANELS)["indicator_id"])])
    note = points_note(cut, dict(zip(status["indicator_id"], status["indicator_id"] + " " + status["name"])))
    panels = portfolio_charts.trajectory_panels(picked.head(PANELS), traj, drawn, f.as_at)
    return Panels(len(picked), note, [chart_spec(p, fit=True) for p in panels])


@dataclass(frozen=True)
class League:
    """Every area's latest figure for one indicator against the national trajectory, best first."""

    name: str
    rows: pd.DataFrame               # trajectories.area_league
    chart: ChartSpec | None          # the best and furthest behind LEAGUE_BARS areas


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def area_league(version: str, f, row: int, names: dict[str, str]) -> League:
    """The area league of the indicator in row ``row`` of ``indicators(version, f).status``;
    ``names`` (area code -> name, ui.data.area_names) is part of the key: data/areas.csv may change."""
    from delivery.charts import portfolio as portfolio_charts

    chosen = next(indicators(version, f).status.iloc[[row]].itertuples())
    traj = query("indicator_trajectories", as_at=f.as_at)
    areas = query("indicator_area_actuals", as_at=f.as_at, department=chosen.department,
                  indicator_id=chosen.indicator_id)
    league = trajectories.area_league(chosen, traj[traj["department"] == chosen.department], areas, names)
    if league.empty:
        return League(chosen.name, league, None)
    bars = league if len(league) <= LEAGUE_BARS else pd.concat([league.head(LEAGUE_BARS // 2),
                                                                league.tail(LEAGUE_BARS // 2)])
    return League(chosen.name, league,
                  chart_spec(portfolio_charts.league_table_chart(bars, f.as_at, chosen.name), fit=True))


@st.cache_data(max_entries=LARGE, show_spinner=False)
def brief_data(version: str, scope, as_at):
    """The facts of a brief (delivery.briefs.content.gather) for ``scope`` as at the period."""
    from delivery.briefs import content

    return content.gather(query, scope, as_at)


@dataclass(frozen=True)
class Brief:
    """The brief's facts, its text, and each section's chart (None: no chart, or too many to draw)."""

    data: object                     # delivery.briefs.content.BriefData
    text: object                     # delivery.briefs.text.Brief
    charts: list                     # ChartSpec | None per section, in order


MOST_CHARTS = 25  # drawn on screen; a national brief has 150 (the PDF and slides have them all)


@st.cache_data(max_entries=2 * LARGE, show_spinner=False)
def brief(version: str, scope, as_at, government: str) -> Brief:
    """The minister's brief for ``scope`` as at the period, with the charts the screen shows."""
    from delivery.briefs import text
    from delivery.briefs.pdf import section_chart

    data = brief_data(version, scope, as_at)
    made = text.make_brief(data, government)
    drawn = len(made.sections) <= MOST_CHARTS
    charts = [None if not drawn or (c := section_chart(data, sec.indicator_id)) is None else chart_spec(c, extra_px=60)
              for sec in made.sections]
    return Brief(data, made, charts)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def priorities_table(version: str, f) -> pd.DataFrame:
    """The Priorities page's table (tables.priorities_table) of the priorities in scope, most concerning first."""
    from ui.components import priority_links

    priorities = in_scope(version, f).priorities
    status = trajectories.trajectory_status(
        query("indicator_list", as_at=f.as_at, department=f.department, theme=f.theme),
        query("indicator_trajectories", as_at=f.as_at), query("indicator_national_actuals", as_at=f.as_at))
    return tables.priorities_table(priorities, attention.trajectory_by_priority(status),
                                   priority_links(priorities["priority_id"], f))


@st.cache_data(max_entries=LARGE, show_spinner=False)
def milestones(version: str, f) -> pd.DataFrame:
    """Every milestone in scope, classified as at the period (milestone_status.classify_milestones)."""
    rows = query("milestone_list", as_at=f.as_at, department=f.department, theme=f.theme)
    return milestone_status.classify_milestones(rows, f.as_at, f.previous_period)


@dataclass(frozen=True)
class MilestoneSelection:
    """The milestones one 'Show' choice selects, most urgent first: how many, the table and the timeline."""

    total: int
    table: pd.DataFrame              # the first TABLE_ROWS, with the Open links
    timeline: ChartSpec | None       # the first TIMELINE_ROWS


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def milestone_selection(version: str, f, show: str) -> MilestoneSelection:
    """The milestones of ``show`` (a milestone_status.select_milestones key), table and timeline."""
    from delivery.charts import portfolio as portfolio_charts
    from ui.bounded import TABLE_ROWS
    from ui.components import priority_links

    picked = milestone_status.most_urgent_first(milestone_status.select_milestones(milestones(version, f), show))
    if picked.empty:
        return MilestoneSelection(0, pd.DataFrame(), None)
    table = milestone_status.milestone_table(picked.head(TABLE_ROWS))
    table["Open"] = priority_links(table["Priority"], f)
    timeline = portfolio_charts.milestone_timeline_chart(picked.head(TIMELINE_ROWS), f.as_at, f.previous_period)
    return MilestoneSelection(len(picked), table, chart_spec(timeline, fit=True))


GRID_ROWS = 30  # chains drawn one row per priority up to this many; beyond, counts by level


@dataclass(frozen=True)
class Chains:
    """The Delivery chains page's breaks by level, chart, weakest links and shared bodies."""

    breaks: pd.DataFrame             # chains.level_breaks: levels rated Red or Amber/Red somewhere
    priorities: int                  # priorities with a chain
    chart: ChartSpec
    weakest: pd.DataFrame            # one row per priority, with the Open links
    shared: pd.DataFrame             # chains.shared_bodies


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def chains(version: str, f) -> Chains | None:
    """Where the chains in scope break, as at the period; None when no chain is in scope."""
    from delivery.analysis import chains as chain_analysis
    from delivery.charts import portfolio as portfolio_charts
    from ui.components import priority_links

    links = query("chain_links", as_at=f.as_at, department=f.department, theme=f.theme)
    if links.empty:
        return None
    worst = chain_analysis.worst_by_level(links)
    titles = links.drop_duplicates("priority_id").set_index("priority_id")["priority_title"]
    count = worst["priority_id"].nunique()
    chart = (portfolio_charts.chain_level_counts_chart(chain_analysis.level_rating_counts(worst), f.as_at)
             if count > GRID_ROWS else portfolio_charts.chain_level_heatmap(worst, f.as_at, titles.to_dict()))
    weakest = chain_analysis.weakest_links(links)
    weakest.insert(1, "priority_title", weakest["priority_id"].map(titles))
    # The rating is the weakest link's, not the priority's (EDU-01 is Amber/Green overall, its schools Red).
    weakest.columns = ["Priority", "Title", "Weakest link's rating", "Weakest link", "Level"]
    weakest["Open"] = priority_links(weakest["Priority"], f)
    breaks = chain_analysis.level_breaks(links)
    return Chains(breaks[breaks["priorities_red"] > 0], count, chart_spec(chart, fit=True), weakest,
                  chain_analysis.shared_bodies(links))
