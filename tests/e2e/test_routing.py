"""Addresses in a real browser: a real page is never reported missing, and an address naming no page says so.

Runs its own `streamlit run app.py` on the sample government, so that its first request is the first after
a start (Streamlit runs an app with a pages/ folder the old way until st.navigation is first called).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import WAIT_MS, sync_api
from tests.e2e.server import ROOT, serve_app, without_secrets
from tests.store_builder import sample_store

pytestmark = pytest.mark.e2e
expect = sync_api.expect


@pytest.fixture(scope="module")
def fresh_url(tmp_path_factory) -> str:
    """A server that no browser has opened yet (the first test here makes its first request)."""
    work = tmp_path_factory.mktemp("routing")
    store = sample_store(work / "sample")
    with serve_app(work, {"DELIVERY_DB": str(store.root)}, cwd=ROOT, extra_args=without_secrets(work)) as url:
        yield url


def _dialogs_while_drawn(page, heading: str) -> list[str]:
    """Wait until ``heading`` is the page's title and the run has finished; every dialog seen on the way."""
    seen = []
    title = page.get_by_role("heading", level=1).filter(has_text=heading)
    for _ in range(WAIT_MS // 100):
        seen += page.get_by_role("dialog").all_inner_texts()
        if title.count() and not page.get_by_test_id("stStatusWidget").count():
            break
        page.wait_for_timeout(100)
    expect(title).to_be_visible()
    return seen


def test_a_real_page_opened_first_after_a_start_is_never_reported_missing(chromium, fresh_url):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    # a first request after a restart: the old pages/-folder mode finds pages/loads.py by its name
    page.goto(fresh_url + "/loads")
    assert _dialogs_while_drawn(page, "Loads and history") == []
    page.wait_for_timeout(1000)  # and none arrives once drawn
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page.url == fresh_url + "/loads"
    page.close()


def test_an_address_naming_no_page_says_so_with_a_link_to_the_overview(chromium, fresh_url):
    page = chromium.new_page(viewport={"width": 1024, "height": 768})
    page.goto(fresh_url + "/nonsense")
    _dialogs_while_drawn(page, "Page not found")  # Streamlit's own box may say so too
    expect(page.get_by_test_id("stMain").get_by_text("There is no page at /nonsense in this dashboard")).to_have_text(
        "There is no page at /nonsense in this dashboard: the address may be mistyped, or from an older version "
        "of the dashboard. Choose a page from the menu, or go to the Overview."
    )
    expect(page.get_by_role("heading", level=1).filter(has_text="Overview")).to_have_count(0)
    page.keyboard.press("Escape")  # Streamlit's own "Page not found" box, if it is open
    page.get_by_test_id("stPageLink").get_by_text("Go to the Overview").click()
    expect(page.get_by_role("heading", level=1).filter(has_text="Overview")).to_be_visible(timeout=WAIT_MS)
    page.close()
