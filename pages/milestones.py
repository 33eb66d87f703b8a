"""Milestones across government: overdue, due soon, slipped and completed, as at the chosen period."""

import streamlit as st

from delivery.analysis import milestone_status
from delivery.analysis.tables import DATE_FORMAT
from ui.frame.bounded import TABLE_ROWS
from ui.frame.charts import draw
from ui.frame.components import (
    csv_download,
    empty_state,
    fmt_date,
    link_column,
    no_data_stop,
    nothing_in_scope,
    page_header,
)
from ui.frame.data import store_version
from ui.frame.filters import current_filters
from ui.frame.tables import painted_table
from ui.frame.text import plain
from ui.frame.widths import fitted
from ui.views import portfolio as views

HEADLINES = {
    "overdue": "Overdue",
    "due_30": "Due within 30 days",
    "due_90": "Due within 90 days",
    "slipped": "Slipped",
    "completed": "Completed this period",
}
MORE_COLUMNS = ("Owner", "Baseline date", "Overdue (days)")  # behind "More columns": all twelve did not fit
SHOW = {
    "Open, or completed this period": "current",
    **{label: key for key, label in HEADLINES.items()},
    "All, with earlier completions": "all",
}

f = current_filters()
page_header("Milestones across government", f)
no_data_stop(f)

counts = views.milestone_counts(store_version(), f)
since = views.since(store_version(), f)
since = f"after {since} up to {fmt_date(f.as_at)}" if since else f"up to {fmt_date(f.as_at)}"
st.caption(
    "Due dates are forecast dates (the baseline date if there is no forecast). Slippage is the forecast "
    f"(or completion) date minus the baseline date, and days overdue count as slippage. This period means {since}. "
    "Milestones of priorities whose department has not sent this period's return are shown as not updated, "
    "and are in none of the counts."
)
if counts is None:
    empty_state(nothing_in_scope(f, "milestones"))
    st.stop()

with st.container(
    horizontal=True
):  # as wide as each label, wrapping onto a second line when narrow (five columns cut them)
    for key, label in HEADLINES.items():
        st.metric(label, f"{counts[key]:,}", border=True, width="content")

by_key = {key: label for label, key in SHOW.items()}
wanted = st.query_params.get("show")
if "milestones_show" not in st.session_state and wanted in by_key:  # a shared link
    st.session_state["milestones_show"] = by_key[wanted]
elif wanted is not None and wanted not in by_key:
    st.warning(
        f"The link asks to show '{plain(wanted)}', which is not one of the choices here; showing all open milestones."
    )
show = st.selectbox("Show", list(SHOW), key="milestones_show")
st.query_params["show"] = SHOW[show]
picked = views.milestone_selection(store_version(), f, SHOW[show])
if not picked.total:
    st.info(f"No milestones to show for this selection: {show.lower()}.")
    st.stop()

if picked.total > TABLE_ROWS:
    st.caption(
        f"The table shows the {TABLE_ROWS:,} most urgent of {picked.total:,} milestones; "
        "narrow the selection to see others."
    )
table = picked.table
more = st.toggle(
    "More columns",
    key="milestones_more_columns",
    help="Also show each milestone's owner, baseline date and days overdue (twelve columns do not fit the page).",
)
columns = [c for c in table.columns if more or c not in MORE_COLUMNS]
painted_table(
    table,
    {"Rating": "rating"},
    hide_index=True,
    width="stretch",
    placeholder="–",
    column_order=columns,
    **fitted(
        table,
        wrap=("Priority title", "Milestone", "Owner"),
        columns=columns,
        column_config={
            "Open": link_column(short=True),
            **{
                c: st.column_config.DateColumn(format=DATE_FORMAT)
                for c in ("Baseline date", "Forecast date", "Completed")
            },
            "Slippage (days)": st.column_config.NumberColumn(help=milestone_status.SLIPPAGE_HELP),
        },
    ),
)
csv_download(table.drop(columns="Open"), "Milestones", "milestones.csv", "dl_milestones")
if picked.total > views.TIMELINE_ROWS:
    st.caption(f"The timeline shows the {views.TIMELINE_ROWS} most urgent of {picked.total:,} milestones.")
draw(picked.timeline)
