"""Milestones across government: overdue, due soon, slipped and completed, as at the chosen period."""
import streamlit as st

from delivery import charts_cross, crosscut
from ui.components import fmt_date, no_data_stop, page_header, style_ratings
from ui.data import query
from ui.filters import current_filters

SHOW = {"All milestones": None, "Overdue": "overdue", "Due within 30 days": "due_30",
        "Due within 90 days": "due_90", "Slipped": "slipped", "Completed this period": "completed"}
TIMELINE_ROWS = 40

f = current_filters()
page_header("Milestones across government", f)
no_data_stop(f)

rows = query("milestone_list", as_at=f.as_at, department=f.department, theme=f.theme)
ms = crosscut.classify_milestones(rows, f.as_at, f.previous_period)
since = f"after {fmt_date(f.previous_period)} up to {fmt_date(f.as_at)}" if f.previous_period else f"up to {fmt_date(f.as_at)}"
st.caption("Due dates are forecast dates (the baseline date if there is no forecast). Slippage is the forecast "
           f"(or completion) date minus the baseline date. This period means {since}.")
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

st.dataframe(style_ratings(crosscut.milestone_table(picked), ["Rating"]),
             hide_index=True, width="stretch")
shown = picked.sort_values("due_date").head(TIMELINE_ROWS)
if len(picked) > TIMELINE_ROWS:
    st.caption(f"The timeline shows the {TIMELINE_ROWS} earliest of {len(picked)} milestones; narrow the selection to see others.")
st.altair_chart(charts_cross.milestone_timeline_chart(shown, f.as_at, f.previous_period), width="stretch")
