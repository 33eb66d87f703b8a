"""A brief in plain English, from its facts (content.BriefData): the words every export shares.

Written as a careful civil servant would: counts first, then what moved, every figure with
its "as at" date, nothing said that the data does not show, and an empty scope said plainly.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from delivery.analysis import attention
from delivery.analysis.movement import IMPROVED, NEW, SCALE_CHANGED, WORSENED
from delivery.analysis.picture import LEFT, REPORTED
from delivery.briefs.content import BriefData
from delivery.briefs.sections import QUESTIONS, Parts, Section, clip, day, section  # noqa: F401 (QUESTIONS: re-exported)
from delivery.reference.ratings import AMBER_RED, RED, is_red

MOST_CHANGES, MOST_WINS = 40, 20  # a brief is read, not searched: the rest are in the Excel pack
WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass
class Brief:
    """The brief's words: title, headline, the lists, one section per priority, small wins."""

    title: str
    as_at_text: str
    headline: str
    changed: list[str]
    minister: list[str]
    sections: list[Section]
    wins: list[str]
    changed_heading: str = "What changed since the previous return"


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 priority', '3 priorities'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _difference(now: int, before: int, when: str) -> str:
    if now == before:
        return f"the same as at {when}"
    n = abs(now - before)
    word = WORDS[n] if n < len(WORDS) else str(n)
    return f"{word} {'more' if now > before else 'fewer'} than at {when}"


def make_brief(data: BriefData, government: str = "") -> Brief:
    """The brief for ``data``'s scope and period, in words."""
    when = day(data.as_at)
    title = f"Delivery brief: {data.scope.label()}" + (f", as at {when}" if when else "")
    if data.as_at is None:
        return Brief(title, "No data loaded", "No returns have been loaded yet, so there is nothing to report.",
                     [], [], [], [])
    if data.empty:
        gone = "".join(f" {pid}: {detail}." for pid, detail in zip(data.ended["priority_id"], data.ended["detail"]))
        return Brief(title, f"As at {when}", f"There are no priorities in this scope ({data.scope.label()}) "
                     f"as at {when}, so there is nothing to report.{gone}", [], [], [], [])
    parts = Parts(data)
    return Brief(title, f"As at {when}", headline(data), _most(changed_lines(data), MOST_CHANGES, "changes"),
                 minister_lines(data), [section(data, p, parts) for p in data.priorities.to_dict("records")],
                 _most(win_lines(data), MOST_WINS, "small wins"), changed_heading(data))


def changed_heading(data: BriefData) -> str:
    """'What changed since 30 Jun 2026', or "... since each department's previous return" when departments
    report on different calendars (each line's date is then in the Excel pack and on What changed)."""
    since = data.picture.since_text()
    return f"What changed since {since}" if since else "What changed since the previous return"


def _most(lines: list[str], most: int, what: str) -> list[str]:
    """The first ``most`` lines, and a last line saying how many more there are and where."""
    if len(lines) <= most:
        return lines
    return lines[:most] + [f"… and {len(lines) - most:,} more {what}: the Excel pack and the What changed "
                           "page list them all."]


def headline(data: BriefData) -> str:
    """The opening paragraph: counts by rating against the previous period, movement, the centre,
    actions, returns. Every count is the picture's (the Overview's): priorities not reported this
    period are counted apart, and a move between rating scales is not counted as one."""
    pic, when = data.picture, day(data.as_at)
    facts, since = pic.facts(), pic.since_text()
    now = pic.current
    parts = [f"As at {when}, of {count(facts['priorities'], 'priority', 'priorities')} in scope"]
    for rating in (RED, AMBER_RED):
        n = facts["ratings"].get(rating, 0)
        text = f"{n} {'is' if n == 1 else 'are'} rated {rating}"
        if data.compared and since:
            comparable = now[now["movement"] != SCALE_CHANGED]
            text += f", {_difference(int((comparable['rag'] == rating).sum()), int((comparable['rag_before'] == rating).sum()), since)}"
        parts.append(text)
    if facts["not_reported"]:
        n = facts["not_reported"]
        parts.append(f"{n} {'is' if n == 1 else 'are'} not reported this period")
    sentences = [parts[0] + ", " + "; ".join(parts[1:]) + "."]
    sentences.append(_movement_sentence(facts["movement"], since) if data.compared and since else
                     "This is the first reporting period in the store, so there is no earlier period to compare with."
                     if not data.compared else "No priority in scope was reported this period, so nothing moved.")
    sentences.append(_centre_sentence(data.priorities))
    overdue = int(data.actions["overdue"].sum()) if not data.actions.empty else 0
    open_ = int((data.actions["status"] == "open").sum()) if not data.actions.empty else 0
    sentences.append(f"Of {count(open_, 'open stocktake action')}, {overdue} {'is' if overdue == 1 else 'are'} overdue."
                     if open_ else "There are no open stocktake actions.")
    stale = stale_departments(data)
    if not stale.empty:
        names = ", ".join(f"{r.department} (last return {day(r.last_return)}; the return for "
                          f"{day(r.expected_period)} is overdue)" for r in stale.itertuples())
        sentences.append(f"{count(len(stale), 'department')} {'has' if len(stale) == 1 else 'have'} not sent "
                         f"{'its' if len(stale) == 1 else 'their'} latest return, so "
                         f"{'its' if len(stale) == 1 else 'their'} figures are older: {names}.")
    left = left_this_period(data)
    if left:
        sentences.append(f"{count(len(left), 'priority', 'priorities')} left the portfolio: {', '.join(left)}.")
    return " ".join(sentences)


