"""The picture as the command line prints it (``python -m delivery picture``): JSON for scripts and
tests, or a few plain lines for a person. Both read the same BriefData every brief is made from."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from delivery.analysis import changes as change_rows
from delivery.analysis import milestone_status, picture
from delivery.briefs.content import BriefData, restated_text, review_text
from delivery.briefs.words import bare, name
from delivery.reference.calendar import date_text


def _iso(value) -> str | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date().isoformat()


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _per_priority(frame: pd.DataFrame, counts) -> dict[str, dict]:
    """{priority_id: counts(rows)} over the frame's rows of each priority."""
    return {pid: counts(rows) for pid, rows in frame.groupby("priority_id", sort=False)} if not frame.empty else {}


def _priority(p: dict, milestones: dict, indicators: dict) -> dict:
    return {
        "priority_id": p["priority_id"],
        "title": p["title"],
        "department": p["department"],
        "lead_department": p["lead_department"],
        "standing": p["standing"],
        "rating": _text(p["rag"]),
        "rating_as_written": _text(p.get("rag_as_written")),
        "scale": _text(p["scale_now"]),
        "last_return": _iso(p["last_return"]),
        "expected_period": _iso(p["expected_period"]),
        "previous_period": _iso(p["previous_period"]),
        "periods_missed": int(p["periods_missed"]),
        "rating_before": _text(p["rag_before"]),
        "scale_before": _text(p["scale_before"]),
        "movement": p["movement"],
        "centre_rating": _text(p.get("centre_rag")),
        "milestones": milestones.get(p["priority_id"], milestone_status.milestone_counts(pd.DataFrame())),
        "indicators": indicators.get(p["priority_id"], picture.status_counts(pd.DataFrame())),
    }


def picture_json(data: BriefData) -> dict:
    """The picture and what changed, as JSON-ready values: the facts first, then every priority."""
    pic = data.picture
    milestones = _per_priority(pic.milestones, milestone_status.milestone_counts)
    indicators = _per_priority(pic.status, picture.status_counts)
    return {
        "as_at": _iso(pic.as_at),
        "scope": pic.scope.label(),
        "since": pic.since_text(),
        "facts": pic.facts() | {"changes": change_rows.change_counts(data.changes)},
        "priorities": [_priority(p, milestones, indicators) for p in pic.priorities.to_dict("records")],
        "under_review": [  # the scope's returns the centre has not accepted (empty unless the store reviews)
            {
                "department": r["department"],
                "period": _iso(r["return_period"]),
                "load_id": int(r["load_id"]),
                "review": r["review"],
                "in_this_picture": not bool(r["left_out"]),
            }
            for r in data.under_review.to_dict("records")
        ],
        "ended": [
            {
                "priority_id": r["priority_id"],
                "title": r["title"],
                "standing": r["standing"],
                "department": r["department"],
                "last_return": _iso(r["last_return"]),
                "rating": _text(r["rag"]),
                "left_on": _iso(r["left_on"]),
                "detail": r["detail"],
            }
            for r in pic.ended.to_dict("records")
        ],
        "returns": [
            {
                "department": r["department"],
                "expected_period": _iso(r["expected_period"]),
                "last_return": _iso(r["last_return"]),
                "periods_missed": int(r["periods_missed"]),
                "status": r["status"],
            }
            for r in pic.returns.to_dict("records")
        ],
    }


def picture_text(data: BriefData) -> str:
    """A few lines for a person: the counts by rating and movement, returns, and who is out of the picture."""
    pic = data.picture
    if pic.as_at is None:
        return "No returns have been loaded yet."
    facts = pic.facts()
    lines = [
        f"{pic.scope.label()}, as at {date_text(pic.as_at)}: {facts['priorities']} priorities in the picture, "
        f"{facts['reported']} reported this period, {facts['not_reported']} not reported this period."
    ]
    lines.append("Ratings: " + ", ".join(f"{r} {n}" for r, n in facts["ratings"].items()) + ".")
    if pic.since_text():
        lines.append(f"Since {pic.since_text()}: " + ", ".join(f"{m} {n}" for m, n in facts["movement"].items()) + ".")
    lines.append("Milestones: " + ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in facts["milestones"].items()) + ".")
    lines.append(
        f"Returns: {facts['returns']['received']} of {facts['returns']['expected']} received, "
        f"{facts['returns']['overdue']} overdue."
    )
    for r in pic.ended.to_dict("records"):
        lines.append(f"Out of the picture: {name(r['priority_id'], r['title'])}: {bare(r['detail'])}.")
    return "\n".join(lines + [t for t in [restated_text(data), review_text(data)] if t])
