"""A shared link to "my priorities" opens the same list in a real browser, and keeps it in the link."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import WAIT_MS, open_page, sync_api

pytestmark = pytest.mark.e2e
expect = sync_api.expect


def test_a_link_with_followed_priorities_lists_only_those(chromium, dashboard_url):
    path = "/priorities?follow=HEA-01&follow=EDU-01"
    page = open_page(chromium, dashboard_url, path, "Priorities", "Raise reading at age 11")
    try:
        cells = page.get_by_test_id("stDataFrame").locator("td")
        expect(cells.filter(has_text=re.compile(r"^EDU-01$"))).to_have_count(1, timeout=WAIT_MS)
        expect(cells.filter(has_text=re.compile(r"^HEA-01$"))).to_have_count(1)
        expect(cells.filter(has_text=re.compile(r"^HO-01$"))).to_have_count(0)
        expect(page.get_by_text("2 of 2 priorities, as at 30 Jun 2026")).to_be_visible()
        assert "follow=HEA-01&follow=EDU-01" in page.url
    finally:
        page.close()
