"""What changed since each department's previous return, for the sidebar's scope and period."""

import streamlit as st

from delivery.briefs import content
from ui.frame import components as ui
from ui.frame.data import store_version
from ui.frame.filters import current_filters
from ui.frame.text import plain
from ui.views.changes import changes_view

f = current_filters()
ui.page_header("What changed", f)
ui.no_data_stop(f)
v = changes_view(store_version(), content.Scope(department=f.department, theme=f.theme), f.as_at, f.rules)
if restated := v.restated:  # a closed period's return loaded again: never silently
    st.warning(plain(restated), icon=":material/history_edu:")
if not v.compared:
    ui.empty_state(
        f"{ui.fmt_date(f.as_at)} is the first reporting period in the store, so there is nothing to compare it with."
    )
    st.stop()
since = v.since
st.header(f"Since {plain(since)}" if since else "Since the previous return")
if since == content.picture.EACH_DEPARTMENT:
    st.caption(
        "Departments report on their own calendars (monthly, quarterly or annually), so each priority is "
        "compared with its own department's previous return: the Since column gives the date."
    )
if v.table.empty:
    ui.empty_state(
        f"Nothing changed since {plain(since or 'the previous return')} up to {ui.fmt_date(f.as_at)} "
        "for this selection."
    )
    st.stop()
with st.container(horizontal=True):
    for kind, n in v.counts.items():
        st.metric(kind, n, border=True, width=190)
st.dataframe(
    v.table,
    hide_index=True,
    width="stretch",
    placeholder="–",  # Before and After are blank for most changes: a dash, not 'None'
    **v.fit,
)
st.caption(
    "Most serious first: ratings worsened to Red or Amber/Red, priorities that left, other ratings worsened, "
    "escalations, milestones newly overdue, indicators now off trajectory, targets changed, milestones slipped, "
    "new priorities; then good news and routine changes. Commentary rewritten shows the old text (Before) beside "
    "the new (After). Priorities whose department has not sent this period's return have nothing new to "
    "compare, so are not listed."
)
