"""Two people recording the centre's rating of one priority from the Priority page at once:
the second is told who changed it since the form was shown, and nothing of theirs is written."""

import pandas as pd

from delivery.store import judgements
from tests.conftest import run_app
from tests.test_page_brief import _by_label, writable  # noqa: F401 (the fixture)


def rate(at, rag: str, reason: str):
    _by_label(at.selectbox, "The centre's rating").set_value(rag)
    _by_label(at.text_area, "Reason (kept with the rating)").input(reason)
    return _by_label(at.button, "Record the centre's rating").click().run()


def test_the_second_of_two_sessions_rating_one_priority_is_refused(writable):  # noqa: F811
    first = run_app("priority", priority="HEA-01")
    second = run_app("priority", priority="HEA-01")  # both forms show HEA-01 not rated by the centre
    assert [s.value for s in rate(first, "Red", "Staff gap").success] == [
        "Recorded the centre's rating of HEA-01 for 30 Jun 2026: Red."
    ]
    before = writable.version()
    second = rate(second, "Green", "On track")
    assert not second.exception and len(second.success) == 0
    (entry,) = judgements.read_log(writable.archive / judgements.LOG_NAME)
    assert [e.value for e in second.error] == [
        f"Nothing was recorded: {entry['written_by']} changed the centre's rating of HEA-01 for 30 Jun 2026 at "
        f"{pd.Timestamp(entry['written_at']):%H:%M} UTC; look at it before changing it."
    ]
    assert writable.version() == before
    again = rate(second, "Green", "On track")  # the form now shows Red: recording over it is deliberate
    assert [s.value for s in again.success] == ["Recorded the centre's rating of HEA-01 for 30 Jun 2026: Green."]
