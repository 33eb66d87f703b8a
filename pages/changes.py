"""What changed since the previous period, for the sidebar's scope and period."""
import streamlit as st

from delivery.analysis import changes
from delivery.briefs import content
from ui import briefs, components as ui, views_detail as views
from ui.data import store_version
from ui.filters import current_filters

f = current_filters()
ui.page_header("What changed", f)
ui.no_data_stop(f)
if f.previous_period is None:
    ui.empty_state(f"{ui.fmt_date(f.as_at)} is the first reporting period in the store, so there is nothing to "
                   "compare it with.")
    st.stop()
data = views.brief_data(store_version(), content.Scope(department=f.department), f.as_at)
rows = data.changes
if f.theme and not rows.empty:
    rows = rows[rows["priority_id"].isin(data.priorities.loc[data.priorities["theme"] == f.theme, "priority_id"])]
st.header(f"Since {ui.fmt_date(f.previous_period)}")
if rows.empty:
    ui.empty_state(f"Nothing changed between {ui.fmt_date(f.previous_period)} and {ui.fmt_date(f.as_at)} "
                   "for this selection.")
    st.stop()
with st.container(horizontal=True):
    for kind, n in changes.change_counts(rows).items():
        st.metric(kind, n, border=True, width=190)
st.dataframe(briefs.changes_table(rows), hide_index=True, width="stretch",
             height=ui.table_height(len(rows)),  # every row shows (up to 40): 12 sat in a box 10 rows high
             placeholder="–",  # Before and After are blank for most changes: a dash, not 'None'
             column_config={"Before": st.column_config.TextColumn(width="large"),
                            "After": st.column_config.TextColumn(width="large")})
st.caption("Shortest first. Commentary rewritten shows the old text (Before) beside the new (After).")
