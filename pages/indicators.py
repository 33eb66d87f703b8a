"""Indicators: every trajectory at a glance, on or off trajectory, and areas against trajectory.

Bounded whatever the returns hold (ui/frame/bounded.py): panels draw each indicator's latest
actuals, the league chart the best and furthest-behind areas, tables their first rows.
"""

import streamlit as st

from delivery.analysis import trajectories
from ui.frame.bounded import TABLE_ROWS, bounded_table
from ui.frame.charts import draw
from ui.frame.components import (
    csv_download,
    date_columns,
    empty_state,
    link_column,
    no_data_stop,
    nothing_in_scope,
    page_header,
)
from ui.frame.data import area_names, store_version
from ui.frame.filters import current_filters
from ui.frame.text import plain
from ui.frame.widths import fitted
from ui.views import detail as views
from ui.views.quality import FORECAST_KEY, forecast_caption

f = current_filters()
page_header("Indicators", f)
no_data_stop(f)

v = views.indicators(store_version(), f)
st.caption(
    "Each indicator's latest national figure against its planned value for that period. Within its "
    "tolerance (5% of the planned value unless the return sets another) counts as on trajectory."
)
if v.status.empty:
    empty_state(nothing_in_scope(f, "indicators"))
    st.stop()

groups = trajectories.status_groups(v.status)
for col, (label, rows) in zip(st.columns(3), groups.items()):
    col.metric(label, f"{len(rows):,}", help=trajectories.GROUP_HELP[label])

# The Priority column is left off the page (the indicator's ID starts with its priority's; the CSV keeps it):
# with it, ten columns left the indicator's name a sliver, wrapped onto five lines.
shown = [c for c in v.table.columns if c != "Priority"]
bounded_table(
    v.table,
    "indicators",
    paint={"Status": "trajectory"},
    hide_index=True,
    width="stretch",
    placeholder="–",
    column_order=shown,
    **fitted(
        v.table,
        columns=shown,
        wrap=("Indicator", "Unit", "Difference from plan"),
        column_config={"Open": link_column(short=True), **date_columns("Latest period")},
    ),
)
csv_download(v.table.drop(columns="Open"), "Indicators", "indicators.csv", "dl_indicators")

st.header("Trajectories")
ALL_FIRST = "All indicators, off trajectory first"
show = st.selectbox("Show", [ALL_FIRST, *groups], key="indicators_show")
panels = views.trajectory_panels(store_version(), f, None if show == ALL_FIRST else show)
if not panels.total:
    st.info(f"No indicators are in this group: {show.lower()}.")
elif panels.total > views.PANELS:
    st.caption(
        f"Showing the first {views.PANELS} of {panels.total} indicators; choose a department or theme to see others."
    )
if panels.points_note:
    st.caption(panels.points_note)
if panels.forecasts:
    st.caption(FORECAST_KEY)
said = panels.forecasts or [(None, None)] * len(panels.charts)
for start in range(0, len(panels.charts), 2):
    for col, panel, words in zip(st.columns(2), panels.charts[start : start + 2], said[start : start + 2]):
        draw(panel, col)
        col.caption(forecast_caption(*words))

st.header("Areas against trajectory")
label = st.selectbox("Indicator", v.league_labels, key="indicators_league")
league = views.area_league(store_version(), f, v.league_rows[v.league_labels.index(label)], area_names())
if league.chart is None:
    st.info(f"No local area figures have been reported for {plain(league.name)}.")
else:
    rows = league.rows
    st.markdown(trajectories.league_summary(rows.assign(area=rows["area"].map(plain))))
    if len(rows) > views.LEAGUE_BARS:
        st.caption(
            f"The chart shows the {views.LEAGUE_BARS // 2} best and the {views.LEAGUE_BARS // 2} furthest "
            f"behind of {len(rows):,} areas."
        )
    draw(league.chart)
    league = trajectories.league_table(rows.head(TABLE_ROWS))
    bounded_table(
        league,
        "areas, best first",
        total=len(rows),
        paint={"Status": "trajectory"},
        hide_index=True,
        width="stretch",
        placeholder="–",
        **fitted(league, wrap=("Area", "Difference from plan"), column_config=date_columns("Period")),
    )
