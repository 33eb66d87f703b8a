"""Indicators: every trajectory at a glance, on or off trajectory, and areas against trajectory."""
import streamlit as st

from delivery.analysis import trajectories
from delivery.charts import portfolio as portfolio_charts
from ui.components import empty_state, link_column, no_data_stop, nothing_in_scope, page_header, priority_links
from ui.data import area_names, query
from ui.filters import current_filters

PANELS = 12

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
st.dataframe(table.style.map(portfolio_charts.status_css, subset=["Status"]), hide_index=True, width="stretch",
             column_config={"Open": link_column(short=True)})

st.header("Trajectories")
show = st.selectbox("Show", ["All indicators, off trajectory first", *groups], key="indicators_show")
picked = groups.get(show, status)
if picked.empty:
    st.info(f"No indicators are in this group: {show.lower()}.")
elif len(picked) > PANELS:
    st.caption(f"Showing the first {PANELS} of {len(picked)} indicators; choose a department or theme to see others.")
panels = portfolio_charts.trajectory_panels(picked.head(PANELS), traj, actuals, f.as_at)
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
    st.info(f"No local area figures have been reported for {chosen.name}.")
else:
    st.markdown(trajectories.league_summary(league))
    st.altair_chart(portfolio_charts.league_table_chart(league, f.as_at, chosen.name), width="stretch")
    st.dataframe(trajectories.league_table(league).style.map(portfolio_charts.status_css, subset=["Status"]),
                 hide_index=True, width="stretch")
