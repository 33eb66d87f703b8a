"""Overview: ratings now and movement since last period, by department, exceptions, small wins, freshness."""
import streamlit as st

from delivery.analysis import attention, milestone_status, movement, tables, trajectories
from delivery.charts import priority as priority_charts
from ui import components as ui, judgements as judged
from ui.data import query

f, scope, priorities = ui.priorities_in_scope("Overview")

st.header(f"Delivery confidence, {ui.as_at_text(f.as_at)}")
counts = movement.rating_counts(priorities["rag"])
with st.container(horizontal=True):  # wraps onto two lines on a tablet instead of truncating
    for row in counts.itertuples():
        st.metric(ui.rating_badge(row.rating), row.priorities, border=True, width=170,
                  help=f"Priorities rated {row.rating}")

since = f"since {ui.fmt_date(f.previous_period)}" if f.previous_period else ""
st.header(f"Movement {since}".strip())
if f.previous_period is None:
    ui.empty_state("This is the first reporting period in the store, so every priority is new; "
                   "movement shows from the next period on.")
moves = movement.movement_counts(priorities)
with st.container(horizontal=True):
    for label, n in moves.items():
        st.metric(label, n, border=True, width=170)
st.caption("Transition table: each row is a rating at the previous period ('New': not rated then), "
           f"each column a rating {ui.as_at_text(f.as_at)}; cells count priorities.")
st.dataframe(movement.transition_table(priorities))

by_dept = query("department_ratings", **scope)
ui.show_chart(priority_charts.ratings_by_department_heatmap(by_dept, f.as_at))

milestones = milestone_status.classify_milestones(query("milestone_list", **scope), f.as_at, f.previous_period)
inds = query("indicator_list", **scope)
status = trajectories.trajectory_status(
    inds, query("indicator_trajectories", as_at=f.as_at), query("indicator_national_actuals", as_at=f.as_at))
escalations = query("open_escalations", **scope)

st.header("Needs attention")
st.caption("Rated Red or Amber/Red, worsened since the last period, rated Amber/Green or better while "
           "off trajectory, overdue milestones, indicators off trajectory, and open risks or barriers "
           "escalated to the centre or a minister.")
needs = attention.exceptions(priorities, milestones, status, escalations)
ui.attention_list(needs, f, "Nothing needs the centre's attention for this selection.", 15)

st.header("Where the centre disagrees")
judged.disagreements(priorities, f)

st.header("Overdue stocktake actions")
judged.overdue_actions(priorities, f)

st.header("Small wins")
wins = attention.small_wins(priorities, milestones)
ui.attention_list(wins, f, "No rating improved and no milestone was completed this period.", 10)

st.header("Data freshness")
fresh = query("department_freshness", as_at=f.as_at, department=f.department)
if fresh.empty:
    ui.empty_state(f"{f.department} has not sent a return on or before {ui.fmt_date(f.as_at)}.")
else:
    st.caption(f"Each department's latest return {ui.as_at_text(f.as_at)}; a department that has not "
               "returned for a later reporting period is overdue.")
    st.dataframe(tables.freshness_table(fresh), hide_index=True, width="stretch", height=ui.table_height(len(fresh)))
