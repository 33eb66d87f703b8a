"""Delivery chains: where chains break across government, as at the chosen period."""

import streamlit as st

from delivery.analysis import chains
from ui.frame.charts import draw
from ui.frame.components import as_at_text, empty_state, link_column, no_data_stop, nothing_in_scope, page_header
from ui.frame.data import store_version
from ui.frame.filters import current_filters
from ui.frame.tables import painted_table
from ui.frame.text import plain
from ui.frame.widths import fitted
from ui.views import portfolio as views

f = current_filters()
page_header("Delivery chains", f)
no_data_stop(f)

v = views.chains(store_version(), f)
st.caption(
    "A chain is only as strong as its weakest link: where is each chain weakest, "
    "and which levels break across government?"
)
if v is None:
    empty_state(nothing_in_scope(f, "delivery chains"))
    st.stop()

st.header("Where chains break")
if not v.rated:  # nothing rated is not the same as nothing broken
    empty_state(
        f"No level of any chain has a rating {as_at_text(f.as_at)}: the returns rate none of the chains' links, "
        "so where chains break cannot be said."
    )
elif v.breaks.empty:
    st.success("No level of any chain is rated Red or Amber/Red.")
for b in v.breaks.itertuples():
    st.markdown(
        f"- **{plain(b.level.capitalize())}** level: Red or Amber/Red in **{b.priorities_red}** of the "
        f"{b.priorities} chains with {'an' if b.level[0] in 'aeiou' else 'a'} {plain(b.level)} link "
        f"({plain(chains.id_list(b.priority_ids))})."
    )
draw(v.chart)
if v.priorities > views.GRID_ROWS:  # one row per priority would be too tall to read
    st.caption(f"{v.priorities} priorities: choose a department or theme to see each one's chain by level.")

st.header("The weakest link of every chain")
weakest = v.weakest
painted_table(
    weakest,
    {"Weakest link's rating": "rating"},
    hide_index=True,
    width="stretch",
    placeholder="–",
    **fitted(
        weakest,
        wrap=("Title", "Weakest link", "Level"),
        column_config={
            "Open": link_column(short=True),
            "Weakest link's rating": st.column_config.TextColumn(
                help="The rating of the chain's lowest-rated link, not the priority's own rating"
            ),
        },
    ),
)

st.header("Bodies in several chains")
st.caption(
    "Links are the same body when their name and level match; a department's own tiers (minister, "
    "department, agency, region) match only within that department, so each department's "
    "regional office is its own body, named with the department's code."
)
shared = v.shared.copy()
if shared.empty:
    st.info("No body appears in more than one delivery chain in this selection.")
else:
    shared.columns = ["Body", "Chains", "Rating in each chain", "Weakest rating"]
    painted_table(
        shared,
        {"Weakest rating": "rating"},
        hide_index=True,
        width="stretch",
        placeholder="–",
        **fitted(shared, wrap=("Body", "Rating in each chain")),
    )
