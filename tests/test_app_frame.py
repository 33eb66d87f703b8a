"""The frame (app.py): navigation, masthead, sidebar filters kept in the URL, deep links, bad links."""

import datetime as dt

import pytest

from tests.conftest import run_app, texts

JUNE, MARCH = dt.date(2026, 6, 30), dt.date(2026, 3, 31)
PAGES = ["overview", "priorities", "priority", "milestones", "chains", "indicators"]


def test_masthead_names_the_government_and_the_latest_data(serve_sample, monkeypatch):
    monkeypatch.setenv("DELIVERY_GOVERNMENT_NAME", "Government of Testland")
    at = run_app()
    assert not at.exception
    assert (
        at.sidebar.markdown[0].value
        == "**Government of Testland**  \nDelivery dashboard · Latest data as at 30 Jun 2026"
    )
    assert at.caption[0].value == "Government of Testland · As at 30 Jun 2026 · All departments · all themes"


def test_filters_offer_the_store_periods_departments_and_themes(serve_sample):
    at = run_app()
    assert at.selectbox(key="f_period").options == ["30 Jun 2026", "31 Mar 2026"]
    assert at.selectbox(key="f_period").value == JUNE
    departments = at.selectbox(key="f_department").options
    assert departments[0] == "All" and "Home Office (HO)" in departments
    assert "Ministry of Justice (MoJ) · no returns yet" in departments
    assert at.selectbox(key="f_theme").options == ["All", "Health", "Opportunity", "Safety"]
    assert dict(at.query_params) == {"period": "2026-06-30"}


def test_filters_go_into_the_url_and_survive_moving_between_pages(serve_sample):
    at = run_app()
    at.selectbox(key="f_department").set_value("HO").run()
    at.selectbox(key="f_period").set_value(MARCH).run()
    assert dict(at.query_params) == {"period": "2026-03-31", "department": "HO"}
    at.switch_page("pages/priorities.py").run()
    assert not at.exception
    assert dict(at.query_params) == {"period": "2026-03-31", "department": "HO"}
    assert at.dataframe[0].value["ID"].tolist() == ["HO-01", "EDU-01"]  # most concerning first: Red, then Green


def test_a_link_with_filters_opens_that_view(serve_sample):
    at = run_app("priorities", period="2026-03-31", department="DHSC", theme="Health")
    assert not at.exception
    assert at.caption[0].value.endswith("As at 31 Mar 2026 · Department: DHSC (leads or contributes) · Theme: Health")
    assert at.dataframe[0].value["ID"].tolist() == ["HEA-01"]


@pytest.mark.parametrize(
    "param, value, message",
    [
        (
            "period",
            "1999-13-45",
            "The link asks for the reporting period '1999-13-45', which is not one in the store; showing 30 Jun 2026 instead.",
        ),
        (
            "period",
            "2020-01-31",
            "The link asks for the reporting period '2020-01-31', which is not one in the store; showing 30 Jun 2026 instead.",
        ),
        (
            "department",
            "XYZ",
            "The link asks for the department 'XYZ', which is not one in the store; showing All instead.",
        ),
        (
            "theme",
            "Nonsense",
            "The link asks for the theme 'Nonsense', which is not one in the store; showing All instead.",
        ),
    ],
)
def test_a_bad_link_parameter_gives_a_plain_message(serve_sample, param, value, message):
    at = run_app(**{param: value})
    assert not at.exception
    assert message in [w.value for w in at.warning]
    assert at.title[0].value == "Overview"


def test_a_shared_root_link_with_a_priority_opens_that_priority(serve_sample):
    at = run_app(priority="EDU-01", department="HO")
    assert not at.exception
    assert at.title[0].value == "EDU-01: Raise reading at age 11"
    assert dict(at.query_params) == {"priority": "EDU-01", "department": "HO", "period": "2026-06-30"}


def test_every_page_opens_without_an_error(serve_sample):
    at = run_app(priority="HEA-01")
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        assert at.title, page


def test_every_page_on_an_empty_store_says_so(serve_empty):
    at = run_app()
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        assert at.sidebar.markdown[0].value.endswith("Delivery dashboard · No data loaded yet")
        assert "No returns have been loaded yet" in " ".join(texts(at)), page


@pytest.mark.parametrize(
    ("role", "next_step"),
    [
        # a viewer was told to run a command on the server
        ("viewer", "The delivery unit loads departments' returns; this page fills in when the first is loaded."),
        ("analyst for DfE", "Load a department's return on the Upload returns page to begin."),
        ("centre analyst", "Load a department's return on the Upload returns page to begin."),
        (
            "admin",
            "Load a department's return on the Upload returns page, or with `python -m delivery load FILE` on the "
            "server, to begin.",
        ),
    ],
)
def test_an_empty_store_says_the_next_step_the_reader_can_take(serve_empty, monkeypatch, role, next_step):
    monkeypatch.setenv("DELIVERY_LOCAL_ROLE", role)
    at = run_app()
    at.switch_page("pages/priorities.py").run()
    assert not at.exception
    assert f"No returns have been loaded yet, so there is nothing to show. {next_step}" in [i.value for i in at.info]
