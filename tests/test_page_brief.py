"""The Brief and What changed pages, and recording the centre's rating and an action on the
Priority page, driven with AppTest."""

import datetime as dt

import pandas as pd
import pytest

from delivery.store.versions import run_query
from tests.conftest import run_app, texts
from tests.store_builder import build_store, sample_returns


@pytest.fixture
def writable(tmp_path, monkeypatch):
    """A copy of the sample government the test may write to."""
    store = build_store(tmp_path, sample_returns(), use_loader=False)
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    return store


def _by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def test_brief_page_shows_the_headline_sections_and_a_download_per_format(serve_sample):
    at = run_app("brief")
    assert not at.exception
    said = texts(at)
    # HO-01 (Red, from HO's 31 Mar return) is not reported this period: counted apart, as on the Overview
    assert any(t.startswith("As at 30 Jun 2026, 1 of the 3 priorities reported this period is on track") for t in said)
    assert [t for t in said if t.startswith("#### ")] == [
        "#### Decisions needed",
        "#### Every priority, by concern",
        "#### Actions from the last stocktake",
        "#### What changed since 31 Mar 2026",
        "#### Small wins",
        "#### HO-01: Halve knife crime",
        "#### EDU-01: Raise reading at age 11",
        "#### HEA-02: Expand mental health support",
        "#### HEA-01: Cut hospital waiting times",
    ]
    table = at.dataframe[0].value  # the same rows, in the same order, as the PDF's first page
    assert table[["Priority", "Dept's rating", "Movement"]].values.tolist() == [
        ["Halve knife crime (HO-01)", "Red", "Not reported since 31 Mar 2026"],
        ["Raise reading at age 11 (EDU-01)", "Amber/Red", "Worsened from Green"],
        ["Expand mental health support (HEA-02)", "Amber", "New this period"],  # Amber before Amber/Green
        ["Cut hospital waiting times (HEA-01)", "Amber/Green", "Improved from Amber"],
    ]
    assert [b.label for b in at.get("download_button")] == [
        "Download the brief (PDF, A4)",
        "Download the brief to edit (Word)",
        "Download the stocktake slides (PowerPoint)",
        "Download the tables (Excel pack)",
    ]


def test_brief_page_for_an_empty_department_says_so(serve_sample):
    at = run_app("brief", department="MoJ")
    assert not at.exception
    assert at.radio[0].value == "One department"
    assert (
        "There are no priorities in this scope (Department\\: MoJ (leads or contributes)) as at 30 Jun 2026, "
        "so there is nothing to report."
    ) in texts(at)


def test_brief_page_for_one_priority_from_a_link(serve_sample):
    at = run_app("brief", priority="HO-01")
    assert not at.exception and at.radio[0].value == "One priority"
    assert "Lead\\: Home Office. From HO's return as at 31 Mar 2026; its return for 30 Jun 2026 is overdue." in texts(
        at
    )


def test_changes_page_lists_what_changed(serve_sample):
    at = run_app("changes")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 12
    assert at.dataframe[0].proto.placeholder == "–"  # Before and After read None on most rows
    # Most serious first: a rating worsening comes first (it sat in row 6, shortest first, among completions).
    assert table.iloc[0].tolist()[:5] == [
        "EDU-01",
        "Raise reading at age 11",
        "Department's rating",
        dt.date(2026, 3, 31),
        "Department's rating worsened: Green to Amber/Red",
    ]
    assert table[["Priority", "What changed"]].values.tolist() == [
        ["EDU-01", "Department's rating"],  # worsened to Amber/Red
        ["HEA-01", "Barrier opened"],  # escalated to the centre
        ["HEA-01", "Milestone newly overdue"],
        ["EDU-01", "Crossed its trajectory"],  # now off trajectory
        ["HEA-01", "Milestone slipped"],
        ["HEA-02", "New priority"],
        ["HEA-01", "Milestone completed"],  # good news, shortest first
        ["HEA-01", "Department's rating"],  # improved
        ["EDU-01", "Issue opened"],  # routine: not escalated
        ["HEA-01", "New actuals"],
        ["HEA-01", "New actuals"],
        ["EDU-01", "New actuals"],
    ]
    assert {m.label: m.value for m in at.metric}["Milestone slipped"] == "1"
    assert any(
        t.startswith("Most serious first: ratings worsened to Red or Amber/Red, priorities that left, ")
        for t in texts(at)
    )


