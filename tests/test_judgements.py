"""The centre's judgements: ratings and stocktake actions, who/when/before/after, refusals, rebuild."""

import datetime as dt
import json
import threading

import pandas as pd
import pytest

from delivery.auth import ADMIN, ANALYST, CENTRE_ANALYST, VIEWER, User
from delivery.errors import ChangedMeanwhile, DeliveryError
from delivery.store import concurrency, judgements
from delivery.store.rebuild import rebuild
from delivery.store.versions import Store
from tests.store_builder import PERIOD_1, PERIOD_2, ReturnSpec, build_store, sample_returns
from tests.store_builder import named_query as _q

CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
AT = dt.datetime(2026, 7, 2, 10, 0)


@pytest.fixture
def store(tmp_path):
    return build_store(tmp_path, sample_returns(), use_loader=False)


def test_a_centre_rating_is_recorded_with_who_when_before_and_after(store):
    judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, "Amber", "Staff gap not closing", at=AT)
    entry = judgements.record_rating(
        store, CARA, "HEA-01", PERIOD_2, "red", "Worse than the return says", at=AT + dt.timedelta(hours=1)
    )
    assert entry["before"] == {
        "priority_id": "HEA-01",
        "period": "2026-06-30",
        "rag": "Amber",
        "reason": "Staff gap not closing",
        "rated_by": "Cara <cara@centre.gov>",
        "rated_at": "2026-07-02T10:00:00",
    }
    assert entry["after"] == {
        "priority_id": "HEA-01",
        "period": "2026-06-30",
        "rag": "Red",
        "reason": "Worse than the return says",
    }
    rated = _q(store, "centre_ratings_at", as_at=PERIOD_2)
    assert rated[["priority_id", "centre_rag", "centre_reason"]].values.tolist() == [
        ["HEA-01", "Red", "Worse than the return says"]
    ]
    assert _q(store, "centre_ratings_at", as_at=PERIOD_1).empty  # rated for 30 Jun: not in force at 31 Mar
    log = _q(store, "judgement_history", priority_id="HEA-01")
    assert log["seq"].tolist() == [2, 1]
    assert log["written_by"].tolist() == ["Cara <cara@centre.gov>"] * 2
    assert json.loads(log["before_json"].iloc[0])["rag"] == "Amber" and pd.isna(log["before_json"].iloc[1])


def test_actions_carry_forward_until_closed_and_are_overdue_after_their_due_date(store):
    judgements.record_action(
        store, CARA, "EDU-01", PERIOD_1, "Recruit 200 tutors", "Schools Directorate", dt.date(2026, 5, 31), at=AT
    )
    at_p1 = _q(store, "stocktake_actions_at", as_at=PERIOD_1)
    assert at_p1[["action_id", "status", "overdue"]].values.tolist() == [[1, "open", False]]
    at_p2 = _q(store, "stocktake_actions_at", as_at=PERIOD_2)  # carried forward, now late
    assert at_p2[["status", "overdue", "days_overdue"]].values.tolist() == [["open", True, 30]]
    entry = judgements.update_action(store, CARA, 1, judgements.CLOSED, dt.date(2026, 8, 15), at=AT)
    assert entry["before"] == {"status": "open", "closed_date": None}
    assert _q(store, "stocktake_actions_at", as_at=PERIOD_2)["status"].tolist() == ["open"]  # closed later
    assert _q(store, "stocktake_actions_at", as_at=dt.date(2026, 9, 30))[["status", "overdue"]].values.tolist() == [
        ["closed", False]
    ]


@pytest.mark.parametrize("role", [VIEWER, ANALYST])
def test_only_centre_analysts_and_admins_may_record_and_nothing_is_written(store, role):
    before = store.version()
    user = User("Ann", "ann@dept.gov", role, ("DHSC",))
    with pytest.raises(
        DeliveryError,
        match=f"Only centre analysts and admins .* You are Ann <ann@dept.gov>, a {role}. Nothing was written.",
    ):
        judgements.record_rating(store, user, "HEA-01", PERIOD_2, "Red", "Because")
    assert store.version() == before and not (store.archive / judgements.LOG_NAME).exists()
    assert judgements.may_record(User("A", "a@x", ADMIN))


