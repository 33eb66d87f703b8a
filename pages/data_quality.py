"""Data quality: every claim checked against the data, with the numbers, for the sidebar's scope and period."""

import streamlit as st

from ui.frame import components as ui
from ui.frame.bounded import bounded_table
from ui.frame.data import store_version
from ui.frame.filters import current_filters
from ui.frame.widths import fitted
from ui.views import quality

f = current_filters()
ui.page_header("Data quality", f)
ui.no_data_stop(f)
st.caption(
    "A rating is a claim; these flags test each claim against the department's own data: a Green whose "
    "indicators are off trajectory, a target quietly lowered, history restated, figures exactly on the plan "
    "period after period. A flag is a question to ask, not a finding. Most serious first."
)
found = quality.all_flags(store_version(), f, quality.flag_rules())
if found.empty:
    ui.empty_state(f"No flags as at {ui.fmt_date(f.as_at)} for this selection: every check passed.")
    st.stop()

kinds = st.multiselect("Flags", sorted(found["kind"].unique()), placeholder="All flags", key="quality_kinds")
shown = found[found["kind"].isin(kinds)] if kinds else found
with st.container(horizontal=True):
    st.metric("Flags", f"{len(shown):,}", border=True, width=150)
    st.metric("Priorities flagged", f"{shown['priority_id'].nunique():,}", border=True, width=190)
for col, by, label in zip(st.columns(2), ("department", "kind"), ("Department", "Flag")):
    counts = quality.flags.counts(shown, by).rename(columns={by: label, "flags": "Flags"})
    col.dataframe(counts, hide_index=True, width="stretch")

table = quality.flag_table(shown)
bounded_table(
    table,
    "flags",
    hide_index=True,
    width="stretch",
    **fitted(
        table,
        wrap=("Flag", "What the data says", "Look at"),
        column_config={"Open": ui.link_column(short=True), **ui.date_columns("Period")},
    ),
)
ui.csv_download(table.drop(columns="Open"), "Flags", "flags.csv", "dl_flags")
