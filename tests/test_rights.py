"""A return reports only on priorities its department leads or contributes to (issue 9, item 2).

Both paths are tested: the loader (CLI and commit) and the upload page's checks; each refusal
names the priority, its lead and the cell, and leaves the store exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from delivery import auth
from delivery.returns.workbook import write_return
from delivery.store import archive
from delivery.store.loader import load_returns
from delivery.store.rights import ReportingRights
from delivery.store.versions import Store
from delivery.upload.checks import check_batch, check_file
from tests.test_loader import DEC, MAR, TODAY, make_return, return_tables, snapshot

JUN = dt.date(2026, 6, 30)
CENTRE = auth.User(name="Cleo", email="cleo@centre.example", role=auth.CENTRE_ANALYST)
MOJ_01 = (
    "DHSC may not report on priority MoJ-01: it is led by MoJ, with HO contributing. "
    "Remove this row, or ask MoJ to list DHSC as a contributing department."
)
INDICATOR = "Indicator I9 is for priority MoJ-01, which DHSC may not report on (it is led by MoJ). "


def with_moj_01(dept: str, period: dt.date = MAR, priorities_row: bool = True) -> dict:
    """``dept``'s small return plus MoJ-01 on Priorities, Milestones, Indicators, Trajectory and Actuals
    (without its Priorities row: a contributor's part only)."""
    t = return_tables(dept, period)
    if priorities_row:
        t["Priorities"].append(
            dict(
                priority_id="MoJ-01",
                title="Taken over",
                lead_department=dept,
                rag="G",
                target_date=dt.date(2028, 3, 31),
            )
        )
    t["Milestones"].append(
        dict(
            priority_id="MoJ-01",
            milestone_id="M9",
            title="Court opened",
            baseline_date=dt.date(2025, 6, 30),
            forecast_date=dt.date(2025, 9, 30),
        )
    )
    t["Indicators"].append(
        dict(
            priority_id="MoJ-01",
            indicator_id="I9",
            name="Backlog",
            unit="cases",
            stage="outcome",
            direction="down",
            baseline_value=400,
            baseline_date=dt.date(2024, 3, 31),
            target_value=200,
            target_date=dt.date(2028, 3, 31),
        )
    )
    t["Trajectory"] += [
        dict(indicator_id="I9", period_end=MAR, planned_value=380),
        dict(indicator_id="I9", period_end=JUN, planned_value=360),
    ]
    t["Actuals"].append(dict(indicator_id="I9", period_end=MAR, actual_value=390))
    return t


def write(path: Path, dept: str, tables: dict, period: dt.date = MAR) -> Path:
    return write_return(path, {"department": dept, "period_end": period, "prepared_by": "Test"}, tables)


def whole(store: Store) -> tuple:
    """Everything a refusal must leave alone: version, tables, log (raw bytes) and archive files."""
    log = (store.archive / archive.LOG_NAME).read_bytes()
    return (
        snapshot(store),
        log,
        sorted(p.name for p in store.archive.iterdir()),
        sorted(p.name for p in store.versions.iterdir()),
    )


@pytest.fixture
def store(tmp_path) -> Store:
    """MoJ leads MoJ-01 and MoJ-02, with HO contributing (its 31 Mar return)."""
    store = Store(tmp_path / "store")
    assert load_returns(store, [make_return(tmp_path / "moj.xlsx", "MoJ")], "setup", today=TODAY).ok
    return store


def test_another_departments_priority_is_refused_on_every_sheet_and_nothing_changes(tmp_path, store):
    before = whole(store)
    report = load_returns(store, [write(tmp_path / "dhsc.xlsx", "DHSC", with_moj_01("DHSC"))], "dora", today=TODAY)
    assert [str(p) for p in report.problems] == [
        f"Priorities!A4: {MOJ_01} (found 'MoJ-01')",
        f"Milestones!A3: {MOJ_01} (found 'MoJ-01')",
        f"Indicators!A3: {MOJ_01} (found 'MoJ-01')",
        f"Trajectory!A3: {INDICATOR}Remove its 2 rows on this sheet. (found 'I9')",
        f"Actuals!A4: {INDICATOR}Remove this row. (found 'I9')",
    ]
    assert report.files[0].message == "Not loaded: 5 problems to fix in dhsc.xlsx."
    assert not report.ok
    assert whole(store) == before


def test_a_refused_file_stops_the_whole_batch(tmp_path, store):
    before = whole(store)
    good = make_return(tmp_path / "dfe.xlsx", "DfE")
    report = load_returns(
        store, [good, write(tmp_path / "dhsc.xlsx", "DHSC", with_moj_01("DHSC"))], "dora", today=TODAY
    )
    assert [f.outcome for f in report.files] == ["rejected", "rejected"]
    assert report.files[0].message == (
        "Not loaded: dfe.xlsx has no problems, but nothing was written because other files in this batch have problems."
    )
    assert whole(store) == before


def test_a_contributing_department_the_lead_lists_may_report_its_part(tmp_path, store):
    report = load_returns(
        store, [write(tmp_path / "ho.xlsx", "HO", with_moj_01("HO", priorities_row=False))], "hugo", today=TODAY
    )
    assert report.ok, [str(p) for p in report.problems]
    with store.connect_read() as con:
        assert ReportingRights(con).may_report("MoJ-01") == {"MoJ", "HO"}  # the lead stays MoJ


def test_the_leads_latest_return_decides_who_contributes(tmp_path, store):
    tables = return_tables("MoJ", JUN)
    tables["Priorities"][0]["contributing_departments"] = "DHSC"
    assert load_returns(store, [write(tmp_path / "moj-jun.xlsx", "MoJ", tables, JUN)], "mo", today=TODAY).ok
    with store.connect_read() as con:
        rights = ReportingRights(con)
    assert (rights.may_report("MoJ-01"), rights.may_report("MoJ-02")) == ({"MoJ", "DHSC"}, {"MoJ", "HO"})
    assert rights.may_report("NEW-01") is None  # not in the store: new, anyone may bring it
    part = with_moj_01("DHSC", priorities_row=False)
    assert load_returns(store, [write(tmp_path / "dhsc.xlsx", "DHSC", part)], "dora", today=TODAY).ok
    report = load_returns(store, [write(tmp_path / "ho.xlsx", "HO", with_moj_01("HO"))], "hugo", today=TODAY)
    assert str(report.problems[0]) == (
        "Priorities!A4: HO may not report on priority MoJ-01: it is led by MoJ, with DHSC contributing. "
        "Remove this row, or ask MoJ to list HO as a contributing department. (found 'MoJ-01')"
    )


def test_a_new_priority_and_the_leads_own_return_are_allowed(tmp_path, store):
    assert load_returns(store, [make_return(tmp_path / "dhsc.xlsx", "DHSC")], "dora", today=TODAY).ok
    assert load_returns(store, [make_return(tmp_path / "moj-jun.xlsx", "MoJ", JUN)], "mo", today=TODAY).ok


def test_no_contributors_listed(tmp_path):
    store = Store(tmp_path / "store")
    tables = return_tables("MoJ", MAR)
    for row in tables["Priorities"]:
        row["contributing_departments"] = None
    assert load_returns(store, [write(tmp_path / "moj.xlsx", "MoJ", tables)], "mo", today=TODAY).ok
    report = load_returns(store, [write(tmp_path / "dhsc.xlsx", "DHSC", with_moj_01("DHSC"))], "dora", today=TODAY)
    assert report.problems[0].message == (
        "DHSC may not report on priority MoJ-01: it is led by MoJ. "
        "Remove this row, or ask MoJ to list DHSC as a contributing department."
    )


def test_the_upload_pages_checks_refuse_it_too(tmp_path, store):
    data = write(tmp_path / "dhsc.xlsx", "DHSC", with_moj_01("DHSC")).read_bytes()
    checked = check_file("dhsc.xlsx", data, CENTRE, TODAY, 20)
    assert checked["problems"] == []
    before = whole(store)
    check_batch([checked], store)
    assert [(p.where, p.value, p.message, p.file) for p in checked["problems"]] == [
        ("Priorities!A4", "MoJ-01", MOJ_01, "dhsc.xlsx"),
        ("Milestones!A3", "MoJ-01", MOJ_01, "dhsc.xlsx"),
        ("Indicators!A3", "MoJ-01", MOJ_01, "dhsc.xlsx"),
        ("Trajectory!A3", "I9", INDICATOR + "Remove its 2 rows on this sheet.", "dhsc.xlsx"),
        ("Actuals!A4", "I9", INDICATOR + "Remove this row.", "dhsc.xlsx"),
    ]
    assert whole(store) == before


def test_the_upload_pages_checks_on_a_damaged_store_say_nothing_can_be_loaded(tmp_path, store):
    checked = check_file("dfe.xlsx", make_return(tmp_path / "dfe.xlsx").read_bytes(), CENTRE, TODAY, 20)
    (store.root / "CURRENT").unlink()
    check_batch([checked], store)
    [p] = checked["problems"]
    assert p.message.startswith(
        "Nothing can be loaded until the store is repaired. The store at "
        f"{store.root} cannot be used: its pointer file CURRENT (which names the "
        "published version) is missing."
    )


def test_the_upload_page_shows_the_refusal_by_cell_and_writes_nothing(tmp_path, store, monkeypatch):
    from tests.upload_support import ROOT, run_as, serve

    serve(store, tmp_path, monkeypatch)
    before = whole(store)
    at = run_as(str(ROOT / "pages" / "upload.py"), "cleo@centre.example")
    data = write(tmp_path / "dhsc.xlsx", "DHSC", with_moj_01("DHSC")).read_bytes()
    at.file_uploader(key="upload_files_0").set_value([("dhsc.xlsx", data, "application/octet-stream")])
    at.run()
    assert not at.exception
    assert at.error[0].value == "Nothing has been loaded: 5 problems to fix in dhsc.xlsx. Fix them and upload again."
    report = at.dataframe[0].value
    assert (report["Sheet"] + "!" + report["Cell"]).tolist() == [
        "Priorities!A4",
        "Milestones!A3",
        "Indicators!A3",
        "Trajectory!A3",
        "Actuals!A4",
    ]
    assert report["Problem"].iloc[0] == MOJ_01
    assert "commit" not in [b.key for b in at.button]
    assert whole(store) == before


# --- departments that change: transfers and successors (delivery/store/records.py) -----------

SEP = dt.date(2026, 9, 30)


def hou_02(dept: str, period: dt.date) -> dict:
    """``dept``'s small return in which its first priority is HOU-02 (DHSC contributing), led by ``dept``."""
    tables = return_tables(dept, period)
    for rows in tables.values():
        for row in rows:
            if row.get("priority_id") == f"{dept}-01":
                row["priority_id"] = "HOU-02"
    tables["Priorities"][0]["contributing_departments"] = "DHSC"
    return tables


@pytest.fixture
def dhlg_store(tmp_path) -> Store:
    """DHLG (a demo department: ended 31 Mar 2026, successor MHCLG) reported HOU-02 for 31 Mar 2026."""
    store = Store(tmp_path / "dhlg-store")
    assert load_returns(store, [write(tmp_path / "dhlg.xlsx", "DHLG", hou_02("DHLG", MAR))], "di", today=TODAY).ok
    return store


def test_after_a_transfer_the_new_lead_may_report_and_others_are_still_refused(tmp_path, dhlg_store):
    from delivery.store.records import record_transfer

    record_transfer(dhlg_store, "HOU-02", "MHCLG", "Centre Analyst", "DHLG merged into MHCLG", dt.date(2026, 4, 1))
    with dhlg_store.connect_read() as con:
        rights = ReportingRights(con)
        assert rights.may_report("HOU-02") == {"DHLG", "DHSC"}  # no period: lead and contributors only
        assert rights.may_report("HOU-02", JUN) == {"DHLG", "DHSC", "MHCLG"}
        assert rights.may_report("HOU-02", DEC) == {"DHLG", "DHSC"}  # before anything was recorded
    before = whole(dhlg_store)
    dfe = load_returns(dhlg_store, [write(tmp_path / "dfe.xlsx", "DfE", hou_02("DfE", JUN), JUN)], "di", today=TODAY)
    assert not dfe.ok
    assert dfe.problems[0].message == (  # not "ask DHLG": it had ended; MHCLG's list is not the one read
        "DfE may not report on priority HOU-02: it is led by MHCLG, with DHSC contributing. Remove this row."
    )
    assert whole(dhlg_store) == before
    # a later load of MHCLG's return alone (not in a batch with DHLG's) is accepted
    mhclg = load_returns(
        dhlg_store, [write(tmp_path / "mhclg.xlsx", "MHCLG", hou_02("MHCLG", JUN), JUN)], "mo", today=TODAY
    )
    assert mhclg.ok, [str(p) for p in mhclg.problems]
    with dhlg_store.connect_read() as con:
        assert con.execute(
            "SELECT lead_department, department FROM priorities_at($a) WHERE priority_id = 'HOU-02'", {"a": JUN}
        ).fetchall() == [("MHCLG", "MHCLG")]


def test_the_successor_of_an_ended_lead_may_report_without_a_transfer(tmp_path, dhlg_store):
    data = write(tmp_path / "mhclg.xlsx", "MHCLG", hou_02("MHCLG", SEP), SEP).read_bytes()
    checked = check_file("mhclg.xlsx", data, CENTRE, TODAY, 20)
    check_batch([checked], dhlg_store)  # the upload page's check asks the same rights
    assert checked["problems"] == []
    assert load_returns(
        dhlg_store, [write(tmp_path / "m.xlsx", "MHCLG", hou_02("MHCLG", SEP), SEP)], "mo", today=TODAY
    ).ok
    refused = check_file(
        "dfe.xlsx", write(tmp_path / "dfe.xlsx", "DfE", hou_02("DfE", SEP), SEP).read_bytes(), CENTRE, TODAY, 20
    )
    check_batch([refused], dhlg_store)
    assert [p.where for p in refused["problems"]][:1] == ["Priorities!A2"]
    assert refused["problems"][0].message.startswith("DfE may not report on priority HOU-02: it is led by DHLG")
