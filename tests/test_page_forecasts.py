"""Forecasts and flags where people read them: the Priority, Indicators and Overview pages, on the small demo."""

import pytest

from tests.conftest import chart_specs, run_app, texts


@pytest.fixture
def serve_demo(demo_store_root, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(demo_store_root))
    return demo_store_root


def test_the_priority_page_says_each_forecast_and_draws_it_dashed(serve_demo):
    at = run_app("priority", priority="HEA-02", period="2026-09-30")
    assert not at.exception
    said = [t for t in texts(at) if t.startswith("**Forecast")]
    assert said == [
        "**Forecast: off course.** Not on current trend to reach the target of 85 by Mar 2028\\: a rise of 1.07 a "
        "month is needed, a fall of 0.1 a month achieved.",
        "**Forecast: off course.** At this rate the target of 520 is reached in Dec 2042, 177 months late; a rise "
        "of 7.94 a month is needed, a rise of 0.732 a month achieved.",
    ]
    dashed = [
        layer
        for spec in chart_specs(at)
        for layer in spec.get("layer", [])
        if layer.get("mark", {}).get("strokeDash") == [6, 4]
    ]
    assert len(dashed) == 2


def test_the_priority_page_lists_its_flags(serve_demo):
    at = run_app("priority", priority="HEA-02", period="2026-09-30")
    flagged = [w.value for w in at.warning if "to check against the data" in w.value]
    assert flagged == [
        "**1 flag to check against the data**\n\n- **Rating not supported by its data:** Rated Green, but 2 "
        "indicators are off trajectory (HEA-02-I1, HEA-02-I2); 2 forecasts are off course (HEA-02-I1, HEA-02-I2)."
    ]


def test_the_indicators_page_has_a_forecast_beside_each_status(serve_demo):
    at = run_app("indicators", period="2026-09-30")
    assert not at.exception
    table = at.dataframe[0].value
    forecast = dict(zip(table["Indicator"].str.split(" ").str[0], table["Forecast"]))
    assert (forecast["HEA-02-I1"], forecast["JUS-01-I1"], forecast["EDU-01-I1"]) == (
        "off course",
        "on course",
        "at risk",
    )
    assert sum(t.startswith("**Forecast") for t in texts(at)) == 12  # one under each panel


def test_the_overview_counts_the_flags(serve_demo):
    at = run_app(None, period="2026-09-30")
    assert not at.exception
    said = [t for t in texts(at) if "claims to check against the data" in t]
    assert said == [
        "**23 flags** on 11 priorities: claims to check against the data (milestone slipped again and again: 4; "
        "commentary copied while the rating moved: 3; rating not supported by its data: 3; actuals exactly on the "
        "trajectory: 2; past actuals restated: 2; target date put back: 2; target lowered: 2; actuals repeated "
        "exactly: 1; likely units error: 1; milestone re-baselined: 1; no source recorded: 1; rating without "
        "commentary: 1)."
    ]
