"""The headline of a stocktake brief: three to five sentences a minister reads in thirty seconds.

How many priorities are on track, what got worse and why (indicators off trajectory, milestones
overdue), the decisions needed, and whose figures are old or gone. Each sentence is a pure function
of a few plain values (so tests/test_brief_grammar.py can try every template with 0, 1, 2 and many);
``headline`` fills them from the picture and the agenda, never from a second count. A count of
nothing is not news: "0 are rated Red" is never written; a brief of one priority speaks of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from delivery.analysis.movement import IMPROVED, NEW, SCALE_CHANGED, UNCHANGED, WORSENED
from delivery.analysis.picture import LEFT, REPORTED
from delivery.analysis.tables import date_text as day
from delivery.briefs.agenda import Decision
from delivery.briefs.content import BriefData
from delivery.briefs.words import bare, count, listing, name, verb
from delivery.reference.ratings import AMBER_GREEN, GREEN, NOT_ASSESSED

ON_TRACK = (GREEN, AMBER_GREEN)
ON_TRACK_TEXT = "on track (rated Green or Amber/Green)"


@dataclass(frozen=True)
class Worse:
    """A priority whose rating worsened: its name, the move, and why the picture says (may be '')."""

    priority: str
    before: str
    after: str
    why: str = ""


def standing_sentence(when: str, ratings: dict[str, int], not_reported: int) -> str:
    """'As at 30 Sep 2026, 5 of the 11 priorities reported this period are on track (...); 1 is rated Red and
    2 are rated Amber; 1 is not reported this period.' (ratings: counts of the priorities reported this period)"""
    reported = sum(ratings.values())
    whole = "in scope" if not not_reported else "reported this period"
    if not reported:
        n = not_reported
        return (
            f"As at {when}, {'neither of the two' if n == 2 else f'none of the {n:,}'} priorities in scope "
            "was reported this period."
        )
    on = sum(ratings.get(r, 0) for r in ON_TRACK)
    rest = [
        f"{n:,} {verb(n)} {'not assessed' if r == NOT_ASSESSED else f'rated {r}'}"
        for r, n in ratings.items()
        if n and r not in ON_TRACK
    ]
    if reported == 1:
        (only,) = [r for r, n in ratings.items() if n]
        lead = f"the one priority {whole} is " + (
            ON_TRACK_TEXT if only in ON_TRACK else "not assessed" if only == NOT_ASSESSED else f"rated {only}"
        )
        rest = []
    elif on == reported:
        lead = f"{'both' if reported == 2 else f'all {reported:,}'} priorities {whole} are {ON_TRACK_TEXT}"
    elif on == 0:
        lead = f"none of the {reported:,} priorities {whole} is {ON_TRACK_TEXT}"
    else:
        lead = f"{on:,} of the {reported:,} priorities {whole} {verb(on)} {ON_TRACK_TEXT}"
    parts = [lead] + ([listing(rest, most=len(rest))] if rest else [])
    if not_reported:
        parts.append(f"{not_reported:,} {verb(not_reported)} not reported this period")
    return f"As at {when}, " + "; ".join(parts) + "."


def movement_sentence(since: str | None, moves: dict[str, int], worse: list[Worse], compared: bool = True) -> str:
    """'Since 30 Jun 2026, ratings improved on 2 priorities and worsened on 1: Title (ID), from Green to Red,
    with 1 of 2 indicators off trajectory; 1 priority is new.'"""
    if not compared:
        return "This is the first reporting period in the store, so there is no earlier period to compare with."
    if since is None:
        return "No priority in scope was reported this period, so no rating moved."
    up, down = moves.get(IMPROVED, 0), moves.get(WORSENED, 0)
    if up and down:
        text = f"ratings improved on {count(up, 'priority', 'priorities')} and worsened on {down:,}"
    elif up or down:
        text = (
            f"ratings improved on {count(up, 'priority', 'priorities')} and worsened on none"
            if up
            else f"ratings worsened on {count(down, 'priority', 'priorities')} and improved on none"
        )
    else:
        text = "no rating improved or worsened"
    if worse:
        named = [f"{w.priority}, from {w.before} to {w.after}" + (f", with {w.why}" if w.why else "") for w in worse]
        text += ": " + "; ".join(named[:3]) + (f"; and {len(named) - 3:,} more" if len(named) > 3 else "")
    new, scale = moves.get(NEW, 0), moves.get(SCALE_CHANGED, 0)
    if new:
        text += f"; {count(new, 'priority', 'priorities')} {verb(new)} new"
    if scale:
        text += (
            f"; {count(scale, 'priority', 'priorities')} moved between the three-point and five-point rating "
            "scales, which cannot be compared"
        )
    return f"Since {since}, {text}."


