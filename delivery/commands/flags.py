"""python -m delivery flags: every flag as at a period (delivery/analysis/flags.py), for people or scripts."""

from __future__ import annotations

import json

from delivery.commands.common import OK, existing_store, store_of
from delivery.errors import DeliveryError


def cmd_flags(args) -> int:
    from delivery.analysis import flags, picture
    from delivery.briefs.content import asker
    from delivery.briefs.make import check_scope

    con = existing_store(args).connect_read()
    if con is None:
        raise DeliveryError(f"The store at {store_of(args).root} is empty: load returns first.")
    with con:
        ask = asker(con)
        rules = picture.rules_from_settings()
        as_at = picture.resolve_as_at(ask, rules, args.period)
        check_scope(ask, as_at, args.department, None)
        scope = picture.Scope(args.department)
        found = flags.gather(ask, picture.gather(ask, scope, as_at, rules), flags.rules_from_settings())
    print(json.dumps(flags_json(found, as_at, scope), indent=2) if args.json else flags_text(found, as_at, scope))
    return OK


def flags_json(found, as_at, scope) -> dict:
    """The flags as JSON: the period, the scope, how many, and each flag (dates as YYYY-MM-DD)."""
    rows = found.assign(period=[p.isoformat() for p in found["period"]]).to_dict("records") if len(found) else []
    return {
        "as_at": as_at.isoformat() if as_at else None,
        "scope": scope.label(),
        "count": len(rows),
        "flags": rows,
    }


def flags_text(found, as_at, scope) -> str:
    """One line a flag, most serious first, under a line saying how many, as at when, for what."""
    from delivery.reference.calendar import date_text

    when = date_text(as_at) if as_at else "no period (the store is empty)"
    head = f"{len(found)} flag{'' if len(found) == 1 else 's'} as at {when} ({scope.label()})"
    lines = [
        f"[{r['rank']}] {r['kind']} · {r['priority_id']} · {r['department']} · {date_text(r['period'])}: "
        f"{r['explanation']} Look at: {r['look_at']}."
        for r in found.to_dict("records")
    ]
    return "\n".join([head + (":" if lines else "."), *lines])
