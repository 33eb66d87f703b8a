"""The Overview's first screen in a real browser: what is off track and why, on screen at 1400 and 1024 px wide.

Screenshots: tests/screenshots/overview-first-screen-<width>.png.
"""

from __future__ import annotations

import math
import time

import pytest

from bench.common import HEADLINES, drawn_times
from tests.e2e.conftest import SCREENSHOTS, WAIT_MS, settled, sync_api

pytestmark = pytest.mark.e2e
expect = sync_api.expect


@pytest.mark.parametrize("width, height", [(1400, 1000), (1024, 768)])
def test_the_first_screen_says_what_is_off_track_and_why(chromium, dashboard_url, width, height):
    page = chromium.new_page(viewport={"width": width, "height": height})
    page.goto(dashboard_url + "/overview")
    first = page.locator(".st-key-first-screen")
    expect(first.get_by_role("heading", name="What is off track, as at 30 Jun 2026")).to_be_visible(timeout=WAIT_MS)
    settled(page)
    items = first.locator("li")
    expect(items).to_have_count(3)
    expect(items.nth(1)).to_have_text(
        "Raise reading at age 11 (EDU-01) Amber/Red — Rating went from Green to Amber/Red; Pupils meeting the "
        "expected reading standard: 70 against 77 planned, 9.1% below plan (worse)."
    )
    # The why is on the first screen, whole: the last reason ends inside the window, nothing scrolls sideways.
    box = items.nth(2).bounding_box()
    assert box["y"] + box["height"] <= height, box
    assert first.evaluate("e => e.scrollWidth <= e.clientWidth")
    link = items.nth(1).get_by_role("link", name="Raise reading at age 11 (EDU-01)")
    expect(link).to_have_attribute("href", "priority?priority=EDU-01&period=2026-06-30")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"overview-first-screen-{width}.png"))
    page.close()


def test_the_page_benchmark_finds_the_first_screens_headline(chromium, dashboard_url):
    page = chromium.new_page()
    started = time.perf_counter()
    page.goto(dashboard_url + "/overview", wait_until="commit")
    headline, drawn = drawn_times(page, started, HEADLINES["overview"], WAIT_MS / 1000)
    assert not math.isnan(headline) and not math.isnan(drawn)
    page.close()
