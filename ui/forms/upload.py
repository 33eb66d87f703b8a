"""The Upload returns page's Streamlit parts: downloads, checks kept in the session, report, preview, commit.

The files' checks and previews are kept in the session, keyed by the files' bytes and the
store version, so typing a reason does not read the workbooks again. The checks themselves
are Streamlit-free, in delivery/upload/.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from delivery import auth
from delivery.errors import DeliveryError
from delivery.returns.annotate import problems_table
from delivery.returns.inert import csv_bytes
from delivery.returns.problems import blocking, warnings_in
from delivery.store import reviews
from delivery.store.export import export_return_bytes
from delivery.store.loader import load_returns
from delivery.upload.checks import check_batch, check_file, marked_workbook, shown_text, source_of, template_bytes
from delivery.upload.preview import preview_return
from ui.frame import filters
from ui.frame.auth import setting
from ui.frame.components import date_columns
from ui.frame.data import get_store, query
from ui.frame.text import plain
from ui.frame.widths import fitted
from ui.frame.writes import guarded_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_TABLES = (
    ("items", "Priorities, milestones and indicators"),
    ("ratings", "Ratings"),
    ("slipped", "Milestone forecasts that slipped"),
    ("new_actuals", "New actuals"),
    ("restated_actuals", "Actuals restated"),
    ("restated_trajectory", "Trajectory re-planned"),
    ("restated_targets", "Targets and baselines changed"),
    ("risks", "Risks, issues and barriers"),
)
PREVIEW_DATES = ("Forecast was", "Forecast now", "Period end")  # shown as '30 Sep 2026', still sorting as dates


def starting_points(user: auth.User) -> None:
    """Download buttons: the blank template, and a department's last return to start from."""
    store = get_store()
    left, right = st.columns(2)
    left.download_button(
        "Blank return template",
        template_bytes,
        "return-template.xlsx",
        XLSX,
        icon=":material/download:",
        on_click="ignore",
        key="dl_template",
    )
    mine = auth.allowed_departments(user)
    if mine is None:  # centre analysts and admins: the departments that have a return to start from
        depts = query("department_list")
        codes = sorted(depts[depts["has_returns"]]["code"]) if not depts.empty else []
    else:
        codes = sorted(mine)
    dept = right.selectbox("Department", codes, key="export_department") if codes else None
    latest = query("return_latest_period", department=dept).get("return_period", pd.Series()) if dept else pd.Series()
    if latest.empty or pd.isna(latest.iloc[0]):
        right.caption(f"No return loaded yet for {plain(dept)}." if dept else "")
        return
    period = pd.Timestamp(latest.iloc[0]).date()
    right.download_button(
        f"{plain(dept)}'s last return ({period:%-d %b %Y})",
        lambda: export_return_bytes(store, dept, period),
        f"{dept}-{period}.xlsx",
        XLSX,
        icon=":material/download:",
        on_click="ignore",
        key="dl_last_return",
    )


def upload_cap(user: auth.User) -> int:
    """The DELIVERY_MAX_UPLOAD_MB setting; its default if the setting is unusable, said on the page: to an admin
    with the setting's problem, to anyone else in words that name no setting."""
    try:
        return setting("DELIVERY_MAX_UPLOAD_MB")
    except DeliveryError as error:
        st.warning(
            f"{plain(error)} Using the default of 20 MB."
            if user.role == auth.ADMIN
            else "The largest file this server takes is set wrongly, so the usual 20 MB applies; "
            "tell your administrator."
        )
        return 20


def check_all(uploads, user: auth.User, today: dt.date, cap: int, datamap=None) -> list[dict]:
    """Check each uploaded file once per content (typing a reason must not re-read workbooks); with a
    ``datamap`` (ui/forms/layouts.py) the files are a department's own forms, read through it."""
    old, new = st.session_state.get("upload_checks", {}), {}
    for u in uploads:
        data = u.getvalue()
        key = (u.name, hashlib.sha256(data).hexdigest(), user, today, cap, datamap and datamap.sha256)
        if key not in old:
            with st.spinner(f"Checking {plain(u.name)}…"):
                old[key] = check_file(u.name, data, user, today, cap, datamap)
        new[key] = old[key]
    st.session_state["upload_checks"] = new  # files taken out of the uploader are forgotten
    files = [f | {"problems": list(f["problems"])} for f in new.values()]
    check_batch(files, get_store(), admin=auth.adds_any_priority_id(user))
    return files


