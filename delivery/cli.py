"""The command line: ``python -m delivery <command>``. Exit 0 success, 1 problems found, 2 usage.

``validate`` and ``load`` list errors (which block) and warnings (which do not, unless
``--strict``); a run with warnings only exits 0. ``validate`` also checks who may report on
each priority against the store (``--db``, else the default store if it has been written), the
same check ``load`` makes, and says which store it checked, or that there was none.

Every expected failure (a bad file, a busy, missing or damaged store) is a DeliveryError, an
OSError or a DuckDB error about a damaged file, caught in ``main`` and printed as one plain
sentence with the way out: never a traceback (not even for a bug).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from pathlib import Path

import duckdb

from delivery.errors import DeliveryError, quoted
from delivery.store import recovery
from delivery.store.versions import Store, default_store_path

OK, PROBLEMS, USAGE = 0, 1, 2
MOVED = {"bench": "python -m bench"}  # commands that live elsewhere now, with their new name


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in MOVED:  # before parsing: the old options are no longer this parser's
        print(
            f"Error: the benchmarks are their own package now: run `{MOVED[argv[0]]}` with the same options "
            f"(`{MOVED[argv[0]]} --help` lists them).",
            file=sys.stderr,
        )
        return USAGE
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except DeliveryError as error:
        print(f"Error: {error}", file=sys.stderr)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        print(f"Error: {error.strerror or error}{where}.", file=sys.stderr)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except duckdb.Error as error:
        print(f"Error: {_store_trouble(args, error)}", file=sys.stderr)
    except Exception as error:  # a bug: still one sentence, never a traceback
        print(
            f"Error: something unexpected went wrong ({type(error).__name__}: {recovery.first_line(error)}). "
            "Please report it with the command you ran.",
            file=sys.stderr,
        )
    return PROBLEMS


def _store_trouble(args, error: duckdb.Error) -> str:
    """One sentence for a DuckDB error: a damaged store file with the way to recover, or what DuckDB said."""
    if not recovery.is_damage(error) or not hasattr(args, "db"):
        return f"the store could not be read: {recovery.first_line(error)}."
    store = _store(args)
    name = store.version()
    return str(store.damaged(f"its published version {name} is damaged ({recovery.first_line(error)})", skip={name}))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m delivery", description="Delivery dashboard: returns in, store out.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    db = {"type": Path, "default": None, "help": "the store folder (default: the DELIVERY_DB setting, data/store)"}

    c = sub.add_parser("template", help="write the blank return template")
    c.add_argument("out", type=Path, metavar="OUT.xlsx")
    c.set_defaults(run=cmd_template)

    strict = {
        "action": "store_true",
        "help": "treat warnings (two-digit years, dates before 2000, negative "
        "amounts, withheld allocations, an older template) as problems to fix",
    }
    c = sub.add_parser("validate", help="check returns and list every problem; writes nothing")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE")
    c.add_argument(
        "--db",
        type=Path,
        default=None,
        help="the store whose reporting rights to check, as load "
        "would (default: the DELIVERY_DB setting, data/store, if it has been written)",
    )
    c.add_argument("--strict", **strict)
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=cmd_validate)

    c = sub.add_parser("load", help="validate returns and load them all, or none if any has a problem")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is loading (default: your user name)")
    c.add_argument("--reason", default=None, help="why, when the return restates history")
    c.add_argument("--strict", **strict)
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=cmd_load)

    c = sub.add_parser("export", help="write a department's return as it stands in the store")
    c.add_argument("out", type=Path, metavar="OUT.xlsx")
    c.add_argument("--db", **db)
    c.add_argument("--department", required=True, help="department code, e.g. DfE")
    c.add_argument("--period", type=_date, default=None, help="period end YYYY-MM-DD (default: latest)")
    c.set_defaults(run=cmd_export)

    c = sub.add_parser("rollback", help="undo a load, putting back what was there before")
    c.add_argument("load_id", type=int, metavar="LOAD_ID")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is rolling back (default: your user name)")
    c.add_argument("--reason", required=True, help="why (kept in the loads log)")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=cmd_rollback)

    c = sub.add_parser("rebuild", help="recreate the store from its archive of original workbooks")
    c.add_argument("--db", **db)
    c.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=None,
        metavar="ARCHIVE_STORE",
        help="rebuild from this store's archive into --db, which must be empty (default: --db itself)",
    )
    c.set_defaults(run=cmd_rebuild)

    c = sub.add_parser("transfer", help="record that a priority is now led by another department")
    c.add_argument("priority", metavar="PRIORITY", help="the priority's ID, e.g. HOU-02")
    c.add_argument("--to", required=True, metavar="DEPT", help="the department that leads it now")
    c.add_argument(
        "--on",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="from when (default: the day after its department ended, else the latest period)",
    )
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is recording it (default: your user name)")
    c.add_argument("--reason", required=True, help="why (kept with the record)")
    c.set_defaults(run=cmd_transfer)

    c = sub.add_parser("alias", help="record that a priority ID was renamed or merged into another")
    c.add_argument("old_id", metavar="OLD_ID")
    c.add_argument("new_id", metavar="NEW_ID")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is recording it (default: your user name)")
    c.add_argument("--reason", required=True, help="why (kept with the record)")
    c.set_defaults(run=cmd_alias)

    c = sub.add_parser("note", help="write the centre's note on a priority, or the covering note, for a brief")
    c.add_argument("text", metavar="TEXT", help="the note, plain text ('' withdraws it)")
    c.add_argument("--priority", default=None, metavar="ID", help="the priority (default: the covering note)")
    c.add_argument(
        "--department",
        default=None,
        metavar="DEPT",
        help="whose brief the covering note is for (default: the whole government's)",
    )
    c.add_argument("--period", type=_date, required=True, metavar="YYYY-MM-DD", help="the brief's period")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is writing it (default: your user name)")
    c.set_defaults(run=cmd_note)

    c = sub.add_parser("history", help="list every load, newest first")
    c.add_argument("--db", **db)
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=cmd_history)

    c = sub.add_parser("brief", help="write a minister's brief as PDF, Word, PowerPoint or an Excel pack")
    c.add_argument("out", type=Path, metavar="OUT")
    c.add_argument("--db", **db)
    c.add_argument("--period", type=_date, default=None, help="period end YYYY-MM-DD (default: latest)")
    scope = c.add_mutually_exclusive_group()
    scope.add_argument("--department", default=None, help="department code: its priorities (led or contributed to)")
    scope.add_argument("--priority", default=None, metavar="ID", help="one priority, e.g. HEA-01")
    c.add_argument(
        "--format",
        default=None,
        help="pdf, docx, pptx or xlsx (default: OUT's extension, which must match --format when both are given)",
    )
    c.set_defaults(run=cmd_brief)

    c = sub.add_parser("picture", help="print the picture every page and brief shows, for a scope and period")
    c.add_argument("--db", **db)
    c.add_argument(
        "--period",
        type=_date,
        default=None,
        help="'as at' period end YYYY-MM-DD (default: the latest whose returns are all due, as the app opens on)",
    )
    scope = c.add_mutually_exclusive_group()
    scope.add_argument("--department", default=None, help="department code: its priorities (led or contributed to)")
    scope.add_argument("--priority", default=None, metavar="ID", help="one priority, e.g. HEA-01")
    c.add_argument("--theme", default=None, help="only the priorities of this theme")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=cmd_picture)

    c = sub.add_parser("demo", help="generate the demo government's returns")
    c.add_argument("--scale", choices=("small", "national"), default="small")
    c.add_argument("--out", type=Path, default=None, help="folder (default: data/demo/<scale>)")
    c.set_defaults(run=cmd_demo)

    # Benchmarks are their own package (bench/): listed here only so that the old command points there.
    sub.add_parser("bench", help=f"moved: {MOVED['bench']}")
    return p


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a date written like 2026-03-31") from None


def _store(args) -> Store:
    return Store(args.db or default_store_path())


def _user(args) -> str:
    try:
        return args.by or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def cmd_template(args) -> int:
    from delivery.returns.workbook import write_template

    print(f"Wrote the blank template to {write_template(args.out)}.")
    return OK


def cmd_validate(args) -> int:
    from delivery.store.loader import validate_returns

    checked = validate_returns(args.files, _store(args), strict=args.strict)
    ok = _ok(checked.files, args.strict)
    root = checked.store.root
    said = (
        f"Reporting rights checked against the store at {root} (version {checked.version}), as load checks them."
        if checked.version
        else f"Reporting rights not checked: there is no store at {root} (nothing has been loaded there). "
        "Give --db STORE to check them against a store."
    )
    if not args.json:
        print(said)
    _print_results(
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

    report = load_returns(_store(args), args.files, _user(args), reason=args.reason, strict=args.strict)
    _print_results(
        report.files, args.json, {"outcome": report.to_dict()["outcome"], "version": report.version}, args.strict
    )
    return OK if report.ok else PROBLEMS


def cmd_export(args) -> int:
    from delivery.store.export import export_return

    path = export_return(_store(args), args.department, args.period, out_path=args.out)
    print(f"Wrote {args.department}'s return to {path}.")
    return OK


def cmd_rollback(args) -> int:
    from delivery.store.history import rollback_load

    result = rollback_load(_store(args), args.load_id, _user(args), args.reason)
    _print_results([result], args.json, {"outcome": result.outcome})
    return OK


def cmd_rebuild(args) -> int:
    from delivery.store.rebuild import rebuild

    target = args.db or default_store_path()
    count = rebuild(args.source or target, target)
    print(f"Rebuilt the store at {target} from {count} archived loads.")
    return OK


def cmd_transfer(args) -> int:
    from delivery.reference.calendar import date_text
    from delivery.store.records import record_transfer

    e = record_transfer(_store(args), args.priority, args.to, _user(args), args.reason, args.on)
    since = dt.date.fromisoformat(e["effective_date"])
    print(
        f"Recorded (record {e['record_id']}): {e['priority_id']} is led by {e['to_department']} "
        f"from {date_text(since)} (before: {e['from_department']})."
    )
    return OK


def cmd_alias(args) -> int:
    from delivery.store.records import record_alias

    e = record_alias(_store(args), args.old_id, args.new_id, _user(args), args.reason)
    print(
        f"Recorded (record {e['record_id']}): priority {e['old_id']} is now {e['new_id']}; their histories are joined."
    )
    return OK


def cmd_note(args) -> int:
    """A note from the command line is written as an admin: whoever can run it can write the store's files."""
    from delivery.auth import ADMIN, User
    from delivery.store import judgements

    user, store = User(_user(args), "", ADMIN), _store(args)
    if args.priority is not None:
        e = judgements.record_note(store, user, args.priority, args.period, args.text)
    else:
        e = judgements.record_covering_note(store, user, args.department, args.period, args.text)
    print(
        f"{'Recorded' if e['after']['note'] else 'Withdrew'} (entry {e['seq']}) the {e['kind']} on {e['subject']} "
        f"for {args.period.isoformat()}, by {e['written_by']}."
    )
    return OK


