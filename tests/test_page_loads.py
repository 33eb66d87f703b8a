"""The Loads and history page: the loads log, originals from the archive, rollback with a reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.errors import AppTestError

from delivery.reference.calendar import date_text
from delivery.returns.workbook import write_return
from delivery.store.loader import load_returns
from delivery.store.versions import Store, run_query
from tests.test_preview import TODAY, about, base_tables, next_tables
from tests.upload_support import ROOT, run_as, serve, snapshot
from ui.frame.text import plain

PAGE = str(ROOT / "pages" / "loads.py")
D = dt.date


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    """DfE's March return, then its June return (with a reason)."""
    store = Store(tmp_path / "store")
    march = write_return(tmp_path / "DfE-2026-03.xlsx", about(D(2026, 3, 31)), base_tables())
    june = write_return(tmp_path / "DfE-2026-06.xlsx", about(D(2026, 6, 30)), next_tables())
    assert load_returns(store, [march], "Ana <ana@dfe.example>", today=TODAY).ok
    assert load_returns(store, [june], "Ana <ana@dfe.example>", reason="ONS revision", today=TODAY).ok
    return serve(store, tmp_path, monkeypatch)


def page(email: str | None) -> AppTest:
    return run_as(PAGE, email)


def sha(store: Store, load_id: int) -> str:
    con = store.connect_read()
    try:
        return run_query(con, "load_by_id", {"load_id": load_id})["sha256"].iloc[0]
    finally:
        con.close()


def test_every_load_with_who_when_file_sha_department_period_rows_outcome_reason(store):
    at = page("ana@dfe.example")
    assert not at.exception
    table = at.dataframe[0].value
    # Times written one way: '30 Sep 2026, 14:05' (not '2026-09-30 14:05:07'), the load's number kept in view.
    config = json.loads(at.dataframe[0].proto.columns)
    assert (config["When (UTC)"]["type_config"]["format"], config["Load"]["pinned"]) == ("D MMM YYYY, HH:mm", True)
    assert list(table.columns) == [
        "Load",
        "Outcome",
        "When (UTC)",
        "Who",
        "File",
        "Department",
        "Period",
        "Rows",
        "Rolls back",
        "Warnings",
        "Reason",
        "In force",
        "sha256",
    ]
    got = table.drop(columns=["When (UTC)"]).astype(object).where(table.notna(), None).values.tolist()
    assert got == [
        [
            2,
            "loaded",
            "Ana <ana@dfe.example>",
            "DfE-2026-06.xlsx",
            "DfE",
            "30 Jun 2026",
            13,
            None,
            0,
            "ONS revision",
            True,
            sha(store, 2),
        ],
        [
            1,
            "loaded",
            "Ana <ana@dfe.example>",
            "DfE-2026-03.xlsx",
            "DfE",
            "31 Mar 2026",
            11,
            None,
            0,
            "",
            True,
            sha(store, 1),
        ],
    ]
    assert table["When (UTC)"].notna().all()
    assert at.dataframe[0].proto.placeholder == "–"  # a load that rolls nothing back shows a dash, not 'None'


def test_the_original_file_can_be_downloaded(store):
    at = page("ana@dfe.example")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download the original DfE-2026-06.xlsx"]
    at.selectbox(key="history_load").select(1).run()
    assert [b.proto.label for b in at.get("download_button")] == ["Download the original DfE-2026-03.xlsx"]


def test_department_filter(store):
    at = page("ana@dfe.example")
    at.selectbox(key="history_department").select("HO").run()
    assert at.info[0].value == "No returns have been loaded for HO."
    assert len(at.dataframe) == 0


def test_centre_analyst_rolls_back_with_a_reason_and_it_is_recorded(store):
    at = page("cleo@centre.example")
    assert at.button(key="rollback").disabled  # no reason yet
    at.text_area(key="rollback_reason_2").input("Loaded before sign-off").run()
    at.button(key="rollback").click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Rolled back load 2 for DfE 30 Jun 2026: no earlier load, so that period is now empty."
    )
    table = at.dataframe[0].value
    assert table.iloc[0][["Load", "Who", "File", "Outcome", "Rolls back", "Reason", "In force"]].tolist() == [
        3,
        "Cleo <cleo@centre.example>",
        "DfE-2026-06.xlsx",
        "rollback of load 2, which left the period empty",
        2,
        "Loaded before sign-off",
        False,
    ]
    when = date_text(table.iloc[0]["When (UTC)"])
    assert table.set_index("Load").loc[2, "Outcome"] == f"rolled back on {when} by Cleo <cleo@centre.example> (load 3)"
    assert table.set_index("Load").loc[2, "In force"] == False  # noqa: E712 (numpy bool)
    con = store.connect_read()
    try:
        periods = con.execute("SELECT DISTINCT return_period FROM priorities ORDER BY 1").fetchall()
    finally:
        con.close()
    assert periods == [(D(2026, 3, 31),)]


def test_the_rollback_says_what_the_store_will_hold_after_it(store, tmp_path):
    at = page("cleo@centre.example")
    assert at.markdown[-1].value == "**Roll back load 2**: " + plain(
        "DfE will then have no return for 30 Jun 2026: this is the only load in force for it."
    )
    tables = next_tables()
    tables["Priorities"][0]["rag"] = "Amber"
    again = write_return(tmp_path / "DfE-2026-06-v2.xlsx", about(D(2026, 6, 30)), tables)
    assert load_returns(store, [again], "Ana <ana@dfe.example>", reason="Fixed", today=TODAY).ok  # load 3
    at = page("cleo@centre.example")
    when = date_text(at.dataframe[0].value.set_index("Load").loc[2, "When (UTC)"])
    assert at.markdown[-1].value == "**Roll back load 3**: " + plain(
        f"DfE's return for 30 Jun 2026 will then be load 2 (DfE-2026-06.xlsx, loaded on "
        f"{when} by Ana <ana@dfe.example>)."
    )


