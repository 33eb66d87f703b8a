"""How a return's risks, issues and barriers changed from an earlier one's (no Streamlit).

One definition, read by What changed (through ``analysis.changes``) and by an upload's preview
(``upload.preview_sections``), so a change the preview announces is the change What changed lists
after the commit; here, in the returns stage, because both later stages read it. A risk is known by
its priority and id (ids are unique within a return).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from delivery.returns.contract import ESCALATIONS

ESCALATION_ORDER = {level: i for i, level in enumerate(ESCALATIONS)}  # none, centre, minister
# The columns a comparison reads (besides priority_id and risk_id).
COLUMNS = ("kind", "description", "escalation", "status", "likelihood", "impact", "mitigation")
# The changes What changed lists; the preview shows every change.
HEADLINE_CHANGES = ("opened", "closed", "escalated")


@dataclass(frozen=True)
class RiskChange:
    """One change to one risk: ``change`` is opened, closed, escalated, de-escalated,
    likelihood, impact or mitigation; ``was`` and ``now`` are the values as text (None: blank)."""

    priority_id: str
    risk_id: str
    what: str  # "Risk", "Issue" or "Barrier"
    description: str
    change: str
    was: str | None = None
    now: str | None = None
    escalation: str = "none"

    @property
    def kind(self) -> str:
        """'Risk escalated', 'Issue opened', 'Risk likelihood changed'."""
        return f"{self.what} {self.change}" + (" changed" if self.change in ("likelihood", "impact") else "")

    @property
    def what_happened(self) -> str:
        """The change in a few words: 'escalated', 'likelihood raised', 'mitigation added'."""
        if self.change in ("likelihood", "impact"):
            return f"{self.change} {_raised(self.was, self.now)}"
        if self.change == "mitigation":
            return "mitigation " + ("added" if self.was is None else "removed" if self.now is None else "rewritten")
        return self.change

    @property
    def detail(self) -> str:
        """The change in a sentence, as What changed writes it."""
        text, what = self.description, self.what
        if self.change == "opened":
            up = self.escalation in ("centre", "minister")
            return f"{what} opened: {text}" + (f" (escalated to the {self.escalation})" if up else "")
        if self.change in ("escalated", "de-escalated"):
            return f"{what} {self.change} to the {self.now}: {text}"
        if self.change in ("likelihood", "impact"):
            return f"{what} {self.what_happened} from {self.was or 'none'} to {self.now or 'none'}: {text}"
        return f"{what} {self.what_happened}: {text}"


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v)) or (isinstance(v, str) and not v.strip())


def _text(v) -> str | None:
    return None if _blank(v) else str(v).strip()


def _raised(was, now) -> str:
    try:
        return "raised" if float(now) > float(was) else "lowered"
    except (TypeError, ValueError):
        return "changed"


def _records(frame: pd.DataFrame) -> list[dict]:
    if frame is None or frame.empty:
        return []
    wanted = [c for c in ("priority_id", "risk_id", *COLUMNS) if c in frame.columns]
    return frame[wanted].to_dict("records")


def risk_changes(before: pd.DataFrame, now: pd.DataFrame) -> list[RiskChange]:
    """Every change from the risks ``before`` to the risks ``now``, in ``now``'s order.

    Opened (new, or open again), closed, or escalated, one of the three per risk; and for a risk
    open in both, also de-escalated, likelihood or impact changed, mitigation added, rewritten or removed.
    """
    old = {(r["priority_id"], r["risk_id"]): r for r in _records(before)}
    out = []
    for k in _records(now):
        b = old.get((k["priority_id"], k["risk_id"]))
        base = {
            "priority_id": k["priority_id"],
            "risk_id": k["risk_id"],
            "what": str(k["kind"]).capitalize(),
            "description": k["description"],
            "escalation": k.get("escalation") or "none",
        }
        if k["status"] == "open" and (b is None or b["status"] == "closed"):
            out.append(RiskChange(**base, change="opened", was=None if b is None else "closed", now="open"))
        elif k["status"] == "closed" and b is not None and b["status"] == "open":
            out.append(RiskChange(**base, change="closed", was="open", now="closed"))
        elif k["status"] == "open" and b is not None:
            out += _open_changes(base, b, k)
    return out


def _open_changes(base: dict, b: dict, k: dict) -> list[RiskChange]:
    """The changes to a risk open before and now."""
    out = []
    was, now = _text(b.get("escalation")) or "none", _text(k.get("escalation")) or "none"
    up, down = ESCALATION_ORDER.get(now, 0), ESCALATION_ORDER.get(was, 0)
    if up != down:
        out.append(RiskChange(**base, change="escalated" if up > down else "de-escalated", was=was, now=now))
    for column in ("likelihood", "impact", "mitigation"):
        a, z = _text(b.get(column)), _text(k.get(column))
        if a != z:
            out.append(RiskChange(**base, change=column, was=a, now=z))
    return out
