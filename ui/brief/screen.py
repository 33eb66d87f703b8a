"""The Brief and Changes pages' Streamlit glue: choosing a scope, showing a brief, its downloads."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from delivery.briefs import content, make, text
from ui.auth import secrets
from ui.charts import draw
from ui.data import query
from ui.text import plain
from ui.views_detail import MOST_CHARTS

WHOLE, DEPARTMENT, PRIORITY = "Whole government", "One department", "One priority"
MIME = {"pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
LABEL = {"pdf": "Download the brief (PDF, A4)", "pptx": "Download the stocktake slides (PowerPoint)",
         "xlsx": "Download the tables (Excel pack)"}


def scope_picker(f) -> content.Scope:
    """Whole government, a department (the sidebar's, by default) or one priority (?priority=ID)."""
    kinds = [WHOLE, DEPARTMENT, PRIORITY]
    start = PRIORITY if st.query_params.get("priority") else DEPARTMENT if f.department else WHOLE
    kind = st.radio("Scope of the brief", kinds, index=kinds.index(start), horizontal=True)
    if kind == DEPARTMENT:
        depts = query("department_list")
        codes = list(depts["code"])
        names = dict(zip(depts["code"], depts["name"]))
        code = st.selectbox("Department", codes, index=codes.index(f.department) if f.department in codes else 0,
                            format_func=lambda c: f"{names.get(c, c)} ({c})")
        return content.Scope(department=code)
    if kind == PRIORITY:
        choices = query("priority_choices", as_at=f.as_at)
        ids = list(choices["priority_id"])
        wanted = st.query_params.get("priority")
        titles = dict(zip(ids, choices["title"]))
        pid = st.selectbox("Priority", ids, index=ids.index(wanted) if wanted in ids else 0,
                           format_func=lambda p: f"{p}: {titles[p]}") if ids else None
        return content.Scope(priority_id=pid)
    return content.Scope()


def settings_value(name: str) -> str:
    """A setting's value (environment, then secrets file, then default)."""
    from delivery import settings
    return settings.get(name, secrets=secrets())


@dataclass(frozen=True)
class SectionScreen:
    """One priority's part of the brief as the page draws it: each piece escaped (plain) already."""

    heading: str
    ratings: str
    source: str
    trajectory: str | None
    lists: list                      # Markdown of each non-empty list: milestones, risks, actions, questions


@dataclass(frozen=True)
class Screen:
    """The brief's words as the page draws them, escaped once when the brief is made (ui/views_detail.brief)
    rather than on every rerun: a national brief has 150 sections, about 1,500 pieces of text."""

    empty: bool                      # no priority in scope: the title and headline only
    title: str
    headline: str
    lists: list                      # (heading, Markdown) of the three lists
    note: str | None                 # why the charts are left off, when they are
    sections: list                   # SectionScreen per section, in order


def screen(data: content.BriefData, brief: text.Brief) -> Screen:
    """The brief on screen, in order: headline, the three lists, then one part per priority."""
    lists = [(f"#### {title}", "\n".join(f"- {plain(x)}" for x in lines) if lines else none)
             for title, lines, none in (
                 ("What needs the minister", brief.minister, "Nothing needs the minister this period."),
                 (brief.changed_heading, brief.changed, "Nothing changed."),
                 ("Small wins", brief.wins, "No small wins this period."))]
    note = (f"{len(brief.sections)} priorities: charts are left off the screen to keep it quick; "
            "the PDF and the slides have every chart.") if len(brief.sections) > MOST_CHARTS else None
    return Screen(data.empty, plain(brief.title), plain(brief.headline), lists, note,
                  [_section_screen(sec) for sec in brief.sections])


def _section_screen(sec: text.Section) -> SectionScreen:
    lists = [f"**{title}**  \n" + "  \n".join(f"· {plain(x)}" for x in lines)
             for title, lines in (("Next milestones", sec.milestones), ("Top risks", sec.risks),
                                  ("Open stocktake actions", sec.actions)) if lines]
    if sec.questions:
        lists.append("**Questions for the department**  \n"
                     + "  \n".join(f"· *{plain(q)}* {plain(a)}" for q, a in sec.questions))
    return SectionScreen(f"#### {plain(sec.priority_id)}: {plain(sec.title)}", plain(sec.ratings), plain(sec.source),
                         plain(sec.trajectory) if sec.trajectory else None, lists)


def show(made: Screen, charts: list) -> None:
    """The brief on screen (``made``: from ``screen``; ``charts``: a ChartSpec or None per section,
    from ui/views_detail.brief)."""
    st.subheader(made.title)
    st.markdown(made.headline)
    if made.empty:
        return
    for heading, body in made.lists:
        st.markdown(heading)
        st.markdown(body)
    if made.note:
        st.caption(made.note)
    for sec, chart in zip(made.sections, charts):
        _section(sec, chart)


def _section(sec: SectionScreen, chart) -> None:
    with st.container(border=True):
        st.markdown(sec.heading)
        st.markdown(sec.ratings)
        st.caption(sec.source)
        if chart is not None:
            draw(chart)
        if sec.trajectory:
            st.markdown(sec.trajectory)
        for body in sec.lists:
            st.markdown(body)


def downloads(data: content.BriefData, brief: text.Brief) -> None:
    """One download button per format; each file is made when its button is clicked."""
    marking = settings_value("DELIVERY_PROTECTIVE_MARKING")
    stem = _file_stem(data)
    with st.container(horizontal=True):
        for fmt in make.FORMATS:
            st.download_button(LABEL[fmt], data=_maker(data, brief, fmt, marking), file_name=f"{stem}.{fmt}",
                               mime=MIME[fmt], icon=":material/download:", on_click="ignore", key=f"brief_{fmt}")
    st.caption(f"Protective marking on every page: {plain(marking)} (the DELIVERY_PROTECTIVE_MARKING setting).")


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


def changes_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The changes as a table people read (old and new commentary side by side)."""
    return pd.DataFrame({"Priority": rows["priority_id"], "Title": rows["priority"], "What changed": rows["kind"],
                         "Since": pd.to_datetime(rows["since"]).dt.date, "Detail": rows["detail"],
                         "Before": rows["before"], "After": rows["after"]})
