"""What a stocktake brief lays out after its headline, as plain values every format reads (PDF, screen,
slides, Word, Excel): the priorities in order of concern with one table row each, the decisions
needed, the actions from the last stocktake with their status, and what changed, condensed.

All of it is read from the picture (content.BriefData): nothing here counts anything again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from delivery.analysis.movement import IMPROVED, NEW, SCALE_CHANGED, WORSENED
from delivery.analysis.picture import REPORTED
from delivery.analysis.seriousness import seriousness
from delivery.analysis.tables import date_text as day
from delivery.analysis.trajectories import OFF, ON
from delivery.briefs.content import BriefData
from delivery.briefs.words import bare, count, name
from delivery.reference.ratings import AMBER, AMBER_RED, RED, score

CONCERNS = ("Red", "Worsened", "Amber/Red", "Off trajectory", "Not reported this period", "Amber", "New", "")
CONCERN_RULE = (
    "Ordered by concern: Red first (the department's or the centre's rating), then worsened since the "
    "previous return, then Amber/Red, then off trajectory, then not reported this period, then Amber, "
    "then new; the worse rating first within each, then by title."
)
DECISION_RULE = (
    "Ordered by seriousness: escalated to the minister, then stocktake actions overdue (most overdue "
    "first), then escalated to the centre; within each, the priority of most concern first."
)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def concern(p: dict, off: int) -> int:
    """The tier of CONCERNS a priority falls in (0 is the most concern); ``off``: its indicators off trajectory."""
    ratings = {_text(p.get("rag")), _text(p.get("centre_rag"))}
    tests = (
        RED in ratings,
        WORSENED in (p.get("movement"), p.get("centre_movement")),
        AMBER_RED in ratings,
        off > 0,
        p.get("standing") != REPORTED,
        AMBER in ratings,
        p.get("movement") == NEW,
    )
    return next((n for n, hit in enumerate(tests) if hit), len(tests))


def _off_counts(data: BriefData) -> dict[str, tuple[int, int]]:
    """priority_id -> (indicators off trajectory, indicators judged)."""
    s = data.status
    if s.empty:
        return {}
    judged = s[s["status"].isin([ON, OFF])]
    off = judged[judged["status"] == OFF].groupby("priority_id").size()
    return {pid: (int(off.get(pid, 0)), int(n)) for pid, n in judged.groupby("priority_id").size().items()}


def by_concern(data: BriefData) -> list[dict]:
    """The picture's priorities as rows (dicts), in the order of CONCERN_RULE, each with ``concern`` (the tier's
    name), ``off`` and ``judged`` (its indicators off trajectory, and judged)."""
    offs = _off_counts(data)
    rows = []
    for p in data.priorities.to_dict("records"):
        off, judged = offs.get(p["priority_id"], (0, 0))
        worst = min(score(_text(p["rag"])) or 9, score(_text(p.get("centre_rag"))) or 9)
        rows.append(
            p
            | {
                "off": off,
                "judged": judged,
                "_key": (concern(p, off), worst, bare(p["title"]).lower(), p["priority_id"]),
            }
        )
    rows.sort(key=lambda r: r["_key"])
    return [r | {"concern": CONCERNS[r.pop("_key")[0]]} for r in rows]


@dataclass(frozen=True)
class Row:
    """One priority's line in the one-page table: words only, ready for any format."""

    priority_id: str
    priority: str  # 'Cut waiting lists (HEA-01)'
    department: str
    rating: str  # the department's rating, or 'Not rated'
    centre: str  # the centre's rating, or 'Not recorded'
    movement: str  # 'Worsened from Green', 'Not reported since 31 Mar 2026', ...
    trajectory: str  # its indicators: 'Off: 1 of 2', 'On: 2 of 2', 'None judged'
    next_milestone: str  # 'Staff recruited, due 31 May 2026 (overdue)' or 'None open'
    concern: str  # the tier (CONCERNS), '' for the rest


def movement_text(p: dict) -> str:
    """How the department's rating moved, in a few words."""
    if p.get("standing") != REPORTED:
        return f"Not reported since {day(p['last_return'])}"
    move, before = p.get("movement"), _text(p.get("rag_before"))
    if move in (IMPROVED, WORSENED) and before:
        return f"{move} from {before}"
    return {SCALE_CHANGED: "Scale changed", NEW: "New this period"}.get(move, move or "")


