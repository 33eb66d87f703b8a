"""The Loads and history page's Streamlit parts: the loads table, one load's details, the rollback form.

Every analyst sees the whole history (who loaded what, when, why), but downloads only the
original workbooks of their own departments: another department's original is that
department's unpublished working file. Centre analysts and admins download any.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from delivery import auth
from delivery.returns.annotate import problems_table
from delivery.store import archive
from delivery.store.load_log import load_warnings, replay_stack, rollback_would
from delivery.store.loader import rollback_load
from ui.frame.auth import refusal
from ui.frame.components import fmt_date, time_columns
from ui.frame.data import get_store
from ui.frame.text import plain
from ui.frame.widths import fitted
from ui.frame.writes import guarded_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = {  # what became of a load beside its number: the long words stay on screen
    "load_id": "Load",
    "outcome_text": "Outcome",
    "review_text": "Review",
    "loaded_at": "When (UTC)",
    "loaded_by": "Who",
    "file_name": "File",
    "department": "Department",
    "return_period": "Period",
    "total_rows": "Rows",
    "rolls_back": "Rolls back",
    "warning_count": "Warnings",
    "reason": "Reason",
    "active": "In force",
    "sha256": "sha256",
}


def history_table(loads: pd.DataFrame) -> None:
    """Every load, newest first, in plain column names; a load rolled back says when and by whom, and a
    rollback which load it undid (``loads`` as load_log.described gives them, as the command line's history says it)."""
    shown = {k: v for k, v in SHOWN.items() if k != "review_text" or loads.get("review", pd.Series()).notna().any()}
    table = loads[list(shown)].rename(columns=shown)
    table["Period"] = table["Period"].map(fmt_date)
    table["Reason"] = table["Reason"].fillna("")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        placeholder="–",  # a blank, not 'None'
        **fitted(
            table,
            # A file name and a sha256 are one word each: they keep their width, and, as thirteen columns do not
            # fit a 1400 px page, the load's number stays in view as the table scrolls sideways to them.
            wrap=("Outcome", "Review", "Who", "Reason"),
            column_config={"Load": st.column_config.Column(pinned=True), **time_columns("When (UTC)")},
            shown={"When (UTC)": lambda t: "30 Sep 2026, 14:05"},
        ),
    )


def load_label(row: dict) -> str:
    """How a load is named in the picker: id, file, department, period and outcome."""
    when = fmt_date(row["return_period"])
    return f"Load {row['load_id']}: {row['file_name']} ({row['department']}, {when}, {row['outcome_text']})"


def may_download_original(user: auth.User, department: str) -> bool:
    """May ``user`` download the original workbook of a load for ``department``? Their own departments only."""
    allowed = auth.allowed_departments(user)
    return allowed is None or department in allowed


def load_details(row: dict, user: auth.User) -> None:
    """Rows per sheet and, for the user's own departments, the original file, for one load."""
    counts = json.loads(row["row_counts"] or "{}")
    if counts:
        st.dataframe(pd.DataFrame([counts]), hide_index=True)
    warned = load_warnings(row)
    if warned:
        n = len(warned)
        st.markdown(f"Load {row['load_id']} was loaded with {n} warning{'s' if n != 1 else ''}:")
        table = problems_table(warned).drop(columns="File")
        st.dataframe(table, hide_index=True, width="stretch", **fitted(table, wrap=("Value found", "Problem")))
    if not may_download_original(user, row["department"]):
        st.caption(
            f"The original workbook is kept in the archive; you can download originals for "
            f"{plain(', '.join(user.departments)) or 'no department'} only. Ask a centre analyst "
            f"if you need {plain(row['department'])}'s."
        )
        return
    try:
        original = archive.original_of_load(get_store().archive, int(row["load_id"]), row["sha256"])
    except OSError:
        where = f" at {plain(get_store().archive)}" if user.role == auth.ADMIN else ""  # server paths: admins only
        st.warning(f"The original of {plain(row['file_name'])} is not in the archive{where}.")
        return
    st.download_button(
        f"Download the original {plain(row['file_name'])}",
        original,
        row["file_name"],
        XLSX,
        icon=":material/download:",
        on_click="ignore",
        key=f"dl_original_{row['load_id']}",
    )


def roll_back_form(row: dict, user: auth.User, loads: pd.DataFrame) -> None:
    """Roll back the load in force (centre analysts and admins), with a reason, saying what the store
    will hold for its return afterwards (from ``loads``, the log the page shows)."""
    refused = refusal(user, auth.ROLL_BACK)  # ui.frame.auth's: the user's name and address escaped
    if refused:
        st.info(refused, icon=":material/lock:")
        return
    if not (row["active"] and row["outcome"] == "loaded"):
        st.caption("Only the load in force for its department and period can be rolled back; this one is not.")
        return
    same = loads[(loads["department"] == row["department"]) & (loads["return_period"] == row["return_period"])]
    stack, _ = replay_stack(same.sort_values("load_id").to_dict("records"))
    st.markdown(
        f"**Roll back load {row['load_id']}**: " + plain(rollback_would(stack, row["department"], row["return_period"]))
    )
    reason = st.text_area("Reason for the rollback", key=f"rollback_reason_{row['load_id']}")
    if st.button(f"Roll back load {row['load_id']}", type="primary", key="rollback", disabled=not reason.strip()):
        result = guarded_write(
            "Nothing was rolled back",
            lambda: rollback_load(get_store(), int(row["load_id"]), user.label, reason.strip()),
        )
        if result is None:
            return
        st.session_state["rollback_done"] = result.message
        st.rerun()
