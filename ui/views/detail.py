"""What the Priority, Indicators, Brief and What changed pages compute, once per store version and view.

The same idea as ui/views/portfolio.py (read its docstring): each function takes the store version, the
sidebar filters and the page's own choice, computes with the named queries and
delivery/analysis, and keeps the result in ``st.cache_data`` for every visitor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from delivery.analysis import chain_tree, forecasts, milestone_status, movement, tables, trajectories
from delivery.analysis import picture as pictures
from delivery.briefs import content, text
from delivery.charts import portfolio as portfolio_charts
from delivery.charts import priority as priority_charts
from delivery.charts import timeline as timeline_charts
from delivery.charts.forecast_layer import with_forecast
from ui.brief.screen import MOST_CHARTS, screen
from ui.frame.bounded import TABLE_ROWS, latest_points, points_note
from ui.frame.charts import ChartSpec, chart_spec
from ui.frame.components import priority_links
from ui.frame.data import query
from ui.views.portfolio import ENTRIES, LARGE, TIMELINE_ROWS, trajectory_status
from ui.views.quality import flag_rules


def _department_names() -> dict[str, str]:
    """{code: name} of every department the store knows."""
    depts = query("department_list")
    return dict(zip(depts["code"], depts["name"]))


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def standing(version: str, f, pid: str) -> dict | None:
    """One priority's row of its picture as at the period (standing, movement, previous period, the
    centre's rating), or, if it is out of the picture, its ``ended`` row (why, when, last rating); None
    when it was never reported by then."""
    standing, shown, ended = pictures.standings(query, pictures.Scope(priority_id=pid), f.as_at, f.rules)
    if not shown.empty:
        return shown.iloc[0].to_dict()
    if ended.empty:
        return None
    # no longer reported: its calendar view (previous period, stale) with why it is out of the picture
    listed = standing.iloc[0].to_dict() if not standing.empty else {}
    return listed | ended.iloc[0].to_dict()


def rating_history(pid: str, as_at) -> pd.DataFrame:
    """The department's and the centre's ratings, period by period, for the history chart."""
    dept = query("priority_rating_history", as_at=as_at, priority_id=pid)
    centre = query("priority_centre_rating_history", as_at=as_at, priority_id=pid)
    return (
        pd.concat([f for f in (dept, centre) if not f.empty], ignore_index=True)
        if not (dept.empty and centre.empty)
        else dept
    )


@dataclass(frozen=True)
class PriorityView:
    """Everything the Priority page draws from the store for one priority (see pages/priority.py)."""

    detail: dict
    mine: dict  # its row of the picture (standing), with movement
    facts: list  # (label, text) pairs
    status: pd.DataFrame  # its indicators' trajectory status
    history: ChartSpec
    off_scale: str | None
    chain: ChartSpec | None
    points_note: str | None
    trajectories: list  # (indicator name, ChartSpec or None when it has no trajectory yet)
    milestones: int  # how many
    timeline: ChartSpec | None
    milestone_table: pd.DataFrame | None
    risks: pd.DataFrame
    budget: pd.DataFrame
    budget_chart: ChartSpec | None
    forecasts: list = field(default_factory=list)  # (verdict, sentence) of each indicator, as ``trajectories``


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def priority(version: str, f, pid: str) -> PriorityView:
    """The Priority page's facts, charts and tables for ``pid`` as at the filters' period."""
    one = {"as_at": f.as_at, "priority_id": pid}
    detail = query("priority_detail", **one).iloc[0]
    mine = standing(version, f, pid)
    inds, actuals = query("priority_indicators", **one), query("priority_actuals", **one)
    status = trajectories.trajectory_status(inds, query("indicator_trajectories", as_at=f.as_at), actuals)
    earlier = forecasts.earlier_targets(query("indicator_target_history", as_at=f.as_at))
    status = forecasts.with_forecasts(status, actuals, f.as_at, f.rules.forecast, earlier)
    history = rating_history(pid, f.as_at)
    chain = query("priority_chain", **one)
    versions = query("priority_trajectory_versions", **one)
    drawn, cut = latest_points(actuals)
    charts = []
    for ind in status.to_dict("records"):
        plans = trajectories.trajectory_versions(versions[versions["indicator_id"] == ind["indicator_id"]])
        charts.append(
            (
                ind["name"],
                None
                if plans.empty
                else chart_spec(
                    with_forecast(
                        priority_charts.trajectory_chart(
                            ind, plans, drawn[drawn["indicator_id"] == ind["indicator_id"]], f.as_at, ind["status"]
                        ),
                        ind["forecast"],
                    ),
                    extra_px=90,
                ),
            )
        )  # the legend may wrap
    milestones, budget = query("priority_milestones", **one), query("priority_budget", **one)
    timeline = table = None
    if not milestones.empty:
        ms = pictures.classify(milestones, pd.DataFrame([mine]), f.as_at)
        if len(ms) > TIMELINE_ROWS:  # too many to draw: the most urgent first
            ms = milestone_status.most_urgent_first(ms)
        # This chart fits the width only and sizes its own height (portfolio_charts.FIT_WIDTH).
        timeline = chart_spec(timeline_charts.milestone_timeline_chart(ms.head(TIMELINE_ROWS), f.as_at), fit=True)
        table = milestone_status.milestone_table(ms.head(TABLE_ROWS)).drop(columns="Priority")
    return PriorityView(
        detail=detail.to_dict(),
        mine=mine,
        facts=tables.priority_facts(detail, query("priority_lead_history", **one), _department_names()),
        status=status,
        history=chart_spec(priority_charts.rating_history_chart(history, f.as_at)),
        off_scale=movement.off_scale_note(history),
        chain=None
        if chain.empty
        else chart_spec(priority_charts.chain_tree_chart(chain_tree.chain_layout(chain), f.as_at), stretch=False),
        points_note=points_note(cut, dict(zip(status["indicator_id"], status["name"]))),
        trajectories=charts,
        milestones=len(milestones),
        timeline=timeline,
        milestone_table=table,
        risks=query("priority_risks", **one),
        budget=budget,
        # room for the legend below: without it Streamlit squeezed the plot, and the bars' words ran together
        budget_chart=None if budget.empty else chart_spec(priority_charts.budget_chart(budget, f.as_at), extra_px=90),
        forecasts=list(zip(status["forecast_verdict"], status["forecast_text"])),
    )


PANELS = 12  # trajectory panels drawn on the Indicators page
LEAGUE_BARS = 40  # the league chart: the best 20 and the furthest behind 20


@dataclass(frozen=True)
class Indicators:
    """The Indicators page's status of every indicator in scope, worst first, and its table."""

    status: pd.DataFrame
    table: pd.DataFrame  # trajectories.status_table, with the Open links
    league_labels: list  # the area league's choices, those with area figures first
    league_rows: list  # each choice's row number in ``status``


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def indicators(version: str, f) -> Indicators:
    """Trajectory status of the indicators in scope as at the filters' period."""
    status = trajectories.worst_first(trajectory_status(version, f))
    table = trajectories.status_table(status)
    if "forecast_verdict" in status:
        # beside Status: on or off trajectory now, and where the indicator lands at its current rate
        table.insert(2, "Forecast", status["forecast_verdict"].to_numpy())
    table["Open"] = priority_links(table["Priority"], f)
    options = trajectories.league_options(status, query("indicator_area_counts", as_at=f.as_at))
    return Indicators(status, table, list(options), [r.Index for r in options.values()])