def _movement_sentence(moves: dict[str, int], since: str) -> str:
    """'Since 30 Jun 2026, 2 improved, 1 worsened and 1 is new; 3 moved between rating scales...; the rest are unchanged.'"""
    new = moves.get(NEW, 0)
    text = (f"Since {since}, {moves.get(IMPROVED, 0)} improved, {moves.get(WORSENED, 0)} worsened"
            + (f" and {new} {'is' if new == 1 else 'are'} new" if new else ""))
    scale = moves.get(SCALE_CHANGED, 0)
    if scale:
        text += (f"; {scale} moved between the three-point and five-point rating scales, which cannot be "
                 "compared")
    return text + "; the rest are unchanged."


def left_this_period(data: BriefData) -> list[str]:
    """'HEA-03 Cut waiting lists (last rated Amber)' for each priority that left the portfolio this period."""
    if data.changes.empty:
        return []
    left = data.changes[data.changes["kind"] == LEFT]
    last = dict(zip(data.ended["priority_id"], data.ended["rag"])) if not data.ended.empty else {}
    return [f"{pid} {title} (last rated {last.get(pid) if isinstance(last.get(pid), str) else 'Not assessed'})"
            for pid, title in zip(left["priority_id"], left["priority"])]


def _centre_sentence(p: pd.DataFrame) -> str:
    rated = p[p["centre_rag"].notna()]
    if rated.empty:
        return "The centre has not recorded its own rating of any of them."
    differ = rated[rated["centre_rag"] != rated["rag"]]
    return (f"The centre has rated {len(rated)} of them and disagrees with the department on "
            f"{count(len(differ), 'priority', 'priorities')}" + (": " + ", ".join(differ["priority_id"]) if len(differ) else "")
            + ".")


def stale_departments(data: BriefData) -> pd.DataFrame:
    """The scope's departments that have missed a return due by the period (reporting.returns_status)."""
    if data.freshness.empty:
        return data.freshness
    return data.freshness[data.freshness["periods_missed"] > 0]


def changed_lines(data: BriefData) -> list[str]:
    """What changed since each priority's previous period, one line each, shortest first."""
    c = data.changes
    lines = []  # plain lists, not rows: a national period has thousands of changes
    for pid, kind, detail, before, after in zip(*(c[k].tolist() for k in ("priority_id", "kind", "detail", "before",
                                                                            "after"))):
        text = f"{pid}: {detail}"
        if kind == "Commentary rewritten":
            text += f". Was: \u201c{clip(before or 'no commentary')}\u201d Now: \u201c{clip(after)}\u201d"
        lines.append(text)
    return lines


def minister_lines(data: BriefData) -> list[str]:
    """What needs the minister: Red or worsening, barriers escalated to the minister,
    disagreements with the centre, overdue actions, stale returns. A priority not reported this
    period is named once, as not updated, not by its old rating."""
    lines = []
    for p in data.priorities.to_dict("records"):
        if p["standing"] != REPORTED:
            continue
        if is_red(p["rag"]) or is_red(p.get("centre_rag")):
            who = p["rag"] if is_red(p["rag"]) else f"{p['centre_rag']} by the centre"
            lines.append(f"{p['priority_id']} {p['title']}: rated {who}.")
        if p["movement"] == WORSENED:
            lines.append(f"{p['priority_id']} {p['title']}: worsened from {p['rag_before']} to {p['rag']}.")
        if isinstance(p.get("centre_rag"), str) and p["centre_rag"] != p["rag"]:
            lines.append(f"{p['priority_id']} {p['title']}: the department rates it {p['rag']}, the centre "
                         f"{p['centre_rag']} ({day(p['centre_period'])}: {clip(p['centre_reason'], 160)}).")
    up = data.picture.escalations()
    lines += [f"{r.priority_id}: {r.kind} escalated to the minister: {r.description}." for r in up.itertuples()
              if r.escalation == "minister"]
    if not data.actions.empty:
        late = data.actions[data.actions["overdue"].astype(bool)]
        lines += [f"{a.priority_id}: action overdue by {int(a.days_overdue)} days (due {day(a.due_date)}, "
                  f"owner {a.owner}): {a.description}." for a in late.itertuples()]
    for r in stale_departments(data).itertuples():
        lines.append(f"{r.department} has not sent a return since {day(r.last_return)} "
                     f"({count(int(r.periods_missed), 'period')} missed).")
    return lines


def win_lines(data: BriefData) -> list[str]:
    """Small wins: ratings improved and milestones completed this period."""
    wins = attention.small_wins(data.priorities, data.milestones)
    return [f"{pid}: {why.lower()}: {detail}." for pid, why, detail in zip(
        wins["priority_id"].tolist(), wins["why"].tolist(), wins["detail"].tolist())]


def as_of(value: dt.date | None) -> str:
    """'as at 30 Jun 2026'."""
    return f"as at {day(value)}" if value else "no data loaded"
