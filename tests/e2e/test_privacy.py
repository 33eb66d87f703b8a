"""A government tool makes no request to an outside host, and every page answers to its own name.

The server runs with the project's .streamlit/config.toml and no command-line overrides of
its privacy settings (tests/e2e/server.py), so this checks what a department would deploy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import PAGES, WAIT_MS, open_page, sync_api
from tests.e2e.server import ROOT, serve_app
from tests.store_builder import sample_store

pytestmark = pytest.mark.e2e
expect = sync_api.expect

# Shared links a person might type or paste, beside every page of the menu.
LINKS = [(path, title, known) for _, path, title, known in PAGES] + [
    ("/overview", "Overview", "Cut hospital waiting times"),
    ("/?priority=HEA-01", "Cut hospital waiting times", "Local hospital trusts"),
]


def test_no_request_leaves_the_app(chromium, dashboard_url):
    hosts = set()
    context = chromium.new_context()
    context.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    try:
        for path, title, known in LINKS:
            page = open_page(context, dashboard_url, path, title, known)
            page.wait_for_timeout(1500)  # late requests: usage statistics, icons, fonts
            page.close()
    finally:
        context.close()
    assert hosts == {urlsplit(dashboard_url).netloc}


def test_the_overview_answers_to_its_name(chromium, dashboard_url):
    page = open_page(chromium, dashboard_url, "/overview?department=DHSC", "Overview", "Cut hospital waiting times")
    try:
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_text("Department: DHSC (leads or contributes)").first).to_be_visible(timeout=WAIT_MS)
    finally:
        page.close()


def test_a_fresh_server_never_shows_the_file_name_menu(chromium, tmp_path):
    """Streamlit's pages/-folder menu (app, chains, data, ...) must not flash on the first visit."""
    store = sample_store(tmp_path / "sample")
    with serve_app(tmp_path, {"DELIVERY_DB": str(store.root)}, cwd=ROOT) as url:
        page = chromium.new_page()
        try:
            page.goto(url + "/priorities")
            seen = set()
            for _ in range(40):  # the first few seconds, when the file-name menu used to show
                seen |= {t.strip().splitlines()[-1] for t in page.locator("a[href]").all_inner_texts() if t.strip()}
                page.wait_for_timeout(100)
            expect(page.get_by_test_id("stPageLink-NavLink").filter(has_text="Delivery chains")).to_be_visible(
                timeout=WAIT_MS
            )
        finally:
            page.close()
    assert seen & {"app", "chains", "data", "overview", "priority", "upload"} == set()
