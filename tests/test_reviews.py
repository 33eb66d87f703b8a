"""The reporting cycle's review: received, accepted or returned for revision, with who, when and why;
rights and refusals in exact words; the command line; and rebuild keeps every decision."""

import copy
import datetime as dt
import json
import subprocess
import sys

import pytest

from delivery.auth import ADMIN, ANALYST, CENTRE_ANALYST, VIEWER, User
from delivery.errors import DeliveryError
from delivery.reference.calendar import date_text
from delivery.store import cycle, reviews
from delivery.store.load_log import described
from delivery.store.loader import load_returns
from delivery.store.rebuild import rebuild
from delivery.store.versions import Store
from tests.conftest import ROOT as ROOT_DIR
from tests.store_builder import PERIOD_2, _dfe, build_store, sample_returns, write_workbooks
from tests.store_builder import named_query as _q
from ui.frame.text import plain

ADA = User("Ada", "ada@centre.gov", ADMIN)
CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
AT = dt.datetime(2026, 7, 2, 10, 0)


def dfe_q2(tmp_path, rag: str, name: str):
    """DfE's return for 30 Jun with EDU-01 rated ``rag``, written as a workbook in its own folder."""
    spec = copy.deepcopy(_dfe(PERIOD_2))
    spec.tables["Priorities"][0]["rag"] = rag
    return write_workbooks(tmp_path / name, [spec])[0]


@pytest.fixture
def store(tmp_path):
    """The sample store (loads 1-5), review switched on, then DfE's 30 Jun return resubmitted as load 6."""
    store = build_store(tmp_path, sample_returns())
    cycle.switch_on_review(store, ADA, "The cycle starts with the June returns", at=AT)
    report = load_returns(store, [dfe_q2(tmp_path, "Red", "v2")], "Dan <dan@dfe.gov>")
    assert report.ok
    return store


def history(store):
    with store.connect_read() as con:
        frame = reviews.with_reviews(reviews.asker(con), described(_q(store, "loads_history")))
    return frame.set_index("load_id")


def test_loads_before_review_began_count_as_accepted_and_a_new_load_is_received(store):
    frame = history(store)
    assert frame.loc[5, ["review", "review_text"]].tolist() == ["accepted", "accepted (loaded before review began)"]
    assert frame.loc[6, ["review", "review_text"]].tolist() == ["received", "received: not yet reviewed"]


def test_return_for_revision_then_resubmit_then_accept(store, tmp_path):
    entry = cycle.record_review(
        store, CARA, 6, reviews.RETURNED, "Red without a recovery plan", ["milestones!f14: this date moved again"], AT
    )
    assert entry["before"] is None
    assert entry["after"] == {
        "load_id": 6,
        "decision": "returned for revision",
        "reason": "Red without a recovery plan",
        "cells": [{"cell": "Milestones!F14", "note": "this date moved again"}],
    }
    assert history(store).loc[6, "review_text"] == (
        "returned for revision by Cara <cara@centre.gov> on 2 Jul 2026: Red without a recovery plan "
        "Milestones!F14: this date moved again"
    )
    assert load_returns(store, [dfe_q2(tmp_path, "Amber/Red", "v3")], "Dan <dan@dfe.gov>").ok
    frame = history(store)
    assert frame.loc[7, ["review", "answers"]].tolist() == ["received", 6]
    accepted = cycle.record_review(store, CARA, 7, reviews.ACCEPTED, at=AT + dt.timedelta(days=1))
    assert cycle.decision_text(accepted) == "Load 7 accepted by Cara <cara@centre.gov> (entry 3)."
    assert history(store).loc[7, "review_text"] == "accepted by Cara <cara@centre.gov> on 3 Jul 2026 (answers load 6)"


@pytest.mark.parametrize(
    ("load_id", "decision", "reason", "message"),
    [
        (99, reviews.ACCEPTED, None, "There is no load 99 in the loads log."),
        (2, reviews.ACCEPTED, None, "Load 2 was loaded before review began, so it counts as accepted already."),
        (
            5,
            reviews.ACCEPTED,
            None,
            "Load 5 is no longer the load in force for DfE's return for 30 Jun 2026; only the load in force is reviewed.",
        ),
        (6, reviews.RETURNED, "  ", "The reason for returning it is blank; please fill it in."),
    ],
)
def test_a_decision_that_cannot_be_made_is_refused_in_words_and_nothing_is_written(
    store, load_id, decision, reason, message
):
    before = store.version()
    with pytest.raises(DeliveryError) as refused:
        cycle.record_review(store, CARA, load_id, decision, reason, at=AT)
    assert str(refused.value) == message
    assert store.version() == before


def test_the_same_decision_twice_is_refused(store):
    cycle.record_review(store, CARA, 6, reviews.ACCEPTED, at=AT)
    with pytest.raises(DeliveryError) as refused:
        cycle.record_review(store, CARA, 6, reviews.ACCEPTED, at=AT)
    assert str(refused.value) == (
        "Load 6 (DfE's return for 30 Jun 2026) was already accepted by Cara <cara@centre.gov> on 2 Jul 2026; "
        "nothing was written."
    )


