"""Loads and history: every load with who, when, which file, what it did and why.

The original workbook of any load can be downloaded from the archive (nothing is ever
deleted from it), and centre analysts and admins can roll back the load in force for a
department and period, with a reason; the rollback is itself a row in the history.
The table, a load's details and the rollback form are in ui/forms/loads.py.
"""

from __future__ import annotations

import streamlit as st

from delivery import auth
from ui.forms.loads import history_table, load_details, load_label, roll_back_form
from ui.forms.review import review_form, reviewed_loads, show_review_done
from ui.frame.auth import require
from ui.frame.data import query
from ui.frame.text import plain

ALL = "All departments"

user = require(auth.DATA_PAGES)
st.title("Loads and history")
st.caption("Every load, re-load and rollback, newest first. Original workbooks are kept in the archive for good.")
done = st.session_state.pop("rollback_done", None)
if done:
    st.success(done, icon=":material/undo:")
show_review_done()
departments = [ALL] + sorted(query("department_list").get("code", []))
chosen = st.selectbox("Department", departments, key="history_department")
loads = reviewed_loads(None if chosen == ALL else chosen)
if loads.empty:
    st.info(
        "No returns have been loaded yet." if chosen == ALL else f"No returns have been loaded for {plain(chosen)}."
    )
    st.stop()
history_table(loads)
rows = {int(r["load_id"]): r for r in loads.to_dict("records")}
picked = st.selectbox("Load", list(rows), format_func=lambda i: load_label(rows[i]), key="history_load")
load_details(rows[picked], user)
review_form(rows[picked], user)
roll_back_form(rows[picked], user, loads)
