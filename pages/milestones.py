"""Milestones across government: overdue, due soon, slipped and completed, as at the chosen period."""
import streamlit as st

from delivery import charts_cross, crosscut
from ui.data import query

SHOW = {"All milestones": None, "Overdue": "overdue", "Due within 30 days": "due_30",
        "Due within 90 days": "due_90", "Slipped": "slipped", "Completed this period": "completed"}
TIMELINE_ROWS = 40

f = st.session_state["filters"]
st.title("Milestones across government")
if f.as_at is None:
    st.info("No returns have been loaded yet, so there are no milestones to show.")
    st.stop()

rows = query("milestone_list", as_at=f.as_at, department=f.department, theme=f.theme)
ms = crosscut.classify_milestones(rows, f.as_at, f.previous_period)
since = f"since {charts_cross.as_at_text(f.previous_period)[6:]}" if f.previous_period else "up to now"
st.caption(f"{charts_cross.as_at_text(f.as_at)}. Due dates are forecast dates (baseline if no forecast); "
           f"slippage is forecast (or completion) minus baseline; this period means {since}.")
if ms.empty:
    st.info("No milestones have been reported for this selection.")
    st.stop()

counts = crosscut.milestone_counts(ms)
for col, (label, key) in zip(st.columns(5), list(SHOW.items())[1:]):
    col.metric(label, counts[key])

show = st.selectbox("Show", list(SHOW), key="milestones_show")
picked = crosscut.select_milestones(ms, SHOW[show])
if picked.empty:
    st.info(f"No milestones are {show.lower()} for this selection.")
    st.stop()

st.dataframe(crosscut.milestone_table(picked).style.map(charts_cross.rating_css, subset=["Rating"]),
             hide_index=True, width="stretch")
shown = picked.sort_values("due_date").head(TIMELINE_ROWS)
if len(picked) > TIMELINE_ROWS:
    st.caption(f"The timeline shows the {TIMELINE_ROWS} earliest of {len(picked)} milestones; narrow the selection to see others.")
st.altair_chart(charts_cross.milestone_timeline_chart(shown, f.as_at, f.previous_period), width="stretch")