def test_a_decision_on_a_form_older_than_the_last_decision_is_refused_naming_who_decided(store):
    """Two reviewers open load 6 (received: base 0). Cara accepts it; Ada's return for revision from the same
    form is refused, saying who decided and when, and nothing is written: never both told they succeeded."""
    entry = cycle.record_review(store, CARA, 6, reviews.ACCEPTED, at=AT, base=0)
    assert history(store).loc[6, "review_seq"] == entry["seq"]
    before = store.version()
    with pytest.raises(DeliveryError) as refused:
        cycle.record_review(store, ADA, 6, reviews.RETURNED, "Red without a plan", at=AT, base=0)
    assert str(refused.value) == (
        "Cara <cara@centre.gov> accepted load 6 (DfE's return for 30 Jun 2026) at 10:00 UTC; look at it before "
        "deciding. Nothing was written."
    )
    assert store.version() == before
    assert history(store).loc[6, "review"] == "accepted"
    # from a form that shows the acceptance, the return for revision is recorded
    cycle.record_review(store, ADA, 6, reviews.RETURNED, "Red without a plan", at=AT, base=entry["seq"])
    assert history(store).loc[6, "review"] == "returned for revision"


def test_a_rollback_is_not_a_return_to_review(store):
    from delivery.store.history import rollback_load

    rollback_load(store, 6, "Cara", "Loaded by mistake")
    with pytest.raises(DeliveryError, match="^Load 7 is a rollback, not a return; only a loaded return is reviewed.$"):
        cycle.record_review(store, CARA, 7, reviews.ACCEPTED, at=AT)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "F14 moved",
            "'F14 moved' is not a note on a cell: write the sheet, the cell and the note, like "
            "Milestones!F14: this date moved again; explain.",
        ),
        (
            "Milestone!F14: moved",
            "'Milestone' is not a sheet of a return; the sheets are About, Priorities, "
            "Delivery chain, Milestones, Indicators, Trajectory, Actuals, Risks, Budget.",
        ),
    ],
)
def test_a_note_on_a_cell_names_a_sheet_and_a_cell(written, message):
    with pytest.raises(DeliveryError) as refused:
        reviews.cell_note(written)
    assert str(refused.value) == message


@pytest.mark.parametrize("role", [VIEWER, ANALYST])
def test_only_the_centre_reviews(store, role):
    with pytest.raises(DeliveryError) as refused:
        cycle.record_review(store, User("Dan", "dan@dfe.gov", role, ("DfE",)), 6, reviews.ACCEPTED, at=AT)
    assert str(refused.value) == (
        f"Only centre analysts and admins review returns. You are Dan <dan@dfe.gov>, a{'n' if role == ANALYST else ''} "
        f"{role}. Nothing was written."
    )


def test_only_an_admin_switches_review_on_and_only_once(tmp_path, store):
    with pytest.raises(DeliveryError) as refused:
        cycle.switch_on_review(store, CARA, "again")
    assert str(refused.value) == (
        "Only an admin can do this. You are Cara <cara@centre.gov>, a centre analyst. Nothing was written."
    )
    with pytest.raises(DeliveryError) as refused:
        cycle.switch_on_review(store, ADA, "again")
    assert str(refused.value) == "Review was switched on already, on 2 Jul 2026 by Ada <ada@centre.gov>, from load 6."


def test_reviewing_before_review_is_switched_on_says_how_to_switch_it_on(tmp_path):
    store = build_store(tmp_path, sample_returns(), use_loader=False)
    with pytest.raises(DeliveryError) as refused:
        cycle.record_review(store, CARA, 1, reviews.ACCEPTED)
    assert str(refused.value) == (
        "Review is not switched on for this store. An admin switches it on with "
        "`python -m delivery review --switch-on --reason TEXT`; loads made before then count as accepted."
    )


def test_rebuild_keeps_every_review_decision(store, tmp_path):
    cycle.record_review(store, CARA, 6, reviews.RETURNED, "Explain the Red", at=AT)
    expected = history(store)[["review", "review_text", "answers"]]
    trail = _q(store, "return_reviews_all")
    rebuild(store.root)
    assert history(store)[["review", "review_text", "answers"]].equals(expected)
    other = Store(tmp_path / "other")
    rebuild(store.root, other.root)
    assert _q(other, "return_reviews_all").equals(trail)
    assert history(other)[["review", "review_text", "answers"]].equals(expected)


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "delivery", *args], cwd=ROOT_DIR, capture_output=True, text=True, timeout=120
    )


