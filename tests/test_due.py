"""Returns due: each expected return, received or not, days late, the contact; the reminder and the CSV in
exact words; the command line and the Returns due page."""

import csv
import datetime as dt
import io
import subprocess
import sys

import pytest

from delivery.analysis import due, picture
from delivery.reference.calendar import Calendar
from delivery.reference.departments import read_contacts
from delivery.returns.inert import csv_bytes
from delivery.store.reviews import asker
from tests.conftest import ROOT
from tests.store_builder import PERIOD_2, build_store, sample_returns

TODAY = dt.date(2026, 8, 11)  # quarterly returns are due 30 days after the period: 30 Jun's on 30 Jul
HO_REMINDER = (
    "Dear Hugo Lee,\n\nHome Office's return for the period ending 30 Jun 2026 was due on 30 Jul 2026 and has "
    "not reached us yet (12 days late). The last return we hold is for 31 Mar 2026. Please send it, or tell us "
    "when to expect it.\n\nThank you,\nThe delivery unit"
)


@pytest.fixture
def store(tmp_path):
    return build_store(tmp_path, sample_returns(), use_loader=False)


def contacts(tmp_path) -> dict[str, str]:
    path = tmp_path / "departments.csv"
    path.write_text("code,name,contact\nHO,Home Office,Hugo Lee <hugo.lee@ho.example>\nDfE,Department for Education,\n")
    return read_contacts(path)


def listed(store, tmp_path):
    with store.connect_read() as con:
        return due.returns_due(asker(con), picture.Rules(Calendar(), 2, TODAY), PERIOD_2, contacts(tmp_path))


def test_each_expected_return_received_or_not_days_late_and_contact(store, tmp_path):
    frame = listed(store, tmp_path)
    assert frame[["department", "period", "due_date", "received", "days_late", "contact"]].values.tolist() == [
        ["HO", PERIOD_2, dt.date(2026, 7, 30), False, 12, "Hugo Lee <hugo.lee@ho.example>"],
        ["DHSC", PERIOD_2, dt.date(2026, 7, 30), True, 0, ""],
        ["DfE", PERIOD_2, dt.date(2026, 7, 30), True, 0, ""],
    ]
    assert frame["reminder"].tolist() == [HO_REMINDER, "", ""]


def test_a_return_not_yet_due_gets_a_courtesy_reminder_without_days_late():
    row = {
        "department_name": "Home Office",
        "contact": "",
        "period": PERIOD_2,
        "due_date": dt.date(2026, 7, 30),
        "days_late": 0,
        "last_return": None,
    }
    assert due.reminder(row, dt.date(2026, 7, 1)) == (
        "Dear colleague,\n\nHome Office's return for the period ending 30 Jun 2026 is due on 30 Jul 2026. "
        "Please send it, or tell us when to expect it.\n\nThank you,\nThe delivery unit"
    )


def test_the_mail_merge_csv(store, tmp_path):
    rows = list(csv.reader(io.StringIO(csv_bytes(due.for_csv(listed(store, tmp_path))).decode("utf-8-sig"))))
    assert rows[0] == due.COLUMNS
    assert rows[1] == [
        "HO", "Home Office", "2026-06-30", "2026-07-30", "no", "12", "2026-03-31",
        "Hugo Lee <hugo.lee@ho.example>", HO_REMINDER,
    ]  # fmt: skip
    assert rows[2][:7] == [
        "DHSC",
        "Department of Health and Social Care",
        "2026-06-30",
        "2026-07-30",
        "yes",
        "0",
        "2026-06-30",
    ]


def test_the_command_line_lists_and_writes_the_csv(store, tmp_path):
    out = tmp_path / "due.csv"
    said = subprocess.run(
        [sys.executable, "-m", "delivery", "due", "--period", "2026-06-30", "--csv", str(out), "--db", str(store.root)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (said.returncode, said.stdout, said.stderr) == (0, f"Wrote 3 departments' returns due to {out}.\n", "")
    assert out.read_bytes().startswith(b"department,department_name,period,due_date,received,days_late")


def test_the_returns_due_page_is_the_centres(store, tmp_path, monkeypatch):
    from tests.upload_support import run_as, serve

    serve(store, tmp_path, monkeypatch)
    at = run_as(str(ROOT / "pages" / "due.py"), "cleo@centre.example")
    assert not at.exception
    assert at.dataframe[0].value["Department"].tolist() == ["HO", "DHSC", "DfE"]  # not received first
    assert [b.proto.label for b in at.get("download_button")] == ["Download the list for a mail merge (CSV)"]
    analyst = run_as(str(ROOT / "pages" / "due.py"), "ana@dfe.example")
    assert [i.value for i in analyst.info] == [
        "Returns due is for the delivery unit's centre analysts, who chase late returns."
    ]