@dataclass(frozen=True)
class Panels:
    """Small trajectory charts of one group of indicators, and what the captions say."""

    total: int  # indicators in the group
    points_note: str | None
    charts: list  # ChartSpec per panel, at most PANELS
    forecasts: list = field(default_factory=list)  # (verdict, sentence) of each panel's indicator


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def trajectory_panels(version: str, f, group: str | None) -> Panels:
    """The panels of the indicators in ``group`` (a status_groups label; None: all, off trajectory first)."""
    status = indicators(version, f).status
    picked = trajectories.status_groups(status).get(group, status)
    traj = query("indicator_trajectories", as_at=f.as_at)
    actuals = query("indicator_national_actuals", as_at=f.as_at)
    drawn, cut = latest_points(actuals[actuals["indicator_id"].isin(picked.head(PANELS)["indicator_id"])])
    note = points_note(cut, dict(zip(status["indicator_id"], status["indicator_id"] + " " + status["name"])))
    shown = picked.head(PANELS)
    panels = portfolio_charts.trajectory_panels(shown, traj, drawn, f.as_at)
    said = list(zip(shown["forecast_verdict"], shown["forecast_text"])) if "forecast" in shown else []
    with_forecasts = [with_forecast(p, ind) for p, ind in zip(panels, shown.get("forecast", [None] * len(panels)))]
    return Panels(len(picked), note, [chart_spec(p, fit=True) for p in with_forecasts], said)


