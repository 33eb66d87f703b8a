"""Returns due: who owes which return, since when, whom to remind; a reminder to copy, a CSV for a mail merge.

For the delivery unit (centre analysts and admins). The list and reminders are ui/forms/due.py's.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from delivery import auth
from ui.forms.due import due_list, period_choice, show_due
from ui.frame.auth import require

user = require(auth.DATA_PAGES)
st.title("Returns due")
if not auth.can_see_unreviewed(user):
    st.info("Returns due is for the delivery unit's centre analysts, who chase late returns.", icon=":material/lock:")
    st.stop()
today = dt.date.today()
st.caption("Each department's return expected for the period, by the reporting calendar; most days late first.")
period = period_choice(today)
if period is None:
    st.info("No returns have been loaded yet, so none are due.")
    st.stop()
show_due(due_list(period, today))
