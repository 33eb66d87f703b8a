"""The commands that read the picture: brief, picture; and demo, which writes the demo returns."""

from __future__ import annotations

import json

from delivery.commands.common import OK, existing_store, store_of
from delivery.errors import DeliveryError
from delivery.store.versions import show_picture


def cmd_brief(args) -> int:
    from delivery.briefs.make import format_for, make_export

    fmt = format_for(args.out, args.format)  # a file name that does not match is refused before any work
    con = existing_store(args).connect_read()
    if con is None:
        raise DeliveryError(f"The store at {store_of(args).root} is empty: load returns first.")
    with con:
        show_picture(con, agreed=not args.draft)
        path, brief = make_export(
            con,
            fmt,
            args.out,
            args.period,
            args.department,
            args.priority,
            progress=lambda line: print(line, flush=True),
        )
    print(f"Wrote the brief ({brief.title}) to {path}.")
    return OK


def cmd_picture(args) -> int:
    from delivery.analysis.picture import Scope
    from delivery.briefs.make import read_brief_data
    from delivery.briefs.summary import picture_json, picture_text

    con = existing_store(args).connect_read()
    if con is None:
        raise DeliveryError(f"The store at {store_of(args).root} is empty: load returns first.")
    with con:
        show_picture(con, agreed=not args.draft)
        data = read_brief_data(con, Scope(args.department, args.priority, args.theme), args.period)
    print(json.dumps(picture_json(data), indent=2) if args.json else picture_text(data))
    return OK


def cmd_demo(args) -> int:
    from delivery import ROOT
    from delivery.demo import returns as demo

    out = args.out or ROOT / "data" / "demo" / args.scale
    paths = demo.generate(args.scale, out, progress=print if args.scale == "national" else None)
    print(f"Wrote {len(paths)} demo returns to {out}.")
    return OK
