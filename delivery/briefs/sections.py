"""One priority's section of a brief: both ratings, whose return, the charted indicator,
next milestones, top risks, open actions, and the delivery unit's questions when off track."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from delivery.analysis import attention
from delivery.analysis.differences import change_text
from delivery.analysis.movement import WORSENED
from delivery.analysis.picture import REPORTED
from delivery.analysis.tables import counted
from delivery.analysis.tables import date_text as day
from delivery.briefs.content import BriefData, primary_indicators
from delivery.briefs.words import bare, count
from delivery.reference.ratings import is_red

QUESTIONS = (
    "What is the problem?",
    "How do you know?",
    "What are you doing about it?",
    "Will it work?",
    "What help do you need?",
)


def clip(text: str, most: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "\u2026"


@dataclass
class Section:
    """One priority's part of the brief."""

    priority_id: str
    title: str
    ratings: str  # both ratings, with their dates
    source: str  # whose return, as at when
    trajectory: str | None  # the charted indicator in a sentence
    indicator_id: str | None  # the indicator the chart draws
    milestones: list[str]
    risks: list[str]
    actions: list[str]
    questions: list[tuple[str, str]] = field(default_factory=list)  # (question, what the data says)
    asked_because: str = ""  # why the questions are asked: "off track" or "flagged by the data checks"


class Parts:
    """The scope's open milestones, open risks, open actions and off-trajectory indicators,
    split by priority once, as plain rows (dicts).

    A national brief has 150 sections over 60,000 milestones: filtering or even slicing a
    DataFrame once per section cost most of the brief's time, so each part is sorted and cut
    here, for every priority at once, and a section only reads its lists.
    """

    def __init__(self, data: BriefData):
        m, k, a, s = data.milestones, data.risks, data.actions, data.status
        # Sorted once here, so each priority's part is already in the order the brief lists it;
        # a section lists its next MOST milestones only, so only those are kept.
        next_ones = (
            m[m["status"] != "Completed"]
            .sort_values(["due_date", "milestone_id"])
            .groupby("priority_id", sort=False)
            .head(MOST)
            if not m.empty
            else m
        )
        self.milestones = _split(next_ones, MILESTONE_COLUMNS)
        self.risks = _split(_risk_order(k[k["status"] == "open"]) if not k.empty else k, RISK_COLUMNS)
        self.actions = _split(a[a["status"] == "open"] if not a.empty else a, ACTION_COLUMNS)
        self.off = _split(s[s["status"] == "Off trajectory"] if not s.empty else s, OFF_COLUMNS)
        self.flags = _split(data.flags, FLAG_COLUMNS)  # most serious first, as flags.in_order sorts them
        self.indicators = primary_indicators(data)

    def of(self, name: str, pid: str) -> list[dict]:
        """The rows of ``name`` (milestones, risks, actions, off, flags) for priority ``pid``, in order (maybe
        none)."""
        return getattr(self, name).get(pid, [])


MOST = 3  # milestones and risks a section lists
# What a section says of each (only these are turned into rows: every column costs at national scale).
MILESTONE_COLUMNS = ["title", "due_date", "status", "days_overdue", "slippage_days", "baseline_date"]
RISK_COLUMNS = ["kind", "description", "escalation", "likelihood", "impact", "mitigation"]
OFF_COLUMNS = ["name", "actual_value", "planned_value", "direction"]
ACTION_COLUMNS = ["description", "owner", "due_date", "stocktake_date", "overdue", "days_overdue"]
FLAG_COLUMNS = ["kind", "explanation"]
OFF_TRACK, FLAGGED = "off track", "flagged by the data checks"


def _risk_order(risks: pd.DataFrame) -> pd.DataFrame:
    """Escalated to the minister first, then the centre, then by likelihood times impact."""
    level = {"minister": 0, "centre": 1}
    rank = risks["escalation"].map(lambda e: level.get(e, 2))
    score = -(
        pd.to_numeric(risks["likelihood"], errors="coerce").fillna(0)
        * pd.to_numeric(risks["impact"], errors="coerce").fillna(0)
    )
    return risks.assign(_e=rank, _s=score).sort_values(["_e", "_s", "risk_id"]).drop(columns=["_e", "_s"])


def _split(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[dict]]:
    """Rows (``columns`` and priority_id) by priority, in the frame's order (one pass, not one per priority)."""
    out: dict[str, list[dict]] = {}
    for row in frame[["priority_id", *columns]].to_dict("records") if not frame.empty else []:
        out.setdefault(row["priority_id"], []).append(row)
    return out


def section(data: BriefData, p: dict, parts: Parts | None = None) -> Section:
    """One priority's section."""
    pid, parts = p["priority_id"], parts or Parts(data)
    ind = parts.indicators.get(pid)
    risks = parts.of("risks", pid)
    sec = Section(
        pid,
        p["title"],
        _ratings(p, data),
        _source(p, data),
        _indicator_sentence(ind, data.as_at),
        ind["indicator_id"] if ind else None,
        _milestones(parts.of("milestones", pid)),
        _risks(risks),
        _actions(parts.of("actions", pid)),
    )
    off, flagged = parts.of("off", pid), parts.of("flags", pid)
    off_track = _off_track(p, off)
    if off_track or flagged:
        sec.questions = _questions(data, sec, off, risks, flagged)
        sec.asked_because = OFF_TRACK if off_track else FLAGGED
    return sec


