"""Local single-user mode in a real browser: stated on screen, and no admin through a proxy.

Uses the shared local-mode server (tests/e2e/conftest.py: no secrets, 127.0.0.1). A
reverse proxy in front of a server on 127.0.0.1 adds X-Forwarded-For; Chromium sends
that header here on every request, the websocket's included, as a proxy would.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SCREENSHOTS, WAIT_MS

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def titles(page) -> list[str]:
    links = page.get_by_test_id("stPageLink-NavLink")
    expect(links.first).to_be_visible(timeout=WAIT_MS)
    return [t.strip().splitlines()[-1] for t in links.all_inner_texts()]  # after the icon's name


def test_local_user_on_this_computer_is_told_and_may_upload(chromium, dashboard_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(dashboard_url)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(
        "Local copy: anyone on this computer can view it, and no sign-in is set up, so you are its admin.",
        timeout=WAIT_MS,
    )
    # the admin's pages join the navigation once the server has decided who this is: wait for them (under
    # two test workers the list was once read before they were drawn)
    upload = page.get_by_test_id("stPageLink-NavLink").filter(has_text="Upload returns")
    expect(upload).to_be_visible(timeout=WAIT_MS)
    assert {"Upload returns", "Loads and history"} <= set(titles(page))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "local-mode-admin.png"))
    context.close()


def test_local_mode_through_a_proxy_is_a_viewer(chromium, dashboard_url):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, extra_http_headers={"X-Forwarded-For": "203.0.113.9"}
    )
    page = context.new_page()
    page.goto(dashboard_url)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(
        "View only: this copy of the dashboard has no sign-in, so everyone who opens it can view it", timeout=WAIT_MS
    )
    assert "Upload returns" not in titles(page)
    page.goto(f"{dashboard_url}/upload")
    expect(page.get_by_text("This page is for analysts.")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "local-mode-proxied-viewer.png"))
    context.close()
