"""End-to-end set-up: `streamlit run app.py` on the sample government, and Debian's Chromium.

The server runs from the project folder, so it uses the project's .streamlit/config.toml
(the theme the accessibility check depends on), but with ``--secrets.files`` pointing at
an empty file, so no local secrets are read and the app is in local single-user mode.
DELIVERY_DB points at a store built by tests/store_builder.py; the port is a free one;
the server is stopped by its PID (its process group) when the session ends. Screenshots go
to tests/screenshots/ (git-ignored); the folder is printed at the end of the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.common import ARGS, CHROMIUM  # one launch recipe for the tests and the benchmarks
from tests.e2e.server import ROOT, serve_app, without_secrets
from tests.store_builder import sample_store

sync_api = pytest.importorskip("playwright.sync_api")

SCREENSHOTS = ROOT / "tests" / "screenshots"
_RAN: list[bool] = []  # set when the browser started in this run
WAIT_MS = 30_000  # Playwright's retrying expect: Streamlit renders over a websocket after load

# Every page, as a shared link opens it: (name, path, page title, text from the sample store).
PAGES = [
    ("overview", "/", "Overview", "Cut hospital waiting times"),
    ("priorities", "/priorities", "Priorities", "Cut hospital waiting times"),
    ("priority", "/priority?priority=HEA-01", "Cut hospital waiting times", "Local hospital trusts"),
    ("milestones", "/milestones", "Milestones across government", "500 staff recruited"),
    ("chains", "/chains", "Delivery chains", "Local hospital trusts"),
    ("indicators", "/indicators", "Indicators", "Pupils meeting the expected reading standard"),
    ("data_quality", "/data-quality", "Data quality", "Rating not supported by its data"),
]
# Pages that are not views of the store (no "as at"), checked for accessibility like the rest.
HELP_PAGES = [
    ("about", "/about", "About this data", "Amber/Green"),
    ("settings", "/settings", "Settings", "DELIVERY_DB"),
]


@pytest.fixture(scope="session")
def dashboard_url(tmp_path_factory) -> str:
    """The URL of `streamlit run app.py` serving the sample government."""
    work = tmp_path_factory.mktemp("e2e")
    store = sample_store(work / "sample")
    with serve_app(work, {"DELIVERY_DB": str(store.root)}, cwd=ROOT, extra_args=without_secrets(work)) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright (Playwright cannot download its own here)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    _RAN.append(True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """Say where the screenshots are, at the end of every run that took them."""
    if _RAN and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"screenshots of every page: {SCREENSHOTS} (look at them)")


@pytest.fixture(scope="session")
def shown_page(chromium, dashboard_url):
    """Each page of PAGES opened once and kept open, so the page and accessibility tests share it."""
    opened = {}

    def get(name: str):
        if name not in opened:
            _, path, title, known = next(p for p in PAGES + HELP_PAGES if p[0] == name)
            opened[name] = open_page(chromium, dashboard_url, path, title, known)
        return opened[name]

    yield get
    for page in opened.values():
        page.close()


def open_page(chromium, dashboard_url: str, path: str, title: str, known: str):
    """Open a page in a fresh tab (of the browser, or of a context) and wait until its title and a
    known value from the store show."""
    page = chromium.new_page()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(dashboard_url + path)
    expect = sync_api.expect
    expect(page.get_by_role("heading", level=1).filter(has_text=title).first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text(known).or_(page.locator(f'td:has-text("{known}")')).first).to_be_attached(timeout=WAIT_MS)
    # The script has finished when Streamlit's "running" indicator has gone.
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)
    # The menu's links can draw a moment after the page: until they do, a sidebar taller than the window
    # holds nothing to focus, which axe reports (scrollable-region-focusable) on a page without filters.
    expect(page.get_by_test_id("stPageLink-NavLink").first).to_be_visible(timeout=WAIT_MS)
    return page


def settled(page) -> None:
    """Wait until Streamlit has finished running the page (no status widget)."""
    sync_api.expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the drop-down labelled ``label``; on a busy machine a click can land before
    the box is ready, so it is opened again (the last try fails with Playwright's own message)."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        settled(page)
        box.click()
        try:
            choice.click(timeout=10_000)
            return
        except sync_api.TimeoutError:
            page.keyboard.press("Escape")
    choice.click()