def _ratings(p: dict, data: BriefData) -> str:
    dept = f"Department's rating: {p['rag']}"
    if p["standing"] != REPORTED:
        dept += f", not updated since {day(p['last_return'])}"
    elif data.compared:
        dept += (
            f" (was {p['rag_before']} at {day(p['previous_period'])})"
            if isinstance(p["rag_before"], str)
            else " (new this period)"
        )
    if not isinstance(p.get("centre_rag"), str):
        return dept + ". Centre's rating: not recorded."
    agree = "agrees" if p["centre_rag"] == p["rag"] else "differs"
    return (
        f"{dept}. Centre's rating: {p['centre_rag']} for {day(p['centre_period'])} ({agree}): "
        f"{bare(clip(p['centre_reason'], 200)) or 'no reason given'}."
    )


def _source(p: dict, data: BriefData) -> str:
    text = f"Lead: {p['lead_department_name']}. From {p['department']}'s return as at {day(p['last_return'])}"
    if p["standing"] != REPORTED:
        text += f"; its return for {day(p['expected_period'])} is overdue"
    return text + "."


def _indicator_sentence(ind: dict | None, as_at) -> str | None:
    if ind is None:
        return None
    if pd.isna(ind.get("actual_value")):
        return f"{ind['name']}: no actual reported yet as at {day(as_at)}."
    planned = (
        "" if pd.isna(ind.get("planned_value")) else f" against {attention.number_text(ind['planned_value'])} planned"
    )
    return (
        f"{ind['name']}: {attention.number_text(ind['actual_value'])} {ind['unit']} for {day(ind['period_end'])}"
        f"{planned}: {str(ind['status']).lower()}.{_forecast_sentence(ind)}"
    )


def _forecast_sentence(ind: dict) -> str:
    """' Forecast: off course. At this rate ...' (analysis/forecast.py), when there is a forecast to say."""
    verdict, text = ind.get("forecast_verdict"), ind.get("forecast_text")
    return f" Forecast: {verdict}. {text}" if isinstance(verdict, str) and isinstance(text, str) else ""


def _milestones(mine: list[dict]) -> list[str]:
    out = []
    for r in mine[:MOST]:
        text = f"{bare(r['title'])}: due {day(r['due_date'])}"
        overdue = int(r["days_overdue"]) if r["status"] == "Overdue" else 0
        if overdue:
            text += f", OVERDUE by {count(overdue, 'day')}"
        # Overdue days are slippage (classify_milestones): say "slipped" only when it adds a moved forecast.
        if pd.notna(r["slippage_days"]) and r["slippage_days"] > overdue:
            text += f" (slipped {count(int(r['slippage_days']), 'day')} from {day(r['baseline_date'])})"
        out.append(text)
    return out


def _risks(mine: list[dict]) -> list[str]:
    out = []
    for r in mine[:MOST]:
        esc = f", escalated to the {r['escalation']}" if r["escalation"] in ("minister", "centre") else ""
        score = f", likelihood {r['likelihood']} impact {r['impact']}" if isinstance(r["likelihood"], str) else ""
        out.append(f"{r['kind'].capitalize()}: {bare(r['description']) or 'no description'}{esc}{score}")
    return out


def _actions(mine: list[dict]) -> list[str]:
    return [
        f"{bare(r['description']) or 'No description'} (owner {bare(r['owner'])}, due {day(r['due_date'])}, "
        f"agreed {day(r['stocktake_date'])})"
        + (f": OVERDUE by {count(int(r['days_overdue']), 'day')}" if r["overdue"] else "")
        for r in mine
    ]


def _off_track(p: dict, off: list[dict]) -> bool:
    return is_red(p["rag"]) or is_red(p.get("centre_rag")) or p["movement"] == WORSENED or bool(off)


def flags_text(flagged: list[dict], evidence: bool = True) -> str:
    """' The data checks raise 3 flags: Milestone slipped again and again (2), Target lowered (1); the most
    serious: …' ('' for none): each kind with its count, most serious first, then (``evidence``) the most
    serious flag's explanation."""
    if not flagged:
        return ""
    kinds = Counter(f["kind"] for f in flagged)  # in order of first appearance: most serious first
    listed = ", ".join(f"{kind} ({n})" for kind, n in kinds.items())
    said = f" The data checks raise {counted(len(flagged), 'flag')}: {listed}"
    return said + (f"; the most serious: {clip(flagged[0]['explanation'], 240)}" if evidence else ".")


def _gap(r: dict) -> str:
    return change_text(r["actual_value"], r["planned_value"], r["direction"], amount=attention.number_text)


def _questions(
    data: BriefData, sec: Section, off: list[dict], risks: list[dict], flagged: list[dict]
) -> list[tuple[str, str]]:
    """The delivery unit's five questions, each with what the data already says (or that it is silent);
    ``flagged``: the priority's flags, most serious first, which say how far its claims are borne out."""
    problem = "; ".join(f"{r['name']} is off trajectory: {_gap(r)}" for r in off)
    if not problem and flagged:  # the flags are the problem: its own data do not bear out its return
        problem = f"The data checks question the return: {clip(flagged[0]['explanation'], 240)}"
    problem = problem or "The return does not say: no indicator is off trajectory."
    late = [m for m in sec.milestones if "OVERDUE" in m]
    know = (
        f"{counted(len(off), 'indicator')} off trajectory and {counted(len(late), 'overdue milestone')} "
        f"as at {day(data.as_at)}." + flags_text(flagged, evidence=bool(off))
    )
    doing = "; ".join([bare(r["mitigation"]) for r in risks if bare(r["mitigation"])][:2])
    help_ = "; ".join(
        f"{bare(r['description'])} (escalated to the {r['escalation']})"
        for r in risks
        if r["escalation"] in ("centre", "minister")
    )
    return [
        (QUESTIONS[0], problem),
        (QUESTIONS[1], know),
        (QUESTIONS[2], doing or "The return names no mitigation."),
        (QUESTIONS[3], "For the stocktake to judge: ask for the evidence that the plan will close the gap."),
        (QUESTIONS[4], help_ or "Nothing is escalated to the centre or the minister."),
    ]
