"""The centre's records from the command line: transfer, alias, note."""

from __future__ import annotations

import datetime as dt

from delivery.commands.common import OK, store_of, user_of


def cmd_transfer(args) -> int:
    from delivery.reference.calendar import date_text
    from delivery.store.records import record_transfer

    e = record_transfer(store_of(args), args.priority, args.to, user_of(args), args.reason, args.on)
    since = dt.date.fromisoformat(e["effective_date"])
    print(
        f"Recorded (record {e['record_id']}): {e['priority_id']} is led by {e['to_department']} "
        f"from {date_text(since)} (before: {e['from_department']})."
    )
    return OK


def cmd_alias(args) -> int:
    from delivery.store.records import record_alias

    e = record_alias(store_of(args), args.old_id, args.new_id, user_of(args), args.reason)
    print(
        f"Recorded (record {e['record_id']}): priority {e['old_id']} is now {e['new_id']}; their histories are joined."
    )
    return OK


def cmd_note(args) -> int:
    """A note from the command line is written as an admin: whoever can run it can write the store's files."""
    from delivery.auth import ADMIN, User
    from delivery.store import judgements

    user, store = User(user_of(args), "", ADMIN), store_of(args)
    if args.priority is not None:
        e = judgements.record_note(store, user, args.priority, args.period, args.text)
    else:
        e = judgements.record_covering_note(store, user, args.department, args.period, args.text)
    print(
        f"{'Recorded' if e['after']['note'] else 'Withdrew'} (entry {e['seq']}) the {e['kind']} on {e['subject']} "
        f"for {args.period.isoformat()}, by {e['written_by']}."
    )
    return OK
