"""The centre's notes in the app (AppTest): written on the Priority page (a priority's) and the Brief page
(the covering note), shown with who and when as typed, refused when someone wrote it meanwhile."""

import datetime as dt

import pandas as pd

from delivery.auth import CENTRE_ANALYST, User
from delivery.store import judgements
from tests.conftest import run_app, texts
from tests.store_builder import PERIOD_2
from tests.test_page_brief import _by_label, writable  # noqa: F401 (the fixture)
from ui.forms.notes import NOTE_LABEL

TYPED = "Ask about **agency staff**: [see](http://evil.example) <b>now</b>\n- and the pay offer"
CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
SHOWN = (
    "> Ask about \\*\\*agency staff\\*\\*\\: \\[see\\](http\u2060\\://evil.example) \\<b\\>now\\</b\\>  \n"
    "> \\- and the pay offer"
)


def write(at, note: str):
    _by_label(at.text_area, NOTE_LABEL).input(note)
    return _by_label(at.button, "Save the note").click().run()


def signature(store) -> str:
    last = judgements.read_log(store.archive / judgements.LOG_NAME)[-1]
    at = pd.Timestamp(last["written_at"])
    return f"Written by {last['written_by']} on {at.day} {at:%b %Y} at {at:%H}\\:{at:%M} UTC."  # ':' escaped


def test_a_note_written_on_the_priority_page_is_shown_as_typed_with_who_and_when(writable):  # noqa: F811
    at = run_app("priority", priority="HEA-01")
    assert "The centre has written no note on HEA-01 for the brief as at 30 Jun 2026." in texts(at)
    at = write(at, TYPED)
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved the centre's note on HEA-01 for 30 Jun 2026."]
    said = texts(at)
    assert SHOWN in said and signature(writable) in said
    (entry,) = judgements.read_log(writable.archive / judgements.LOG_NAME)
    assert (entry["kind"], entry["after"]) == (
        "priority note",
        {"priority_id": "HEA-01", "period": "2026-06-30", "note": TYPED},
    )
    at = write(at, "  ")  # emptied: withdrawn
    assert [s.value for s in at.success] == ["Withdrew the centre's note on HEA-01 for 30 Jun 2026."]
    assert "The centre has written no note on HEA-01 for the brief as at 30 Jun 2026." in texts(at)


def test_the_second_of_two_sessions_writing_one_note_is_refused(writable):  # noqa: F811
    first = run_app("priority", priority="HEA-01")
    second = run_app("priority", priority="HEA-01")
    write(first, "First")
    before = writable.version()
    second = write(second, "Second")
    (entry,) = judgements.read_log(writable.archive / judgements.LOG_NAME)
    assert not second.exception and len(second.success) == 0
    assert [e.value for e in second.error] == [
        f"Nothing was recorded: {entry['written_by']} changed the centre's note on HEA-01 for 30 Jun 2026 at "
        f"{pd.Timestamp(entry['written_at']):%H:%M} UTC; look at it before changing it."
    ]
    assert writable.version() == before
    assert "> First" in texts(second)  # the form now shows the first note: writing over it is deliberate


def test_a_viewer_reads_the_note_but_has_no_form(writable, monkeypatch):  # noqa: F811
    judgements.record_note(writable, CARA, "HEA-01", PERIOD_2, "Staff gap", at=dt.datetime(2026, 7, 2, 10, 0))
    monkeypatch.setenv("DELIVERY_LOCAL_MODE", "off")
    at = run_app("priority", priority="HEA-01")
    assert not at.exception
    said = texts(at)
    assert "> Staff gap" in said
    assert "Written by Cara \\<cara\u2060\\@centre.gov\\> on 2 Jul 2026 at 10\\:00 UTC." in said
    assert "Centre analysts write the centre's notes for the brief here." in said
    assert [t for t in at.text_area if t.label == NOTE_LABEL] == []


def test_the_covering_note_is_written_on_the_brief_page_and_the_priority_notes_are_in_its_sections(writable):  # noqa: F811
    judgements.record_note(writable, CARA, "HEA-01", PERIOD_2, "Staff gap")
    at = run_app("brief")
    assert "No covering note has been written for the whole government's brief as at 30 Jun 2026." in texts(at)
    at = write(at, "A steady quarter; **one** decision.")
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved the covering note for the whole government for 30 Jun 2026."]
    said = texts(at)
    assert "> A steady quarter; \\*\\*one\\*\\* decision." in said and signature(writable) in said
    assert any(t.startswith("**The centre's note**  \nStaff gap  \n*Written by ") for t in said)
    (entry,) = [e for e in judgements.read_log(writable.archive / judgements.LOG_NAME) if e["kind"] == "covering note"]
    assert (entry["subject"], entry["after"]) == (
        "government",
        {"department": None, "period": "2026-06-30", "note": "A steady quarter; **one** decision."},
    )
