"""Every sentence template of the brief, tried with edge values (0, 1, 2, many; a title ending in a full
stop; empty commentary), so that no "1 days", "..", ".;" or "of 1 priority, 0 are" reaches a minister."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from delivery.analysis import changes
from delivery.analysis.movement import IMPROVED, NEW, SCALE_CHANGED, UNCHANGED, WORSENED
from delivery.briefs import sections, story
from delivery.briefs.agenda import Action, Decision
from delivery.briefs.words import bare, count, listing, name

WHEN, SINCE = "30 Jun 2026", "31 Mar 2026"
NOUNS = "days|priorities|periods|indicators|milestones|decisions|departments|actions|escalations|actuals"
SLIPS = {
    "a plural after 1": re.compile(rf"(?<![\d,.])(?<!of )\b1 ({NOUNS})\b"),
    "a singular after another number": re.compile(
        r"\b(0|[2-9]|\d{2,}) (day|priority|period|indicator|milestone|"
        r"decision|department|action)\b(?! (is|was|has)\b)"
    ),
    "a doubled stop": re.compile(r"\.\.|\.\s\.|\.;|;\.|,\.|\.,|:\.|\.:"),
    "a space before punctuation": re.compile(r"\s[,.;:]"),
    "a double space": re.compile(r"  "),
    "a count of nothing as news": re.compile(r"\b0 (is|are|of)\b|\bof (the )?[01] priorit|\ball [12] "),
    "'1 are' or 'none are'": re.compile(r"\b1 are\b|\bnone are\b"),
}
TITLES = ("Cut waiting lists", "Cut waiting lists.", "Halve rough sleeping by 2027...", "")
TEXTS = ("Pay flexibility", "Pay flexibility.", "", None, "  Two\nlines;  ")
COUNTS = (0, 1, 2, 17, 1234)


def slips(sentence: str) -> list[str]:
    """What is wrong with ``sentence`` as a minister would read it (nothing, one hopes)."""
    found = [what for what, pattern in SLIPS.items() if pattern.search(sentence)]
    if not (sentence[:1].isupper() or sentence[:1].isdigit()):
        found.append("no capital at the start")
    if not sentence.endswith("."):
        found.append("no full stop at the end")
    return found


def check(sentences) -> None:
    wrong = [(s, why) for s in sentences if s and (why := slips(s))]
    assert not wrong, "\n".join(f"{why}: {s!r}" for s, why in wrong[:10])


def test_the_checker_catches_each_slip_the_issue_names():
    for bad in (
        "It slipped 1 days.",
        "The budget..",
        "As at the stocktake.;",
        "Of 1 priority in scope, 0 are Red.",
        "none are late.",
    ):
        assert slips(bad), bad
    assert slips("Of 2 priorities, 1 is rated Red; 1 day overdue.") == []


def test_the_words_every_template_uses():
    assert [count(n, "day") for n in COUNTS] == ["0 days", "1 day", "2 days", "17 days", "1,234 days"]
    assert [name("HEA-01", t) for t in TITLES] == [
        "Cut waiting lists (HEA-01)",
        "Cut waiting lists (HEA-01)",
        "Halve rough sleeping by 2027 (HEA-01)",
        "HEA-01",
    ]
    assert [bare(t) for t in TEXTS] == ["Pay flexibility", "Pay flexibility", "", "", "Two lines"]
    assert [listing(["a"] * n, 3) for n in (0, 1, 2, 3, 5)] == ["", "a", "a and a", "a, a and a", "a, a, a and 2 more"]


def _ratings():
    for red, amber_red, amber, amber_green, green in itertools.product((0, 1, 2), repeat=5):
        yield {
            k: n
            for k, n in (
                ("Red", red),
                ("Amber/Red", amber_red),
                ("Amber", amber),
                ("Amber/Green", amber_green),
                ("Green", green),
            )
            if n
        }


def test_the_standing_sentence_for_every_mix_of_ratings():
    made = [
        story.standing_sentence(WHEN, r, stale)
        for r in _ratings()
        for stale in (0, 1, 2, 17)
        if sum(r.values()) + stale > 1
    ]  # one priority has its own sentence
    check(made)
    assert story.standing_sentence(WHEN, {"Green": 3}, 0) == (
        "As at 30 Jun 2026, all 3 priorities in scope are on track (rated Green or Amber/Green)."
    )
    assert story.standing_sentence(WHEN, {"Red": 1}, 1) == (
        "As at 30 Jun 2026, the one priority reported this period is rated Red; 1 is not reported this period."
    )
    assert story.standing_sentence(WHEN, {}, 2) == (
        "As at 30 Jun 2026, neither of the two priorities in scope was reported this period."
    )


def _worse(n: int, title: str, reason: str) -> list[story.Worse]:
    return [story.Worse(name(f"P-{i}", title), "Amber", "Red", reason) for i in range(n)]


def test_the_movement_sentence_for_every_mix_of_moves():
    made = []
    for up, down, new, scale in itertools.product(COUNTS, repeat=4):
        moves = {IMPROVED: up, WORSENED: down, NEW: new, SCALE_CHANGED: scale, UNCHANGED: 3}
        for title, reason in itertools.product(TITLES[:2], ("", story.why(1, 1, 1), story.why(2, 5, 0))):
            made.append(story.movement_sentence(SINCE, moves, _worse(min(down, 5), title, reason)))
    made += [story.movement_sentence(None, {}, []), story.movement_sentence(SINCE, {}, [], compared=False)]
    check(made)
    assert story.movement_sentence(SINCE, {IMPROVED: 0, WORSENED: 1}, _worse(1, "Cut waiting lists.", "")) == (
        "Since 31 Mar 2026, ratings worsened on 1 priority and improved on none: Cut waiting lists (P-0), from Amber "
        "to Red."
    )


def _decision(level: str, text) -> Decision:
    ask = (
        f"Barrier escalated to the {level}: {bare(text) or 'no description'}"
        if level != "action"
        else f"{bare(text) or 'an action with no description'} (agreed at the 31 Mar 2026 stocktake) is "
        f"{count(1, 'day')} overdue"
    )
    return Decision(name("HEA-01", "Cut waiting lists."), ask, "owner HMT", "due 15 May 2026", level)


def test_the_decisions_sentence_and_lines():
    made = []
    for n, text in itertools.product((0, 1, 2, 5), TEXTS):
        found = [
            _decision(level, text) for level in itertools.islice(itertools.cycle(("minister", "action", "centre")), n)
        ]
        made += [story.decisions_sentence(found), *(d.line() for d in found), *(d.short() for d in found)]
    check(made)
    assert _decision("action", "Agree pay.").line() == (
        "Decision needed on Cut waiting lists (HEA-01): Agree pay (agreed at the 31 Mar 2026 stocktake) is 1 day "
        "overdue (owner HMT; due 15 May 2026)."
    )


def test_the_centre_stale_and_left_sentences():
    made = []
    for n, title in itertools.product((1, 2, 7), TITLES):
        made.append(story.centre_sentence([(name("P", title), "Amber", "Green")] * n))
        made.append(story.stale_sentence([("HO", "31 Mar 2026", WHEN)] * n))
        made.append(story.left_sentence([(name("P", title), "Not assessed")] * n))
    check(made)
    assert story.centre_sentence([]) is None and story.stale_sentence([]) is None and story.left_sentence([]) is None
    assert story.left_sentence([(name("HEA-02", "Open hubs."), "Amber")]) == (
        "Open hubs (HEA-02) left the portfolio this period (last rated Amber)."
    )


def test_the_one_priority_sentences():
    made = []
    for move, centre, last, title in itertools.product(
        (IMPROVED, WORSENED, UNCHANGED, NEW, SCALE_CHANGED, None), (None, "Amber", "Red"), (None, "31 Mar 2026"), TITLES
    ):
        made.append(
            story.one_priority_sentence(WHEN, name("HEA-01", title), "Amber", move, "Green", SINCE, centre, last)
        )
    for off, judged, overdue in itertools.product(COUNTS[:4], COUNTS[:4], COUNTS[:4]):
        if off <= judged:
            made.append(story.evidence_sentence(off, judged, overdue))
            made.append(f"Worse, with {story.why(off, judged, overdue)}." if off or overdue else None)
    check(made)
    assert story.evidence_sentence(0, 2, 1) == "Both its indicators are on trajectory and 1 milestone is overdue."
    assert story.evidence_sentence(1, 3, 0) == "1 of its 3 indicators is off trajectory."


def test_the_section_and_change_lines_count_days():
    one_day = {
        "title": "Contract signed.",
        "due_date": dt.date(2026, 6, 29),
        "status": "Overdue",
        "days_overdue": 1,
        "slippage_days": 2,
        "baseline_date": dt.date(2026, 6, 28),
    }
    assert sections._milestones([one_day]) == [
        "Contract signed: due 29 Jun 2026, OVERDUE by 1 day (slipped 2 days from 28 Jun 2026)"
    ]
    action = {
        "description": "Agree pay.",
        "owner": "HMT",
        "due_date": dt.date(2026, 6, 29),
        "stocktake_date": dt.date(2026, 3, 31),
        "overdue": True,
        "days_overdue": 1,
    }
    assert sections._actions([action]) == [
        "Agree pay (owner HMT, due 29 Jun 2026, agreed 31 Mar 2026): OVERDUE by 1 day"
    ]
    assert [changes._days_text(n) for n in (1, 2, 1234)] == ["1 day", "2 days", "1,234 days"]
    check(
        [
            Action("Cut waiting lists (HEA-01)", bare(t) or "No description", "HMT", SINCE, WHEN, status).line()
            for t in TEXTS
            for status in ("On time", f"Overdue by {count(1, 'day')}", "Done on 2 Jun 2026")
        ]
    )


@pytest.mark.parametrize("text", TEXTS)
def test_user_text_never_doubles_the_sentence_stop(text):
    check([f"{name('HEA-01', text)}: {bare(text) or 'no description'}."])
