"""The Upload page's remedy for a return refused on reporting rights: an admin records the transfer.

When a refusal names a transfer (delivery/store/rights.py: the lead department had ended, or
the return's department is its listed successor), an admin sees a small form per transfer,
prefilled: the priority, the department it moves to, and from when; the reason is theirs to
give. It calls ``record_transfer``, as ``python -m delivery transfer`` does, then the page runs
again, so the rights are checked anew on the new store version. Everyone else sees the
refusal's sentence in the problems table only.
"""

from __future__ import annotations

import streamlit as st

from delivery import auth
from delivery.reference.calendar import date_text
from delivery.store.records import record_transfer
from delivery.store.rights import Transfer
from ui.frame.data import get_store
from ui.frame.text import plain
from ui.frame.writes import guarded_write

DONE = "transfer_recorded"


def offer_transfers(files: list[dict], user: auth.User) -> None:
    """For an admin, a form for each transfer the refusals name (each once, however many files name it)."""
    if not auth.can_record_transfer(user):
        return
    offered = {(t.priority_id, t.to_department): t for f in files for t in f.get("transfers", [])}
    for t in offered.values():
        _transfer_form(t, user)


def _transfer_form(t: Transfer, user: auth.User) -> None:
    key = f"transfer_{t.priority_id}_{t.to_department}"
    with st.form(key):
        st.markdown(f"**Record that {plain(t.to_department)} leads {plain(t.priority_id)}** (as an administrator)")
        st.caption(
            "Only if it has taken the priority over: the transfer is kept in the records log, "
            "and the returns above are checked again."
        )
        left, right = st.columns(2)
        left.text_input("Priority", t.priority_id, disabled=True, key=f"{key}_priority")
        right.text_input("To department", t.to_department, disabled=True, key=f"{key}_to")
        on = left.date_input("From", t.effective, format="YYYY-MM-DD", key=f"{key}_on")
        reason = right.text_input("Reason (required)", placeholder=t.reason, key=f"{key}_reason")
        if st.form_submit_button("Record the transfer", key=f"{key}_record"):
            _record(t, on, reason, user)


def _record(t: Transfer, on, reason: str, user: auth.User) -> None:
    if not reason.strip():
        st.error(
            "Give a reason for the transfer; it is kept with the record. Nothing was recorded.", icon=":material/error:"
        )
        return
    entry = guarded_write(
        "Nothing was recorded",
        lambda: record_transfer(get_store(), t.priority_id, t.to_department, user.label, reason, on),
    )
    if entry is None:
        return
    st.session_state[DONE] = (
        f"Recorded (record {entry['record_id']}): {entry['priority_id']} is led by "
        f"{entry['to_department']} from {date_text(entry['effective_date'])} "
        f"(before: {entry['from_department']}). The returns were checked again."
    )
    st.rerun()


def show_recorded() -> None:
    """After a transfer was recorded: say so, once."""
    done = st.session_state.pop(DONE, None)
    if done is not None:
        st.success(plain(done), icon=":material/check_circle:")