def cmd_history(args) -> int:
    from delivery.store.versions import run_query

    con = _store(args).connect_read()
    if con is None:
        rows = []
    else:
        with con:
            frame = run_query(con, "loads_history")
        rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        row["loaded_at"] = row["loaded_at"].isoformat(sep=" ", timespec="seconds")
        row["return_period"] = row["return_period"].date().isoformat() if row["return_period"] is not None else None
        row["row_counts"] = json.loads(row["row_counts"] or "{}")
        row["load_id"], row["active"] = int(row["load_id"]), bool(row["active"])
        row["warning_count"] = int(row.get("warning_count") or 0)
    if args.json:
        print(json.dumps({"loads": rows}, indent=2, default=str))
    else:
        print(_history_table(rows) if rows else "No loads yet.")
    return OK


def cmd_brief(args) -> int:
    from delivery.briefs.make import format_for, make_export

    fmt = format_for(args.out, args.format)  # a file name that does not match is refused before any work
    con = _store(args).connect_read()
    if con is None:
        raise DeliveryError(f"The store at {_store(args).root} is empty: load returns first.")
    with con:
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

    con = _store(args).connect_read()
    if con is None:
        raise DeliveryError(f"The store at {_store(args).root} is empty: load returns first.")
    with con:
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


def _ok(results, strict: bool = False) -> bool:
    from delivery.returns.problems import blocking

    return all(not blocking(r.problems, strict) for r in results)