@pytest.mark.parametrize(
    "rating, reason, message",
    [
        ("Purple", "x", "'Purple' is not a rating; choose one of Red, "),
        ("Red", "   ", "The reason is blank; please fill it in."),
    ],
)
def test_bad_input_is_refused_plainly_and_changes_nothing(store, rating, reason, message):
    before = store.version()
    with pytest.raises(DeliveryError, match=message.replace("(", r"\(")):
        judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, rating, reason)
    assert store.version() == before


def test_closing_an_action_needs_its_date(store):
    judgements.record_action(store, CARA, "EDU-01", PERIOD_2, "Publish plan", "DfE", dt.date(2026, 8, 1))
    with pytest.raises(DeliveryError, match="Give the date the action was closed."):
        judgements.update_action(store, CARA, 1, judgements.CLOSED)
    with pytest.raises(DeliveryError, match="There is no action 9."):
        judgements.update_action(store, CARA, 9, judgements.CLOSED, PERIOD_2)


def test_judgements_survive_rebuild_in_place_and_into_another_store(tmp_path):
    store = build_store(tmp_path, sample_returns())  # through the loader, so rebuild has an archive
    judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, "Amber", "Staff gap", at=AT)
    judgements.record_action(
        store, CARA, "HEA-01", PERIOD_2, "Agree pay flexibility", "HMT", dt.date(2026, 7, 31), at=AT
    )
    judgements.update_action(store, CARA, 1, judgements.CLOSED, dt.date(2026, 7, 20), at=AT)
    expected = _q(store, "judgement_history", priority_id=None)
    rebuild(store.root)
    assert _q(store, "judgement_history", priority_id=None).equals(expected)
    other = Store(tmp_path / "other")
    rebuild(store.root, other.root)
    assert _q(other, "judgement_history", priority_id=None).equals(expected)
    assert _q(other, "stocktake_actions_at", as_at=dt.date(2026, 9, 30))["status"].tolist() == ["closed"]
    assert _q(other, "centre_ratings_at", as_at=PERIOD_2)["centre_rag"].tolist() == ["Amber"]


def test_a_line_left_by_a_writer_that_never_published_is_voided_not_cut(store):
    judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, "Amber", "Staff gap", at=AT)
    log = store.archive / judgements.LOG_NAME
    with open(log, "a", encoding="utf-8") as f:
        f.write(json.dumps({"seq": 2, "kind": "centre rating", "subject": "HEA-01"}) + "\n")
    written = log.read_bytes()
    judgements.record_rating(store, CARA, "EDU-01", PERIOD_2, "Red", "Reading falling", at=AT)
    assert log.read_bytes().startswith(written)  # only ever appended to
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert {k: v for k, v in lines[2].items() if k != "at"} == {
        "void": [2],
        "line": None,
        "why": "never published: the writer stopped before publishing (published version store-000002.duckdb)",
    }
    assert [(e["seq"], e["subject"]) for e in judgements.read_log(log)] == [(1, "HEA-01"), (2, "EDU-01")]


def test_a_return_may_carry_the_centre_rating(tmp_path):
    spec = ReturnSpec(
        "DHSC",
        PERIOD_2,
        {
            "Priorities": [
                {
                    "priority_id": "HEA-01",
                    "title": "Cut waiting",
                    "lead_department": "DHSC",
                    "rag": "Green",
                    "centre_rag": "Amber",
                }
            ]
        },
    )
    store = build_store(tmp_path, [spec])
    rated = _q(store, "centre_ratings_at", as_at=PERIOD_2)
    assert rated[["priority_id", "centre_rag", "centre_reason"]].values.tolist() == [
        ["HEA-01", "Amber", "Given in DHSC's return"]
    ]
    judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, "Red", "Recorded at the stocktake")
    assert _q(store, "centre_ratings_at", as_at=PERIOD_2)["centre_rag"].tolist() == ["Red"]  # the app's wins
    history = _q(store, "priority_centre_rating_history", as_at=PERIOD_2, priority_id="HEA-01")
    assert history[["rag", "rated_by"]].values.tolist() == [["Red", "Centre"]]


