"""How serious a change is: one order for every list of what changed (no Streamlit).

The What changed page, the Excel pack and the brief's condensed list (briefs/agenda.py) read changes in this
order, so a priority worsening to Red comes first everywhere, never among milestone completions.
"""

from __future__ import annotations

from delivery.analysis import trajectories
from delivery.analysis.ended import LEFT
from delivery.reference.ratings import is_red

# What changed, most serious first: the order of the What changed page, the Excel pack and the brief's condensed
# list (briefs/agenda.py). Each change falls in the first tier whose test it meets (see seriousness).
SERIOUSNESS = (
    "A rating worsened to Red or Amber/Red",
    "Left the portfolio",
    "Another rating worsened",
    "A risk, issue or barrier escalated",
    "A milestone newly overdue",
    "An indicator now off trajectory",
    "A target or its date changed",
    "A milestone slipped",
    "A new priority",
    "A rating first given, or on another scale",
    "Good news: a rating improved, an indicator back on trajectory, a milestone completed",
    "Routine: risks opened or closed without escalation, commentary rewritten, new actuals",
)
RATING_KINDS = ("Department's rating", "Centre's rating")
GOOD_KINDS = ("Milestone completed",)
TIER_OF_KIND = {
    LEFT: 1,
    "Milestone newly overdue": 4,
    "Target changed": 6,
    "Target date changed": 6,
    "Milestone slipped": 7,
    "New priority": 8,
    "Milestone completed": 10,
    "Commentary rewritten": 11,
    "New actuals": 11,
}


def seriousness(kind: str, detail: str) -> int:
    """The tier of SERIOUSNESS a change falls in (0 is the most serious), from its kind and detail."""
    detail = str(detail)
    if kind in RATING_KINDS:
        if " worsened: " in detail:
            return 0 if is_red(detail.rsplit(" to ", 1)[-1]) else 2
        return 10 if " improved: " in detail else 9
    if kind.endswith(" escalated") or detail.endswith(("(escalated to the centre)", "(escalated to the minister)")):
        return 3
    if kind == "Crossed its trajectory":
        return 5 if detail.split(": now ")[-1].startswith(trajectories.OFF.lower()) else 10
    return TIER_OF_KIND.get(kind, 11)
