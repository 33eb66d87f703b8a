"""The centre's notes for the brief: a note per priority and a covering note per scope, per period;
kept with who and when in the judgements ledger, latest wins, refused when stale, replayed by rebuild."""

import datetime as dt
import json

import pytest

from delivery.auth import ADMIN, ANALYST, CENTRE_ANALYST, VIEWER, User
from delivery.cli import main
from delivery.errors import ChangedMeanwhile, DeliveryError
from delivery.store import judgements, notes
from delivery.store.rebuild import rebuild
from delivery.store.versions import Store
from tests.store_builder import PERIOD_1, PERIOD_2, build_store, sample_returns
from tests.store_builder import named_query as _q

CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
DAN = User("Dan", "dan@centre.gov", ADMIN)
AT = dt.datetime(2026, 7, 2, 10, 0)


@pytest.fixture
def store(tmp_path):
    return build_store(tmp_path, sample_returns(), use_loader=False)


def in_force(store, period=PERIOD_2) -> list[list]:
    rows = _q(store, "centre_notes_for_period", period=period.isoformat())
    return (
        rows[["kind", "priority_id", "department", "note", "written_by"]]
        .astype(object)
        .where(rows[["kind", "priority_id", "department", "note", "written_by"]].notna(), None)
        .values.tolist()
    )


def test_notes_are_kept_with_who_and_when_and_the_latest_wins(store):
    judgements.record_note(store, CARA, "HEA-01", PERIOD_2, "  Ask about the staff gap.  ", at=AT)
    written = (store.archive / judgements.LOG_NAME).read_bytes()
    entry = judgements.record_note(
        store, DAN, "HEA-01", PERIOD_2, "Ask about agency staff.", at=AT + dt.timedelta(hours=1)
    )
    judgements.record_covering_note(store, CARA, None, PERIOD_2, "A steady quarter.", at=AT)
    judgements.record_covering_note(store, CARA, "DHSC", PERIOD_2, "Waiting lists first.", at=AT)
    assert entry["kind"] == "priority note" and entry["subject"] == "HEA-01"
    assert entry["written_by"] == "Dan <dan@centre.gov>" and entry["written_at"] == "2026-07-02T11:00:00"
    assert entry["after"] == {"priority_id": "HEA-01", "period": "2026-06-30", "note": "Ask about agency staff."}
    assert entry["before"] == {
        "note": "Ask about the staff gap.",
        "written_by": "Cara <cara@centre.gov>",
        "written_at": "2026-07-02T10:00:00",
    }
    assert in_force(store) == [
        ["covering", None, None, "A steady quarter.", "Cara <cara@centre.gov>"],
        ["covering", None, "DHSC", "Waiting lists first.", "Cara <cara@centre.gov>"],
        ["priority", "HEA-01", None, "Ask about agency staff.", "Dan <dan@centre.gov>"],
    ]
    assert in_force(store, PERIOD_1) == []  # a note is for its period only
    log = _q(store, "judgement_history", priority_id="HEA-01")  # the covering notes are not HEA-01's
    assert log[["seq", "kind", "written_by"]].values.tolist() == [
        [2, "priority note", "Dan <dan@centre.gov>"],
        [1, "priority note", "Cara <cara@centre.gov>"],
    ]
    assert json.loads(log["after_json"].iloc[1])["note"] == "Ask about the staff gap."
    assert [e["seq"] for e in judgements.read_log(store.archive / judgements.LOG_NAME)] == [1, 2, 3, 4]
    assert (store.archive / judgements.LOG_NAME).read_bytes().startswith(written)  # only ever appended to


def test_an_empty_note_withdraws_it_and_both_writes_stay_in_the_ledger(store):
    judgements.record_note(store, CARA, "EDU-01", PERIOD_2, "Tutors", at=AT)
    entry = judgements.record_note(store, CARA, "EDU-01", PERIOD_2, "   ", at=AT)
    assert entry["after"]["note"] == "" and entry["before"]["note"] == "Tutors"
    assert in_force(store) == []
    assert len(judgements.read_log(store.archive / judgements.LOG_NAME)) == 2


@pytest.mark.parametrize(
    "write, message",
    [
        (
            lambda s: judgements.record_note(s, CARA, "EDU-01", PERIOD_2, ""),
            "The note is blank and there is no note to withdraw: write the centre's note on EDU-01 first.",
        ),
        (
            lambda s: judgements.record_note(s, CARA, "EDU-01", PERIOD_2, "x" * 5001),
            "The note is 5,001 characters long; the most a note may hold is 5,000 (DELIVERY_MAX_TEXT_CHARS): "
            "shorten it.",
        ),
        (lambda s: judgements.record_covering_note(s, CARA, "XYZ", PERIOD_2, "Hello"), "There is no department 'XYZ'."),
        (lambda s: judgements.record_note(s, CARA, " ", PERIOD_2, "Hello"), "Choose the priority the note is about."),
        (  # it was written, for a priority no page shows
            lambda s: judgements.record_note(s, CARA, "edu-01", PERIOD_2, "Hello"),
            "No return has reported a priority 'edu-01'. Did you mean EDU-01? Nothing was written.",
        ),
        (
            lambda s: judgements.record_rating(s, CARA, "ZZZ-09", PERIOD_2, "Red", "Because"),
            "No return has reported a priority 'ZZZ-09'. Nothing was written.",
        ),
        (
            lambda s: judgements.record_action(s, CARA, "EDU-1", PERIOD_2, "Call", "Ann", PERIOD_2),
            "No return has reported a priority 'EDU-1'. Nothing was written.",
        ),
    ],
)
def test_bad_notes_are_refused_plainly_and_nothing_is_written(store, write, message):
    before = store.version()
    with pytest.raises(DeliveryError) as refused:
        write(store)
    assert str(refused.value) == message
    assert store.version() == before and judgements.read_log(store.archive / judgements.LOG_NAME) == []


