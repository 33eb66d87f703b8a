"""The centre's judgements on the Priority page: both ratings, the forms to record a centre
rating and a stocktake action, and the list of actions (Streamlit glue; writes in
delivery/store/judgements.py)."""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from delivery.analysis.tables import counted
from delivery.errors import DeliveryError
from delivery.reference.ratings import ALL_RATINGS
from delivery.store import judgements
from ui.frame import components as ui
from ui.frame.attention import attention_list
from ui.frame.auth import current_user
from ui.frame.data import get_store, query
from ui.frame.text import plain
from ui.frame.widths import fitted


def centre_rating(pid: str, as_at) -> dict | None:
    """The centre's rating of ``pid`` in force as at the period, or None."""
    rows = query("centre_ratings_at", as_at=as_at)
    rows = rows[rows["priority_id"] == pid] if not rows.empty else rows
    return None if rows.empty else rows.iloc[0].to_dict()


def ratings_line(detail, centre: dict | None, stale: str | None = None) -> str:
    """'Department's rating: ... · Centre's rating: ... (30 Jun 2026): reason' as Markdown.

    The return's own word follows the rating when the rating vocabulary made it one ("written
    as 'No DCA'"); ``stale`` ("Not updated since 31 Mar 2026") replaces a rating not reported
    this period, which is then given as the last one.
    """
    written = detail.get("rag_as_written")
    written = f" (written as '{plain(written)}')" if isinstance(written, str) and written else ""
    rating = f"{ui.rating_badge(detail['rag'])}{written}"
    text = "**Department's rating:** " + (f"{stale} (last rated {rating})" if stale else rating)
    if centre is None:
        return text + " · **Centre's rating:** not recorded"
    agree = "agrees" if centre["centre_rag"] == detail["rag"] else "**differs**"
    return (
        text + f" · **Centre's rating:** {ui.rating_badge(centre['centre_rag'])} for "
        f"{ui.fmt_date(centre['centre_period'])} ({agree}): {plain(centre['centre_reason'])}"
    )


