"""Delivery chains: where chains break across government, as at the chosen period."""
import streamlit as st

from delivery.analysis import chains
from delivery.charts import portfolio as portfolio_charts
from ui.components import (
    empty_state,
    link_column,
    no_data_stop,
    nothing_in_scope,
    page_header,
    priority_links,
    style_ratings,
)
from ui.data import query
from ui.filters import current_filters
from ui.text import plain

GRID_ROWS = 30

f = current_filters()
page_header("Delivery chains", f)
no_data_stop(f)

links = query("chain_links", as_at=f.as_at, department=f.department, theme=f.theme)
st.caption("A chain is only as strong as its weakest link: where is each chain weakest, and which levels break across government?")
if links.empty:
    empty_state(nothing_in_scope(f, "delivery chains"))
    st.stop()

breaks = chains.level_breaks(links)
breaking = breaks[breaks["priorities_red"] > 0]
st.header("Where chains break")
if breaking.empty:
    st.success("No level of any chain is rated Red or Amber/Red.")
for b in breaking.itertuples():
    st.markdown(f"- **{plain(b.level.capitalize())}** level: Red or Amber/Red in **{b.priorities_red}** of the "
                f"{b.priorities} chains with {'an' if b.level[0] in 'aeiou' else 'a'} {plain(b.level)} link "
                f"({plain(chains.id_list(b.priority_ids))}).")
worst = chains.worst_by_level(links)
titles = links.drop_duplicates("priority_id").set_index("priority_id")["priority_title"]
if worst["priority_id"].nunique() > GRID_ROWS:  # one row per priority would be too tall to read
    st.altair_chart(portfolio_charts.chain_level_counts_chart(chains.level_rating_counts(worst), f.as_at), width="stretch")
    st.caption(f"{worst['priority_id'].nunique()} priorities: choose a department or theme to see each one's chain by level.")
else:
    st.altair_chart(portfolio_charts.chain_level_heatmap(worst, f.as_at, titles.to_dict()), width="stretch")

st.header("The weakest link of every chain")
weakest = chains.weakest_links(links)
weakest.insert(1, "priority_title", weakest["priority_id"].map(titles))
# The rating is the weakest link's, not the priority's (EDU-01 is Amber/Green overall, its schools Red).
weakest.columns = ["Priority", "Title", "Weakest link's rating", "Weakest link", "Level"]
weakest["Open"] = priority_links(weakest["Priority"], f)
st.dataframe(style_ratings(weakest, ["Weakest link's rating"]), hide_index=True, width="stretch", placeholder="–",
             column_config={"Open": link_column(short=True), "Weakest link's rating": st.column_config.TextColumn(
                 help="The rating of the chain's lowest-rated link, not the priority's own rating")})

st.header("Bodies in several chains")
st.caption("Links are the same body when their name and level match; a department's own tiers (minister, "
           "department, agency, region) match only within that department, so each department's "
           "regional office is its own body, named with the department's code.")
shared = chains.shared_bodies(links)
if shared.empty:
    st.info("No body appears in more than one delivery chain in this selection.")
else:
    shared.columns = ["Body", "Chains", "Rating in each chain", "Weakest rating"]
    st.dataframe(style_ratings(shared, ["Weakest rating"]), hide_index=True, width="stretch", placeholder="–")
