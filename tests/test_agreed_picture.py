"""Draft and agreed pictures: viewers and briefs read only the returns the centre accepted; the centre reads
every return as loaded; a store that never switched review on reads as it always did."""

import copy
import datetime as dt

import pytest

from delivery.analysis.picture import Scope
from delivery.auth import ADMIN, CENTRE_ANALYST, User
from delivery.briefs.make import read_brief_data
from delivery.briefs.summary import picture_text
from delivery.returns.contract import SHEETS
from delivery.store import cycle, reviews
from delivery.store.loader import load_returns
from delivery.store.rebuild import rebuild
from delivery.store.versions import run_query, show_picture
from tests.store_builder import PERIOD_2, _dfe, build_store, sample_returns, write_workbooks

ADA = User("Ada", "ada@centre.gov", ADMIN)
CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
AT = dt.datetime(2026, 7, 2, 10, 0)


def edu_rag(store, agreed: bool):
    """EDU-01's rating as at 30 Jun and the return it comes from, in the agreed or the draft picture."""
    con = store.connect_read()
    try:
        show_picture(con, agreed)
        row = con.execute(
            "SELECT rag, return_period FROM priorities_at(DATE '2026-06-30') WHERE priority_id = 'EDU-01'"
        )
        return row.fetchone()
    finally:
        con.close()


def summary(store, agreed: bool) -> str:
    con = store.connect_read()
    try:
        show_picture(con, agreed)
        return picture_text(read_brief_data(con, Scope(), PERIOD_2))
    finally:
        con.close()


@pytest.fixture
def store(tmp_path):
    """The sample store with review switched on after its five loads; then DfE's 30 Jun return again,
    EDU-01 now Red (load 6, received)."""
    store = build_store(tmp_path, sample_returns())
    cycle.switch_on_review(store, ADA, "The June cycle", at=AT)
    spec = copy.deepcopy(_dfe(PERIOD_2))
    spec.tables["Priorities"][0]["rag"] = "Red"
    assert load_returns(store, write_workbooks(tmp_path / "v2", [spec]), "Dan").ok
    return store


def test_a_store_that_never_switched_review_on_reads_the_same_either_way(tmp_path):
    store = build_store(tmp_path, sample_returns())
    assert edu_rag(store, agreed=True) == edu_rag(store, agreed=False) == ("Amber/Red", dt.date(2026, 6, 30))
    assert summary(store, agreed=True) == summary(store, agreed=False)


def test_a_return_under_review_is_in_the_draft_picture_only_until_it_is_accepted(store):
    assert edu_rag(store, agreed=False) == ("Red", dt.date(2026, 6, 30))
    # its department reads as at its previous accepted return: the June rows of load 5 were replaced
    assert edu_rag(store, agreed=True) == ("Green", dt.date(2026, 3, 31))
    cycle.record_review(store, CARA, 6, reviews.RETURNED, "Explain the Red", at=AT)
    assert edu_rag(store, agreed=True) == ("Green", dt.date(2026, 3, 31))
    cycle.record_review(store, CARA, 6, reviews.ACCEPTED, at=AT)
    assert edu_rag(store, agreed=True) == edu_rag(store, agreed=False) == ("Red", dt.date(2026, 6, 30))


def test_the_picture_says_which_returns_are_under_review_and_whether_it_includes_them(store):
    assert summary(store, agreed=True).splitlines()[-1] == (
        "These figures are from the returns the centre has accepted; still under review and not included: "
        "DfE's return for 30 Jun 2026 (not yet reviewed)."
    )
    assert summary(store, agreed=False).splitlines()[-1] == (
        "These figures include returns the centre has not yet reviewed: DfE's return for 30 Jun 2026 (not yet reviewed)."
    )
    cycle.record_review(store, CARA, 6, reviews.ACCEPTED, at=AT)
    assert summary(store, agreed=True) == summary(store, agreed=False)
    assert "under review" not in summary(store, agreed=True)


def test_the_loads_log_lists_every_load_in_either_picture(store):
    con = store.connect_read()
    try:
        show_picture(con, agreed=True)
        assert run_query(con, "history_loads", {"department": "DfE"})[["load_id", "active"]].values.tolist() == [
            [6, True],
            [5, False],
            [2, True],
        ]
    finally:
        con.close()


def test_every_return_table_has_an_agreed_view(store):
    con = store.connect_read()
    try:
        shadowed = {
            r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE schema_name = 'agreed'").fetchall()
        }
    finally:
        con.close()
    assert shadowed == {"loads", *(s.table for s in SHEETS)}


def test_rebuild_gives_the_same_agreed_and_draft_pictures(store):
    cycle.record_review(store, CARA, 6, reviews.RETURNED, "Explain the Red", at=AT)
    before = (summary(store, agreed=True), summary(store, agreed=False))
    rebuild(store.root)
    assert (summary(store, agreed=True), summary(store, agreed=False)) == before