def decisions_sentence(decisions: list[Decision]) -> str:
    """'2 decisions are needed (1 escalation to the minister and 1 overdue stocktake action); the first is on
    Title (ID): ...' or that none is."""
    if not decisions:
        return "No barrier is escalated to the centre or the minister, and no stocktake action is overdue."
    first = decisions[0]
    if len(decisions) == 1:
        return f"1 decision is needed, on {first.priority}: {first.ask}."
    levels = [d.level for d in decisions]
    parts = [
        count(levels.count("minister"), "escalation to the minister", "escalations to the minister"),
        count(levels.count("action"), "overdue stocktake action"),
        count(levels.count("centre"), "escalation to the centre", "escalations to the centre"),
    ]
    return (
        f"{len(decisions):,} decisions are needed ({listing([p for p in parts if not p.startswith('0 ')])}); "
        f"the first is on {first.priority}: {first.ask}."
    )


def centre_sentence(differ: list[tuple[str, str, str]]) -> str | None:
    """'The centre rates 1 priority differently from its department: Title (ID), Amber against Amber/Green.'
    (differ: name, the centre's rating, the department's); None when the centre agrees or has not rated."""
    if not differ:
        return None
    named = [f"{n}, {centre} against {dept}" for n, centre, dept in differ]
    return (
        f"The centre rates {count(len(differ), 'priority', 'priorities')} differently from "
        f"{'its department' if len(differ) == 1 else 'their departments'}: {listing(named, 3)}."
    )


def stale_sentence(stale: list[tuple[str, str, str]]) -> str | None:
    """'HO has not sent its return for 30 Jun 2026, so its figures are as at 31 Mar 2026.' (stale: department,
    last return, the return due); None when every return is in."""
    if not stale:
        return None
    if len(stale) == 1:
        ((dept, last, due),) = stale
        return f"{dept} has not sent its return for {due}, so its figures are as at {last}."
    return (
        f"{len(stale):,} departments have not sent their latest return, so their figures are older: "
        + listing([f"{d} (last return {last})" for d, last, _ in stale], 5)
        + "."
    )


def left_sentence(left: list[tuple[str, str]]) -> str | None:
    """'Title (ID) left the portfolio this period (last rated Amber).' (left: name, last rating)."""
    if not left:
        return None
    named = [f"{n} (last rated {r})" for n, r in left]
    if len(left) == 1:
        return f"{named[0].replace(' (last', ' left the portfolio this period (last', 1)}."
    return f"{count(len(left), 'priority', 'priorities')} left the portfolio this period: {listing(named, 5)}."


def one_priority_sentence(
    when: str,
    priority: str,
    rating: str,
    move: str | None,
    before: str | None,
    since: str | None,
    centre: str | None,
    last_return: str | None = None,
) -> str:
    """The opening of a brief on one priority: its rating, how it moved, and the centre's view.
    ``last_return``: the date of its figures when it is not reported this period (None when it is)."""
    if last_return:
        text = f"As at {when}, {priority} is not reported this period: its last rating, for {last_return}, was {rating}"
    else:
        text = f"As at {when}, {priority} is rated {rating} by its department"
        if move in (IMPROVED, WORSENED) and before and since:
            text += f", {move.lower()} from {before} at {since}"
        elif move == UNCHANGED and since:
            text += f", unchanged since {since}"
        elif move == NEW:
            text += ", its first rating"
        elif move == SCALE_CHANGED and before:
            text += f", on a rating scale that cannot be compared with its earlier {before}"
    if centre:
        text += "; the centre agrees" if centre == rating else f"; the centre rates it {centre}"
    return text + "."


def indicators_off(off: int, judged: int) -> str:
    """'1 of its 3 indicators', 'both its indicators', 'its one indicator' (``off`` of ``judged``, judged > 0)."""
    if off == judged:
        return (
            "its one indicator"
            if judged == 1
            else "both its indicators"
            if judged == 2
            else f"all {judged:,} of its indicators"
        )
    return f"{'none' if not off else f'{off:,}'} of its {judged:,} indicators"


