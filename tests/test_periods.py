"""Closing a period: admins only, once, a period with returns; a later return for it needs an admin and a
reason and is a restatement shown in the brief's words; rebuild keeps the close and the restatement."""

import copy
import datetime as dt

import pytest

from delivery.analysis.picture import Scope
from delivery.auth import ADMIN, CENTRE_ANALYST, User
from delivery.briefs.make import read_brief_data
from delivery.briefs.summary import picture_text
from delivery.briefs.text import make_brief
from delivery.errors import DeliveryError
from delivery.store import cycle
from delivery.store.loader import load_returns
from delivery.store.rebuild import rebuild
from tests.store_builder import PERIOD_2, _dfe, build_store, sample_returns, write_workbooks
from tests.store_builder import named_query as _q

ADA = User("Ada", "ada@centre.gov", ADMIN)
CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
AT = dt.datetime(2026, 7, 2, 10, 0)
RESTATED = (
    "DfE's return for 30 Jun 2026 was restated on {day} by Ada: EDU-01 was Amber/Red, now Red. "
    "Why: ONS revised the June figures."
)


def dfe_june(tmp_path, rag: str):
    spec = copy.deepcopy(_dfe(PERIOD_2))
    spec.tables["Priorities"][0]["rag"] = rag
    return write_workbooks(tmp_path / rag.replace("/", "-"), [spec])


@pytest.fixture
def store(tmp_path):
    store = build_store(tmp_path, sample_returns())
    entry = cycle.close_period(store, ADA, PERIOD_2, "Stocktake pack agreed", at=AT)
    assert cycle.decision_text(entry) == (
        "Closed 30 Jun 2026 (entry 1, by Ada <ada@centre.gov>): a later return for it needs an admin and a "
        "reason, and is shown as a restatement."
    )
    return store


def summary(store) -> str:
    with store.connect_read() as con:
        return picture_text(read_brief_data(con, Scope(), PERIOD_2))


@pytest.mark.parametrize(
    ("user", "period", "message"),
    [
        (
            CARA,
            PERIOD_2,
            "Only an admin can do this. You are Cara <cara@centre.gov>, a centre analyst. Nothing was written.",
        ),
        (ADA, PERIOD_2, "30 Jun 2026 was closed already, on 2 Jul 2026 by Ada <ada@centre.gov>; nothing was written."),
        (ADA, dt.date(2026, 9, 30), "No return has been loaded for 30 Sep 2026, so there is nothing to close."),
    ],
)
def test_closing_is_for_admins_once_and_for_a_period_with_returns(store, user, period, message):
    with pytest.raises(DeliveryError) as refused:
        cycle.close_period(store, user, period, "again")
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("admin", "reason", "ending"),
    [
        (False, "ONS revised", " Only an admin may load it, with a reason; it is then shown as a restatement."),
        (True, None, " Give a reason for restating it; it is then shown as a restatement."),
    ],
)
def test_a_return_for_a_closed_period_needs_an_admin_and_a_reason(store, tmp_path, admin, reason, ending):
    before = store.version()
    report = load_returns(store, dfe_june(tmp_path, "Red"), "Ada", reason=reason, admin=admin)
    assert not report.ok and store.version() == before
    [problem] = report.problems
    assert (problem.sheet, problem.cell) == ("About", "B3")
    assert problem.message == (
        "DfE's return for 30 Jun 2026 is for a closed period (closed on 2 Jul 2026 by Ada <ada@centre.gov>: "
        "Stocktake pack agreed)." + ending
    )


def test_a_restatement_says_what_it_changed_in_the_picture_and_the_brief(store, tmp_path):
    assert "restated" not in summary(store)
    report = load_returns(store, dfe_june(tmp_path, "Red"), "Ada", reason="ONS revised the June figures", admin=True)
    assert report.ok
    day = f"{dt.date.today().day} {dt.date.today():%b %Y}"
    assert summary(store).splitlines()[-1] == RESTATED.format(day=day)
    with store.connect_read() as con:
        brief = make_brief(read_brief_data(con, Scope(department="DfE"), PERIOD_2))
    assert brief.headline.endswith(RESTATED.format(day=day))


def test_rebuild_of_a_store_with_reviews_a_closed_period_and_a_restatement_gives_identical_history(store, tmp_path):
    from delivery.store import reviews

    cycle.switch_on_review(store, ADA, "The cycle starts", at=AT)
    assert load_returns(store, dfe_june(tmp_path, "Red"), "Ada", reason="ONS revised the June figures", admin=True).ok
    cycle.record_review(store, CARA, 6, reviews.RETURNED, "Explain the Red", ["Priorities!N2: no commentary"], AT)
    expected = (
        _q(store, "history_loads", department=None),
        _q(store, "judgement_history", priority_id=None),
        _q(store, "restatements_at", as_at=PERIOD_2),
        summary(store),
    )
    rebuild(store.root)
    again = (
        _q(store, "history_loads", department=None),
        _q(store, "judgement_history", priority_id=None),
        _q(store, "restatements_at", as_at=PERIOD_2),
        summary(store),
    )
    for was, now in zip(expected[:3], again[:3]):
        assert now.equals(was)
    assert again[3] == expected[3]
    assert len(expected[2]) == 1
