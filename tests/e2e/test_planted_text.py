"""Planted Markdown in a real browser: shown as text, and the browser asks no other host for anything.

The store is tests/test_page_planted_text.py's: HEA-01's commentary, outcome, owners, title,
theme, an escalated risk and an indicator name all hold
``[click](http://evil.example) ![x](http://evil.example/x.png) <img src=x> **bold**``, and a
shared link carries the same in ``?show=``. Every request the page makes is recorded: each
must go to the app's own host and port (an outside image would be fetched from evil.example;
``<img src=x>`` from the app's own ``/x``).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest

from tests.e2e.conftest import SCREENSHOTS, WAIT_MS
from tests.e2e.server import ROOT, serve_app, without_secrets
from tests.store_builder import build_store
from tests.test_page_planted_text import PLANT, planted_returns

pytestmark = pytest.mark.e2e
SHOWN = re.compile(
    r"\[click\]\(http\W*://evil\.example\) !\[x\]\(http\W*://evil\.example/x\.png\) <img src=x> "
    r"\*\*bold\*\* www\W*\.evil\.example ana\W*@evil\.example"
)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def planted_url(tmp_path_factory) -> str:
    work = tmp_path_factory.mktemp("e2e-planted")
    store = build_store(work / "planted", planted_returns(), use_loader=False)
    with serve_app(work, {"DELIVERY_DB": str(store.root)}, cwd=ROOT, extra_args=without_secrets(work)) as url:
        yield url


@pytest.mark.parametrize(
    "path, heading, name",
    [
        ("/priority?priority=HEA-01", "HEA-01", "planted-priority"),
        (f"/milestones?show={quote(PLANT)}", "Milestones across government", "planted-milestones-link"),
    ],
)
def test_planted_text_is_text_and_nothing_is_fetched_from_another_host(chromium, planted_url, path, heading, name):
    requests: list[str] = []
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.on("request", lambda r: requests.append(r.url))
    page.goto(planted_url + path)
    expect(page.get_by_role("heading", level=1).filter(has_text=heading).first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)
    main = page.get_by_test_id("stMain")
    # The characters as typed (with invisible word joiners in "http://", "www." and "@").
    expect(main.get_by_text(SHOWN).first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # No link, bare URLs and addresses included (a heading's own "#..." anchor is no link out).
    assert page.locator('a[href*="evil"]:not([href^="#"])').count() == 0
    assert page.locator('img[src*="evil"], img[src="x"]').count() == 0
    assert main.locator("strong", has_text="bold").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    app = urlsplit(planted_url).netloc
    assert requests and [u for u in requests if urlsplit(u).netloc != app and not u.startswith("data:")] == []
    assert [u for u in requests if urlsplit(u).path.rstrip("/").endswith(("/x", "x.png"))] == []
    page.close()
