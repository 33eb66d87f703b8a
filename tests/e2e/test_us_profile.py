"""The US-federal profile in a real browser: `streamlit run app.py` on a store its first start made from
data/profiles/us-federal (month-first dates, dollars, FY2027 years, its agencies), every page opened in
Debian's Chromium with no error box and the profile's own words on the page."""

from __future__ import annotations

import pytest

from delivery import ROOT
from delivery.demo.bootstrap import ensure_demo_store
from delivery.store.versions import Store
from tests.e2e.conftest import WAIT_MS, open_page, sync_api
from tests.e2e.server import serve_app, without_secrets

pytestmark = pytest.mark.e2e

US = ROOT / "data" / "profiles" / "us-federal"
# (path, page title): the tables are drawn on a canvas, so the words checked are the sidebar's government name
# and, on the Priority page, its budget's dollars in the chart (the exact figures: tests/test_profile_pages.py).
PAGES = [
    ("/", "Overview"),
    ("/priorities", "Priorities"),
    ("/priority?priority=HEA-01", "HEA-01: Cut elective waiting times"),
    ("/milestones", "Milestones across government"),
    ("/chains", "Delivery chains"),
    ("/indicators", "Indicators"),
    ("/changes", "What changed"),
    ("/brief", "Brief"),
    ("/loads", "Loads"),
]
NAME = "United States Government (example)"


@pytest.fixture(scope="module")
def us_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("us-profile")
    env = {"DELIVERY_REFERENCE": str(US)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DELIVERY_REFERENCE", str(US))
        for name in ("DELIVERY_CALENDAR", "DELIVERY_GOVERNMENT_NAME"):
            mp.delenv(name, raising=False)
        store = Store(work / "store")
        assert ensure_demo_store(store)
    env |= {"DELIVERY_DB": str(store.root), "DELIVERY_CALENDAR": "", "DELIVERY_GOVERNMENT_NAME": ""}
    with serve_app(work, env, cwd=ROOT, extra_args=without_secrets(work)) as url:
        yield url


@pytest.mark.parametrize(("path", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_opens_on_the_us_profile_with_its_own_words(chromium, us_url, path, title):
    page = open_page(chromium, us_url, path, title, NAME)
    try:
        sync_api.expect(page.get_by_test_id("stException")).to_have_count(0, timeout=WAIT_MS)
        assert page.get_by_test_id("stAlertContentError").count() == 0, path
        assert "£" not in page.get_by_test_id("stMain").inner_text(), path  # dollars, never pounds
    finally:
        page.close()
