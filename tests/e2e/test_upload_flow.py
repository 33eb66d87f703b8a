"""Upload in a real browser: choose a return, see the preview, give a reason, commit, find it on Priorities.

Runs its own `streamlit run app.py` on its own copy of the sample government (the shared
server's store must stay as the other browser tests expect it), in local single-user mode
on 127.0.0.1, so the user is the admin. Screenshots: tests/screenshots/upload-*.png.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import SCREENSHOTS, WAIT_MS, sync_api
from tests.e2e.server import serve_app
from tests.store_builder import HO_02, PERIOD_2, ReturnSpec, _ho, sample_store, write_workbooks

pytestmark = pytest.mark.e2e
expect = sync_api.expect


@pytest.fixture(scope="module")
def upload_url(tmp_path_factory) -> str:
    """`streamlit run app.py` on a private copy of the sample government."""
    work = tmp_path_factory.mktemp("e2e-upload")
    store = sample_store(work / "sample")
    with serve_app(work, {"DELIVERY_DB": str(store.root)}, cwd=work) as url:
        yield url


@pytest.fixture(scope="module")
def ho_june(tmp_path_factory):
    """HO's overdue 30 Jun return: knife crime now Amber, a new priority, March's actual revised."""
    spec = copy.deepcopy(_ho())
    tables = spec.tables
    tables["Priorities"][0]["rag"] = "Amber"
    tables["Priorities"].append(dict(HO_02))
    tables["Actuals"] = [
        {"indicator_id": "I4", "period_end": "2026-03-31", "actual_value": 48500},
        {"indicator_id": "I4", "period_end": "2026-06-30", "actual_value": 47000},
    ]
    june = ReturnSpec("HO", PERIOD_2, tables, "Hugo Analyst <hugo@ho.example>")
    return write_workbooks(tmp_path_factory.mktemp("ho-june"), [june])[0]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"upload-{name}.png"), full_page=True)


def download(page, button: str) -> bytes:
    """Press a download button and return the file's bytes (made on the server when pressed)."""
    idle(page)  # a button pressed mid-rerun may be replaced before its click lands
    with page.expect_download(timeout=2 * WAIT_MS) as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_bytes()


def idle(page) -> None:
    """Wait until Streamlit has finished running the script (best effort: on a busy machine a
    rerun can outlast the wait, and the assertions that follow retry on their own)."""
    with contextlib.suppress(AssertionError):
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def test_upload_preview_commit_then_see_it_on_priorities_download_and_roll_back(chromium, upload_url, ho_june):
    page = chromium.new_page(viewport={"width": 1400, "height": 1200})
    try:
        page.goto(upload_url + "/upload")
        expect(page.get_by_role("heading", level=1).filter(has_text="Upload returns")).to_be_visible(timeout=WAIT_MS)
        page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(ho_june))
        expect(
            page.get_by_text("This adds HO's return for 30 Jun 2026, compared here with its return for 31 Mar 2026")
        ).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_text("Actuals restated (1)")).to_be_visible()
        commit = page.get_by_test_id("stButton").filter(has_text="Commit 1 return").locator("button")
        expect(commit).to_be_disabled()
        shot(page, "1-preview")
        reason = page.get_by_label("Reason for restating history")
        reason.fill("March knife crime figure revised by the police data team")
        reason.press("Control+Enter")  # Streamlit takes a text area's value on Ctrl+Enter or blur
        expect(commit).to_be_enabled(timeout=WAIT_MS)
        commit.click()
        expect(page.get_by_text("Committed: 1 return loaded; every page now shows the new data.")).to_be_visible(
            timeout=WAIT_MS
        )
        expect(page.get_by_test_id("stException")).to_have_count(0)
        idle(page)
        shot(page, "2-committed")
        page.get_by_test_id("stPageLink-NavLink").filter(has_text="Priorities").click()
        table = page.get_by_test_id("stDataFrame").first
        expect(table.locator("td").filter(has_text="Fewer burglaries").first).to_be_attached(timeout=WAIT_MS)
        expect(page.get_by_text("As at 30 Jun 2026").first).to_be_attached()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        idle(page)
        shot(page, "3-priorities")
        page.get_by_test_id("stPageLink-NavLink").filter(has_text="Loads and history").click()
        table = page.get_by_test_id("stDataFrame").first
        expect(table.locator("td").filter(has_text="HO-2026-06-30.xlsx").first).to_be_attached(timeout=WAIT_MS)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        idle(page)
        shot(page, "4-loads")
        original = download(page, "Download the original HO-2026-06-30.xlsx")
        assert original == ho_june.read_bytes()  # the archive keeps the file byte for byte
        reason = page.get_by_label("Reason for the rollback")
        reason.fill("Loaded before the HO sign-off")
        reason.press("Control+Enter")
        roll_back = page.get_by_test_id("stButton").filter(has_text="Roll back load").locator("button")
        expect(roll_back).to_be_enabled(timeout=WAIT_MS)
        roll_back.click()
        expect(page.get_by_text("no earlier load, so that period is now empty")).to_be_visible(timeout=WAIT_MS)
        expect(table.locator("td").filter(has_text="rolled back").first).to_be_attached(timeout=WAIT_MS)
        idle(page)
        shot(page, "6-rolled-back")
    finally:
        page.close()


def test_a_bad_return_gets_the_report_and_the_marked_workbook(chromium, upload_url, tmp_path):
    spec = copy.deepcopy(_ho())
    spec.tables["Priorities"][0]["rag"] = "Purple"
    bad = write_workbooks(tmp_path, [ReturnSpec("HO", PERIOD_2, spec.tables)])[0]
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(upload_url + "/upload")
        expect(page.get_by_role("heading", level=1).filter(has_text="Upload returns")).to_be_visible(timeout=WAIT_MS)
        page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(bad))
        expect(
            page.get_by_text(
                "Nothing has been loaded: 1 problem to fix in HO-2026-06-30.xlsx. Fix it and upload again."
            )
        ).to_be_visible(timeout=WAIT_MS)
        table = page.get_by_test_id("stDataFrame").first
        expect(table.locator("td").filter(has_text="Purple").first).to_be_attached(timeout=WAIT_MS)
        expect(page.get_by_role("button", name="HO-2026-06-30.xlsx with the problems marked")).to_be_visible(
            timeout=WAIT_MS
        )
        idle(page)
        shot(page, "5-problems")
        report = list(csv.DictReader(io.StringIO(download(page, "Problems as CSV").decode("utf-8"))))
        assert [(r["File"], r["Sheet"], r["Cell"], r["Value found"]) for r in report] == [
            ("HO-2026-06-30.xlsx", "Priorities", "K2", "Purple")
        ]
        marked = load_workbook(io.BytesIO(download(page, "HO-2026-06-30.xlsx with the problems marked")))
        cell = marked["Priorities"]["K2"]
        assert (cell.value, cell.fill.fgColor.rgb, cell.comment.text) == ("Purple", "FFFFC7CE", report[0]["Problem"])
        template = load_workbook(io.BytesIO(download(page, "Blank return template")))
        assert {"About", "Priorities", "Actuals"} <= set(template.sheetnames)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        page.close()
