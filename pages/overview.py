"""Overview: ratings now and movement since last period, by department, exceptions, small wins, freshness."""
import streamlit as st

from delivery.analysis import attention, milestone_status, movement, reporting, tables, trajectories
from delivery.charts import priority as priority_charts
from ui import components as ui, judgements as judged
from ui.data import query
from ui.text import plain

f, scope, priorities = ui.priorities_in_scope("Overview")

returns = query("department_returns")
expected = reporting.returns_status(f.calendar, returns, f.as_at, f.today)
st.header(f"Delivery confidence, {ui.as_at_text(f.as_at)}")
st.markdown(reporting.received_text(expected))
counts = movement.rating_counts(movement.current(priorities)["rag"])
stale = movement.not_reported(priorities)
with st.container(horizontal=True):  # wraps onto two lines on a tablet instead of truncating
    for row in counts.itertuples():
        st.metric(ui.rating_badge(row.rating), row.priorities, border=True, width=170,
                  help=f"Priorities rated {plain(row.rating)}")
    if stale:
        st.metric(reporting.NOT_REPORTED, stale, border=True, width="content",  # 170 px cut its label
                  help="Priorities whose department has not sent its return for this period: "
                       "shown as 'not updated since' their last return, and left out of movement.")

before = {f.calendar.previous_period(d, e) for d, e in zip(priorities["department"], priorities["expected_period"])}
st.header(f"Movement since {ui.fmt_date(before.pop())}" if len(before) == 1 else
          "Movement since each department's previous reporting period")
if f.previous_period is None:
    ui.empty_state("This is the first reporting period in the store, so every priority is new; "
                   "movement shows from the next period on.")
moves = movement.movement_counts(movement.current(priorities))
with st.container(horizontal=True):
    for label, n in moves.items():
        st.metric(label, n, border=True, width=170)
st.caption("Transition table: each row is a rating at the department's previous reporting period ('New': not "
           "rated then; 'Scale changed': rated on the other scale, so not comparable), each column a rating "
           f"{ui.as_at_text(f.as_at)}; cells count priorities."
           + (f" {stale} not reported this period {'is' if stale == 1 else 'are'} left out." if stale else ""))
st.dataframe(movement.transition_table(priorities))

depts = query("department_list")
names = dict(zip(depts["code"], depts["name"])) if not depts.empty else {}
by_dept = movement.ratings_by_department(priorities, names, f.department)
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
if expected.empty or (f.department and f.department not in set(expected["department"])):
    ui.empty_state(f"{plain(f.department or 'No department')} has not sent a return on or before {ui.fmt_date(f.as_at)}.")
else:
    shown = expected if f.department is None else expected[expected["department"] == f.department]
    st.caption(f"The return each department owes {ui.as_at_text(f.as_at)} under the reporting calendar "
               "(data/calendar.csv: monthly, quarterly or annual, and how many days after the period it is due).")
    st.dataframe(tables.freshness_table(shown), hide_index=True, width="stretch", height=ui.table_height(len(shown)),
                 placeholder="–", column_config={c: st.column_config.DateColumn(format=tables.DATE_FORMAT) for c in (
                     "Return expected for", "Due", "Last return (period end)", "Loaded on")})
