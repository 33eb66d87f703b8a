"""The reporting cycle in a real browser: an analyst uploads, the centre returns it with a reason, the analyst
reads why and resubmits, the centre accepts; the viewer's pages change only at acceptance; the period is closed,
a later load is refused without an admin and a reason, and with them shows as a restatement.

Three `streamlit run app.py` servers on one private copy of the sample government, each in local single-user
mode with its own DELIVERY_LOCAL_ROLE (an analyst for HO, a centre analyst, a viewer); the admin's steps
(switching review on, closing, the restatement) are the command line's. Screenshots: tests/screenshots/cycle-*.png.
"""

from __future__ import annotations

import contextlib
import copy
import subprocess
import sys

import pytest

from tests.e2e.conftest import SCREENSHOTS, WAIT_MS, sync_api
from tests.e2e.server import ROOT, serve_app
from tests.store_builder import HO_02, PERIOD_2, ReturnSpec, _ho, sample_store, write_workbooks

pytestmark = pytest.mark.e2e
expect = sync_api.expect
ROLES = {"analyst": "analyst for HO", "centre": "centre analyst", "viewer": "viewer"}


def cli(store, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "delivery", *args, "--db", str(store.root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """(store, {role: url}): review switched on, and a server per role."""
    work = tmp_path_factory.mktemp("e2e-cycle")
    store = sample_store(work / "sample")
    cli(store, "review", "--switch-on", "--reason", "The June cycle", "--by", "Ada")
    with contextlib.ExitStack() as stack:
        urls = {}
        for role, local in ROLES.items():
            folder = work / role
            folder.mkdir()
            env = {"DELIVERY_DB": str(store.root), "DELIVERY_LOCAL_ROLE": local}
            urls[role] = stack.enter_context(serve_app(folder, env, cwd=folder))
        yield store, urls


def ho_june(folder, rag: str, commentary: str | None = None):
    """HO's 30 Jun return: knife crime rated ``rag``, and a new priority, Fewer burglaries."""
    tables = copy.deepcopy(_ho().tables)
    tables["Priorities"][0] |= {"rag": rag, "commentary": commentary}
    tables["Priorities"].append(dict(HO_02))
    folder.mkdir()
    return write_workbooks(folder, [ReturnSpec("HO", PERIOD_2, tables, "Hugo Analyst <hugo@ho.example>")])[0]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"cycle-{name}.png"), full_page=True)


def idle(page) -> None:
    with contextlib.suppress(AssertionError):
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def opened(chromium, url: str, path: str, heading: str):
    page = chromium.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(url + path)
    expect(page.get_by_role("heading", level=1).filter(has_text=heading).first).to_be_visible(timeout=WAIT_MS)
    return page


def fill(page, label: str, text: str) -> None:
    box = page.get_by_label(label)
    box.fill(text)
    box.press("Control+Enter")  # Streamlit takes a text area's value on Ctrl+Enter or blur


def upload(chromium, url: str, path, reason: str | None = None):
    page = opened(chromium, url, "/upload", "Upload returns")
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(path))
    commit = page.get_by_test_id("stButton").filter(has_text="Commit 1 return").locator("button")
    expect(commit).to_be_visible(timeout=WAIT_MS)
    if reason and page.get_by_label("Reason for restating history").count():
        fill(page, "Reason for restating history", reason)
    expect(commit).to_be_enabled(timeout=WAIT_MS)
    commit.click()
    return page


def review(chromium, url: str, load_id: int, reason: str | None = None, cells: str | None = None):
    page = opened(chromium, url, "/loads", "Loads and history")
    expect(page.get_by_text(f"load {load_id} is received").first).to_be_visible(timeout=WAIT_MS)
    if reason:
        fill(page, "Reason (required to return it for revision)", reason)
        if cells:
            fill(
                page,
                "Notes on cells, one a line (optional), like: Milestones!F14: this date moved again; explain",
                cells,
            )
        button = page.get_by_test_id("stButton").filter(has_text=f"Return load {load_id} for revision")
    else:
        button = page.get_by_test_id("stButton").filter(has_text=f"Accept load {load_id}")
    expect(button.locator("button")).to_be_enabled(timeout=WAIT_MS)
    button.locator("button").click()
    return page


