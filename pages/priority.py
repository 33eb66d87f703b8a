"""One priority (opened by ?priority=ID): facts, rating history, chain, trajectories, milestones, risks, budget.

Everything from a return is shown as typed (ui.frame.text.plain), and every table and chart is
bounded (ui/frame/bounded.py), saying what it left out.
"""

import dataclasses

import pandas as pd
import streamlit as st

from delivery.analysis import attention, picture, reporting, tables
from ui.forms import judgements as judged
from ui.forms import notes
from ui.frame import components as ui
from ui.frame.bounded import TABLE_ROWS, bounded_table
from ui.frame.charts import draw
from ui.frame.data import query, store_version
from ui.frame.filters import current_filters
from ui.frame.text import plain, plain_lines
from ui.frame.widths import fitted
from ui.views import detail as views
from ui.views.quality import FORECAST_KEY, forecast_caption, priority_flags_note

f = current_filters()
ui.no_data_stop(f)
choices = query("priority_choices", as_at=f.as_at)
if (asked := st.query_params.get("priority")) and asked not in set(choices["priority_id"]):
    # a link with an old priority ID (renamed or merged: python -m delivery alias) opens the priority it became
    st.query_params["priority"] = asked = query("priority_current_id", priority_id=asked)["priority_id"].iloc[0]
pid = ui.chosen_priority(choices)
gone = views.standing(store_version(), f, asked) if asked and pid is None else None
if gone is not None and gone["standing"] == picture.LEFT:
    # a shared link to a priority that has since left the portfolio: say so, and show its last picture
    pid, f = asked, dataclasses.replace(f, as_at=pd.Timestamp(gone["last_return"]).date())
if pid is None:
    ui.page_header("Priority", f)
    ui.priority_picker(choices, None)
    ui.no_priority_stop(choices, f)
v = views.priority(store_version(), f, pid)
detail, mine = v.detail, v.mine
ui.page_header(f"{plain(pid)}: {plain(detail['title'])}", f)
ui.priority_picker(choices, pid if gone is None else None)

centre = judged.centre_rating(pid, f.as_at)
if gone is not None:
    st.warning(
        f"{plain(gone['detail'])}. Shown below as it stood in its last return, {ui.as_at_text(gone['last_return'])}."
    )
if mine["standing"] != picture.REPORTED:
    # the lead is who should report it: after a transfer, not the department whose return this is
    st.warning(
        f"{reporting.stale_text(detail['last_return'])}: {plain(detail['lead_department'])} has not sent "
        f"its return for {ui.fmt_date(mine['expected_period'])}, so everything below is from its return "
        f"{ui.as_at_text(detail['last_return'])}."
        if mine["standing"] == picture.STALE
        else f"{plain(mine['detail'])}. It is out of the current picture: in no count, list or brief."
    )
    st.markdown(judged.ratings_line(detail, centre, reporting.stale_text(detail["last_return"])))
else:
    st.markdown(
        judged.ratings_line(detail, centre) + f" · **Since {ui.fmt_date(mine['previous_period'])}:** "
        f"{plain(mine['trend'])} · "
        f"from {plain(detail['department'])}'s return {ui.as_at_text(detail['last_return'])}"
    )
st.markdown("\n".join(f"- **{label}:** {plain(text)}" for label, text in v.facts))
if isinstance(detail["commentary"], str) and detail["commentary"].strip():
    st.markdown(plain_lines(detail["commentary"].strip(), "> "))
if note := attention.optimism_note(detail["rag"], v.status):
    st.warning(f"Check this rating: {note}")
priority_flags_note(store_version(), f, pid)

st.header("The centre's note for the brief")
notes.priority_note(pid, f.as_at)

st.header("Rating history")
draw(v.history)
st.caption(
    "The department's own rating each period (solid line) and the centre's, where recorded (dashed). "
    + (v.off_scale or "")
)

st.header("Stocktake actions")
judged.actions_section(pid, f.as_at)
judged.forms(pid, f, detail)
judged.judgement_history(pid)

st.header("Delivery chain")
if v.chain is None:
    ui.empty_state(f"No delivery chain has been reported for {plain(pid)} {ui.as_at_text(f.as_at)}.")
else:
    draw(v.chain)

st.header("Indicators against trajectory")
if v.status.empty:
    ui.empty_state(f"{plain(pid)} has no indicators {ui.as_at_text(f.as_at)}, so there are no trajectories to show.")
if v.points_note:
    st.caption(v.points_note)
if not v.status.empty:
    st.caption(FORECAST_KEY)
for (name, chart), said in zip(v.trajectories, v.forecasts):
    if chart is None:
        ui.empty_state(f"{plain(name)} has no trajectory yet.")
    else:
        draw(chart)
    st.caption(forecast_caption(*said))

st.header("Milestones")
if v.milestone_table is None:
    ui.empty_state(f"No milestones have been reported for {plain(pid)} {ui.as_at_text(f.as_at)}.")
else:
    if v.milestones > views.TIMELINE_ROWS:
        st.caption(f"The timeline shows the {views.TIMELINE_ROWS} most urgent of {v.milestones:,} milestones.")
    draw(v.timeline)
    bounded_table(
        v.milestone_table,
        "milestones, most urgent first",
        total=v.milestones,
        paint={"Rating": "rating"},
        hide_index=True,
        width="stretch",
        placeholder="–",  # not yet completed: a dash, not 'None'
        **fitted(
            v.milestone_table,
            wrap=("Milestone", "Owner"),
            column_config=ui.date_columns("Baseline date", "Forecast date", "Completed"),
        ),
    )

st.header("Risks, issues and barriers")
risks = v.risks
escalated = risks[(risks["escalation"] != "none") & (risks["status"] == "open")] if not risks.empty else risks
if risks.empty:
    ui.empty_state(f"No risks, issues or barriers have been reported for {plain(pid)} {ui.as_at_text(f.as_at)}.")
else:
    if not escalated.empty:
        st.warning(
            f"{tables.counted(len(escalated), 'open item')} escalated: "
            + "; ".join(
                f"{plain(r.kind)} '{plain(r.description)}' to the {plain(r.escalation)}"
                for r in escalated.head(20).itertuples()
            )
            + (f"; and {len(escalated) - 20:,} more (see the table)." if len(escalated) > 20 else "")
        )
    shown = tables.risks_table(risks.head(TABLE_ROWS))
    bounded_table(
        shown,
        "risks, issues and barriers",
        total=len(risks),
        hide_index=True,
        width="stretch",
        placeholder="–",
        **fitted(shown, wrap=("Description", "Owner", "Mitigation"), column_config=ui.date_columns("Due")),
    )

st.header("Budget")
budget = v.budget
if budget.empty:
    ui.empty_state(f"No budget has been reported for {plain(pid)} {ui.as_at_text(f.as_at)}.")
else:
    if wlc := tables.whole_life_cost_text(budget):
        st.markdown(wlc)
    draw(v.budget_chart)
    money = tables.budget_table(budget)
    st.dataframe(
        money,
        hide_index=True,
        width="stretch",
        placeholder="–",
        **fitted(money, column_config=ui.date_columns("Last reported in the return for")),
    )