def test_the_command_line_reviews_and_history_says_so(store):
    db = ["--db", str(store.root), "--by", "Cleo"]
    said = run_cli(
        "review",
        "6",
        "--return-for-revision",
        "--reason",
        "Explain the Red",
        "--cell",
        "Priorities!N2: no commentary",
        *db,
    )
    assert (said.returncode, said.stdout, said.stderr) == (
        0,
        "Load 6 returned for revision by Cleo (entry 2): Explain the Red.\n  Priorities!N2: no commentary\n",
        "",
    )
    said = run_cli("review", "6", "--accept", "--return-for-revision", *db)
    assert said.returncode == 1
    assert said.stderr == (
        "Error: Name the load and one decision: review LOAD_ID --accept, or review LOAD_ID "
        "--return-for-revision --reason TEXT.\n"
    )
    out = json.loads(run_cli("history", "--json", "--db", str(store.root)).stdout)
    assert out["reviews"] == [
        {
            "seq": 2,
            "load_id": 6,
            "decision": "returned for revision",
            "reason": "Explain the Red",
            "cells": [{"cell": "Priorities!N2", "note": "no commentary"}],
            "reviewed_by": "Cleo",
            "reviewed_at": out["reviews"][0]["reviewed_at"],
        }
    ]
    six = next(r for r in out["loads"] if r["load_id"] == 6)
    assert (six["review"], six["review_reason"], six["answers"]) == ("returned for revision", "Explain the Red", None)
    table = run_cli("history", "--db", str(store.root)).stdout.splitlines()
    assert "review" in table[0].split("  ")
    assert "returned for revision by Cleo on" in table[1]


# --- the pages: the centre reviews on Loads and history; the department's analyst reads it on Upload ---


@pytest.fixture
def served(store, tmp_path, monkeypatch):
    from tests.upload_support import serve

    return serve(store, tmp_path, monkeypatch)


def page(name: str, email: str):
    from tests.upload_support import run_as

    return run_as(str(ROOT_DIR / "pages" / f"{name}.py"), email)


def test_the_centre_returns_a_load_on_the_loads_page_and_the_analyst_reads_why_on_upload(served):
    at = page("loads", "cleo@centre.example")
    assert not at.exception
    table = at.dataframe[0].value
    assert table[["Load", "Review"]].values.tolist()[:2] == [
        [6, "received: not yet reviewed"],
        [5, "accepted (loaded before review began)"],
    ]
    assert "**Review**: load 6 is received\\: not yet reviewed." in [m.value for m in at.markdown]
    at.text_area(key="review_reason_6_received").input("Red without a recovery plan")
    at.text_area(key="review_cells_6_received").input("Milestones!F14: this date moved again").run()
    at.button(key="review_return").click().run()
    assert [s.value for s in at.success] == [
        plain(
            "Load 6 returned for revision by Cleo <cleo@centre.example> (entry 2): Red without a recovery plan.\n"
            "  Milestones!F14: this date moved again"
        )
    ]
    head = f"returned for revision by Cleo <cleo@centre.example> on {date_text(dt.date.today())}: Red without a recovery plan"
    assert f"**Review**: load 6 is {plain(head)}.\n- {plain('Milestones!F14')}: {plain('this date moved again')}" in [
        m.value for m in at.markdown
    ]
    assert at.text_area(key="review_reason_6_returned_for_revision").value == ""  # a fresh form for the next decision
    upload = page("upload", "ana@dfe.example")
    assert not upload.exception
    assert [w.value for w in upload.warning] == [
        f"DfE's return for 30 Jun 2026 (load 6, DfE-2026-06-30.xlsx) was {plain(head)}. Correct it and upload it again."
        f"\n- {plain('Milestones!F14')}: {plain('this date moved again')}"
    ]


def test_two_reviewers_at_once_on_the_loads_page_only_the_first_is_recorded(served):
    """Ada writes her reason to return load 6 while Cleo accepts it; Ada's click, from a form that still shows
    it received, is refused naming Cleo, and the acceptance stands."""
    first, second = page("loads", "cleo@centre.example"), page("loads", "ada@centre.example")
    assert not first.exception and not second.exception
    second.text_area(key="review_reason_6_received").input("Red without a recovery plan").run()
    first.button(key="review_accept").click().run()
    assert [s.value for s in first.success] == [plain("Load 6 accepted by Cleo <cleo@centre.example> (entry 2).")]
    second.button(key="review_return").click().run()
    (said,) = [e.value for e in second.error]
    assert said.startswith("Nothing was recorded: Cleo \\<cleo\u2060\\@centre.example\\> accepted load 6 (DfE")
    assert said.endswith("look at it before deciding. Nothing was written.")
    assert not second.success
    assert history(served).loc[6, "review"] == "accepted"
    assert "**Review**: load 6 is accepted by Cleo" in " ".join(m.value for m in second.markdown).replace("\\", "")


def test_an_analyst_sees_the_review_but_cannot_decide(served):
    at = page("loads", "ana@dfe.example")
    assert not at.exception
    assert "The delivery unit's centre analysts review returns." in [c.value for c in at.caption]
    assert not [b for b in at.button if b.key in ("review_accept", "review_return")]