# --- two people at once: a change made from a form is refused if what it showed changed since ------


def _rating_base(store) -> int:
    con = store.connect_read()
    try:
        return concurrency.rating_base(con, "HEA-01", PERIOD_2)
    finally:
        con.close()


def test_two_centre_ratings_from_one_form_state_at_once_one_is_recorded_the_other_refused(store):
    dan = User("Dan", "dan@centre.gov", CENTRE_ANALYST)
    base = _rating_base(store)  # both forms show HEA-01 not yet rated for 30 Jun
    barrier, outcomes = threading.Barrier(2), {}

    def rate(user: User, rag: str) -> None:
        barrier.wait()
        try:
            outcomes[user.name] = judgements.record_rating(
                store, user, "HEA-01", PERIOD_2, rag, "Stocktake", at=AT, base=base
            )["after"]["rag"]
        except ChangedMeanwhile as error:
            outcomes[user.name] = str(error)

    threads = [threading.Thread(target=rate, args=a) for a in ((CARA, "Red"), (dan, "Green"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rated = _q(store, "centre_ratings_at", as_at=PERIOD_2)[["priority_id", "centre_rag"]].values.tolist()
    assert len(rated) == 1
    winner = {"Red": CARA, "Green": dan}[rated[0][1]]
    loser = dan if winner is CARA else CARA
    assert outcomes == {
        winner.name: rated[0][1],
        loser.name: (
            f"{winner.label} changed the centre's rating of HEA-01 for 30 Jun 2026 at 10:00 UTC; "
            "look at it before changing it."
        ),
    }
    assert [(e["seq"], e["written_by"]) for e in judgements.read_log(store.archive / judgements.LOG_NAME)] == [
        (1, winner.label)
    ]


def test_a_rating_from_a_form_that_saw_the_latest_write_is_recorded(store):
    judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, "Amber", "Staff gap", at=AT, base=0)
    judgements.record_rating(store, CARA, "EDU-01", PERIOD_2, "Red", "Another priority", at=AT, base=0)  # no matter
    entry = judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, "Red", "Worse", at=AT, base=_rating_base(store))
    assert (entry["seq"], entry["before"]["rag"]) == (3, "Amber")
    with pytest.raises(
        ChangedMeanwhile,
        match=r"^Cara <cara@centre.gov> changed the centre's rating of HEA-01 "
        r"for 30 Jun 2026 at 10:00 UTC; look at it before changing it.$",
    ):
        judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, "Green", "Stale form", at=AT, base=1)


def test_closing_an_action_someone_changed_since_the_form_is_refused(store):
    judgements.record_action(store, CARA, "EDU-01", PERIOD_2, "Publish plan", "DfE", dt.date(2026, 8, 1), at=AT)
    con = store.connect_read()
    try:
        seen = concurrency.action_base(con, 1)
    finally:
        con.close()
    later = AT + dt.timedelta(minutes=5)
    judgements.update_action(
        store,
        User("Dan", "dan@centre.gov", CENTRE_ANALYST),
        1,
        judgements.OPEN,
        due_date=dt.date(2026, 9, 1),
        at=later,
        base=seen,
    )
    before = store.version()
    with pytest.raises(
        ChangedMeanwhile,
        match=r"^Dan <dan@centre.gov> changed stocktake action 1 at 10:05 UTC; "
        r"look at it before changing it.$",
    ):
        judgements.update_action(store, CARA, 1, judgements.CLOSED, PERIOD_2, at=later, base=seen)
    assert store.version() == before
