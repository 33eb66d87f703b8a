"""The centre's notes for the brief: the note on a priority (Priority page) and the covering note on a
brief's scope (Brief page), each shown with who wrote it and when, and a form to write it for those
who may give the centre's rating (Streamlit glue; writes in delivery/store/judgements.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from delivery.briefs import notes as brief_notes
from delivery.store import judgements
from ui.forms.judgements import show_outcome, submit
from ui.frame import components as ui
from ui.frame.auth import current_user
from ui.frame.data import get_store, query
from ui.frame.text import plain, plain_lines

DONE = "note_outcome"
NOTE_LABEL = "Note (plain text; leave it empty to withdraw the note)"


def priority_note(pid: str, as_at) -> None:
    """The centre's note on ``pid`` for the period, and the form to write it."""
    last = _last("priority", pid, None, as_at)
    _show(last, f"The centre has written no note on {plain(pid)} for the brief {ui.as_at_text(as_at)}.")
    _form(
        f"note_{pid}_{as_at}",
        last,
        "Write the centre's note on this priority for the brief",
        lambda user, text, base: judgements.record_note(get_store(), user, pid, as_at, text, base=base),
        f"the centre's note on {pid} for {ui.fmt_date(as_at)}",
    )


def covering_note(scope, as_at) -> None:
    """The covering note for a whole-government or department brief for the period, and the form to write it."""
    if scope.priority_id is not None or as_at is None:
        return
    whom = scope.department or "the whole government"
    last = _last("covering", None, scope.department, as_at)
    st.markdown(f"**{brief_notes.COVERING_HEADING}**")
    _show(last, f"No covering note has been written for {plain(whom)}'s brief {ui.as_at_text(as_at)}.")
    _form(
        f"covering_{scope.department}_{as_at}",
        last,
        "Write the covering note for this brief",
        lambda user, text, base: judgements.record_covering_note(
            get_store(), user, scope.department, as_at, text, base=base
        ),
        f"the covering note for {whom} for {ui.fmt_date(as_at)}",
    )


def _last(kind: str, pid: str | None, department: str | None, as_at) -> dict | None:
    """The note's last write for the period (maybe empty: withdrawn), or None."""
    rows = query(
        "centre_note_last_write",
        kind=kind,
        priority_id=pid,
        department=department,
        period=pd.Timestamp(as_at).date().isoformat(),
    )
    return None if rows.empty else rows.iloc[0].to_dict()


def _show(last: dict | None, none: str) -> None:
    if last is None or not last["note"]:
        ui.empty_state(none)
        return
    st.markdown(plain_lines(last["note"], "> "))
    st.caption(plain(brief_notes.signature(last)))


def _form(key: str, last: dict | None, label: str, write, what: str) -> None:
    """For those who may give the centre's rating: write (or, left empty, withdraw) the note. What the form
    shows is its base: a write is refused if someone changed the note since."""
    user = current_user()
    if not judgements.may_record(user):
        st.caption("Centre analysts write the centre's notes for the brief here.")
        return
    show_outcome(DONE)
    base, text = (0 if last is None else int(last["seq"])), f"{key}_text"  # a note's own key: never another's text
    with st.expander(label, icon=":material/edit_note:"):
        with st.form(key):
            st.text_area(NOTE_LABEL, value="" if last is None else last["note"], key=text)
            st.form_submit_button(
                "Save the note",
                on_click=submit,
                args=(
                    lambda s: write(user, s.get(text), base),
                    lambda s: f"{'Saved' if (s.get(text) or '').strip() else 'Withdrew'} {what}.",
                    DONE,
                ),
            )
