"""What is off track and why: the priorities that need attention, in the brief's order of concern, each with
its reasons in words (the Overview's first screen; no Streamlit).

The order is the brief's (agenda.by_concern) and the reasons are the Needs attention list's
(attention.exceptions), so the first screen, the brief and the list below it can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from delivery.analysis.movement import WORSENED
from delivery.briefs.agenda import CONCERNS, by_concern
from delivery.briefs.content import BriefData
from delivery.briefs.words import bare, count, end
from delivery.reference.ratings import is_red

# The tiers of CONCERNS that are off track: Red, worsened, Amber/Red, off trajectory, not reported.
OFF_TRACK = CONCERNS[: CONCERNS.index("Amber")]


@dataclass(frozen=True)
class Concern:
    """One priority that needs attention: who it is, its rating, the tier of concern and why, in words."""

    priority_id: str
    title: str
    rating: str | None  # the department's rating (its last one when not reported this period)
    concern: str  # its tier of agenda.CONCERNS ('' when only an exception puts it here)
    why: str  # 'Rating went from Green to Amber/Red; Pupils ...: 70 against 77 planned, 9.1% below plan.'


def _centre_reasons(p: dict) -> list[str]:
    """The centre's own view, when it is what makes a priority a concern (the exceptions speak of the department's)."""
    centre = p.get("centre_rag")
    reasons = []
    if isinstance(centre, str) and is_red(centre) and centre != p.get("rag"):
        reasons.append(f"Rated {centre} by the centre")
    if p.get("centre_movement") == WORSENED:
        reasons.append("The centre's rating worsened")
    return reasons


MOST_REASONS = 3  # a first screen names the first few; the Needs attention list has every one


def _why(p: dict, details: list[tuple[str, str]]) -> str:
    """The priority's reasons as one sentence, the first MOST_REASONS of them ('Rated X by its department' left out
    when the worsening says it)."""
    kinds = {kind for kind, _ in details}
    said = [d for kind, d in details if not (kind.startswith("Rated ") and "Worsened" in kinds)]
    reasons = [bare(s) for s in [*said, *_centre_reasons(p)] if bare(s)] or ["Needs attention"]
    more = len(reasons) - MOST_REASONS
    return end("; ".join(reasons[:MOST_REASONS]) + (f"; and {count(more, 'more reason')}" if more > 0 else ""))


def needing_attention(data: BriefData, exceptions: pd.DataFrame) -> list[Concern]:
    """Every priority of the picture that is off track (OFF_TRACK) or has an exception, most concern first.

    ``exceptions``: attention.exceptions of the same picture (one row per reason: priority_id, why, detail).
    """
    details: dict[str, list[tuple[str, str]]] = {}
    for pid, kind, detail in zip(*(exceptions[c].tolist() for c in ("priority_id", "why", "detail"))):
        details.setdefault(pid, []).append((kind, detail))
    return [
        Concern(
            p["priority_id"],
            p["title"],
            p["rag"] if isinstance(p["rag"], str) else None,
            p["concern"],
            _why(p, details.get(p["priority_id"], [])),
        )
        for p in by_concern(data)
        if p["concern"] in OFF_TRACK or p["priority_id"] in details
    ]
