"""In a real browser: a centre analyst records the centre's rating and a stocktake action on the
Priority page, then downloads the brief as PDF, which carries both.

Runs its own server on a writable copy of the sample government (the shared server's store
is read by the other browser tests and must not change under them).
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import SCREENSHOTS, WAIT_MS, choose, settled
from tests.e2e.server import ROOT, serve_app, without_secrets
from tests.store_builder import sample_store

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def writable_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e-brief")
    store = sample_store(work / "sample")
    env = {"DELIVERY_DB": str(store.root), "DELIVERY_PROTECTIVE_MARKING": "OFFICIAL-SENSITIVE"}
    with serve_app(work, env, cwd=ROOT, extra_args=without_secrets(work)) as url:
        yield url


def test_record_a_centre_rating_and_an_action_then_download_the_brief(chromium, writable_url, tmp_path):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(writable_url + "/priority?priority=HEA-01")
    expect(page.get_by_role("heading", level=1).filter(has_text="Cut hospital waiting times")).to_be_visible(
        timeout=WAIT_MS
    )
    settled(page)

    page.get_by_text("Record the centre's rating", exact=True).first.click()
    choose(page, "The centre's rating", "Red")
    page.get_by_role("textbox", name="Reason (kept with the rating)").fill("Radiographer gap is not closing")
    page.get_by_role("button", name="Record the centre's rating").click()
    expect(page.get_by_text("Recorded the centre's rating of HEA-01 for 30 Jun 2026: Red.")).to_be_visible(
        timeout=WAIT_MS
    )
    settled(page)

    page.get_by_text("Record a stocktake action", exact=True).first.click()
    page.get_by_role("textbox", name="What is to be done", exact=True).fill("Agree pay flexibility with HM Treasury")
    page.get_by_role("textbox", name="Owner", exact=True).fill("DHSC finance director")
    # Agreed at the stocktake on the 30 Jun picture (it defaults to today, which lists it from a later period on).
    page.get_by_role("spinbutton", name="day, Date of the stocktake").click()
    page.keyboard.type("30062026")  # day, month, year: each part moves to the next when full
    page.keyboard.press("Tab")
    expect(page.get_by_role("spinbutton", name="year, Date of the stocktake")).to_have_attribute(
        "aria-valuenow", "2026"
    )
    expect(page.get_by_role("spinbutton", name="month, Date of the stocktake")).to_have_attribute("aria-valuenow", "6")
    page.get_by_role("button", name="Record the action").click()
    expect(page.get_by_text("Recorded a stocktake action for HEA-01.")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("(differs)").first).to_be_visible(timeout=WAIT_MS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "priority-centre-rating.png"), full_page=True)

    page.goto(writable_url + "/brief?priority=HEA-01")
    expect(
        page.get_by_text("Department's rating: Amber/Green (was Amber at 31 Mar 2026). Centre's rating: Red").first
    ).to_be_visible(timeout=WAIT_MS)
    settled(page)
    page.screenshot(path=str(SCREENSHOTS / "brief.png"), full_page=True)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the brief (PDF, A4)").click()
    path = tmp_path / "brief.pdf"
    download.value.save_as(path)
    assert download.value.suggested_filename == "brief-HEA-01-2026-06-30.pdf"
    words = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages)
    assert "Centre's rating: Red for 30 Jun 2026 (differs): Radiographer gap is not closing." in words
    assert "Agree pay flexibility with HM Treasury (owner DHSC finance director" in words
    assert "OFFICIAL-SENSITIVE" in words
    page.close()
