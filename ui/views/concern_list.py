"""The Overview's first screen in words: the few priorities of most concern, each with why and a link to it.

Markdown only (a sentence and a list, no table or chart), so it is drawn as soon as it arrives; every word
from a return goes through ``plain()``. The order and the reasons are delivery/briefs/concerns.py's.
"""

from __future__ import annotations

from delivery.analysis.tables import priority_link
from delivery.briefs.concerns import Concern
from delivery.briefs.words import count, name
from ui.frame.components import rating_badge
from ui.frame.text import plain

FEW = 5  # priorities the first screen names; the Needs attention list below has them all
NONE = (
    "Nothing is off track for this selection: no priority is rated Red or Amber/Red, worsened, off trajectory "
    "or late with its return, and none has an overdue milestone or an escalation."
)


def lead(concerns: list[Concern], total: int) -> str:
    """'3 of 12 priorities need attention, the most serious first:' (naming how many are listed below when more)."""
    n = len(concerns)
    needs = f"{n:,} of {count(total, 'priority', 'priorities')} {'needs' if n == 1 else 'need'} attention"
    if n == 1:
        return needs + ":"
    if n <= FEW:
        return needs + ", the most serious first:"
    return f"{needs}; the {FEW} most serious first (all {n:,} are under Needs attention, below):"


def items(concerns: list[Concern], filters) -> str:
    """A numbered list of the first FEW: the priority as a link to its page, its rating, and why."""
    lines = []
    for n, c in enumerate(concerns[:FEW], start=1):
        # Its dots encoded too, so that a typed theme such as "www.x.example" never reads as a bare link.
        link = priority_link(c.priority_id, filters.as_at, filters.department, filters.theme).replace(".", "%2E")
        lines.append(
            f"{n}. **[{plain(name(c.priority_id, c.title))}]({link})** {rating_badge(c.rating)} — {plain(c.why)}"
        )
    return "\n".join(lines)
