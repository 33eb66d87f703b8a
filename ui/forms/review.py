"""The reporting cycle's Streamlit parts: the centre's review form on the Loads page, and, on the
Upload page, what the centre said about the analyst's own departments' returns in force.

The decisions themselves are delivery/store/cycle.py's; the states are delivery/store/reviews.py's.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from delivery import auth
from delivery.store import cycle, reviews
from delivery.store.load_log import described
from ui.frame.components import fmt_date
from ui.frame.data import get_store, query
from ui.frame.text import plain
from ui.frame.writes import attempt


def reviewed_loads(department: str | None = None) -> pd.DataFrame:
    """The loads log (history_loads) with what became of each load and its review (reviews.with_reviews)."""
    return reviews.with_reviews(query, described(query("history_loads", department=department)))


def review_form(row: dict, user: auth.User) -> None:
    """Accept the load in force, or return it for revision with a reason and notes on cells (the centre only)."""
    if row.get("review") is None or not (row["active"] and row["outcome"] == "loaded"):
        return
    notes = "".join(f"\n- {plain(c['cell'])}: {plain(c['note'])}" for c in row["review_cells"])
    st.markdown(f"**Review**: load {row['load_id']} is {plain(row['review_head'])}." + notes)
    if row["review"] == reviews.ACCEPTED and row["review_text"] == reviews.BEFORE_REVIEW:
        return
    if cycle.review_refusal(user) is not None:
        st.caption("The delivery unit's centre analysts review returns.")
        return
    key, state = row["load_id"], row["review"].replace(" ", "_")  # new boxes once the state changes
    boxes = (f"review_reason_{key}_{state}", f"review_cells_{key}_{state}")  # read by the buttons' callback
    reason = st.text_area("Reason (required to return it for revision)", key=boxes[0])
    st.text_area(
        "Notes on cells, one a line (optional), like: Milestones!F14: this date moved again; explain", key=boxes[1]
    )
    accept, send_back = st.columns(2)
    # What the form shows is its base, fixed when the buttons are drawn: a decision another reviewer made
    # since (seen or not) refuses this one, and both are never told they succeeded.
    if row["review"] != reviews.ACCEPTED:
        accept.button(
            f"Accept load {key}",
            type="primary",
            key="review_accept",
            on_click=_decide,
            args=(user, int(key), reviews.ACCEPTED, row["review_seq"], *boxes),
        )
    if row["review"] != reviews.RETURNED:
        send_back.button(
            f"Return load {key} for revision",
            key="review_return",
            disabled=not reason.strip(),
            on_click=_decide,
            args=(user, int(key), reviews.RETURNED, row["review_seq"], *boxes),
        )


def _decide(user: auth.User, load_id: int, decision: str, base: int, reason_box: str, cells_box: str) -> None:
    """A review button's callback: record ``decision`` on the load as the form showed it (``base``)."""
    state = st.session_state
    cells = (state.get(cells_box) or "") if decision == reviews.RETURNED else ""
    lines = [line for line in cells.splitlines() if line.strip()]
    entry, refused = attempt(
        "Nothing was recorded",
        lambda: cycle.record_review(get_store(), user, load_id, decision, state.get(reason_box), lines, base=base),
    )
    if entry is not None:
        state["review_done"] = cycle.decision_text(entry)
    state["review_refused"] = refused


def show_review_done() -> None:
    """The decision just recorded, or why none was, once, at the top of the page."""
    done = st.session_state.pop("review_done", None)
    if done:
        st.success(plain(done), icon=":material/fact_check:")
    if refused := st.session_state.pop("review_refused", None):
        st.error(refused, icon=":material/error:")


def returned_to_me(user: auth.User) -> None:
    """On the Upload page: the user's departments' returns in force that the centre returned for revision
    (why, and the cells it named) or has not yet reviewed. Centre staff upload for everyone: not shown."""
    if auth.allowed_departments(user) is None:
        return
    for department in user.departments:
        loads = reviewed_loads(department)
        if loads.empty:
            continue
        for row in loads[loads["active"] & loads["review"].isin([reviews.RETURNED, reviews.RECEIVED])].to_dict(
            "records"
        ):
            if row["review"] == reviews.RETURNED:
                notes = "".join(f"\n- {plain(c['cell'])}: {plain(c['note'])}" for c in row["review_cells"])
                st.warning(
                    f"{plain(department)}'s return for {fmt_date(row['return_period'])} (load {row['load_id']}, "
                    f"{plain(row['file_name'])}) was {plain(row['review_head'])}. Correct it and upload it again."
                    + notes,
                    icon=":material/assignment_return:",
                )
            else:
                st.info(
                    f"{plain(department)}'s return for {fmt_date(row['return_period'])} (load {row['load_id']}) "
                    "is with the delivery unit for review.",
                    icon=":material/hourglass_top:",
                )
