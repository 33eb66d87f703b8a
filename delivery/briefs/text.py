"""A brief in plain English, from its facts (content.BriefData): the words every export shares.

Written as a careful civil servant would: counts first, then what moved, every figure with
its "as at" date, nothing said that the data does not show, and an empty scope said plainly.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from delivery.analysis import attention
from delivery.analysis.movement import IMPROVED, NEW, WORSENED
from delivery.briefs.content import BriefData, primary_indicators
from delivery.returns.ratings import AMBER_RED, RED, is_red

QUESTIONS = ("What is the problem?", "How do you know?", "What are you doing about it?", "Will it work?",
             "What help do you need?")
MOST_CHANGES, MOST_WINS = 40, 20  # a brief is read, not searched: the rest are in the Excel pack
WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass
class Section:
    """One priority's part of the brief."""

    priority_id: str
    title: str
    ratings: str                  # both ratings, with their dates
    source: str                   # whose return, as at when
    trajectory: str | None        # the charted indicator in a sentence
    indicator_id: str | None      # the indicator the chart draws
    milestones: list[str]
    risks: list[str]
    actions: list[str]
    questions: list[tuple[str, str]] = field(default_factory=list)   # (question, what the data says)


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


def day(value) -> str:
    """'30 Jun 2026' ('' for blank)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    d = pd.Timestamp(value)
    return f"{d.day} {d:%b %Y}"


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
        return Brief(title, f"As at {when}", f"There are no priorities in this scope ({data.scope.label()}) "
                     f"as at {when}, so there is nothing to report.", [], [], [], [])
    parts = _Parts(data)
    return Brief(title, f"As at {when}", headline(data), _most(changed_lines(data), MOST_CHANGES, "changes"),
                 minister_lines(data), [section(data, p, parts) for p in data.priorities.to_dict("records")],
                 _most(win_lines(data), MOST_WINS, "small wins"))


def _most(lines: list[str], most: int, what: str) -> list[str]:
    """The first ``most`` lines, and a last line saying how many more there are and where."""
    if len(lines) <= most:
        return lines
    return lines[:most] + [f"… and {len(lines) - most:,} more {what}: the Excel pack and the What changed "
                           "page list them all."]


class _Parts:
    """The scope's open milestones, open risks and open actions, split by priority once
    (a national brief would otherwise scan 60,000 milestones for each of 150 priorities)."""

    def __init__(self, data: BriefData):
        m, k, a = data.milestones, data.risks, data.actions
        # Sorted once here, so each priority's part is already in the order the brief lists it.
        self.milestones = _split(m[m["status"] != "Completed"].sort_values(["due_date", "milestone_id"])
                                 if not m.empty else m)
        self.risks = _split(_risk_order(k[k["status"] == "open"]) if not k.empty else k)
        self.actions = _split(a[a["status"] == "open"] if not a.empty else a)
        self.indicators = primary_indicators(data)

    def of(self, name: str, pid: str) -> pd.DataFrame:
        """The rows of ``name`` (milestones, risks, actions) for priority ``pid`` (maybe none)."""
        return getattr(self, name).get(pid, pd.DataFrame())


def _risk_order(risks: pd.DataFrame) -> pd.DataFrame:
    """Escalated to the minister first, then the centre, then by likelihood times impact."""
    level = {"minister": 0, "centre": 1}
    rank = risks["escalation"].map(lambda e: level.get(e, 2))
    score = -(pd.to_numeric(risks["likelihood"], errors="coerce").fillna(0)
              * pd.to_numeric(risks["impact"], errors="coerce").fillna(0))
    return risks.assign(_e=rank, _s=score).sort_values(["_e", "_s", "risk_id"]).drop(columns=["_e", "_s"])


def _split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {pid: g for pid, g in frame.groupby("priority_id", sort=False)} if not frame.empty else {}


def headline(data: BriefData) -> str:
    """The opening paragraph: counts by rating against the last period, movement, the centre, actions, returns."""
    p, when, before = data.priorities, day(data.as_at), day(data.previous)
    parts = [f"As at {when}, of {count(len(p), 'priority', 'priorities')} in scope"]
    for rating in (RED, AMBER_RED):
        n = int((p["rag"] == rating).sum())
        text = f"{n} {'is' if n == 1 else 'are'} rated {rating}"
        if data.previous is not None:
            old = int((p["rag_before"] == rating).sum())
            text += f", {_difference(n, old, before)}"
        parts.append(text)
    sentences = [parts[0] + ", " + "; ".join(parts[1:]) + "."]
    if data.previous is not None:
        moved = p["movement"].value_counts()
        sentences.append(f"Since {before}, {moved.get(IMPROVED, 0)} improved, {moved.get(WORSENED, 0)} worsened"
                         + (f" and {moved.get(NEW, 0)} {'is' if moved.get(NEW, 0) == 1 else 'are'} new" if moved.get(NEW, 0) else "")
                         + "; the rest are unchanged.")
    else:
        sentences.append("This is the first reporting period in the store, so there is no earlier period to compare with.")
    sentences.append(_centre_sentence(p))
    overdue = int(data.actions["overdue"].sum()) if not data.actions.empty else 0
    open_ = int((data.actions["status"] == "open").sum()) if not data.actions.empty else 0
    sentences.append(f"Of {count(open_, 'open stocktake action')}, {overdue} {'is' if overdue == 1 else 'are'} overdue."
                     if open_ else "There are no open stocktake actions.")
    stale = stale_departments(data)
    if not stale.empty:
        names = ", ".join(f"{r.department} (last return {day(r.last_return)})" for r in stale.itertuples())
        sentences.append(f"{count(len(stale), 'department')} {'has' if len(stale) == 1 else 'have'} not sent "
                         f"a return for {when}, so their figures are older: {names}.")
    return " ".join(sentences)


def _centre_sentence(p: pd.DataFrame) -> str:
    rated = p[p["centre_rag"].notna()]
    if rated.empty:
        return "The centre has not recorded its own rating of any of them."
    differ = rated[rated["centre_rag"] != rated["rag"]]
    return (f"The centre has rated {len(rated)} of them and disagrees with the department on "
            f"{count(len(differ), 'priority', 'priorities')}" + (": " + ", ".join(differ["priority_id"]) if len(differ) else "")
            + ".")


def stale_departments(data: BriefData) -> pd.DataFrame:
    """The scope's departments whose latest return is older than the period (returns overdue)."""
    if data.freshness.empty:
        return data.freshness
    return data.freshness[data.freshness["periods_missed"] > 0]