def actions_section(pid: str, as_at) -> None:
    """The priority's stocktake actions as at the period, overdue ones flagged."""
    actions = query("stocktake_actions_at", as_at=as_at)
    mine = actions[actions["priority_id"] == pid] if not actions.empty else actions
    if mine.empty:
        ui.empty_state(f"No stocktake actions have been agreed for {pid} {ui.as_at_text(as_at)}.")
        return
    late = mine[mine["overdue"].astype(bool)]
    if not late.empty:
        st.warning(
            f"{counted(len(late), 'stocktake action')} overdue {ui.as_at_text(as_at)}: "
            + "; ".join(
                f"{plain(a.description)} (owner {plain(a.owner)}, due {ui.fmt_date(a.due_date)}, "
                f"{int(a.days_overdue)} days overdue)"
                for a in late.itertuples()
            )
        )
    table = pd.DataFrame(
        {
            "Action": mine["action_id"],
            "What": mine["description"],
            "Owner": mine["owner"],
            "Due": mine["due_date"].dt.date,
            "Status": mine["status"],
            "Overdue": ["Yes" if o else "" for o in mine["overdue"]],
            "Agreed at stocktake": mine["stocktake_date"].dt.date,
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        placeholder="–",
        **fitted(table, wrap=("What", "Owner"), column_config=ui.date_columns("Due", "Agreed at stocktake")),
    )


def forms(pid: str, f, detail) -> None:
    """For centre analysts and admins: record the centre's rating, a new action, or close one.

    The writes run in the submit buttons' callbacks, before the page reruns, and leave their
    outcome in the session for this run to show: a rerun cannot lose a submitted form.
    ``f``: the filters (the "as at" period, the calendar and today).
    """
    as_at, user = f.as_at, current_user()
    if not judgements.may_record(user):
        st.caption("Centre analysts record the centre's rating and stocktake actions here.")
        return
    show_outcome()
    # What each form shows is captured now, as its base: a write is refused if someone changed it since.
    base = _seq(query("centre_rating_last_write", priority_id=pid, period=as_at))
    with st.expander("Record the centre's rating", icon=":material/gavel:"):
        with st.form(f"centre_rating_{pid}"):
            st.selectbox("The centre's rating", ALL_RATINGS, index=None, placeholder="Choose a rating", key="j_rag")
            st.text_area("Reason (kept with the rating)", key="j_reason")
            st.form_submit_button(
                "Record the centre's rating",
                on_click=submit,
                args=(
                    lambda s: judgements.record_rating(
                        get_store(), user, pid, as_at, s.get("j_rag") or "", s.get("j_reason"), base=base
                    ),
                    lambda s: f"Recorded the centre's rating of {pid} for {ui.fmt_date(as_at)}: {s.get('j_rag')}.",
                ),
            )
    with st.expander("Record a stocktake action", icon=":material/task_alt:"):
        with st.form(f"action_{pid}"):
            st.text_input("What is to be done", key="j_what")
            st.text_input("Owner", key="j_owner")
            # Agreed today, due by the end of the period the next stocktake reviews: the period's own end and
            # four weeks after it (the old defaults) made an action recorded in December overdue at birth.
            due = f.calendar.next_review(detail["lead_department"], f.today)
            st.date_input("Due date", value=due, format="DD/MM/YYYY", key="j_due")
            st.date_input("Date of the stocktake", value=f.today, format="DD/MM/YYYY", key="j_held")
            record = (
                lambda s: judgements.record_action(
                    get_store(), user, pid, s.get("j_held"), s.get("j_what"), s.get("j_owner"), s.get("j_due")
                ),
                lambda s: f"Recorded a stocktake action for {pid}." + _listed_from(s.get("j_held"), as_at, f, detail),
            )
            st.form_submit_button("Record the action", on_click=_unless_past_due, args=(*record, f.today))
        if past := st.session_state.get(PAST_DUE):
            st.warning(past, icon=":material/warning:")
            st.button("Record it anyway", key="j_past_due_ok", on_click=_confirmed, args=record)
    _close_form(pid, as_at, user)


def _listed_from(held, as_at, f, detail) -> str:
    """Where an action agreed after the period shown is listed: pages as at a period list the actions agreed by
    its end, so one agreed on 6 Dec is listed from the 31 Dec period on, not as at 30 Sep."""
    if held is None or as_at is None or held <= as_at:
        return ""
    listed = f.calendar.next_period(detail["lead_department"], held - dt.timedelta(days=1))
    return (
        f" It was agreed after {ui.fmt_date(as_at)}, so it is listed as at {ui.fmt_date(listed)} and later "
        "(pages as at a period list the actions agreed by its end)."
    )


PAST_DUE = "judgement_past_due"  # session_state: the question asked before an action due in the past is recorded


def _unless_past_due(write, done, today) -> None:
    """The new action's callback: record it, or first ask when its due date has passed (it would be overdue at once)."""
    due = st.session_state.get("j_due")
    st.session_state.pop(PAST_DUE, None)
    if due is not None and due < today:
        st.session_state[PAST_DUE] = (
            f"The due date, {ui.fmt_date(due)}, is before today ({ui.fmt_date(today)}), so the action would be "
            "overdue as soon as it is recorded. Nothing has been recorded yet: record it anyway, or change the "
            "due date and record the action again."
        )
        return
    submit(write, done)


def _confirmed(write, done) -> None:
    """'Record it anyway': the action as the form holds it, due in the past."""
    st.session_state.pop(PAST_DUE, None)
    submit(write, done)


DONE = "judgement_outcome"


def _seq(rows: pd.DataFrame) -> int:
    """The seq of a last-write query's row (0 when nothing was written)."""
    return 0 if rows.empty else int(rows["seq"].iloc[0])


def _close_form(pid: str, as_at, user) -> None:
    actions = query("stocktake_actions_at", as_at=as_at)
    open_ = actions[(actions["priority_id"] == pid) & (actions["status"] == "open")] if not actions.empty else actions
    if open_.empty:
        return
    with st.expander("Close a stocktake action", icon=":material/check_circle:"):
        with st.form(f"close_{pid}"):
            labels = {int(a.action_id): f"{a.action_id}: {a.description}" for a in open_.itertuples()}
            bases = {i: _seq(query("action_last_write", action_id=str(i))) for i in labels}
            st.selectbox("Action", list(labels), format_func=labels.get, key="j_close_id")
            st.date_input("Closed on", value=as_at, format="DD/MM/YYYY", key="j_closed")
            st.form_submit_button(
                "Close the action",
                on_click=submit,
                args=(
                    lambda s: judgements.update_action(
                        get_store(),
                        user,
                        s.get("j_close_id"),
                        judgements.CLOSED,
                        s.get("j_closed"),
                        base=bases.get(s.get("j_close_id")),
                    ),
                    lambda s: f"Closed action {s.get('j_close_id')}.",
                ),
            )


def show_outcome(outcome: str = DONE) -> None:
    """What the last submitted form's write did (kept by ``submit`` in ``session_state[outcome]``), once."""
    for kind, message in st.session_state.pop(outcome, []):
        (st.success if kind == "ok" else st.error)(
            message, icon=":material/check:" if kind == "ok" else ":material/error:"
        )


def submit(write, done, outcome: str = DONE) -> None:
    """A form's callback: write, and keep what to say in ``session_state[outcome]`` (the store is unchanged
    on any failure)."""
    state = st.session_state
    try:
        write(state)
        state[outcome] = [("ok", done(state))]
    except DeliveryError as error:
        state[outcome] = [("error", f"Nothing was recorded: {error}")]
    except Exception:  # a bug: the user gets a plain sentence, the log the traceback
        logging.getLogger(__name__).exception("Recording a centre judgement failed")
        state[outcome] = [
            (
                "error",
                "Nothing was recorded: something went wrong while writing, and the store is "
                "unchanged. Please try again; if it happens again, tell the data team.",
            )
        ]


def judgement_history(pid: str) -> None:
    """Every write of the centre's rating or an action for ``pid``: who, when, before, after."""
    log = query("judgement_history", priority_id=pid)
    if log.empty:
        return
    with st.expander(f"History of the centre's judgements ({len(log)})"):
        table = log.rename(
            columns={
                "seq": "#",
                "kind": "What",
                "subject": "Of",
                "written_by": "Who",
                "written_at": "When (UTC)",
                "before_json": "Before",
                "after_json": "After",
            }
        ).assign(**{"When (UTC)": lambda t: pd.to_datetime(t["When (UTC)"])})  # '30 Sep 2026, 14:05', not ISO text
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            placeholder="–",
            **fitted(
                table,
                wrap=("Who", "Before", "After"),
                column_config=ui.time_columns("When (UTC)"),
                shown={"When (UTC)": lambda t: "30 Sep 2026, 14:05"},
            ),
        )


