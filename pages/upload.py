"""Upload returns: check every file, show every problem, preview the changes, commit on request.

Nothing is written until the Commit button; a return that restates history needs a reason
first. The checks, previews and the commit itself are in ui/forms/upload.py.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from delivery import auth
from delivery.returns.problems import blocking
from ui.forms.layouts import pick_layout
from ui.forms.review import returned_to_me
from ui.forms.transfers import offer_transfers, show_recorded
from ui.forms.upload import (
    check_all,
    commit,
    previews_for,
    show_preview,
    show_problems,
    show_refused,
    show_summary,
    show_warnings,
    starting_points,
    upload_cap,
)
from ui.frame.auth import require
from ui.frame.data import get_store
from ui.frame.text import plain

user = require(auth.UPLOAD)
today = dt.date.today()
st.title("Upload returns")
st.caption(
    f"Uploading as {plain(user.label)}. Checked in full before anything is written; "
    "you see what changes before you commit."
)
starting_points(user)
returned_to_me(user)  # what the centre said about this user's departments' returns
cap = upload_cap(user)
done = st.session_state.pop("upload_done", None)
if done is not None:
    show_summary(done)
show_refused()
show_recorded()
layout = pick_layout(user)  # our template, or a department's own form through its datamap
uploads = st.file_uploader(
    "Return workbooks, or departments' own forms (.xlsx, .xlsm)",
    type=["xlsx", "xlsm"],
    accept_multiple_files=True,
    max_upload_size=cap,
    key=f"upload_files_{st.session_state.get('upload_round', 0)}",
)
if not uploads:
    st.stop()
files = check_all(uploads, user, today, cap, layout)
if any(blocking(f["problems"]) for f in files):
    show_problems(files)
    offer_transfers(files, user)  # an admin's remedy for a refusal that names a transfer
    st.stop()
show_warnings(files)
version = get_store().version()
previews = previews_for(files, version)
for f, p in zip(files, previews):
    show_preview(f, p)
reason = ""
if any(p.needs_reason for p in previews):
    st.warning(
        "This upload changes values already loaded (see above). Say why before committing; "
        "the reason is kept in the loads history.",
        icon=":material/history:",
    )
    reason = st.text_area("Reason for restating history", key="upload_reason")
# A commit carries the bases of the previews the user read (made in the previous run); the store
# refuses it under its write lock if any of those returns was loaded or rolled back since.
seen = st.session_state.get("upload_seen_bases") or {}
st.session_state["upload_seen_bases"] = {p.key: p.base for p in previews}
if st.button(
    f"Commit {len(files)} return{'s' if len(files) != 1 else ''}",
    type="primary",
    key="commit",
    disabled=any(p.needs_reason for p in previews) and not reason.strip(),
):
    commit(files, user, reason, today, {p.key: seen.get(p.key, p.base) for p in previews})
