"""Data quality: every claim checked against the data, with the numbers, for the sidebar's scope and period."""

import streamlit as st

from ui.frame import components as ui
from ui.frame.bounded import bounded_table
from ui.frame.data import store_version
from ui.frame.filters import current_filters
from ui.frame.widths import TABLE_PX, fitted
from ui.views import quality

f = current_filters()
ui.page_header("Data quality", f)
ui.no_data_stop(f)
st.caption(
    "A rating is a claim; these flags test each claim against the department's own data: a Green whose "
    "indicators are off trajectory, a target quietly lowered, history restated, figures exactly on the plan "
    "period after period. A flag is a question to ask, not a finding. Most serious first."
)
HALF = TABLE_PX // 2 - 16  # each count table has half the page, less the gap between
rules = quality.flag_rules()
v = quality.quality_view(store_version(), f, rules)
if not v.total:
    ui.empty_state(f"No flags as at {ui.fmt_date(f.as_at)} for this selection: every check passed.")
    st.stop()

kinds = st.multiselect("Flags", v.kinds, placeholder="All flags", key="quality_kinds")
if kinds:
    v = quality.quality_view(store_version(), f, rules, tuple(kinds))
with st.container(horizontal=True):
    st.metric("Flags", f"{v.total:,}", border=True, width=150)
    st.metric("Priorities flagged", f"{v.priorities:,}", border=True, width=190)
for col, counts in zip(st.columns(2), (v.by_department, v.by_kind)):  # every row shown: 12 kinds scrolled
    col.dataframe(counts, hide_index=True, width="stretch", **fitted(counts, wrap=(counts.columns[0],), room_px=HALF))

bounded_table(v.table, "flags", total=v.total, hide_index=True, width="stretch", **v.fit)
ui.csv_download(v.table.drop(columns="Open"), "Flags", "flags.csv", "dl_flags")
