"""Milestones across government: overdue, due soon, slipped and completed, as at the chosen period."""
import streamlit as st

from delivery.analysis import milestone_status
from delivery.analysis.tables import DATE_FORMAT
from delivery.charts import portfolio as portfolio_charts
from ui.components import (
    csv_download,
    empty_state,
    fmt_date,
    link_column,
    no_data_stop,
    nothing_in_scope,
    page_header,
    priority_links,
    style_ratings,
)
from ui.bounded import TABLE_ROWS
from ui.data import query
from ui.filters import current_filters
from ui.text import plain

HEADLINES = {"overdue": "Overdue", "due_30": "Due within 30 days", "due_90": "Due within 90 days",
             "slipped": "Slipped", "completed": "Completed this period"}
SHOW = {"Open, or completed this period": "current", **{label: key for key, label in HEADLINES.items()},
        "All, with earlier completions": "all"}
TIMELINE_ROWS = 40

f = current_filters()
page_header("Milestones across government", f)
no_data_stop(f)

rows = query("milestone_list", as_at=f.as_at, department=f.department, theme=f.theme)
ms = milestone_status.classify_milestones(rows, f.as_at, f.previous_period)
since = f"after {fmt_date(f.previous_period)} up to {fmt_date(f.as_at)}" if f.previous_period else f"up to {fmt_date(f.as_at)}"
st.caption("Due dates are forecast dates (the baseline date if there is no forecast). Slippage is the forecast "
           f"(or completion) date minus the baseline date, and days overdue count as slippage. This period means {since}.")
if ms.empty:
    empty_state(nothing_in_scope(f, "milestones"))
    st.stop()

counts = milestone_status.milestone_counts(ms)
with st.container(horizontal=True):  # as wide as each label, wrapping onto a second line when narrow (five columns cut them)
    for key, label in HEADLINES.items():
        st.metric(label, f"{counts[key]:,}", border=True, width="content")

by_key = {key: label for label, key in SHOW.items()}
wanted = st.query_params.get("show")
if "milestones_show" not in st.session_state and wanted in by_key:  # a shared link
    st.session_state["milestones_show"] = by_key[wanted]
elif wanted is not None and wanted not in by_key:
    st.warning(f"The link asks to show '{plain(wanted)}', which is not one of the choices here; showing all open milestones.")
show = st.selectbox("Show", list(SHOW), key="milestones_show")
st.query_params["show"] = SHOW[show]
picked = milestone_status.most_urgent_first(milestone_status.select_milestones(ms, SHOW[show]))
if picked.empty:
    st.info(f"No milestones to show for this selection: {show.lower()}.")
    st.stop()

if len(picked) > TABLE_ROWS:
    st.caption(f"The table shows the {TABLE_ROWS:,} most urgent of {len(picked):,} milestones; narrow the selection to see others.")
table = milestone_status.milestone_table(picked.head(TABLE_ROWS))
table["Open"] = priority_links(table["Priority"], f)
st.dataframe(style_ratings(table, ["Rating"]), hide_index=True, width="stretch", placeholder="–", column_config={
    "Open": link_column(short=True),
    **{c: st.column_config.DateColumn(format=DATE_FORMAT) for c in ("Baseline date", "Forecast date", "Completed")},
    "Slippage (days)": st.column_config.NumberColumn(help=milestone_status.SLIPPAGE_HELP)})
csv_download(table.drop(columns="Open"), "Milestones", "milestones.csv", "dl_milestones")
shown = picked.head(TIMELINE_ROWS)
if len(picked) > TIMELINE_ROWS:
    st.caption(f"The timeline shows the {TIMELINE_ROWS} most urgent of {len(picked):,} milestones.")
st.altair_chart(portfolio_charts.milestone_timeline_chart(shown, f.as_at, f.previous_period), width="stretch")
