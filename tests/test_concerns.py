"""What is off track and why (delivery/briefs/concerns.py): the brief's order of concern, the Needs attention
list's reasons, in words."""

import datetime as dt

import pandas as pd

from delivery.analysis import attention
from delivery.briefs import agenda, concerns, make
from delivery.briefs.content import BriefData, Scope
from delivery.store.versions import Store

JUNE = dt.date(2026, 6, 30)


def _facts(root) -> tuple[BriefData, pd.DataFrame]:
    with Store(root).connect_read() as con:
        data = make.read_brief_data(con, Scope(), JUNE)
    pic = data.picture
    return data, attention.exceptions(pic.priorities, pic.milestones, pic.status, pic.escalations())


def test_the_order_is_the_briefs_and_the_reasons_the_needs_attention_lists(sample_store_root):
    data, needs = _facts(sample_store_root)
    found = concerns.needing_attention(data, needs)
    assert [(c.priority_id, c.rating, c.concern) for c in found] == [
        ("HO-01", "Red", "Red"),
        ("EDU-01", "Amber/Red", "Worsened"),
        ("HEA-01", "Amber/Green", ""),  # only its exceptions (an overdue milestone, an escalation) put it here
    ]
    # read from the brief's order, never sorted a second way
    assert [c.priority_id for c in found] == [
        p["priority_id"] for p in agenda.by_concern(data) if p["priority_id"] in {c.priority_id for c in found}
    ]
    # "Rated Amber/Red by its department" is left out: the worsening says it
    assert found[1].why == (
        "Rating went from Green to Amber/Red; Pupils meeting the expected reading standard: 70 against 77 "
        "planned, 9.1% below plan (worse)."
    )


def _one(**p) -> BriefData:
    row = {
        "priority_id": "P-01",
        "title": "Priority one",
        "rag": "Amber",
        "centre_rag": None,
        "movement": "Unchanged",
        "centre_movement": None,
        "standing": "Reported this period",
    } | p
    picture = type("Picture", (), {"priorities": pd.DataFrame([row]), "status": pd.DataFrame()})()
    return BriefData(picture)


def _needs(*reasons) -> pd.DataFrame:
    return pd.DataFrame(
        [{"priority_id": "P-01", "priority": "Priority one", "why": w, "detail": d} for w, d in reasons],
        columns=["priority_id", "priority", "why", "detail"],
    )


def test_the_centres_red_rating_is_a_reason_in_words():
    (found,) = concerns.needing_attention(_one(centre_rag="Red"), _needs())
    assert (found.concern, found.why) == ("Red", "Rated Red by the centre.")


def test_a_priority_with_nothing_off_track_and_no_exception_is_not_listed():
    assert concerns.needing_attention(_one(rag="Amber"), _needs()) == []


def test_past_three_reasons_it_says_how_many_more():
    reasons = [("Overdue milestone", "A: due 1 May 2026, 60 days overdue")] + [
        (f"Escalated risk {n}", f"Risk {n}. (escalated to the centre)") for n in range(1, 5)
    ]
    (found,) = concerns.needing_attention(_one(rag="Green"), _needs(*reasons))
    assert found.why == (
        "A: due 1 May 2026, 60 days overdue; Risk 1. (escalated to the centre); Risk 2. (escalated to the centre); "
        "and 2 more reasons."
    )
