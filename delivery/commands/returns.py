"""The commands about return workbooks: template, validate, load, export."""

from __future__ import annotations

from delivery.commands.common import OK, PROBLEMS, all_ok, existing_store, print_results, store_of, user_of
from delivery.commands.sources import sources_of
from delivery.errors import DeliveryError


def cmd_template(args) -> int:
    from delivery.returns.workbook import write_template

    folder = args.out.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise DeliveryError(f"The folder {folder} {why}: create it first, or name a file in a folder that exists.")
    print(f"Wrote the blank template to {write_template(args.out)}.")
    return OK


def cmd_validate(args) -> int:
    from delivery.store.loader import validate_returns

    checked = validate_returns(sources_of(args), store_of(args), strict=args.strict)
    ok = all_ok(checked.files, args.strict)
    root = checked.store.root
    said = (
        f"Reporting rights checked against the store at {root} (version {checked.version}), as load checks them."
        if checked.version
        else f"Reporting rights not checked: there is no store at {root} (nothing has been loaded there). "
        "Give --db STORE to check them against a store."
    )
    if not args.json:
        print(said)
    print_results(
        checked.files,
        args.json,
        {"outcome": "valid" if ok else "rejected", "store": str(root), "rights_checked_against": checked.version},
        args.strict,
    )
    return OK if ok else PROBLEMS


def cmd_load(args) -> int:
    """Load with no preview base: validating, checking and writing under one write lock is the load's own
    preview, so a load from the command line replaces whatever is there then (the Upload page's commit,
    made from a preview a person read, is refused instead if its return moved; delivery/store/concurrency.py)."""
    from delivery.store.loader import load_returns

    if args.each:
        return _load_each(args)
    # restate: whoever holds the store's files may restate a closed period, with --reason (delivery/store/periods.py)
    report = load_returns(
        store_of(args), sources_of(args), user_of(args), reason=args.reason, strict=args.strict, restate=True
    )
    print_results(
        report.files, args.json, {"outcome": report.to_dict()["outcome"], "version": report.version}, args.strict
    )
    return OK if report.ok else PROBLEMS


def _load_each(args) -> int:
    """load --each: every file its own all-or-nothing load, one after another, so one bad file does not hold
    back the rest; then which loaded and which did not. Two files for one department and period load in
    turn (the later replaces the earlier), as two loads would."""
    import json

    from delivery.store.loader import load_returns

    store, by = store_of(args), user_of(args)
    reports = [
        load_returns(store, [f], by, reason=args.reason, strict=args.strict, restate=True) for f in sources_of(args)
    ]
    loaded = [r.files[0].file_name for r in reports if r.ok]
    refused = [r.files[0].file_name for r in reports if not r.ok]
    outcome = "loaded" if not refused else "partly loaded" if loaded else "rejected"
    if args.json:
        loads = [r.to_dict() for r in reports]
        print(json.dumps({"outcome": outcome, "loaded": loaded, "not_loaded": refused, "loads": loads}, indent=2))
    else:
        for report in reports:
            print_results(report.files, False, {}, args.strict)
        print(_each_summary(loaded, refused))
    return OK if not refused else PROBLEMS


def _each_summary(loaded: list[str], refused: list[str]) -> str:
    """'Loaded 2 of 3 returns, each on its own: a.xlsx, b.xlsx. Not loaded: c.xlsx (its problems are above).'"""
    said = f"Loaded {len(loaded)} of {len(loaded) + len(refused)} returns, each on its own"
    said += f": {', '.join(loaded)}." if loaded else "."
    return said + (f" Not loaded: {', '.join(refused)} (see the problems above)." if refused else "")


def cmd_export(args) -> int:
    from delivery.store.export import export_return

    path = export_return(existing_store(args), args.department, args.period, out_path=args.out)
    print(f"Wrote {args.department}'s return to {path}.")
    return OK