def show_problems(files: list[dict]) -> None:
    """The validation report: one table of every problem (warnings too), as CSV, and each workbook marked up."""
    bad = [f for f in files if f["problems"]]
    count = sum(len(blocking(f["problems"])) for f in bad)
    st.error(
        f"Nothing has been loaded: {count} problem{'s' if count != 1 else ''} to fix in "
        f"{', '.join(plain(f['name']) for f in bad)}. Fix {'it' if count == 1 else 'them'} and upload again.",
        icon=":material/error:",
    )
    report = problems_table(p for f in bad for p in f["problems"])
    st.dataframe(report, hide_index=True, width="stretch", **fitted(report, wrap=("File", "Value found", "Problem")))
    st.download_button(
        "Problems as CSV",
        csv_bytes(report),
        "problems.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="dl_problems",
    )
    for f in bad:
        if f["parsed"] is not None:  # made when pressed: marking up a big workbook takes a while
            marked = functools.partial(marked_workbook, f["data"], tuple(f["problems"]), f["name"])
            st.download_button(
                f"{plain(f['name'])} with the problems marked",
                marked,
                f"{Path(f['name']).stem}-problems.xlsx",
                XLSX,
                icon=":material/download:",
                on_click="ignore",
                key=f"dl_marked_{f['name']}",
            )


def show_warnings(files: list[dict]) -> None:
    """Warnings that do not stop the load (a two-digit year, a negative amount): shown, and kept with the load."""
    warned = [p for f in files for p in warnings_in(f["problems"])]
    if not warned:
        return
    st.warning(
        f"{len(warned)} warning{'s' if len(warned) != 1 else ''}: check {'it' if len(warned) == 1 else 'them'}"
        " before committing. They do not stop the load and are kept with it in the loads history.",
        icon=":material/warning:",
    )
    warnings = problems_table(warned)
    st.dataframe(
        warnings, hide_index=True, width="stretch", **fitted(warnings, wrap=("File", "Value found", "Problem"))
    )


def previews_for(files: list[dict], version: str | None) -> list:
    """Each file's Preview against this store version, worked out once per file and version."""
    old = st.session_state.get("upload_previews", {})
    keys = [(f["parsed"].sha256, version) for f in files]
    new = {}
    for k, f in zip(keys, files):
        if k not in old:
            with st.spinner(f"Comparing {plain(f['name'])} with the store…"):
                old[k] = preview_return(get_store(), f["parsed"])
        new[k] = old[k]
    st.session_state["upload_previews"] = new
    return [new[k] for k in keys]


def show_preview(f: dict, preview) -> None:
    """What one return changes, section by section."""
    st.subheader(plain(f["name"]))
    st.markdown(preview.headline())  # our sentence; its department code has passed the departments list
    for attr, title in PREVIEW_TABLES:
        frame = getattr(preview, attr)
        if attr == "restated_targets":  # dates, numbers and text in one column: show them as text
            frame = frame.assign(Was=frame["Was"].map(shown_text), Now=frame["Now"].map(shown_text))
        if not frame.empty:
            st.markdown(f"**{title}** ({len(frame)})")
            dates = date_columns(*(c for c in PREVIEW_DATES if c in frame.columns))
            st.dataframe(frame, hide_index=True, width="stretch", column_config=dates)


def commit(files: list[dict], user: auth.User, reason: str, today: dt.date, bases: dict) -> None:
    """Load the files in one transaction, if no return moved since the ``bases`` of the previews the user
    read, and keep the summary (or why it was refused) for the next run, which shows the new preview."""
    with st.spinner("Loading: one load at a time, so this waits for any other load to finish…"):
        report = guarded_write(
            "Nothing was loaded",
            lambda: load_returns(
                get_store(),
                [source_of(f) for f in files],
                user.label,
                reason=reason.strip() or None,
                allowed_departments=auth.allowed_departments(user),
                today=today,
                bases=bases,
                admin=auth.adds_any_priority_id(user),
            ),
        )
    if report is None:
        return
    if report.refused:
        st.session_state[REFUSED] = report.refused
        st.rerun()
    if not report.ok:
        st.error("Nothing was loaded:\n\n" + "\n\n".join(plain(p) for p in report.problems), icon=":material/error:")
        return
    st.session_state["upload_done"] = report
    filters.forget_period()  # the browse pages then open on the newest data, just loaded
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
    st.session_state.pop("upload_reason", None)
    st.rerun()


REFUSED = "upload_refused"


def show_refused() -> None:
    """After a commit refused because someone else changed a return since its preview: who did what."""
    for message in st.session_state.pop(REFUSED, []):
        st.error(plain(message), icon=":material/update:")


def show_summary(report) -> None:
    """After a commit: what was loaded and rows per sheet (the store's version is for the Loads page)."""
    n = len(report.files)
    shown = (
        "every page now shows the new data."
        if reviews.started(query) is None
        else f"the centre reviews {'them' if n != 1 else 'it'} before viewers and ministers' briefs show "
        f"{'them' if n != 1 else 'it'}; centre staff see {'them' if n != 1 else 'it'} now, marked not yet reviewed."
    )
    st.success(f"Committed: {n} return{'s' if n != 1 else ''} loaded; {shown}", icon=":material/check_circle:")
    for f in report.files:
        st.markdown(plain(f.message))
    rows = pd.DataFrame([{"File": f.file_name} | f.row_counts for f in report.files])
    st.dataframe(rows, hide_index=True, width="stretch")
