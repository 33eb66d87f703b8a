"""The Upload page with a return that has warnings only: they are shown, the return commits,
and the load records them."""

from __future__ import annotations

import copy
import datetime as dt
import json

from delivery.returns.workbook import write_return
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.test_preview import TODAY, about, base_tables
from tests.upload_support import ROOT, run_as, serve

PAGE = str(ROOT / "pages" / "upload.py")


def test_warnings_are_shown_and_do_not_stop_the_commit(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    path = write_return(tmp_path / "DfE-2026-03.xlsx", about(dt.date(2026, 3, 31)), base_tables())
    assert load_returns(store, [path], "setup", today=TODAY).ok
    serve(store, tmp_path, monkeypatch)
    tables = copy.deepcopy(base_tables())
    tables["Actuals"][1]["period_end"] = "31.03.26"  # the same date as before: nothing restated
    data = write_return(tmp_path / "q2.xlsx", about(dt.date(2026, 6, 30)), tables).read_bytes()
    at = run_as(PAGE, "ana@dfe.example")
    at.file_uploader(key="upload_files_0").set_value([("q2.xlsx", data, "application/octet-stream")])
    at.run()
    assert not at.exception and len(at.error) == 0
    assert at.warning[0].value == (
        "1 warning: check it before committing. They do not stop the load and are kept with it in the loads history."
    )
    report = at.dataframe[0].value
    assert report.values.tolist() == [
        [
            "q2.xlsx",
            "Actuals",
            "B3",
            "31.03.26",
            "Warning: two-digit year read as 31 Mar 2026: the century that puts it nearest the return's period end, "
            "30/06/2026. Write the year in full if that is not the date meant.",
        ]
    ]
    assert not at.button(key="commit").disabled
    at.button(key="commit").click().run()
    assert at.success[0].value.startswith("Committed")  # the wording of the rest is the page's
    with store.connect_read() as con:
        count, warnings = con.execute("SELECT warning_count, warnings FROM loads WHERE load_id = 2").fetchone()
    assert (count, [w["where"] for w in json.loads(warnings)]) == (1, ["Actuals!B3"])


def test_a_withheld_allocation_is_a_warning_and_the_return_commits_with_it_blank(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    assert load_returns(
        store,
        [write_return(tmp_path / "DfE-2026-03.xlsx", about(dt.date(2026, 3, 31)), base_tables())],
        "setup",
        today=TODAY,
    ).ok
    serve(store, tmp_path, monkeypatch)
    tables = copy.deepcopy(base_tables())
    tables["Budget"] = [{"priority_id": "EDU-01", "financial_year": "2026-27", "allocated": None, "forecast": 5e6}]
    data = write_return(tmp_path / "q2.xlsx", about(dt.date(2026, 6, 30)), tables).read_bytes()
    at = run_as(PAGE, "ana@dfe.example")
    at.file_uploader(key="upload_files_0").set_value([("q2.xlsx", data, "application/octet-stream")])
    at.run()
    assert not at.exception and len(at.error) == 0
    assert at.dataframe[0].value.values.tolist() == [
        [
            "q2.xlsx",
            "Budget",
            "C2",
            "",
            "Warning: the allocation for 2026-27 is blank; the row is kept with no "
            "allocation (give it if it can be shared).",
        ]
    ]
    at.button(key="commit").click().run()
    assert at.success[0].value.startswith("Committed")
    with store.connect_read() as con:
        assert con.execute("SELECT return_period, allocated, forecast FROM budget").fetchall() == [
            (dt.date(2026, 6, 30), None, 5e6)
        ]


def test_a_broken_upload_limit_is_explained_to_an_admin_and_not_in_settings_words_to_an_analyst(tmp_path, monkeypatch):
    serve(Store(tmp_path / "store"), tmp_path, monkeypatch)
    monkeypatch.setenv("DELIVERY_MAX_UPLOAD_MB", "lots")
    analyst, admin = run_as(PAGE, "ana@dfe.example"), run_as(PAGE, "ada@centre.example")
    assert not analyst.exception and not admin.exception
    # the analyst was shown the setting's name and where it was set, which only an admin can change
    assert [w.value for w in analyst.warning] == [
        "The largest file this server takes is set wrongly, so the usual 20 MB applies; tell your administrator."
    ]
    assert [w.value for w in admin.warning] == [  # escaped, so the underscores print as typed
        "DELIVERY\\_MAX\\_UPLOAD\\_MB must be a whole number of megabytes from 1 to 1000, but the environment sets it "
        "to 'lots'. Using the default of 20 MB."
    ]
