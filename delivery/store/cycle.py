"""The reporting cycle's writes: the centre reviews returns (accepts them, or returns them for
revision), and an admin switches review on for a store.

Each is one entry of ``archive/judgements.jsonl`` written through ``judgements.write_entry``
(who, when, before, after), applied by delivery/store/reviews.py and replayed by ``rebuild``.
The rights: the centre (centre analysts and admins) reviews; only an admin switches review on;
departments resubmit their own returns through the ordinary load (delivery/auth.py ``can_upload``).
"""

from __future__ import annotations

import datetime as dt

from delivery import auth
from delivery.reference.calendar import date_text
from delivery.store import judgements, periods, reviews
from delivery.store.history import last_load_id
from delivery.store.versions import Store


def _who(user: auth.User) -> str:
    article = "an" if user.role[0] in "aeiou" else "a"
    return f"You are {user.label}, {article} {user.role}."


def review_refusal(user: auth.User) -> str | None:
    """Why ``user`` may not review returns, in plain English; None if allowed (centre analysts and admins)."""
    if user.role in (auth.CENTRE_ANALYST, auth.ADMIN):
        return None
    return f"Only centre analysts and admins review returns. {_who(user)}"


def admin_refusal(user: auth.User) -> str | None:
    """Why ``user`` may not switch review on or close a period; None for an admin."""
    if user.role == auth.ADMIN:
        return None
    return f"Only an admin can do this. {_who(user)}"


def record_review(
    store: Store,
    user: auth.User,
    load_id: int,
    decision: str,
    reason: str | None = None,
    cells=(),
    at: dt.datetime | None = None,
    base: int | None = None,
) -> dict:
    """Accept load ``load_id``, or return it for revision with a reason (and notes on cells); the log entry.
    ``base``: the seq of the load's last decision the form showed (0: none); refused if another reviewer
    decided since, so two reviewers deciding at once are never both told they succeeded."""
    after = reviews.review_after(load_id, decision, reason, cells)
    return judgements.write_entry(
        store,
        user,
        reviews.REVIEW,
        str(after["load_id"]),
        after,
        at,
        lambda con: reviews.check_review(con, after, base),
        review_refusal,
    )


def switch_on_review(store: Store, user: auth.User, reason: str, at: dt.datetime | None = None) -> dict:
    """Begin reviewing returns in this store (admins): loads made before now count as accepted; the log entry."""
    after = {"reason": reviews.text(reason, "The reason"), "from_load_id": None}

    def check(con) -> None:
        reviews.check_start(con)
        after["from_load_id"] = last_load_id(con) + 1  # fixed in the entry, so a replay is exact

    return judgements.write_entry(store, user, reviews.REVIEW_START, "review", after, at, check, admin_refusal)


def close_period(store: Store, user: auth.User, period: dt.date, reason: str, at: dt.datetime | None = None) -> dict:
    """Close ``period`` (admins): a later return for it needs an admin and a reason, and is a restatement."""
    after = periods.close_after(period, reason)
    return judgements.write_entry(
        store,
        user,
        periods.CLOSE,
        after["period"],
        after,
        at,
        lambda con: periods.check_close(con, after),
        admin_refusal,
    )


def decision_text(entry: dict) -> str:
    """What a review entry did, in one sentence: 'Load 7 accepted by Cleo.' or '... returned for revision ...'."""
    after = entry["after"]
    if entry["kind"] == periods.CLOSE:
        return (
            f"Closed {date_text(after['period'])} (entry {entry['seq']}, by {entry['written_by']}): a later return "
            "for it needs an admin and a reason, and is shown as a restatement."
        )
    if entry["kind"] == reviews.REVIEW_START:
        return (
            f"Review switched on by {entry['written_by']} (entry {entry['seq']}): loads from "
            f"load {after['from_load_id']} on are reviewed; earlier loads count as accepted."
        )
    said = f"Load {after['load_id']} {after['decision']} by {entry['written_by']} (entry {entry['seq']})"
    if after["reason"]:
        said += f": {after['reason']}"
    return said + "." + "".join(f"\n  {c['cell']}: {c['note']}" for c in after["cells"])