def test_changes_page_in_the_first_period_says_there_is_nothing_to_compare(serve_sample):
    at = run_app("changes", period="2026-03-31")
    assert not at.exception
    assert "31 Mar 2026 is the first reporting period in the store, so there is nothing to compare it with." in texts(
        at
    )


def test_a_centre_analyst_records_a_rating_and_an_action_on_the_priority_page(writable):
    at = run_app("priority", priority="HEA-01")  # local mode: the one user is an admin
    _by_label(at.selectbox, "The centre's rating").set_value("Red")
    _by_label(at.text_area, "Reason (kept with the rating)").input("**Bold** claim [link](http://x.example)")
    _by_label(at.button, "Record the centre's rating").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Recorded the centre's rating of HEA-01 for 30 Jun 2026: Red."]
    _by_label(at.text_input, "What is to be done").input("Agree pay flexibility")
    _by_label(at.text_input, "Owner").input("HM Treasury")
    _by_label(at.date_input, "Due date").set_value(dt.date(2026, 6, 1))
    _by_label(at.date_input, "Date of the stocktake").set_value(dt.date(2026, 6, 30))
    _by_label(at.button, "Record the action").click().run()
    assert any(w.value.startswith("The due date, 1 Jun 2026, is before today") for w in at.warning)  # asked first
    at.button(key="j_past_due_ok").click().run()
    assert [s.value for s in at.success] == ["Recorded a stocktake action for HEA-01."]
    at.run()
    said = texts(at)
    assert any(
        "**Centre's rating:** :red-badge[Red] for 30 Jun 2026 (**differs**): "
        "\\*\\*Bold\\*\\* claim \\[link\\](http\u2060\\://x.example)" in t
        for t in said
    )
    assert any(
        w.startswith("1 stocktake action overdue as at 30 Jun 2026: Agree pay flexibility")
        for w in [w.value for w in at.warning]
    )
    con = writable.connect_read()
    assert run_query(con, "judgement_history", {"priority_id": "HEA-01"})["kind"].tolist() == [
        "action",
        "centre rating",
    ]
    con.close()


def test_a_new_action_is_agreed_today_due_at_the_next_stocktake_and_a_past_due_date_is_confirmed(writable, monkeypatch):
    from ui.frame import filters

    monkeypatch.setattr(filters, "today", lambda: dt.date(2026, 12, 6))
    at = run_app("priority", priority="HEA-01", period="2026-06-30")
    # On 6 Dec the form said due 28 Jul (the period's end and four weeks), agreed 30 Jun: overdue at birth.
    assert _by_label(at.date_input, "Date of the stocktake").value == dt.date(2026, 12, 6)
    assert _by_label(at.date_input, "Due date").value == dt.date(2026, 12, 31)  # DHSC's next quarter end
    _by_label(at.text_input, "What is to be done").input("Agree pay flexibility")
    _by_label(at.text_input, "Owner").input("HM Treasury")
    _by_label(at.date_input, "Due date").set_value(dt.date(2026, 10, 28))
    before = writable.version()
    _by_label(at.button, "Record the action").click().run()
    assert not at.exception and at.success.len == 0
    assert [w.value for w in at.warning if w.value.startswith("The due date")] == [
        "The due date, 28 Oct 2026, is before today (6 Dec 2026), so the action would be overdue as soon as it is "
        "recorded. Nothing has been recorded yet: record it anyway, or change the due date and record the action "
        "again."
    ]
    assert writable.version() == before  # nothing written until confirmed
    _by_label(at.date_input, "Due date").set_value(dt.date(2026, 12, 31))  # changed instead
    _by_label(at.button, "Record the action").click().run()
    assert [s.value for s in at.success] == [
        "Recorded a stocktake action for HEA-01. It was agreed after 30 Jun 2026, so it is listed as at "
        "31 Dec 2026 and later (pages as at a period list the actions agreed by its end)."
    ]
    assert not any(w.value.startswith("The due date") for w in at.warning)
    con = writable.connect_read()
    rows = run_query(con, "stocktake_actions_at", {"as_at": dt.date(2026, 12, 31)})
    assert rows[["description", "stocktake_date", "due_date", "overdue"]].astype(str).values.tolist() == [
        ["Agree pay flexibility", "2026-12-06", "2026-12-31", "False"]
    ]
    con.close()


def test_a_blank_reason_is_refused_and_nothing_is_written(writable):
    at = run_app("priority", priority="HEA-01")
    before = writable.version()
    _by_label(at.selectbox, "The centre's rating").set_value("Red")
    _by_label(at.button, "Record the centre's rating").click().run()
    assert [e.value for e in at.error] == ["Nothing was recorded: The reason is blank; please fill it in."]
    assert writable.version() == before