def burglaries_listed(chromium, url: str) -> bool:
    """Is HO-02, new in HO's June return, on the viewer's Priorities page?"""
    page = opened(chromium, url, "/priorities", "Priorities")
    table = page.get_by_test_id("stDataFrame").first
    expect(table.locator("td").filter(has_text="Cut hospital waiting times").first).to_be_attached(timeout=WAIT_MS)
    listed = table.locator("td").filter(has_text="Fewer burglaries").count() > 0
    page.close()
    return listed


def test_return_resubmit_accept_close_and_restate(chromium, cycle, tmp_path):
    store, url = cycle
    page = upload(chromium, url["analyst"], ho_june(tmp_path / "v1", "Amber"))
    expect(page.get_by_text("Committed: 1 return loaded").first).to_be_visible(timeout=WAIT_MS)
    page.close()
    assert not burglaries_listed(chromium, url["viewer"])  # received, not accepted: not in the viewer's picture
    overview = opened(chromium, url["viewer"], "/overview", "Overview")
    expect(
        overview.get_by_text("still under review and not included: HO's return for 30 Jun 2026").first
    ).to_be_visible(timeout=WAIT_MS)
    idle(overview)
    shot(overview, "1-viewer-overview-under-review")
    overview.close()

    page = review(chromium, url["centre"], 6, "Amber needs a reason", "Priorities!L2: say why it improved")
    expect(page.get_by_text("Load 6 returned for revision by Local user").first).to_be_visible(timeout=WAIT_MS)
    idle(page)
    shot(page, "2-centre-returned")
    page.close()

    page = opened(chromium, url["analyst"], "/upload", "Upload returns")
    expect(page.get_by_text("was returned for revision by Local user").first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("Priorities!L2").first).to_be_visible()
    idle(page)
    shot(page, "3-analyst-reads-why")
    page.close()
    v2 = ho_june(tmp_path / "v2", "Amber", "Patrols doubled in the hot spots")
    page = upload(chromium, url["analyst"], v2, "Commentary added, as the centre asked")
    expect(page.get_by_text("Committed: 1 return loaded").first).to_be_visible(timeout=WAIT_MS)
    page.close()
    assert not burglaries_listed(chromium, url["viewer"])

    page = review(chromium, url["centre"], 7)
    expect(page.get_by_text("Load 7 accepted by Local user").first).to_be_visible(timeout=WAIT_MS)
    table = page.get_by_test_id("stDataFrame").first
    expect(table.locator("td").filter(has_text="(answers load 6)").first).to_be_attached(timeout=WAIT_MS)
    idle(page)
    shot(page, "4-centre-accepted")
    page.close()
    assert burglaries_listed(chromium, url["viewer"])  # accepted: now in the viewer's picture

    cli(store, "close", "2026-06-30", "--reason", "Stocktake pack agreed", "--by", "Ada")
    v3 = ho_june(tmp_path / "v3", "Red", "Knife crime rose again in July's figures")
    page = upload(chromium, url["analyst"], v3, "Knife crime worse than reported")
    expect(page.get_by_text("is for a closed period").first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("Only an admin may load it, with a reason").first).to_be_visible()
    idle(page)
    shot(page, "5-analyst-refused-closed")
    page.close()

    cli(store, "load", str(v3), "--reason", "Police data corrected", "--by", "Ada")
    cli(store, "review", "8", "--accept", "--by", "Cleo")  # the analyst's refused commit wrote nothing
    restated = "HO's return for 30 Jun 2026 was restated on"
    page = opened(chromium, url["viewer"], "/changes", "What changed")
    expect(page.get_by_text(restated).first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("HO-01 was Amber, now Red").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    idle(page)
    shot(page, "6-viewer-what-changed-restated")
    page.close()
    page = opened(chromium, url["viewer"], "/brief", "Brief")
    expect(page.get_by_text(restated).first).to_be_visible(timeout=WAIT_MS)
    idle(page)
    shot(page, "7-viewer-brief-restated")
    page.close()
