"""The Indicators page on the sample government (tests/store_builder.py), driven with AppTest."""

import datetime as dt
import json

from tests.conftest import run_app, texts


def metrics(at) -> dict[str, str]:
    """The page's metrics: label -> value."""
    return {m.label: m.value for m in at.metric}


def _charts(at):
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_on_and_off_trajectory_worst_first(serve_sample):
    at = run_app("indicators")
    assert not at.exception
    assert at.title[0].value == "Indicators"
    assert metrics(at) == {"On trajectory": "3", "Off trajectory": "1", "Not yet judged": "0"}
    table = at.dataframe[0].value
    assert list(table["Indicator"]) == [
        "I3 Pupils meeting the expected reading standard",
        "I1 Patients waiting over 18 weeks",
        "I2 Diagnostic tests within 6 weeks",
        "I4 Knife crime offences",
    ]
    assert list(table["Status"]) == ["Off trajectory", "On trajectory", "On trajectory", "On trajectory"]
    assert list(table["Actual"]) == ["70", "352,000", "77", "49,000"]
    assert list(table["Planned"]) == ["77", "350,000", "76", "48,000"]  # I1: the re-baselined plan
    # A long name wraps onto lines in its panel (it was cut with "…" at 1024 px).
    assert [" ".join(t) if isinstance(t := c["title"]["text"], list) else t for c in _charts(at)[:4]] == list(
        table["Indicator"]
    )


def test_league_table_of_areas_against_trajectory(serve_sample):
    at = run_app("indicators")
    assert at.selectbox(key="indicators_league").value == "I2 Diagnostic tests within 6 weeks (3 areas)"
    league = at.dataframe[1].value
    assert [tuple(r) for r in league[["Rank", "Area", "Difference from plan", "Status"]].itertuples(index=False)] == [
        (1, "NE", "5.3% above plan (better)", "On trajectory"),
        (2, "NW", "2.6% below plan (worse)", "On trajectory"),
        (3, "LDN", "10.5% below plan (worse)", "Off trajectory"),
    ]
    assert (
        "3 areas, each compared with the national trajectory for its period: 2 on trajectory, 1 off. Best NE, "
        "5.3% above plan (better); furthest behind LDN, 10.5% below plan (worse): a spread of 15.8 percentage points."
    ) in texts(at)
    # The period reads '30 Jun 2026' like every other date (it showed 2026-06-30).
    assert json.loads(at.dataframe[1].proto.columns)["Period"]["type_config"]["format"] == "D MMM YYYY"
    assert json.loads(at.dataframe[0].proto.columns)["Latest period"]["type_config"]["format"] == "D MMM YYYY"
    chart = _charts(at)[4]
    assert chart["title"]["text"] == ["Diagnostic tests within 6 weeks:", "areas against trajectory"]
    at.selectbox(key="indicators_league").set_value(
        "I3 Pupils meeting the expected reading standard (no area figures)"
    ).run()
    assert "No local area figures have been reported for Pupils meeting the expected reading standard." in texts(at)


def test_as_at_march_everything_was_on_trajectory(serve_sample):
    at = run_app("indicators", period=dt.date(2026, 3, 31))
    assert metrics(at) == {"On trajectory": "4", "Off trajectory": "0", "Not yet judged": "0"}
    table = at.dataframe[0].value.set_index("Indicator")
    assert table.loc["I1 Patients waiting over 18 weeks", "Planned"] == "375,000"


def test_department_filter(serve_sample):
    at = run_app("indicators", department="DfE")
    assert list(at.dataframe[0].value["Indicator"]) == ["I3 Pupils meeting the expected reading standard"]


def test_a_department_with_no_indicators_says_so(serve_sample):
    at = run_app("indicators", department="MoJ")
    assert not at.exception
    assert (
        "There are no indicators as at 30 Jun 2026 led or contributed to by MoJ. "
        "The department may not have sent a return yet; choose another department, theme or period."
    ) in texts(at)


def test_empty_store_says_so(serve_empty):
    at = run_app("indicators")
    assert not at.exception
    assert any(t.startswith("No returns have been loaded yet") for t in texts(at))


def test_show_only_the_indicators_off_trajectory(serve_sample):
    at = run_app("indicators")
    at.selectbox(key="indicators_show").set_value("Off trajectory").run()
    assert [c["title"]["text"] for c in _charts(at)[:-1]] == [["I3 Pupils meeting the", "expected reading standard"]]
    at.selectbox(key="indicators_show").set_value("Not yet judged").run()
    assert "No indicators are in this group: not yet judged." in texts(at)