def _trajectory_text(off: int, judged: int) -> str:
    return "None judged" if not judged else f"Off: {off:,} of {judged:,}" if off else f"On: {judged:,} of {judged:,}"


def _milestone_text(m: dict | None) -> str:
    if m is None:
        return "None open"
    late = " (overdue)" if m["status"] == "Overdue" else ""
    return f"{bare(m['title'])}, due {day(m['due_date'])}{late}"


def table(data: BriefData, ordered: list[dict], next_milestones: dict[str, list[dict]]) -> list[Row]:
    """The one-page table: every priority in ``ordered`` (by_concern), with its next open milestone."""
    return [
        Row(
            p["priority_id"],
            name(p["priority_id"], p["title"]),
            p["department"],
            _text(p["rag"]) or "Not rated",
            _text(p.get("centre_rag")) or "Not recorded",
            movement_text(p),
            _trajectory_text(p["off"], p["judged"]),
            _milestone_text(next(iter(next_milestones.get(p["priority_id"], [])), None)),
            p["concern"],
        )
        for p in ordered
    ]


@dataclass(frozen=True)
class Decision:
    """A decision needed or an ask of the centre: what, on which priority, whose, and by or since when."""

    priority: str  # 'Cut waiting lists (HEA-01)'
    ask: str  # 'Barrier escalated to the minister: Radiographer shortage'
    owner: str
    when: str  # 'raised 1 Jun 2026', 'due 15 May 2026'
    level: str  # 'minister', 'action' or 'centre'

    def short(self) -> str:
        """'Cut waiting lists (HEA-01): ... (owner X; raised 1 Jun 2026).': under a heading that says what it is."""
        return f"{self.priority}: {self.ask} ({self.owner}; {self.when})."

    def line(self) -> str:
        """'Decision needed on Cut waiting lists (HEA-01): ... (owner X; raised 1 Jun 2026).'"""
        return f"Decision needed on {self.short()}"


def decisions(data: BriefData, ordered: list[dict]) -> list[Decision]:
    """The escalations to the centre or the minister and the overdue stocktake actions, in DECISION_RULE's order."""
    rank = {p["priority_id"]: n for n, p in enumerate(ordered)}
    titles = {p["priority_id"]: p["title"] for p in ordered}
    found = []
    for r in data.picture.escalations().to_dict("records"):
        level = "minister" if r["escalation"] == "minister" else "centre"
        owner = f"owner {bare(r.get('owner'))}" if bare(r.get("owner")) else "no owner named"
        when = f"raised {day(r['raised_date'])}" if day(r.get("raised_date")) else "no date raised"
        found.append(
            (
                (0 if level == "minister" else 2, rank.get(r["priority_id"], 0), 0),
                Decision(
                    name(r["priority_id"], titles.get(r["priority_id"])),
                    f"{str(r['kind']).capitalize()} escalated to the {level}: "
                    f"{bare(r['description']) or 'no description'}",
                    owner,
                    when,
                    level,
                ),
            )
        )
    for a in _open(data.actions).to_dict("records"):
        if a["overdue"]:
            found.append(
                (
                    (1, -int(a["days_overdue"]), rank.get(a["priority_id"], 0)),
                    Decision(
                        name(a["priority_id"], titles.get(a["priority_id"])),
                        f"{bare(a['description']) or 'an action with no description'} (agreed at the "
                        f"{day(a['stocktake_date'])} stocktake) is {count(int(a['days_overdue']), 'day')} overdue",
                        f"owner {bare(a['owner'])}" if bare(a["owner"]) else "no owner named",
                        f"due {day(a['due_date'])}",
                        "action",
                    ),
                )
            )
    return [d for _, d in sorted(found, key=lambda f: f[0])]


def _open(actions: pd.DataFrame) -> pd.DataFrame:
    return actions[actions["status"] == "open"] if not actions.empty else actions


