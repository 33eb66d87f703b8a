"""Pages compute once per store version and view (ui/views/), charts are finished specs (ui/frame/charts.py),
and a new version's default views are computed before the first visitor (ui/views/warm.py)."""

from __future__ import annotations

import dataclasses
import json
import threading

import altair as alt
import pandas as pd
from streamlit.testing.v1 import AppTest

from delivery.analysis import attention
from tests.conftest import run_app
from ui.frame.data import store_version
from ui.views import warm


def _spy(monkeypatch, module, name: str) -> list:
    """Count calls of module.name (passing them through)."""
    calls, real = [], getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_rerun_reuses_the_computed_view(serve_sample, monkeypatch):
    calls = _spy(monkeypatch, attention, "exceptions")
    at = run_app()
    assert not at.exception and len(calls) == 1
    at.run()  # a widget click, or a second visitor with the same view
    assert len(calls) == 1
    at.sidebar.selectbox(key="f_department").set_value("DfE").run()  # another view: computed once
    assert not at.exception and len(calls) == 2
    assert [w.value for w in at.warning] == []


def test_warming_computes_the_default_view_before_the_first_visitor(serve_sample, monkeypatch):
    calls = _spy(monkeypatch, attention, "exceptions")
    warm.warm(store_version())
    assert len(calls) == 1
    at = run_app()  # the first visitor, on the default view: nothing left to compute
    assert not at.exception and len(calls) == 1
    assert at.header[0].value == "What is off track, as at 30 Jun 2026"


def test_warming_computes_the_whole_government_brief(serve_sample, monkeypatch):
    from delivery.briefs import text

    calls = _spy(monkeypatch, text, "make_brief")
    warm.warm(store_version())
    assert len(calls) == 1
    at = run_app("brief")  # opens on the whole government: already made
    assert not at.exception and len(calls) == 1
    assert at.subheader[0].value == "Delivery brief\\: Whole government, as at 30 Jun 2026"


def test_warming_asks_whether_a_pdf_can_be_printed_once_for_the_process(serve_sample):
    from delivery.briefs import render

    render.pdf_problem.cache_clear()
    warm.warm(store_version())
    assert render.pdf_problem.cache_info().currsize == 1  # WeasyPrint imported: the Brief's first visitor waits not
    assert render.pdf_problem() is None  # Pango is installed here


def test_tests_and_the_command_line_start_no_warming_thread(serve_sample):
    run_app()
    assert "warm-caches" not in {t.name for t in threading.enumerate()}


SCRIPT = """
import altair as alt
import pandas as pd
import streamlit as st
from ui.frame.charts import chart_spec, draw

frame = pd.DataFrame({"period_end": pd.to_datetime(["2026-03-31", "2026-06-30"]), "value": [1.5, 2.5]})
chart = alt.Chart(frame).mark_line().encode(x="period_end:T", y="value:Q").properties(height=200, title="T")
st.altair_chart(chart, width="stretch", height=320)
draw(chart_spec(chart))
"""


def test_a_finished_spec_draws_exactly_what_st_altair_chart_draws():
    at = AppTest.from_string(SCRIPT).run()
    assert not at.exception
    direct, finished = (c.proto for c in at.get("vega_lite_chart"))
    assert json.loads(finished.spec) == json.loads(direct.spec)
    assert [d.data.data for d in finished.datasets] == [d.data.data for d in direct.datasets]
    assert len(direct.datasets) == 1  # the data went as Arrow, not inline in the spec
    assert finished.theme == direct.theme == "streamlit"


def test_chart_height_counts_the_title_lines_and_legend():
    from ui.frame.charts import chart_height

    frame = pd.DataFrame({"x": [1]})
    plain_chart = alt.Chart(frame).mark_point().properties(height=200)
    titled = plain_chart.properties(title=alt.Title("T", subtitle=["one", "two", "three"]))
    assert chart_height(plain_chart) == 320
    assert chart_height(titled, extra_px=90) == 200 + 120 + 32 + 90


def test_the_milestone_headlines_are_kept_as_counts_not_as_every_milestone(serve_sample):
    from ui.frame.filters import default_filters
    from ui.views import portfolio as views

    run_app()  # a script run: the filters' calendar and periods read from the store
    f = default_filters()
    assert views.milestone_counts(store_version(), f) == {
        "overdue": 1,
        "due_30": 0,
        "due_90": 1,
        "slipped": 2,
        "completed": 1,
    }
    moj = dataclasses.replace(f, department="MoJ")
    assert views.milestone_counts(store_version(), moj) is None  # nothing in scope: the page says so
