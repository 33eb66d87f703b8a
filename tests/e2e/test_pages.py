"""Every page in a real browser: no error box, known data from the sample store visible, a screenshot.

Runs `streamlit run app.py` on the sample government (tests/store_builder.py) and opens
each page in Debian's Chromium as a shared link would. Screenshots: tests/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PAGES, SCREENSHOTS, WAIT_MS, open_page, sync_api

pytestmark = pytest.mark.e2e
expect = sync_api.expect


def _charts_drawn(page) -> None:
    """Wait until every chart on the page has drawn (Vega draws after the data arrives)."""
    charts = page.get_by_test_id("stVegaLiteChart")
    for i in range(charts.count()):
        expect(charts.nth(i).locator("canvas, svg").first).to_be_visible(timeout=WAIT_MS)


def _screenshot_whole_page(page, name: str) -> None:
    """Streamlit scrolls inside its main pane, so grow the window to the content, then shoot."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 1000")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 8000)})
    _charts_drawn(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_page_shows_known_data_without_errors(shown_page, name):
    page = shown_page(name)
    _charts_drawn(page)
    _screenshot_whole_page(page, name)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("As at 30 Jun 2026").first).to_be_attached()


def test_milestones_headline_counts(shown_page):
    values = shown_page("milestones").get_by_test_id("stMetricValue")
    expect(values).to_have_text(["1", "0", "1", "2", "1"], timeout=WAIT_MS)  # overdue is slipped too


def test_chains_name_the_level_that_breaks(shown_page):
    page = shown_page("chains")
    expect(page.get_by_text("Red or Amber/Red in 2 of the 2 chains with a local link (EDU-01, HEA-01)")).to_be_visible()


def test_indicators_league_table(shown_page):
    page = shown_page("indicators")
    expect(page.get_by_test_id("stMetricValue")).to_have_text(["3", "1", "0"], timeout=WAIT_MS)
    table = page.get_by_test_id("stDataFrame").nth(1)
    expect(table.locator("td").filter(has_text="LDN").first).to_be_attached(timeout=WAIT_MS)


def test_a_filter_in_the_link_changes_what_is_shown(chromium, dashboard_url):
    page = open_page(
        chromium, dashboard_url, "/milestones?department=HO", "Milestones across government", "Strategy published"
    )
    try:
        expect(page.get_by_test_id("stMetricValue")).to_have_text(["0", "0", "1", "0", "0"], timeout=WAIT_MS)
    finally:
        page.close()


def test_a_bad_link_is_explained_in_plain_words(chromium, dashboard_url):
    page = open_page(
        chromium,
        dashboard_url,
        "/milestones?period=1999-13-45&show=nonsense",
        "Milestones across government",
        "500 staff recruited",
    )
    try:
        expect(page.get_by_text("The link asks for the reporting period '1999-13-45'")).to_be_visible()
        expect(page.get_by_text("The link asks to show 'nonsense'")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        page.close()
