"""The Returns due page's Streamlit parts: the list, a copy-ready reminder per department, the mail-merge CSV.

What is due is delivery/analysis/due.py's; this lays it out. The list reads every return as loaded
(a return under review is received), so it is for the centre, which sees the draft picture.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from delivery.analysis import due, picture
from delivery.reference.departments import read_contacts
from delivery.returns.inert import csv_bytes
from ui.frame.components import fmt_date
from ui.frame.data import query
from ui.frame.text import plain

SHOWN = {
    "department": "Department",
    "period": "Return for",
    "due_date": "Due",
    "received": "Received",
    "days_late": "Days late",
    "contact": "Contact",
}


def due_list(period: dt.date | None, today: dt.date) -> pd.DataFrame:
    """The returns due as at ``period`` (None: as the app opens), by the calendar and the department list."""
    return due.returns_due(query, picture.rules_from_settings(today), period, read_contacts())


def period_choice(today: dt.date) -> dt.date | None:
    """The period to chase: the "as at" periods, the app's default first chosen."""
    choices, default = picture.as_at_choices(query, picture.rules_from_settings(today))
    if not choices:
        return None
    ordered = sorted(choices, reverse=True)
    return st.selectbox(
        "Period",
        ordered,
        index=ordered.index(default) if default in ordered else 0,
        format_func=fmt_date,
        key="due_period",
    )


def show_due(frame: pd.DataFrame) -> None:
    """The list, the CSV for a mail merge, then each reminder in a box with a copy button."""
    table = frame[list(SHOWN)].rename(columns=SHOWN)
    table["Return for"], table["Due"] = table["Return for"].map(fmt_date), table["Due"].map(fmt_date)
    table["Received"] = ["yes" if r else "no" for r in table["Received"]]
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        "Download the list for a mail merge (CSV)",
        csv_bytes(due.for_csv(frame)),
        "returns-due.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="due_csv",
    )
    for r in frame[frame["reminder"] != ""].to_dict("records"):
        st.markdown(f"**Reminder to {plain(r['department_name'])}** ({plain(r['contact']) or 'no contact listed'})")
        st.code(r["reminder"], language=None, wrap_lines=True)  # a code box: shown as typed, with a copy button
