"""What the Brief page's reader chooses: the scope of the brief, and a download of it in each format."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from delivery.briefs import content, make, printable, render, text
from delivery.reference import profile
from ui.frame.auth import secrets
from ui.frame.data import query
from ui.frame.text import plain

WHOLE, DEPARTMENT, PRIORITY = "Whole government", "One department", "One priority"
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LABEL = {
    "pdf": "Download the brief (PDF, A4)",
    "docx": "Download the brief to edit (Word)",
    "pptx": "Download the stocktake slides (PowerPoint)",
    "xlsx": "Download the tables (Excel pack)",
}


def scope_picker(f) -> content.Scope:
    """Whole government, a department (the sidebar's, by default) or one priority (?priority=ID)."""
    kinds = [WHOLE, DEPARTMENT, PRIORITY]
    start = PRIORITY if st.query_params.get("priority") else DEPARTMENT if f.department else WHOLE
    kind = st.radio("Scope of the brief", kinds, index=kinds.index(start), horizontal=True)
    if kind == DEPARTMENT:
        depts = query("department_list")
        codes = list(depts["code"])
        names = dict(zip(depts["code"], depts["name"]))
        code = st.selectbox(
            "Department",
            codes,
            index=codes.index(f.department) if f.department in codes else 0,
            format_func=lambda c: f"{names.get(c, c)} ({c})",
        )
        return content.Scope(department=code)
    if kind == PRIORITY:
        choices = query("priority_choices", as_at=f.as_at)
        ids = list(choices["priority_id"])
        wanted = st.query_params.get("priority")
        titles = dict(zip(ids, choices["title"]))
        pid = (
            st.selectbox(
                "Priority",
                ids,
                index=ids.index(wanted) if wanted in ids else 0,
                format_func=lambda p: f"{p}: {titles[p]}",
            )
            if ids
            else None
        )
        return content.Scope(priority_id=pid)
    return content.Scope()


def downloads(data: content.BriefData, brief: text.Brief) -> None:
    """One download button per format; each file is made when its button is clicked. A PDF that could not
    print a character of the brief is not offered: the page says which priority's text, and why."""
    marking = profile.protective_marking(secrets())
    stem = _file_stem(data)
    refused = render.pdf_problem() or printable.problem(data, brief, marking)
    with st.container(horizontal=True):
        for fmt in make.FORMATS:
            if fmt == "pdf" and refused:
                continue
            st.download_button(
                LABEL[fmt],
                data=_maker(data, brief, fmt, marking),
                file_name=f"{stem}.{fmt}",
                mime=MIME[fmt],
                icon=":material/download:",
                on_click="ignore",
                key=f"brief_{fmt}",
            )
    if refused:
        st.warning(plain(refused))
    st.caption(f"Protective marking on every page: {plain(marking)}.")  # where it is set: the Settings page


def _maker(data, brief, fmt: str, marking: str):
    def build() -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            path = make.write(data, brief, fmt, Path(tmp) / f"brief.{fmt}", protective_marking=marking)
            return path.read_bytes()

    return build


def _file_stem(data: content.BriefData) -> str:
    what = data.scope.priority_id or data.scope.department or "government"
    when = pd.Timestamp(data.as_at).date().isoformat() if data.as_at else "no-data"
    return "brief-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in f"{what}-{when}")
