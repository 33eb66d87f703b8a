"""risk_changes: the one definition of how risks changed, read by What changed and the upload preview."""

from __future__ import annotations

import pandas as pd

from delivery.analysis import changes
from delivery.returns.risk_changes import risk_changes

COLUMNS = ["priority_id", "priority_title", "risk_id", "kind", "description", "escalation", "status"]
COLUMNS += ["likelihood", "impact", "mitigation"]


def risks(*rows) -> pd.DataFrame:
    return pd.DataFrame([("P1", "Cut waiting", *r) for r in rows], columns=COLUMNS)


BEFORE = risks(
    ("R1", "risk", "Winter", "minister", "open", "3", "4", "Extra beds"),
    ("R2", "issue", "Strike", "none", "open", "5", "5", None),
)
NOW = risks(
    ("R1", "risk", "Winter", "centre", "open", "3", "2", "Extra beds and staff"),
    ("R2", "issue", "Strike", "none", "open", "5", "5", "Talks"),
)


def test_every_change_to_a_risk_open_before_and_now():
    assert [(c.risk_id, c.what_happened, c.was, c.now, c.detail) for c in risk_changes(BEFORE, NOW)] == [
        ("R1", "de-escalated", "minister", "centre", "Risk de-escalated to the centre: Winter"),
        ("R1", "impact lowered", "4", "2", "Risk impact lowered from 4 to 2: Winter"),
        ("R1", "mitigation rewritten", "Extra beds", "Extra beds and staff", "Risk mitigation rewritten: Winter"),
        ("R2", "mitigation added", None, "Talks", "Issue mitigation added: Strike"),
    ]


def test_what_changed_lists_only_risks_opened_closed_and_escalated():
    snap = changes.Snapshot
    prios = pd.DataFrame({"priority_id": ["P1"], "title": ["Cut waiting"], "rag": ["Amber"]})
    empty = pd.DataFrame()
    before = snap(prios, empty, BEFORE, empty, empty, empty)
    now = snap(prios, empty, NOW, empty, empty, empty)
    assert changes.changes(before, now).empty
