"""Indicators: every trajectory at a glance, on or off trajectory, and areas against trajectory.

Bounded whatever the returns hold (ui/bounded.py): panels draw each indicator's latest
actuals, the league chart the best and furthest-behind areas, tables their first rows.
"""
import pandas as pd
import streamlit as st

from delivery.analysis import trajectories
from delivery.charts import portfolio as portfolio_charts
from ui.bounded import TABLE_ROWS, bounded_table, latest_points, points_note
from ui.components import (
    csv_download,
    date_columns,
    empty_state,
    link_column,
    no_data_stop,
    nothing_in_scope,
    page_header,
    priority_links,
)
from ui.data import area_names, query
from ui.filters import current_filters
from ui.text import plain

PANELS = 12
LEAGUE_BARS = 40  # the league chart: the best 20 and the furthest behind 20

f = current_filters()
page_header("Indicators", f)
no_data_stop(f)

inds = query("indicator_list", as_at=f.as_at, department=f.department, theme=f.theme)
st.caption("Each indicator's latest national figure against its planned value for that period. Within its "
           "tolerance (5% of the planned value unless the return sets another) counts as on trajectory.")
if inds.empty:
    empty_state(nothing_in_scope(f, "indicators"))
    st.stop()

traj = query("indicator_trajectories", as_at=f.as_at)
actuals = query("indicator_national_actuals", as_at=f.as_at)
status = trajectories.worst_first(trajectories.trajectory_status(inds, traj, actuals))
groups = trajectories.status_groups(status)
for col, (label, rows) in zip(st.columns(3), groups.items()):
    col.metric(label, f"{len(rows):,}", help=trajectories.GROUP_HELP[label])

table = trajectories.status_table(status)
table["Open"] = priority_links(table["Priority"], f)
bounded_table(table, "indicators", styler=lambda t: t.style.map(portfolio_charts.status_css, subset=["Status"]),
              hide_index=True, width="stretch", column_config={"Open": link_column(short=True)})
csv_download(table.drop(columns="Open"), "Indicators", "indicators.csv", "dl_indicators")

st.header("Trajectories")
show = st.selectbox("Show", ["All indicators, off trajectory first", *groups], key="indicators_show")
picked = groups.get(show, status)
if picked.empty:
    st.info(f"No indicators are in this group: {show.lower()}.")
elif len(picked) > PANELS:
    st.caption(f"Showing the first {PANELS} of {len(picked)} indicators; choose a department or theme to see others.")
drawn, cut = latest_points(actuals[actuals["indicator_id"].isin(picked.head(PANELS)["indicator_id"])])
if note := points_note(cut, dict(zip(status["indicator_id"], status["indicator_id"] + " " + status["name"]))):
    st.caption(note)
panels = portfolio_charts.trajectory_panels(picked.head(PANELS), traj, drawn, f.as_at)
for start in range(0, len(panels), 2):
    for col, panel in zip(st.columns(2), panels[start:start + 2]):
        col.altair_chart(panel, width="stretch")

st.header("Areas against trajectory")
area_counts = query("indicator_area_counts", as_at=f.as_at)
options = trajectories.league_options(status, area_counts)
chosen = options[st.selectbox("Indicator", list(options), key="indicators_league")]
areas = query("indicator_area_actuals", as_at=f.as_at, department=chosen.department, indicator_id=chosen.indicator_id)
league = trajectories.area_league(chosen, traj[traj["department"] == chosen.department], areas, area_names())
if league.empty:
    st.info(f"No local area figures have been reported for {plain(chosen.name)}.")
else:
    st.markdown(trajectories.league_summary(league.assign(area=league["area"].map(plain))))
    bars = league if len(league) <= LEAGUE_BARS else pd.concat([league.head(LEAGUE_BARS // 2), league.tail(LEAGUE_BARS // 2)])
    if len(bars) < len(league):
        st.caption(f"The chart shows the {LEAGUE_BARS // 2} best and the {LEAGUE_BARS // 2} furthest behind "
                   f"of {len(league):,} areas.")
    st.altair_chart(portfolio_charts.league_table_chart(bars, f.as_at, chosen.name), width="stretch")
    bounded_table(trajectories.league_table(league.head(TABLE_ROWS)), "areas, best first", total=len(league),
                  styler=lambda t: t.style.map(portfolio_charts.status_css, subset=["Status"]),
                  hide_index=True, width="stretch", column_config=date_columns("Period"))
