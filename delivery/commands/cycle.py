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
