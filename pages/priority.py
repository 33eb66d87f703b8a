"""One priority (opened by ?priority=ID): facts, rating history, chain, trajectories, milestones, risks, budget.

Everything from a return is shown as typed (ui.text.plain), and every table and chart is
bounded (ui/bounded.py), saying what it left out.
"""
import streamlit as st

from delivery.analysis import attention, chain_tree, milestone_status, movement, reporting, tables, trajectories
from delivery.charts import portfolio as portfolio_charts, priority as priority_charts
from ui import components as ui, judgements as judged
from ui.bounded import TABLE_ROWS, bounded_table, latest_points, points_note
from ui.data import query
from ui.filters import current_filters
from ui.text import plain, plain_lines

TIMELINE_ROWS = 40

f = current_filters()
ui.no_data_stop(f)
choices = query("priority_choices", as_at=f.as_at)
if (asked := st.query_params.get("priority")) and asked not in set(choices["priority_id"]):
    # a link with an old priority ID (renamed or merged: python -m delivery alias) opens the priority it became
    st.query_params["priority"] = query("priority_current_id", priority_id=asked)["priority_id"].iloc[0]
pid = ui.chosen_priority(choices)
if pid is None:
    ui.page_header("Priority", f)
    ui.priority_picker(choices, None)
    ui.no_priority_stop(choices, f)
detail = query("priority_detail", as_at=f.as_at, priority_id=pid).iloc[0]
one = {"as_at": f.as_at, "priority_id": pid}
ui.page_header(f"{plain(pid)}: {plain(detail['title'])}", f)
ui.priority_picker(choices, pid)

listed = query("priority_list", as_at=f.as_at, department=None, theme=None)
mine = movement.with_movement(reporting.with_currency(listed[listed["priority_id"] == pid], f.calendar, f.as_at,
                                                      10 ** 6)).iloc[0]
centre = judged.centre_rating(pid, f.as_at)
if mine["stale"]:
    # the lead is who should report it: after a transfer, not the department whose return this is
    st.warning(f"{reporting.stale_text(detail['last_return'])}: {plain(detail['lead_department'])} has not sent "
               f"its return for {ui.fmt_date(mine['expected_period'])}, so everything below is from its return "
               f"{ui.as_at_text(detail['last_return'])}."
               + (" It has left the current picture (more than "
                  f"{f.stale_after} missed periods)." if mine["periods_missed"] > f.stale_after else ""))
    st.markdown(judged.ratings_line(detail, centre, reporting.stale_text(detail["last_return"])))
else:
    st.markdown(judged.ratings_line(detail, centre) + f" · **Since last period:** {mine['trend']} · "
                f"from {plain(detail['department'])}'s return {ui.as_at_text(detail['last_return'])}")
leads = query("priority_lead_history", **one)
st.markdown("\n".join(f"- **{label}:** {plain(text)}" for label, text in tables.priority_facts(detail, leads)))
if isinstance(detail["commentary"], str) and detail["commentary"].strip():
    st.markdown(plain_lines(detail["commentary"].strip(), "> "))
inds, actuals = query("priority_indicators", **one), query("priority_actuals", **one)
status = trajectories.trajectory_status(inds, query("indicator_trajectories", as_at=f.as_at), actuals)
if note := attention.optimism_note(detail["rag"], status):
    st.warning(f"Check this rating: {note}")

st.header("Rating history")
history = judged.rating_history(pid, f.as_at)
ui.show_chart(priority_charts.rating_history_chart(history, f.as_at))
st.caption("The department's own rating each period (solid line) and the centre's, where recorded (dashed). "
           + (movement.off_scale_note(history) or ""))

st.header("Stocktake actions")
judged.actions_section(pid, f.as_at)
judged.forms(pid, f.as_at, detail)
judged.judgement_history(pid)

st.header("Delivery chain")
chain = query("priority_chain", **one)
if chain.empty:
    ui.empty_state(f"No delivery chain has been reported for {plain(pid)} {ui.as_at_text(f.as_at)}.")
else:
    ui.show_chart(priority_charts.chain_tree_chart(chain_tree.chain_layout(chain), f.as_at), stretch=False)

st.header("Indicators against trajectory")
if inds.empty:
    ui.empty_state(f"{plain(pid)} has no indicators {ui.as_at_text(f.as_at)}, so there are no trajectories to show.")
versions = query("priority_trajectory_versions", **one)
drawn, cut = latest_points(actuals)
if note := points_note(cut, dict(zip(status["indicator_id"], status["name"]))):
    st.caption(note)
for ind in status.to_dict("records"):
    plans = trajectories.trajectory_versions(versions[versions["indicator_id"] == ind["indicator_id"]])
    if plans.empty:
        ui.empty_state(f"{plain(ind['name'])} has no trajectory yet.")
        continue
    ui.show_chart(priority_charts.trajectory_chart(ind, plans, drawn[drawn["indicator_id"] == ind["indicator_id"]],
                                          f.as_at, ind["status"]), extra_px=90)  # the legend may wrap

st.header("Milestones")
milestones = query("priority_milestones", **one)
if milestones.empty:
    ui.empty_state(f"No milestones have been reported for {plain(pid)} {ui.as_at_text(f.as_at)}.")
else:
    ms = milestone_status.classify_milestones(milestones, f.as_at, f.previous_period)
    if len(ms) > TIMELINE_ROWS:  # too many to draw: the most urgent first, and say so
        ms = milestone_status.most_urgent_first(ms)
        st.caption(f"The timeline shows the {TIMELINE_ROWS} most urgent of {len(ms):,} milestones.")
    # This chart fits the width only and sizes its own height (portfolio_charts.FIT_WIDTH), so no height here.
    st.altair_chart(portfolio_charts.milestone_timeline_chart(ms.head(TIMELINE_ROWS), f.as_at, f.previous_period),
                    width="stretch")
    table = milestone_status.milestone_table(ms.head(TABLE_ROWS))
    bounded_table(table.drop(columns="Priority"), "milestones, most urgent first", total=len(ms),
                  styler=lambda t: ui.style_ratings(t, ["Rating"]), hide_index=True, width="stretch",
                  column_config=ui.date_columns("Baseline date", "Forecast date", "Completed"))

st.header("Risks, issues and barriers")
risks = query("priority_risks", **one)
escalated = risks[(risks["escalation"] != "none") & (risks["status"] == "open")] if not risks.empty else risks
if risks.empty:
    ui.empty_state(f"No risks, issues or barriers have been reported for {plain(pid)} {ui.as_at_text(f.as_at)}.")
else:
    if not escalated.empty:
        st.warning(f"{tables.counted(len(escalated), 'open item')} escalated: " + "; ".join(
            f"{plain(r.kind)} '{plain(r.description)}' to the {plain(r.escalation)}" for r in escalated.head(20).itertuples())
            + (f"; and {len(escalated) - 20:,} more (see the table)." if len(escalated) > 20 else ""))
    bounded_table(tables.risks_table(risks.head(TABLE_ROWS)), "risks, issues and barriers", total=len(risks),
                  hide_index=True, width="stretch", column_config=ui.date_columns("Due"))

st.header("Budget")
budget = query("priority_budget", **one)
if budget.empty:
    ui.empty_state(f"No budget has been reported for {plain(pid)} {ui.as_at_text(f.as_at)}.")
else:
    if wlc := tables.whole_life_cost_text(budget):
        st.markdown(wlc)
    ui.show_chart(priority_charts.budget_chart(budget, f.as_at))
    st.dataframe(tables.budget_table(budget), hide_index=True, width="stretch",
                 column_config=ui.date_columns("Last reported in the return for"))
