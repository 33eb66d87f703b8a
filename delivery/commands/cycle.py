"""The reporting cycle from the command line: review (accept, return for revision, switch review on), close."""

from __future__ import annotations

from delivery.commands.common import OK, store_of, user_of
from delivery.errors import DeliveryError


def cmd_review(args) -> int:
    """Run as an admin, like ``note``: whoever can run it can write the store's files."""
    from delivery.auth import ADMIN, User
    from delivery.store import cycle, reviews

    user, store = User(user_of(args), "", ADMIN), store_of(args)
    if args.switch_on:
        if args.load_id is not None or args.accept or args.return_for_revision or args.cell:
            raise DeliveryError("--switch-on takes only --reason: it names no load.")
        entry = cycle.switch_on_review(store, user, args.reason)
    else:
        if args.load_id is None or args.accept == args.return_for_revision:
            raise DeliveryError(
                "Name the load and one decision: review LOAD_ID --accept, or review LOAD_ID "
                "--return-for-revision --reason TEXT."
            )
        decision = reviews.ACCEPTED if args.accept else reviews.RETURNED
        entry = cycle.record_review(store, user, args.load_id, decision, args.reason, args.cell or ())
    print(cycle.decision_text(entry))
    return OK


def cmd_close(args) -> int:
    """Run as an admin, like ``review``."""
    from delivery.auth import ADMIN, User
    from delivery.store import cycle

    entry = cycle.close_period(store_of(args), User(user_of(args), "", ADMIN), args.period, args.reason)
    print(cycle.decision_text(entry))
    return OK


def cmd_due(args) -> int:
    """The returns due as at a period, with a reminder for each not received; ``--csv`` for a mail merge."""
    from delivery.analysis import due, picture
    from delivery.commands.common import existing_store
    from delivery.reference.departments import read_contacts
    from delivery.returns.inert import csv_bytes
    from delivery.store.reviews import asker

    con = existing_store(args).connect_read()
    if con is None:
        raise DeliveryError(f"The store at {store_of(args).root} is empty: load returns first.")
    with con:  # every return as loaded: a return under review is received
        frame = due.returns_due(asker(con), picture.rules_from_settings(), args.period, read_contacts())
    if args.csv is not None:
        args.csv.write_bytes(csv_bytes(due.for_csv(frame)))
        print(f"Wrote {len(frame)} departments' returns due to {args.csv}.")
    else:
        print(due.due_text(frame))
    return OK
