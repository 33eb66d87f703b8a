"""The centre's notes a brief carries: the covering note for its scope and a note per priority in it,
for its period (written in the app: delivery/store/notes.py), each signed with who and when.

Every format prints them from here (``covering``, ``of_priority``, ``signature``, ``labelled``), so they
say the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import pandas as pd

from delivery.analysis.picture import Scope
from delivery.reference.calendar import date_text

COLUMNS = ["kind", "priority_id", "department", "note", "written_by", "written_at"]
COVERING_HEADING, PRIORITY_HEADING = "Covering note from the delivery unit", "The centre's note"


def for_scope(
    ask: Callable[..., pd.DataFrame], scope: Scope, as_at: dt.date | None, priority_ids: Iterable[str]
) -> pd.DataFrame:
    """The notes in force for ``scope``'s brief as at ``as_at``: its covering note (a whole-government or
    department scope), then the note on each of ``priority_ids`` that has one (COLUMNS)."""
    if as_at is None:
        return pd.DataFrame(columns=COLUMNS)
    rows = ask("centre_notes_for_period", period=pd.Timestamp(as_at).date().isoformat())
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    covering = (
        (rows["kind"] == "covering")
        & (scope.priority_id is None)
        & (rows["department"].isna() if scope.department is None else rows["department"] == scope.department)
    )
    mine = (rows["kind"] == "priority") & rows["priority_id"].isin(set(priority_ids))
    return rows[covering | mine][COLUMNS].reset_index(drop=True)


def covering(notes: pd.DataFrame) -> dict | None:
    """The covering note (a row of ``for_scope``), or None."""
    rows = notes[notes["kind"] == "covering"] if not notes.empty else notes
    return None if rows.empty else rows.iloc[0].to_dict()


def of_priority(notes: pd.DataFrame, priority_id: str) -> dict | None:
    """The note on ``priority_id`` (a row of ``for_scope``), or None."""
    rows = notes[(notes["kind"] == "priority") & (notes["priority_id"] == priority_id)] if not notes.empty else notes
    return None if rows.empty else rows.iloc[0].to_dict()


def signature(note: dict) -> str:
    """'Written by Cara <cara@centre.gov> on 2 Jul 2026 at 10:00 UTC.'"""
    at = pd.Timestamp(note["written_at"])
    return f"Written by {note['written_by']} on {date_text(at)} at {at:%H:%M} UTC."


def texts(notes: pd.DataFrame) -> list[tuple[str | None, str]]:
    """(priority ID or None for the covering note, text) of every note and signature: what a PDF must print."""
    return [
        (None if n["kind"] == "covering" else n["priority_id"], part)
        for n in notes.to_dict("records")
        for part in (n["note"], signature(n))
    ]


def labelled(notes: pd.DataFrame) -> list[tuple[str, str]]:
    """('Covering note from the delivery unit' or "The centre's note on HEA-01", the note and its signature)."""
    return [
        (
            COVERING_HEADING if n["kind"] == "covering" else f"{PRIORITY_HEADING} on {n['priority_id']}",
            f"{n['note']} ({signature(n)})",
        )
        for n in notes.to_dict("records")
    ]