@dataclass(frozen=True)
class Action:
    """A stocktake action and where it stands: 'Done on 2 Jun 2026', 'On time', 'Overdue by 3 days'."""

    priority: str
    action: str
    owner: str
    agreed: str
    due: str
    status: str

    def line(self) -> str:
        """'Title (ID): Agree pay flexibility (owner HMT; agreed 31 Mar 2026; due 15 May 2026): overdue by 2 days.'"""
        return (
            f"{self.priority}: {self.action} (owner {self.owner}; agreed {self.agreed}; due {self.due}): "
            f"{self.status[0].lower()}{self.status[1:]}."
        )


def actions(data: BriefData) -> list[Action]:
    """Every action still open as at the period (carried forward until closed), and those closed since the
    earliest previous return the picture compares with: overdue first, then on time, then done."""
    a = data.actions
    if a.empty:
        return []
    since = min(data.picture.previous_periods(), default=None)
    titles = dict(zip(data.priorities["priority_id"], data.priorities["title"]))
    out = []
    for r in a.to_dict("records"):
        closed = r["status"] != "open"
        if closed and (since is None or pd.isna(r["closed_date"]) or pd.Timestamp(r["closed_date"]).date() <= since):
            continue
        status = (
            f"Done on {day(r['closed_date'])}"
            if closed
            else f"Overdue by {count(int(r['days_overdue']), 'day')}"
            if r["overdue"]
            else "On time"
        )
        key = (
            2 if closed else 0 if r["overdue"] else 1,
            -(r["days_overdue"] or 0) if r["overdue"] else 0,
            str(r["due_date"]),
        )
        out.append(
            (
                key,
                Action(
                    name(r["priority_id"], titles.get(r["priority_id"], r.get("priority_title"))),
                    bare(r["description"]) or "No description",
                    bare(r["owner"]) or "not named",
                    day(r["stocktake_date"]),
                    day(r["due_date"]),
                    status,
                ),
            )
        )
    return [x for _, x in sorted(out, key=lambda o: o[0])]


ROUTINE = ("New actuals", "Commentary rewritten")


def _routine(kind: str, detail: str) -> bool:
    """New actuals, rewritten commentary, and risks opened or closed without an escalation: counted, not listed."""
    if kind in ROUTINE:
        return True
    return kind.endswith((" opened", " closed")) and "escalated" not in str(detail)


def changed(data: BriefData, ordered: list[dict]) -> tuple[list[str], str | None]:
    """(material changes, one line each, the most serious first (analysis/seriousness.py), then the priority of
    most concern; one line counting the routine ones
    or None). Material: ratings, milestones completed, slipped or newly overdue, trajectories crossed, targets
    changed, escalations, priorities new or left."""
    c = data.changes
    if c.empty:
        return [], None
    rank = {p["priority_id"]: n for n, p in enumerate(ordered)}
    material, actuals, rewritten, risks = [], 0, 0, 0
    for n, (pid, title, kind, detail) in enumerate(
        zip(*(c[k].tolist() for k in ("priority_id", "priority", "kind", "detail")))
    ):
        if kind == "New actuals":
            actuals += 1
        elif kind == "Commentary rewritten":
            rewritten += 1
        elif _routine(kind, detail):
            risks += 1
        else:
            line = f"{name(pid, title)}: {_lower_first(bare(detail), kind)}."
            material.append(((seriousness(kind, detail), rank.get(pid, len(rank)), n), line))
    routine = [
        f"new actuals for {count(actuals, 'indicator')}" if actuals else "",
        count(rewritten, "commentary rewritten", "commentaries rewritten") if rewritten else "",
        count(
            risks,
            "risk or issue opened or closed without escalation",
            "risks and issues opened or closed without escalation",
        )
        if risks
        else "",
    ]
    routine = [r for r in routine if r]
    line = (
        (
            "Routine changes, not listed: " + "; ".join(routine) + " (the Excel pack and the What changed page "
            "list each one)."
        )
        if routine
        else None
    )
    return [text for _, text in sorted(material)], line


def _lower_first(detail: str, kind: str) -> str:
    """ "Department's rating worsened" -> "department's rating worsened" when the detail opens with the words of its
    kind; a milestone's or indicator's own name (the detail's first words otherwise) keeps its case."""
    return detail[0].lower() + detail[1:] if detail.split(" ", 1)[0] == kind.split(" ", 1)[0] else detail
