"""The small demo as first start loads it: DHLG merges into MHCLG and HOU-02 is transferred; counts agree."""

from __future__ import annotations

import datetime as dt

import pytest

from delivery.analysis import reporting
from delivery.reference.calendar import read_calendar
from delivery.store.rebuild import rebuild
from delivery.store.versions import Store, run_query
from tests.conftest import run_app, texts
from tests.test_page_calendar import assert_counts_agree
from ui.frame.text import plain

PERIODS = ["2025-06-30", "2025-12-31", "2026-03-31", "2026-06-30", "2026-09-30"]


@pytest.fixture
def demo_root(demo_store_root):
    """The demo as first start loads it (tests/conftest.py builds it once a run; read-only here)."""
    return demo_store_root


@pytest.fixture
def serve_demo(demo_root, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(demo_root))
    return demo_root


def _hou(con, as_at: str) -> list:
    return con.execute(
        "SELECT priority_id, lead_department, department, return_period::VARCHAR FROM priorities_at($a) "
        "WHERE title = 'Halve rough sleeping'",
        {"a": dt.date.fromisoformat(as_at)},
    ).fetchall()


def test_the_merged_departments_priority_is_one_priority_led_by_its_successor(demo_root):
    with Store(demo_root).connect_read() as con:
        assert _hou(con, "2026-03-31") == [("HOU-02", "DHLG", "DHLG", "2026-03-31")]
        assert _hou(con, "2026-06-30") == [("HOU-02", "MHCLG", "MHCLG", "2026-06-30")]
        assert _hou(con, "2026-09-30") == [("HOU-02", "MHCLG", "MHCLG", "2026-09-30")]
        assert con.execute(
            "SELECT priority_id, to_department, effective_date::VARCHAR, recorded_by, reason FROM priority_transfers"
        ).fetchall() == [
            ("HOU-02", "MHCLG", "2026-04-01", "Delivery unit (demo)", "DHLG merged into MHCLG on 31 March 2026.")
        ]
        returns = run_query(con, "department_returns")
    status = reporting.returns_status(read_calendar(), returns, dt.date(2026, 9, 30), dt.date(2026, 11, 23))
    assert "DHLG" not in set(status["department"])  # an ended department is not overdue
    assert reporting.received_text(status) == "7 of 8 returns received; 1 overdue."  # DESNZ is late


def test_rebuild_keeps_the_demo_transfer(demo_root, tmp_path):
    copy = Store(tmp_path / "copy")
    assert rebuild(demo_root, copy.root) == 5 * 8 + 8 + 7 + 22  # tests/test_demo.py counts the files
    with copy.connect_read() as con:
        assert con.execute("SELECT priority_id, to_department FROM priority_transfers").fetchall() == [
            ("HOU-02", "MHCLG")
        ]


def test_priority_page_of_the_transferred_priority(serve_demo):
    at = run_app("priority", priority="HOU-02")
    assert not at.exception
    facts = [t for t in texts(at) if t.startswith("- **Outcome:**")][0].split("\n")
    assert facts[2] == "- **Lead department:** " + plain(  # shown as typed: ui.frame.text.plain escapes the colon
        "Ministry of Housing, Communities and Local Government (MHCLG), since 1 Apr 2026; before: DHLG"
    )
    at = run_app("priority", priority="HOU-02", period="2026-03-31")
    facts = [t for t in texts(at) if t.startswith("- **Outcome:**")][0].split("\n")
    assert facts[2] == "- **Lead department:** " + plain("Department for Housing and Local Government (demo) (DHLG)")


def test_priorities_table_shows_hou_02_once_with_its_whole_history(serve_demo):
    table = run_app("priorities").dataframe[0].value
    hou = table[table["ID"] == "HOU-02"]
    assert hou[["Rating", "Lead", "Trend since last period"]].values.tolist() == [
        ["Green", "MHCLG", "Amber/Green → Green"]
    ]
    # DHLG rated it on three points (Red, Amber, Green), MHCLG on five
    assert list(hou["Rating history"].iloc[0]) == [1, 1, 1, 3, 3, 5, 4, 5]
    assert len(table) == 12


@pytest.mark.parametrize("period", PERIODS)
def test_counts_agree_across_overview_priorities_and_heatmap(serve_demo, demo_root, period):
    shown = assert_counts_agree(period)  # Overview = Priorities table = the heatmap's all-priorities row
    assert sum(shown.values()) == 12
    with Store(demo_root).connect_read() as con:
        as_at = dt.date.fromisoformat(period)
        heat = run_query(con, "department_ratings", {"as_at": as_at, "department": None, "theme": None})
        listed = run_query(con, "priority_list", {"as_at": as_at, "department": None, "theme": None})
    assert len(listed) == 12
    # the heatmap counts each priority once for its lead and once per contributing department
    expected = {}
    for rating, contributing in zip(listed["rag"], listed["contributing_departments"]):
        contributing = contributing if isinstance(contributing, str) else ""
        expected[rating] = expected.get(rating, 0) + 1 + len([c for c in contributing.split(",") if c.strip()])
    assert heat.groupby("rag")["priorities"].sum().to_dict() == expected
    assert heat.groupby("department")["department_name"].nunique().max() == 1  # one label per department