def test_a_viewer_sees_no_forms(serve_sample, monkeypatch):
    monkeypatch.setenv("DELIVERY_LOCAL_MODE", "off")
    at = run_app("priority", priority="HEA-01")
    assert not at.exception
    assert "Centre analysts record the centre's rating and stocktake actions here." in texts(at)
    assert [b.label for b in at.button if b.label.startswith("Record")] == []


def test_overview_lists_disagreements_and_overdue_actions_and_the_history_draws_both_series(writable):
    from delivery.auth import CENTRE_ANALYST, User
    from delivery.store import judgements
    from tests.conftest import chart_specs
    from tests.store_builder import PERIOD_1, PERIOD_2

    cara = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
    judgements.record_rating(writable, cara, "HEA-01", PERIOD_2, "Red", "Staff gap")
    judgements.record_action(writable, cara, "EDU-01", PERIOD_1, "Recruit tutors", "DfE", dt.date(2026, 5, 31))
    at = run_app("overview")
    assert not at.exception
    whys = {
        row["Why"]: row["Detail"]
        for table in at.dataframe
        for row in table.value.to_dict("records")
        if "Why" in table.value.columns
    }
    assert whys["Centre differs"] == "Department: Amber/Green; centre: Red for 30 Jun 2026 (Staff gap)"
    assert whys["Action overdue"] == "Recruit tutors (owner DfE, due 31 May 2026, 30 days overdue)"
    at = run_app("priority", priority="HEA-01")
    assert not at.exception and "Delivery confidence each period" in [c["title"]["text"] for c in chart_specs(at)]
    con = writable.connect_read()  # the frames the page's rating history chart is drawn from
    params = {"as_at": PERIOD_2, "priority_id": "HEA-01"}
    frames = [run_query(con, q, params) for q in ("priority_rating_history", "priority_centre_rating_history")]
    con.close()
    from delivery.charts.priority import rating_history_chart

    spec = rating_history_chart(pd.concat(frames, ignore_index=True), PERIOD_2).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [(r["rated_by"], r["rag"]) for r in rows] == [
        ("Department", "Amber"),
        ("Department", "Amber/Green"),
        ("Centre", "Red"),
    ]
    assert spec["layer"][0]["encoding"]["strokeDash"]["field"] == "rated_by"


def test_a_brief_rerun_gathers_and_words_nothing_again(serve_sample, monkeypatch):
    from delivery.briefs import content, text

    calls = []
    for module, name in ((content, "gather"), (text, "make_brief")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    at = run_app("brief")
    assert not at.exception and calls == ["gather", "make_brief"]
    at.run()  # the brief from its cache, and its facts (for the downloads) from theirs
    assert not at.exception and calls == ["gather", "make_brief"]
    assert len(at.get("download_button")) == 4
    assert at.subheader[0].value == "Delivery brief\\: Whole government, as at 30 Jun 2026"


def test_the_brief_page_asks_of_a_flagged_priority_and_what_changed_gathers_no_flags(serve_sample, monkeypatch):
    """HEA-01's Amber/Green is not borne out by its own data: the Brief page puts the data checks' flag to
    DHSC, as the PDF does; What changed, which reads the same facts, never pays for the flags."""
    import streamlit as st

    from delivery.analysis import flags

    calls = []
    real = flags.gather
    monkeypatch.setattr(flags, "gather", lambda *a, **k: calls.append("flags") or real(*a, **k))
    at = run_app()  # the Overview counts the flags
    st.cache_data.clear()
    calls.clear()
    at.switch_page("pages/changes.py").run()
    assert not at.exception and calls == []
    at.switch_page("pages/brief.py").run()
    assert not at.exception and calls == ["flags"]
    (asked,) = [t for t in texts(at) if t.startswith("**Questions for the department (flagged")]
    assert asked.splitlines()[:3] == [  # as plain text: the colons escaped, never Markdown
        "**Questions for the department (flagged by the data checks)**  ",
        "· *What is the problem?* The data checks question the return\\: Rated Amber/Green, but 1 milestone is "
        "overdue (M2); 1 barrier is open and escalated (R1).  ",
        "· *How do you know?* 0 indicators off trajectory and 1 overdue milestone as at 30 Jun 2026. The data "
        "checks raise 1 flag\\: Rating not supported by its data (1).  ",
    ]