def test_a_loads_warnings_are_shown(store, tmp_path):
    tables = base_tables()
    tables["Priorities"][0]["rag"] = "Red/Amber"
    warned = write_return(tmp_path / "DfE-2026-09.xlsx", about(D(2026, 9, 30)), tables)
    assert load_returns(store, [warned], "Ana <ana@dfe.example>", today=TODAY).ok  # load 3
    at = page("ana@dfe.example")
    assert not at.exception
    assert at.dataframe[0].value.set_index("Load")["Warnings"].to_dict() == {3: 1, 2: 0, 1: 0}
    assert "Load 3 was loaded with 1 warning:" in [m.value for m in at.markdown]
    assert at.dataframe[-1].value.values.tolist() == [
        [
            "Priorities",
            "K2",
            "Red/Amber",
            "Warning: rating ('rag') 'Red/Amber' was read as Amber/Red, the scale's name for it (amber first); "
            "write Amber/Red if that is the rating meant.",
        ]
    ]


def test_rollback_needs_a_reason(store):
    at = page("cleo@centre.example")
    at.text_area(key="rollback_reason_2").input("  ").run()
    with pytest.raises(AppTestError, match="disabled"):
        at.button(key="rollback").click()


def test_only_the_load_in_force_can_be_rolled_back(store):
    at = page("cleo@centre.example")
    at.text_area(key="rollback_reason_2").input("Loaded before sign-off").run()
    at.button(key="rollback").click().run()
    at.selectbox(key="history_load").select(2).run()  # load 2, now rolled back
    assert at.caption[-1].value == (
        "Only the load in force for its department and period can be rolled back; this one is not."
    )
    assert "rollback" not in [b.key for b in at.button]


def test_an_analyst_sees_the_history_but_cannot_roll_back(store):
    before = snapshot(store)
    at = page("ana@dfe.example")
    # The name and address are escaped for Markdown: "<ana@dfe.example>" is shown, not taken as a tag.
    assert at.info[0].value.startswith(
        "Only centre analysts and admins can roll a load back. You are Ana \\<ana\u2060\\@dfe.example\\>, an analyst."
    )
    assert "rollback" not in [b.key for b in at.button]
    assert snapshot(store) == before


@pytest.mark.parametrize("email", [None, "someone@else.example"])
def test_a_viewer_is_refused(store, email):
    at = page(email)
    assert at.error[0].value.startswith("This page is for analysts. You are ")
    assert len(at.dataframe) == 0


def test_rolling_back_a_replacement_restores_the_earlier_load(store, tmp_path):
    tables = base_tables()
    tables["Priorities"][0]["rag"] = "Red"
    again = write_return(tmp_path / "DfE-2026-03-v2.xlsx", about(D(2026, 3, 31)), tables)
    assert load_returns(store, [again], "Ana <ana@dfe.example>", today=TODAY).ok  # load 3 replaces load 1
    at = page("cleo@centre.example")
    assert at.selectbox(key="history_load").value == 3
    at.text_area(key="rollback_reason_3").input("Sent in error").run()
    at.button(key="rollback").click().run()
    assert at.success[0].value == ("Rolled back load 3 for DfE 31 Mar 2026: restored load 1 (DfE-2026-03.xlsx).")
    in_force = at.dataframe[0].value.set_index("Load")["In force"].to_dict()
    assert in_force == {4: False, 3: False, 2: True, 1: True}
    con = store.connect_read()
    try:
        rag = con.execute("SELECT rag FROM priorities_at(DATE '2026-03-31') WHERE priority_id = 'EDU-01'").fetchone()
    finally:
        con.close()
    assert rag == ("Amber",)


def test_an_analyst_downloads_originals_of_their_own_departments_only(store):
    at = page("hugo@ho.example")  # an HO analyst; both loads are DfE's
    assert not at.exception
    assert len(at.dataframe[0].value) == 2  # the history itself is open to every analyst
    assert at.get("download_button") == []
    assert (
        "The original workbook is kept in the archive; you can download originals for HO only. "
        "Ask a centre analyst if you need DfE's."
    ) in [c.value for c in at.caption]
    at.selectbox(key="history_load").select(1).run()
    assert at.get("download_button") == []


def test_a_centre_analyst_downloads_any_original(store):
    at = page("cleo@centre.example")
    assert [b.proto.label for b in at.get("download_button")] == ["Download the original DfE-2026-06.xlsx"]


def test_a_file_name_in_a_button_label_is_text(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    name = "[Sign in again](http:evil.example) ![x](http:evil.example/x.png) **b**.xlsx"
    path = write_return(tmp_path / "DfE.xlsx", about(D(2026, 3, 31)), base_tables())
    assert load_returns(store, [(name, path.read_bytes())], "Ana <ana@dfe.example>", today=TODAY).ok
    serve(store, tmp_path, monkeypatch)
    at = page("ana@dfe.example")
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download the original \\[Sign in again\\](http\u2060\\:evil.example) !\\[x\\](http\u2060\\:evil.example/x.png) "
        "\\*\\*b\\*\\*.xlsx"
    ]