def changed_lines(data: BriefData) -> list[str]:
    """What changed since the previous period, one line each, shortest first."""
    if data.previous is None:
        return []
    lines = []
    for c in data.changes.to_dict("records"):
        text = f"{c['priority_id']}: {c['detail']}"
        if c["kind"] == "Commentary rewritten":
            text += f". Was: \u201c{_clip(c['before'] or 'no commentary')}\u201d Now: \u201c{_clip(c['after'])}\u201d"
        lines.append(text)
    return lines


def _clip(text: str, most: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "\u2026"


def minister_lines(data: BriefData) -> list[str]:
    """What needs the minister: Red or worsening, barriers escalated to the minister,
    disagreements with the centre, overdue actions, stale returns."""
    lines = []
    for p in data.priorities.to_dict("records"):
        if is_red(p["rag"]) or is_red(p.get("centre_rag")):
            who = p["rag"] if is_red(p["rag"]) else f"{p['centre_rag']} by the centre"
            lines.append(f"{p['priority_id']} {p['title']}: rated {who}.")
        if p["movement"] == WORSENED:
            lines.append(f"{p['priority_id']} {p['title']}: worsened from {p['rag_before']} to {p['rag']}.")
        if isinstance(p.get("centre_rag"), str) and p["centre_rag"] != p["rag"]:
            lines.append(f"{p['priority_id']} {p['title']}: the department rates it {p['rag']}, the centre "
                         f"{p['centre_rag']} ({day(p['centre_period'])}: {_clip(p['centre_reason'], 160)}).")
    if not data.risks.empty:
        up = data.risks[(data.risks["status"] == "open") & (data.risks["escalation"] == "minister")]
        lines += [f"{r.priority_id}: {r.kind} escalated to the minister: {r.description}." for r in up.itertuples()]
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
    return [f"{w.priority_id}: {w.why.lower()}: {w.detail}." for w in wins.itertuples()]


def section(data: BriefData, p: dict, parts: _Parts | None = None) -> Section:
    """One priority's section."""
    pid, parts = p["priority_id"], parts or _Parts(data)
    ind = parts.indicators.get(pid)
    sec = Section(pid, p["title"], _ratings(p, data), _source(p, data), _indicator_sentence(ind, data.as_at),
                  ind["indicator_id"] if ind else None, _milestones(parts.of("milestones", pid)),
                  _risks(parts.of("risks", pid)), _actions(parts.of("actions", pid)))
    if _off_track(p, data):
        sec.questions = _questions(data, pid, sec, parts.of("risks", pid))
    return sec


def _ratings(p: dict, data: BriefData) -> str:
    dept = f"Department's rating: {p['rag']}"
    if data.previous is not None:
        dept += f" (was {p['rag_before']} at {day(data.previous)})" if isinstance(p["rag_before"], str) else " (new this period)"
    if not isinstance(p.get("centre_rag"), str):
        return dept + ". Centre's rating: not recorded."
    agree = "agrees" if p["centre_rag"] == p["rag"] else "differs"
    return (f"{dept}. Centre's rating: {p['centre_rag']} for {day(p['centre_period'])} ({agree}): "
            f"{_clip(p['centre_reason'], 200)}.")


def _source(p: dict, data: BriefData) -> str:
    text = f"Lead: {p['lead_department_name']}. From {p['department']}'s return as at {day(p['last_return'])}"
    if pd.Timestamp(p["last_return"]).date() < data.as_at:
        text += f"; its return for {day(data.as_at)} is overdue"
    return text + "."


def _indicator_sentence(ind: dict | None, as_at) -> str | None:
    if ind is None:
        return None
    if pd.isna(ind.get("actual_value")):
        return f"{ind['name']}: no actual reported yet as at {day(as_at)}."
    planned = "" if pd.isna(ind.get("planned_value")) else f" against {attention.number_text(ind['planned_value'])} planned"
    return (f"{ind['name']}: {attention.number_text(ind['actual_value'])} {ind['unit']} for {day(ind['period_end'])}"
            f"{planned}: {str(ind['status']).lower()}.")


def _milestones(mine: pd.DataFrame, most: int = 3) -> list[str]:
    if mine.empty:
        return []
    out = []
    for r in mine.head(most).itertuples():
        text = f"{r.title}: due {day(r.due_date)}"
        if r.status == "Overdue":
            text += f", OVERDUE by {int(r.days_overdue)} days"
        if pd.notna(r.slippage_days) and r.slippage_days > 0:
            text += f" (slipped {int(r.slippage_days)} days from {day(r.baseline_date)})"
        out.append(text)
    return out


def _risks(mine: pd.DataFrame, most: int = 3) -> list[str]:
    if mine.empty:
        return []
    out = []
    for r in mine.head(most).itertuples():
        esc = f", escalated to the {r.escalation}" if r.escalation in ("minister", "centre") else ""
        score = f", likelihood {r.likelihood} impact {r.impact}" if isinstance(r.likelihood, str) else ""
        out.append(f"{r.kind.capitalize()}: {r.description}{esc}{score}")
    return out


def _actions(mine: pd.DataFrame) -> list[str]:
    if mine.empty:
        return []
    return [f"{r.description} (owner {r.owner}, due {day(r.due_date)}, agreed {day(r.stocktake_date)})"
            + (f": OVERDUE by {int(r.days_overdue)} days" if r.overdue else "") for r in mine.itertuples()]


def _off_track(p: dict, data: BriefData) -> bool:
    off = not data.status.empty and ((data.status["priority_id"] == p["priority_id"])
                                     & (data.status["status"] == "Off trajectory")).any()
    return is_red(p["rag"]) or is_red(p.get("centre_rag")) or p["movement"] == WORSENED or bool(off)


def _questions(data: BriefData, pid: str, sec: Section, mine: pd.DataFrame) -> list[tuple[str, str]]:
    """The delivery unit's five questions, each with what the data already says (or that it is silent)."""
    off = data.status[(data.status["priority_id"] == pid) & (data.status["status"] == "Off trajectory")] \
        if not data.status.empty else data.status
    problem = "; ".join(f"{r.name} is off trajectory ({r.gap_pct:+.1f}%)" for r in off.itertuples()) \
        or "The return does not say: no indicator is off trajectory."
    late = [m for m in sec.milestones if "OVERDUE" in m]
    know = f"{len(off)} indicator(s) off trajectory and {len(late)} overdue milestone(s) as at {day(data.as_at)}."
    doing = "; ".join(str(m) for m in mine["mitigation"].dropna().head(2)) if not mine.empty else ""
    help_ = "; ".join(f"{r.description} (escalated to the {r.escalation})" for r in mine.itertuples()
                      if r.escalation in ("centre", "minister")) if not mine.empty else ""
    return [(QUESTIONS[0], problem), (QUESTIONS[1], know),
            (QUESTIONS[2], doing or "The return names no mitigation."),
            (QUESTIONS[3], "For the stocktake to judge: ask for the evidence that the plan will close the gap."),
            (QUESTIONS[4], help_ or "Nothing is escalated to the centre or the minister.")]


def as_of(value: dt.date | None) -> str:
    """'as at 30 Jun 2026'."""
    return f"as at {day(value)}" if value else "no data loaded"
