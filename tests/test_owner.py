"""Issue 18 item 5: one owner per priority per period. Only the lead's return gives a priority's
Priorities row; a contributor reports its part (chain links, milestones, ...) without it."""

from __future__ import annotations

import datetime as dt

import pytest

from delivery.store.loader import load_returns
from delivery.store.records import record_transfer
from delivery.store.versions import run_query
from tests.store_builder import ReturnSpec, _chain, _priority, build_store, write_workbooks
from tests.test_loader import TODAY, make_return
from tests.test_rights import JUN, whole, with_moj_01, write

MAR = dt.date(2026, 3, 31)
TAKEOVER = (
    "DfE contributes to HOM-02, led by HO: only HO's return may give its title, rating and commentary; "
    "report your part on the Delivery chain sheet, or remove this row."
)


def ho(period: dt.date = MAR) -> ReturnSpec:
    return ReturnSpec(
        "HO",
        period,
        {
            "Priorities": [
                _priority("HOM-01", "Halve knife crime", "Safety", "HO", "Red", commentary="Rising"),
                _priority(
                    "HOM-02",
                    "Cut the asylum backlog",
                    "Safety",
                    "HO",
                    "Amber",
                    contributing="DfE",
                    commentary="HO's view",
                ),
            ]
        },
    )


def dfe(*extra_priorities: dict, chain: list[dict] = (), period: dt.date = MAR) -> ReturnSpec:
    priorities = [_priority("EDU-01", "Raise reading", "Opportunity", "DfE", "Green"), *extra_priorities]
    return ReturnSpec("DfE", period, {"Priorities": priorities, "Delivery chain": list(chain)})


@pytest.fixture
def store(tmp_path):
    return build_store(tmp_path / "s", [ho()], use_loader=True)


def picture(store, as_at: dt.date = MAR) -> list[tuple]:
    with store.connect_read() as con:
        rows = run_query(con, "priority_list", {"as_at": as_at, "department": None, "theme": None})
    return sorted(
        rows[["priority_id", "lead_department", "rag", "title", "commentary"]].itertuples(index=False, name=None)
    )


HO_PICTURE = [
    ("HOM-01", "HO", "Red", "Halve knife crime", "Rising"),
    ("HOM-02", "HO", "Amber", "Cut the asylum backlog", "HO's view"),
]


def test_a_contributor_cannot_take_over_the_leads_priority(tmp_path, store):
    before, seen = whole(store), picture(store)
    assert [p for p in seen if p[0].startswith("HOM")] == HO_PICTURE
    takeover = _priority("HOM-02", "DfE's asylum plan", "Safety", "DfE", "Green", commentary="All well")
    [path] = write_workbooks(tmp_path / "dfe", [dfe(takeover)])
    report = load_returns(store, [path], "dora")
    assert [str(p) for p in report.problems] == [f"Priorities!A3: {TAKEOVER} (found 'HOM-02')"]
    assert whole(store) == before
    assert picture(store) == seen


def test_the_lead_loading_after_the_contributor_keeps_the_lead(tmp_path, store):
    """Same period, the contributor's part loaded first: the picture still takes the lead's row."""
    [path] = write_workbooks(
        tmp_path / "dfe", [dfe(chain=_chain("HOM-02", [("D1", None, "Schools' part", "department", "Green")]))]
    )
    assert load_returns(store, [path], "dora").ok
    [again] = write_workbooks(tmp_path / "ho", [ho()])
    assert load_returns(store, [again], "hugo").ok
    assert [p for p in picture(store) if p[0].startswith("HOM")] == HO_PICTURE


def test_a_contributor_reports_its_part_without_the_priorities_row(tmp_path, store):
    part = _chain("HOM-02", [("D1", None, "Schools' part", "department", "Green")])
    [path] = write_workbooks(tmp_path / "dfe", [dfe(chain=part)])
    report = load_returns(store, [path], "dora")
    assert report.ok, [str(p) for p in report.problems]
    with store.connect_read() as con:
        stored = con.execute("SELECT department, priority_id, node_id FROM chain_nodes").fetchall()
    assert stored == [("DfE", "HOM-02", "D1")]
    assert [p for p in picture(store) if p[0].startswith("HOM")] == HO_PICTURE


@pytest.mark.parametrize(
    "who, pid, message",
    [
        (
            "DfE",
            "HOM-09",
            "priority ID ('priority_id') 'HOM-09' is not on the Priorities sheet, nor a priority already "
            "reported: add its row to the Priorities sheet, or correct the ID.",
        ),
        (
            "HO",
            "HOM-02",
            "priority ID ('priority_id') 'HOM-02' is not on the Priorities sheet: HO leads HOM-02, so its "
            "return gives its row there (title, rating and commentary).",
        ),
    ],
)
def test_a_priority_off_the_priorities_sheet_must_be_one_the_department_contributes_to(
    tmp_path, store, who, pid, message
):
    own = _priority({"HO": "HOM-07", "DfE": "EDU-01"}[who], "Own", "Safety", who, "Green")
    spec = ReturnSpec(
        who, MAR, {"Priorities": [own], "Delivery chain": _chain(pid, [("D1", None, "A part", "department", "Green")])}
    )
    [path] = write_workbooks(tmp_path / "r", [spec])
    assert [str(p) for p in load_returns(store, [path], "x").problems] == [
        f"Delivery chain!A2: {message} (found '{pid}')"
    ]


def test_after_a_transfer_only_the_new_lead_gives_the_priorities_row(tmp_path):
    """MoJ leads MoJ-01 (HO contributing) until it is transferred to HO from 1 Apr 2026."""
    store = build_store(tmp_path / "s", [], use_loader=True)
    assert load_returns(store, [make_return(tmp_path / "moj.xlsx", "MoJ")], "setup", today=TODAY).ok
    record_transfer(store, "MoJ-01", "HO", "Centre Analyst", "Moved to HO", dt.date(2026, 4, 1))
    moj = load_returns(store, [make_return(tmp_path / "moj-jun.xlsx", "MoJ", JUN)], "mo", today=TODAY)
    assert [str(p) for p in moj.problems] == [
        "Priorities!A2: MoJ no longer leads MoJ-01, now led by HO: only HO's return may give its title, rating and "
        "commentary; report your part on the Delivery chain sheet, or remove this row. (found 'MoJ-01')"
    ]
    ho_jun = load_returns(store, [write(tmp_path / "ho.xlsx", "HO", with_moj_01("HO", JUN), JUN)], "hugo", today=TODAY)
    assert ho_jun.ok, [str(p) for p in ho_jun.problems]