def evidence_sentence(off: int, judged: int, overdue: int) -> str | None:
    """'1 of its 2 indicators is off trajectory and 1 milestone is overdue.' None when there is nothing to say."""
    parts = []
    if judged:
        on = not off
        parts.append(
            f"{indicators_off(judged if on else off, judged)} {verb(1 if on and judged == 1 else off)} "
            f"{'on' if on else 'off'} trajectory"
        )
    if overdue:
        parts.append(f"{count(overdue, 'milestone')} {verb(overdue)} overdue")
    if not parts:
        return None
    text = " and ".join(parts)
    return text[0].upper() + text[1:] + "."


def why(off: int, judged: int, overdue: int) -> str:
    """'1 of its 2 indicators off trajectory and 1 milestone overdue' ('' when neither)."""
    parts = ([f"{indicators_off(off, judged)} off trajectory"] if off else []) + (
        [f"{count(overdue, 'milestone')} overdue"] if overdue else []
    )
    return " and ".join(parts)


def _overdue(data: BriefData) -> dict[str, int]:
    m = data.milestones
    if m.empty:
        return {}
    late = m[m["status"] == "Overdue"]
    return {str(k): int(v) for k, v in late.groupby("priority_id").size().items()}


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def headline(data: BriefData, ordered: list[dict], decisions: list[Decision]) -> str:
    """The headline of ``data``'s brief (not empty): ``ordered`` from agenda.by_concern, ``decisions`` from
    agenda.decisions."""
    pic, when, since = data.picture, day(data.as_at), data.picture.since_text()
    overdue = _overdue(data)
    if len(ordered) == 1:
        return _one(data, ordered[0], decisions, overdue)
    facts = pic.facts()
    worse = [
        Worse(
            name(p["priority_id"], p["title"]),
            p["rag_before"],
            p["rag"],
            why(p["off"], p["judged"], overdue.get(p["priority_id"], 0)),
        )
        for p in ordered
        if p["standing"] == REPORTED and p["movement"] == WORSENED
    ]
    differ = [
        (name(p["priority_id"], p["title"]), p["centre_rag"], _text(p["rag"]) or "Not rated")
        for p in ordered
        if _text(p.get("centre_rag")) and p["centre_rag"] != p["rag"]
    ]
    sentences = [
        standing_sentence(when, {r: n for r, n in facts["ratings"].items() if n}, facts["not_reported"]),
        movement_sentence(since, facts["movement"], worse, data.compared),
        decisions_sentence(decisions),
        centre_sentence(differ),
        stale_sentence(_stale(data)),
        left_sentence(_left(data)),
    ]
    return " ".join(s for s in sentences if s)


def _one(data: BriefData, p: dict, decisions: list[Decision], overdue: dict[str, int]) -> str:
    stale = p["standing"] != REPORTED
    first = one_priority_sentence(
        day(data.as_at),
        name(p["priority_id"], p["title"]),
        _text(p["rag"]) or "Not rated",
        p.get("movement") if data.compared else None,
        _text(p.get("rag_before")),
        day(p.get("previous_period")) or None,
        _text(p.get("centre_rag")),
        day(p["last_return"]) if stale else None,
    )
    sentences = [
        first,
        evidence_sentence(p["off"], p["judged"], overdue.get(p["priority_id"], 0)),
        decisions_sentence(decisions),
        left_sentence(_left(data)),
    ]
    return " ".join(s for s in sentences if s)


def _stale(data: BriefData) -> list[tuple[str, str, str]]:
    f = data.freshness
    if f.empty:
        return []
    late = f[f["periods_missed"] > 0]
    return [
        (str(d), day(lr) or "no return yet", day(e))
        for d, lr, e in zip(late["department"], late["last_return"], late["expected_period"])
    ]


def _left(data: BriefData) -> list[tuple[str, str]]:
    """Each priority that left the portfolio this period, with its last rating."""
    if data.changes.empty:
        return []
    left = data.changes[data.changes["kind"] == LEFT]
    last = dict(zip(data.ended["priority_id"], data.ended["rag"])) if not data.ended.empty else {}
    return [
        (name(pid, title), _text(last.get(pid)) or NOT_ASSESSED)
        for pid, title in zip(left["priority_id"], left["priority"])
    ]


__all__ = [
    "Worse",
    "bare",
    "centre_sentence",
    "decisions_sentence",
    "evidence_sentence",
    "headline",
    "left_sentence",
    "movement_sentence",
    "one_priority_sentence",
    "stale_sentence",
    "standing_sentence",
    "why",
]