def disagreements(priorities: pd.DataFrame, f) -> None:
    """Priorities in scope whose centre rating (in force as at the period: the picture's) differs from the
    department's."""
    both = priorities[priorities["centre_rag"].notna()]
    differ = both[both["centre_rag"] != both["rag"]] if not both.empty else both
    if differ.empty:
        ui.empty_state(
            "The centre agrees with every department's rating it has recorded for this selection."
            if not both.empty
            else "The centre has not recorded a rating for any priority in this selection."
        )
        return
    rows = pd.DataFrame(
        {
            "priority_id": differ["priority_id"],
            "priority": differ["title"],
            "why": "Centre differs",
            "detail": [
                f"Department: {d}; centre: {c} for {ui.fmt_date(p)} ({r})"
                for d, c, p, r in zip(
                    differ["rag"], differ["centre_rag"], differ["centre_period"], differ["centre_reason"]
                )
            ],
        }
    )
    attention_list(rows, f, "", 15)


def overdue_actions(priorities: pd.DataFrame, f) -> None:
    """Stocktake actions still open after their due date, for priorities in scope."""
    actions = query("stocktake_actions_at", as_at=f.as_at)
    late = (
        actions[actions["overdue"].astype(bool) & actions["priority_id"].isin(priorities["priority_id"])]
        if not actions.empty
        else actions
    )
    if late.empty:
        ui.empty_state(f"No stocktake action is overdue {ui.as_at_text(f.as_at)}.")
        return
    rows = pd.DataFrame(
        {
            "priority_id": late["priority_id"],
            "priority": late["priority_title"],
            "why": "Action overdue",
            "detail": [
                f"{d} (owner {o}, due {ui.fmt_date(due)}, {int(n)} days overdue)"
                for d, o, due, n in zip(late["description"], late["owner"], late["due_date"], late["days_overdue"])
            ],
        }
    )
    attention_list(rows, f, "", 15)
