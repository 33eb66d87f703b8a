"""The Milestones page on the sample government (tests/store_builder.py), driven with AppTest."""

import datetime as dt
import json

from tests.conftest import run_app, texts


def metrics(at) -> dict[str, str]:
    """The page's metrics: label -> value."""
    return {m.label: m.value for m in at.metric}


MARCH = dt.date(2026, 3, 31)


def _table(at):
    return at.dataframe[0].value


def test_counts_and_table_as_at_the_latest_period(serve_sample):
    at = run_app("milestones")
    assert not at.exception
    assert at.title[0].value == "Milestones across government"
    assert metrics(at) == {
        "Overdue": "1",
        "Due within 30 days": "0",
        "Due within 90 days": "1",
        "Slipped": "2",
        "Completed this period": "1",
    }  # 30 days overdue is slipped (was 1)
    table = _table(at)
    assert list(table["Milestone"]) == [
        "500 staff recruited",
        "Tutoring programme launched",
        "Diagnostic centres open",
        "Strategy published",
        "Contract signed",
    ]
    # HO-01's milestone is from HO's 31 Mar return, overdue at 30 Jun: not updated, in none of the counts
    assert list(table["Status"]) == ["Overdue", "Due in 31 to 90 days", "Due later", "Not updated", "Completed"]
    assert list(table["Slippage (days)"]) == [30, 0, 92, 0, -5]  # 30 days overdue is 30 days slipped (was 0)
    assert list(table["Rating"]) == ["Red", "Amber", "Amber", "Amber", "Green"]
    assert table["Open"][0] == "priority?priority=HEA-01&period=2026-06-30"
    assert "This period means after 31 Mar 2026 up to 30 Jun 2026." in " ".join(texts(at))
    assert len(at.get("vega_lite_chart")) == 1


def test_status_filter_shows_only_those_milestones(serve_sample):
    at = run_app("milestones")
    at.selectbox(key="milestones_show").set_value("Overdue").run()
    assert list(_table(at)["Milestone"]) == ["500 staff recruited"]
    assert list(_table(at)["Overdue (days)"]) == [30]
    at.selectbox(key="milestones_show").set_value("Slipped").run()
    assert list(_table(at)["Milestone"]) == ["500 staff recruited", "Diagnostic centres open"]  # overdue is slipped
    assert list(_table(at)["Slippage (days)"]) == [30, 92]
    at.selectbox(key="milestones_show").set_value("Due within 30 days").run()
    assert not at.dataframe
    assert "No milestones to show for this selection: due within 30 days." in texts(at)
    assert at.query_params["show"] == "due_30"


def test_the_view_is_kept_in_the_link(serve_sample):
    at = run_app("milestones", show="slipped")
    assert at.selectbox(key="milestones_show").value == "Slipped"
    assert list(_table(at)["Milestone"]) == ["500 staff recruited", "Diagnostic centres open"]


def test_a_bad_view_in_the_link_says_so_plainly(serve_sample):
    at = run_app("milestones", show="nonsense")
    assert not at.exception
    assert (
        "The link asks to show 'nonsense', which is not one of the choices here; showing all open milestones."
        in texts(at)
    )
    assert len(_table(at)) == 5


def test_as_at_an_earlier_period_shows_things_as_they_stood(serve_sample):
    at = run_app("milestones", period=MARCH)
    assert not at.exception
    # At 31 Mar nothing was completed or overdue; HO's return then still counted.
    assert metrics(at) == {
        "Overdue": "0",
        "Due within 30 days": "0",
        "Due within 90 days": "2",
        "Slipped": "0",
        "Completed this period": "0",
    }
    assert "This period means after 31 Dec 2025 up to 31 Mar 2026." in " ".join(texts(at))  # the quarter


def test_department_and_theme_filters(serve_sample):
    at = run_app("milestones", department="HO")
    # HO leads HO-01 and contributes to EDU-01.
    assert list(_table(at)["Priority"]) == ["EDU-01", "HO-01"]
    at = run_app("milestones", theme="Health")
    assert list(_table(at)["Priority"]) == ["HEA-01"] * 3


def test_a_department_with_no_data_says_so(serve_sample):
    at = run_app("milestones", department="MoJ")
    assert not at.exception
    assert (
        "There are no milestones as at 30 Jun 2026 led or contributed to by MoJ. "
        "The department may not have sent a return yet; choose another department, theme or period."
    ) in texts(at)


def test_empty_store_says_so(serve_empty):
    at = run_app("milestones")
    assert not at.exception
    assert any(t.startswith("No returns have been loaded yet") for t in texts(at))


def test_a_bad_period_in_the_link_is_explained_not_an_error(serve_sample):
    at = run_app("milestones", period="1999-13-45")
    # The frame's warning about the link is drawn by app.py, which AppTest does not show
    # after a page switch; tests/e2e/test_pages.py sees it in the browser.
    assert not at.exception
    assert metrics(at)["Overdue"] == "1"  # the latest period is shown instead


def test_the_slippage_column_says_overdue_days_count(serve_sample):
    from delivery.analysis.milestone_status import SLIPPAGE_HELP

    at = run_app("milestones")
    config = json.loads(at.dataframe[0].proto.columns)
    assert (
        config["Slippage (days)"]["help"]
        == SLIPPAGE_HELP
        == (
            "Days from the baseline date to the completion date or, if not completed, the forecast date; "
            "days overdue count as slippage too, even when the forecast was never updated."
        )
    )


def test_milestone_dates_read_as_people_write_them(serve_sample):
    at = run_app("milestones")
    config = json.loads(at.dataframe[0].proto.columns)
    assert {
        c: config[c]["type_config"]["format"] for c in ("Baseline date", "Forecast date", "Completed")
    } == dict.fromkeys(("Baseline date", "Forecast date", "Completed"), "D MMM YYYY")
    assert at.dataframe[0].proto.placeholder == "–"  # a milestone not completed shows a dash, not 'None'


def test_ratings_are_painted_and_a_rerun_sends_the_same_table(serve_sample):
    at = run_app("milestones")
    first = at.dataframe[0].proto
    column = list(_table(at).columns).index("Rating")
    uuid = first.arrow_data.styler.uuid
    cell = f"#T_{uuid}_row{{}}_col{column}".format
    assert first.arrow_data.styler.styles.split(
        "\n"
    ) == [  # Red, Amber, Amber, Amber, Green (the Styler groups alike cells)
        f"{cell(0)} {{ background-color: #C0392B; color: #FFFFFF }}",
        f"{cell(1)}, {cell(2)}, {cell(3)} {{ background-color: #F1C40F; color: #000000 }}",
        f"{cell(4)} {{ background-color: #1A9850; color: #000000 }}",
    ]
    at.run()  # a widget click: the same table, made once (ui/frame/tables.py)
    assert at.dataframe[0].proto == first
    at.selectbox(key="milestones_show").set_value("Slipped").run()
    assert list(_table(at)["Rating"]) == ["Red", "Amber"]
    assert at.dataframe[0].proto.arrow_data.styler.styles.count("background-color") == 2