def test_the_limit_is_the_text_setting(store, monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_TEXT_CHARS", "300")
    with pytest.raises(DeliveryError, match=r"^The note is 301 characters long; the most a note may hold is 300 "):
        judgements.record_note(store, CARA, "EDU-01", PERIOD_2, "y" * 301)
    judgements.record_note(store, CARA, "EDU-01", PERIOD_2, "y" * 300)


@pytest.mark.parametrize("role", [VIEWER, ANALYST])
def test_only_those_who_may_rate_may_write_a_note(store, role):
    user = User("Ann", "ann@dept.gov", role, ("DHSC",))
    for write in (
        lambda: judgements.record_note(store, user, "HEA-01", PERIOD_2, "Hi"),
        lambda: judgements.record_covering_note(store, user, None, PERIOD_2, "Hi"),
    ):
        with pytest.raises(DeliveryError) as refused:
            write()
        assert str(refused.value) == (
            "Only centre analysts and admins can record the centre's ratings and stocktake actions. "
            f"You are Ann <ann@dept.gov>, a {role}. Nothing was written."
        )
    assert not (store.archive / judgements.LOG_NAME).exists()


def test_a_note_written_since_the_form_was_shown_is_refused_naming_who_and_when(store):
    con = store.connect_read()
    seen = notes.base(con, notes.PRIORITY_NOTE, {"priority_id": "HEA-01", "period": "2026-06-30"})
    con.close()
    assert seen == 0
    judgements.record_note(store, DAN, "HEA-01", PERIOD_2, "Dan's note", at=AT, base=seen)
    before = store.version()
    with pytest.raises(ChangedMeanwhile) as refused:
        judgements.record_note(store, CARA, "HEA-01", PERIOD_2, "Cara's note", base=seen)
    assert str(refused.value) == (
        "Dan <dan@centre.gov> changed the centre's note on HEA-01 for 30 Jun 2026 at "
        "10:00 UTC; look at it before changing it."
    )
    judgements.record_covering_note(store, DAN, "DHSC", PERIOD_2, "First", at=AT, base=0)
    with pytest.raises(
        ChangedMeanwhile,
        match=r"^Dan <dan@centre.gov> changed the covering note for DHSC for "
        r"30 Jun 2026 at 10:00 UTC; look at it before changing it\.$",
    ):
        judgements.record_covering_note(store, CARA, "DHSC", PERIOD_2, "Second", base=0)
    assert store.version() != before  # the covering note was written; Cara's two were not
    assert [e["written_by"] for e in judgements.read_log(store.archive / judgements.LOG_NAME)] == [
        "Dan <dan@centre.gov>"
    ] * 2
    judgements.record_note(store, CARA, "HEA-01", PERIOD_2, "Cara's note", base=1)  # she saw Dan's
    assert in_force(store)[-1][3] == "Cara's note"


def test_notes_survive_rebuild_in_place_and_into_another_store(tmp_path):
    store = build_store(tmp_path, sample_returns())  # through the loader, so rebuild has an archive
    judgements.record_note(store, CARA, "HEA-01", PERIOD_2, "Ask about the staff gap.", at=AT)
    judgements.record_rating(store, CARA, "HEA-01", PERIOD_2, "Amber", "Staff gap", at=AT)
    judgements.record_covering_note(store, CARA, None, PERIOD_2, "A steady quarter.", at=AT)
    judgements.record_note(store, DAN, "HEA-01", PERIOD_2, "Ask about agency staff.", at=AT)
    expected, history = in_force(store), _q(store, "judgement_history", priority_id=None)
    rebuild(store.root)
    assert in_force(store) == expected and _q(store, "judgement_history", priority_id=None).equals(history)
    other = Store(tmp_path / "other")
    rebuild(store.root, other.root)
    assert (
        in_force(other)
        == expected
        == [
            ["covering", None, None, "A steady quarter.", "Cara <cara@centre.gov>"],
            ["priority", "HEA-01", None, "Ask about agency staff.", "Dan <dan@centre.gov>"],
        ]
    )


def test_the_command_line_writes_and_withdraws_a_note_as_the_user_running_it(store, capsys):
    db = str(store.root)
    assert (
        main(
            [
                "note",
                "Ask about agency staff.",
                "--priority",
                "HEA-01",
                "--period",
                "2026-06-30",
                "--db",
                db,
                "--by",
                "Cara",
            ]
        )
        == 0
    )
    assert (
        main(
            ["note", "A steady quarter.", "--department", "DHSC", "--period", "2026-06-30", "--db", db, "--by", "Cara"]
        )
        == 0
    )
    assert main(["note", "", "--priority", "HEA-01", "--period", "2026-06-30", "--db", db, "--by", "Cara"]) == 0
    assert main(["note", "", "--priority", "HEA-01", "--period", "2026-06-30", "--db", db, "--by", "Cara"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "Recorded (entry 1) the priority note on HEA-01 for 2026-06-30, by Cara.",
        "Recorded (entry 2) the covering note on DHSC for 2026-06-30, by Cara.",
        "Withdrew (entry 3) the priority note on HEA-01 for 2026-06-30, by Cara.",
    ]
    assert err == (
        "Error: The note is blank and there is no note to withdraw: write the centre's note on HEA-01 first.\n"
    )
    assert in_force(store) == [["covering", None, "DHSC", "A steady quarter.", "Cara"]]