def _print_results(results, as_json: bool, head: dict, strict: bool = False) -> None:
    """Each file's problems (warnings marked 'Warning:'), then its one-line outcome; or all as JSON."""
    if as_json:
        warned = sum(p.is_warning for r in results for p in r.problems)
        print(
            json.dumps(
                head | {"ok": _ok(results, strict), "warnings": warned, "files": [r.to_dict() for r in results]},
                indent=2,
            )
        )
        return
    for r in results:
        for p in r.problems:
            if p.sheet in ("", "(file)"):  # the file itself: its name is already at the start of the line
                print(f"{r.file_name}: {p.message}")
            else:
                print(f"{r.file_name}: {p}")
        print(r.message)


def _history_table(rows: list[dict]) -> str:
    head = ("load", "loaded at", "by", "department", "period", "outcome", "rows", "file", "reason")
    lines = [head] + [
        (
            str(r["load_id"]) + ("*" if r["active"] else ""),
            r["loaded_at"],
            r["loaded_by"],
            r["department"] or "",
            r["return_period"] or "",
            r["outcome"],
            str(sum(r["row_counts"].values())),
            r["file_name"],
            r["reason"] or "",
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    text = ["  ".join(str(v).ljust(w) for v, w in zip(line, widths)).rstrip() for line in lines]
    return "\n".join(text) + "\n* active: its rows are the ones in the store now."
