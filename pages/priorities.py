"""Priorities: every priority in scope, with rating, trend, history, departments, next milestone, trajectory."""

import streamlit as st

from delivery.analysis import tables
from ui.frame import components as ui
from ui.frame.data import query, store_version
from ui.frame.follow import followed_priorities
from ui.frame.text import plain
from ui.frame.widths import TABLE_PX, fitted
from ui.views import portfolio as views
from ui.views.scope import priorities_in_scope

f, _, _ = priorities_in_scope("Priorities")

table = views.priorities_table(store_version(), f)
choices = query("priority_choices", as_at=f.as_at)
follow = followed_priorities(dict(zip(choices["priority_id"], choices["title"])))
if follow:  # "my priorities": only those, and say which are outside the department or theme chosen
    outside = [i for i in follow if i not in set(table["ID"])]
    table = table[table["ID"].isin(follow)].reset_index(drop=True)
    if outside:
        st.caption(
            f"Outside the department or theme chosen, so not listed: {plain(', '.join(outside))}. "
            "Choose All in the sidebar to list them."
        )
    if table.empty:
        ui.empty_state("None of the priorities you follow is in this view; clear Priorities I follow to see them all.")
        st.stop()

left, right = st.columns(2)
ratings = left.multiselect("Rating", tables.rating_choices(table), key="priorities_rating", placeholder="All ratings")
moves = right.multiselect(
    "Movement since last period", tables.movement_choices(table), key="priorities_movement", placeholder="Any movement"
)
shown = tables.filter_priorities(table, ratings, moves)
if shown.empty:
    ui.empty_state("No priority matches these choices; clear the Rating or Movement boxes to see them all.")
    st.stop()

more = st.toggle(
    "More columns",
    key="priorities_more_columns",
    help="Also show the next milestone's title, the rating history, the score, the lead and the "
    "contributing departments.",
)
st.caption(
    f"{len(shown)} of {len(table)} priorities, {ui.as_at_text(f.as_at)}, most concerning first: "
    f"{tables.CONCERN_ORDER_TEXT}. Click a column header to sort; select a row (or its 'Open' link) to "
    "open the priority. A priority whose department has not sent this period's return shows "
    "'Not updated since' its last return."
    + (
        " Rating history is the department's rating each period on the 1 (Red) to 5 (Green) scale "
        "(Not assessed and Complete are left off the line)."
        if more
        else ""
    )
)
columns = [c for c in tables.PRIORITY_COLUMNS if c != "Written as" or shown["Written as"].any()]
shown_columns = columns + (tables.MORE_PRIORITY_COLUMNS if more else [])
# Sized to the page at 1400 px: the ID column as wide as the longest ID (ten-character IDs were cut to
# look alike), 'Not updated since 31 Mar 2026 (last rated Red)' wrapped onto lines, and every row shown.
size = fitted(
    shown,
    wrap=("Priority", "Rating", "Trend since last period", "Trajectory"),
    columns=shown_columns,
    room_px=TABLE_PX - 32,  # the selection column's tick boxes
    column_config={
        "ID": st.column_config.TextColumn("ID", pinned=more),
        "Priority": st.column_config.TextColumn("Priority", pinned=more),
        "Rating history": st.column_config.LineChartColumn(
            "Rating history", y_min=0.5, y_max=5.5, width=100, color="#444444"
        ),
        "Due": st.column_config.DateColumn("Next milestone due", format="D MMM YYYY"),
        "Score (1 Red–5 Green)": st.column_config.NumberColumn(
            "Score", format="%d", width=70, help="The rating on the 1 (Red) to 5 (Green) scale: sort by it"
        ),
        "Open": ui.link_column(short=True),
    },
)
picked = st.dataframe(
    ui.style_ratings(shown, ["Rating"]),
    hide_index=True,
    width="stretch",
    key="priorities_table",
    on_select="rerun",
    selection_mode="single-row",
    placeholder="–",
    column_order=shown_columns,
    **size,
)
ui.csv_download(shown.drop(columns=["Open", "Rating history"]), "Priorities", "priorities.csv", "dl_priorities")
rows = picked.selection.rows if picked else []
if rows:
    pid = shown.iloc[rows[0]]["ID"]
    st.switch_page(
        "pages/priority.py",
        query_params={
            k: v
            for k, v in {
                "priority": pid,
                "period": f.as_at.isoformat(),
                "department": f.department,
                "theme": f.theme,
            }.items()
            if v
        },
    )
