"""In a real browser: a coloured table made once and replayed from the cache (ui/frame/tables.py) is
drawn with each rating's colour behind its words, on a fresh page and after a widget click,
and looks the same after the click as before it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SCREENSHOTS, WAIT_MS, choose, open_page, settled

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

# The sample government's milestones are rated Red, Amber (three) and Green (delivery/reference/ratings.COLOURS).
RATING_RGB = {"Red": [192, 57, 43], "Amber": [241, 196, 15], "Green": [26, 152, 80]}
# Pixels of each colour on the table's canvas (the grid draws cells on a canvas, not in the DOM).
COUNT_JS = """(colours) => {
    const canvas = document.querySelector('[data-testid="stDataFrame"] canvas');
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const counts = Object.fromEntries(Object.keys(colours).map(k => [k, 0]));
    for (let i = 0; i < data.length; i += 4) {
        for (const [name, [r, g, b]] of Object.entries(colours)) {
            if (data[i] === r && data[i + 1] === g && data[i + 2] === b) counts[name] += 1;
        }
    }
    return counts;
}"""
# A digest of every pixel on the table's canvas (the scroll bars, drawn over it and fading, are not on it).
DIGEST_JS = """() => {
    const canvas = document.querySelector('[data-testid="stDataFrame"] canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 2166136261;
    for (let i = 0; i < data.length; i++) { hash = Math.imul(hash ^ data[i], 16777619) >>> 0; }
    return `${canvas.width}x${canvas.height}:${hash}`;
}"""
ALL_OPEN = "Open, or completed this period"


def _painted(page) -> dict[str, int]:
    """How many pixels of each rating's colour the table of all open milestones shows, once drawn."""
    # 'Contract signed' (Green, completed this period) is in this table only, not in the Slipped one.
    expect(page.get_by_test_id("stDataFrame").locator("td").filter(has_text="Contract signed").first).to_be_attached(
        timeout=WAIT_MS
    )
    page.wait_for_function(f"() => ({COUNT_JS})({RATING_RGB})['Green'] > 0", timeout=WAIT_MS)
    return page.evaluate(COUNT_JS, RATING_RGB)


def test_milestone_ratings_are_drawn_in_their_colours_before_and_after_a_click(chromium, dashboard_url):
    page = open_page(chromium, dashboard_url, "/milestones", "Milestones across government", "500 staff recruited")
    try:
        first = _painted(page)
        assert all(first[name] > 100 for name in RATING_RGB), first  # every rating's cell is filled with its colour
        assert first["Amber"] > 2 * first["Red"]  # three Amber cells to one Red
        table = page.get_by_test_id("stDataFrame")
        page.mouse.move(0, 0)
        before = page.evaluate(DIGEST_JS)

        choose(page, "Show", "Slipped")  # Red and Amber only
        settled(page)
        expect(table.locator("td").filter(has_text="Contract signed")).to_have_count(0, timeout=WAIT_MS)
        choose(page, "Show", ALL_OPEN)  # back: this table now comes from the cache
        settled(page)
        again = _painted(page)
        assert again == first
        page.mouse.move(0, 0)  # the option clicked lay over the table: no row hovered in either picture
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        table.screenshot(path=str(SCREENSHOTS / "milestones-table-after-a-click.png"))
        assert page.evaluate(DIGEST_JS) == before  # pixel for pixel what the first run drew
    finally:
        page.close()