@dataclass(frozen=True)
class League:
    """Every area's latest figure for one indicator against the national trajectory, best first."""

    name: str
    rows: pd.DataFrame  # trajectories.area_league
    chart: ChartSpec | None  # the best and furthest behind LEAGUE_BARS areas


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def area_league(version: str, f, row: int, names: dict[str, str]) -> League:
    """The area league of the indicator in row ``row`` of ``indicators(version, f).status``;
    ``names`` (area code -> name, ui.frame.data.area_names) is part of the key: data/areas.csv may change."""
    chosen = next(indicators(version, f).status.iloc[[row]].itertuples())
    traj = query("indicator_trajectories", as_at=f.as_at)
    areas = query(
        "indicator_area_actuals", as_at=f.as_at, department=chosen.department, indicator_id=chosen.indicator_id
    )
    league = trajectories.area_league(chosen, traj[traj["department"] == chosen.department], areas, names)
    if league.empty:
        return League(chosen.name, league, None)
    bars = (
        league
        if len(league) <= LEAGUE_BARS
        else pd.concat([league.head(LEAGUE_BARS // 2), league.tail(LEAGUE_BARS // 2)])
    )
    return League(
        chosen.name, league, chart_spec(portfolio_charts.league_table_chart(bars, f.as_at, chosen.name), fit=True)
    )


# As many as ``brief`` keeps: the Brief page reads both on every rerun (the facts for its downloads),
# and ``brief`` no longer holds a copy of them.
@st.cache_data(max_entries=2 * LARGE, show_spinner=False)
def brief_data(version: str, scope, as_at, rules):
    """The facts of a brief (delivery.briefs.content.gather: the scope's picture and what changed) as at the
    period, without the data checks' flags: What changed reads these too, and says no flag (``brief`` adds them)."""
    return content.gather(query, scope, as_at, rules, flagged=False)


@dataclass(frozen=True)
class Brief:
    """The brief's text, as the page draws it, and each section's chart (None: no chart, or too many to draw).

    The facts it is made from are ``brief_data`` (kept once: at national scale they hold 60,000 milestones)."""

    text: object  # delivery.briefs.text.Brief
    screen: object  # ui.brief.screen.Screen
    charts: list  # ChartSpec | None per section, in order


@st.cache_data(max_entries=2 * LARGE, show_spinner=False)
def brief(version: str, scope, as_at, rules, government: str) -> Brief:
    """The minister's brief for ``scope`` as at the period, with the charts the screen shows."""
    data = content.with_flags(query, brief_data(version, scope, as_at, rules), flag_rules())  # a copy: its own
    made = text.make_brief(data, government)
    if len(made.sections) > MOST_CHARTS:
        return Brief(made, screen(data, made), [None] * len(made.sections))
    # Imported only when charts are drawn (the PDF brief's module, with vl-convert).
    from delivery.briefs.pdf import section_chart

    charts = [
        None if (c := section_chart(data, sec.indicator_id)) is None else chart_spec(c, extra_px=60)
        for sec in made.sections
    ]
    return Brief(made, screen(data, made), charts)
