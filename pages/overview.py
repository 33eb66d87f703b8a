"""Overview: what is off track and why first, then ratings now and movement since last period, by department,
exceptions, small wins, freshness."""

import streamlit as st

from delivery.analysis import reporting
from ui.forms import judgements as judged
from ui.frame import components as ui
from ui.frame.attention import attention_list
from ui.frame.charts import draw
from ui.frame.data import store_version
from ui.frame.text import plain
from ui.frame.widths import fitted
from ui.views import concern_list, quality
from ui.views import portfolio as views
from ui.views.scope import priorities_in_scope

f, _, priorities = priorities_in_scope("Overview")

first = views.first_screen(store_version(), f)
with st.container(key="first-screen"):  # light elements only: drawn before the tables and chart below
    st.header(f"What is off track, {ui.as_at_text(f.as_at)}")
    if first.concerns:
        st.markdown(concern_list.lead(first.concerns, first.total))
        st.markdown(concern_list.items(first.concerns, f))
    else:
        st.success(concern_list.NONE)

st.header(f"Delivery confidence, {ui.as_at_text(f.as_at)}")
st.markdown(first.received)
with st.container(horizontal=True):  # wraps onto two lines on a tablet instead of truncating
    for row in first.counts.itertuples():
        st.metric(
            ui.rating_badge(row.rating),
            row.priorities,
            border=True,
            width=170,
            help=f"Priorities rated {plain(row.rating)}",
        )
    if first.stale:
        st.metric(
            reporting.NOT_REPORTED,
            first.stale,
            border=True,
            width="content",  # 170 px cut its label
            help="Priorities whose department has not sent its return for this period: "
            "shown as 'not updated since' their last return, and left out of movement.",
        )

v = views.overview(store_version(), f)
st.header(f"Movement since {plain(v.since)}" if v.since else "Movement")
if v.first_period:
    ui.empty_state(
        "This is the first reporting period in the store, so every priority is new; "
        "movement shows from the next period on."
    )
with st.container(horizontal=True):
    for label, n in v.moves.items():
        st.metric(label, n, border=True, width=170)
st.caption(
    "Transition table: each row is a rating at the department's previous reporting period ('New': not "
    "rated then; 'Scale changed': rated on the other scale, so not comparable), each column a rating "
    f"{ui.as_at_text(f.as_at)}; cells count priorities."
    + (f" {first.stale} not reported this period {'is' if first.stale == 1 else 'are'} left out." * bool(first.stale))
)
st.dataframe(v.transitions)
draw(v.heatmap)

st.header("Needs attention")
st.caption(
    "Rated Red or Amber/Red, worsened since the last period, rated Amber/Green or better while "
    "off trajectory, overdue milestones, indicators off trajectory, and open risks or barriers "
    "escalated to the centre or a minister."
)
attention_list(first.needs, f, "Nothing needs the centre's attention for this selection.", 15)

st.header("Data quality")
quality.overview_note(store_version(), f)

st.header("Where the centre disagrees")
judged.disagreements(priorities, f)

st.header("Overdue stocktake actions")
judged.overdue_actions(priorities, f)

st.header("Small wins")
attention_list(v.wins, f, "No rating improved and no milestone was completed this period.", 10)

st.header("Data freshness")
if first.expected.empty or (f.department and f.department not in set(first.expected["department"])):
    ui.empty_state(
        f"{plain(f.department or 'No department')} has not sent a return on or before {ui.fmt_date(f.as_at)}."
    )
else:
    shown = views.freshness(first.expected, f.department)
    st.caption(
        f"The return each department owes {ui.as_at_text(f.as_at)} under the reporting calendar "
        "(each department reports monthly, quarterly or annually, its return due some days after the period)."
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        placeholder="–",
        **fitted(
            shown,
            wrap=("Department", "Status"),
            column_config=ui.date_columns("Return expected for", "Due", "Last return (period end)", "Loaded on"),
            most_rows=40,
        ),
    )
