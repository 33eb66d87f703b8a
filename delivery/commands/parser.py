"""The command line's parser: every command, its arguments and the function that runs it."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from delivery.commands import briefs, cycle, forms, loads, records, reference, returns
from delivery.commands import flags as flag_commands
from delivery.commands.common import iso_date
from delivery.errors import quoted

MOVED = {"bench": "python -m bench"}  # commands that live elsewhere now, with their new name


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser: each command's arguments and the function that runs it (``run``)."""
    p = argparse.ArgumentParser(prog="python -m delivery", description="Delivery dashboard: returns in, store out.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    db = {"type": Path, "default": None, "help": "the store folder (default: the DELIVERY_DB setting, data/store)"}

    c = sub.add_parser("template", help="write the blank return template")
    c.add_argument("out", type=Path, metavar="OUT.xlsx")
    c.set_defaults(run=returns.cmd_template)

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
    c.set_defaults(run=returns.cmd_validate)

    c = sub.add_parser("load", help="validate returns and load them all, or none if any has a problem")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is loading (default: your user name)")
    c.add_argument("--reason", default=None, help="why, when the return restates history")
    c.add_argument("--strict", **strict)
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.add_argument(
        "--each",
        action="store_true",
        help="load each file on its own, all or nothing per file, so one bad file does not hold back the others "
        "(default: the whole batch loads, or none of it)",
    )
    c.set_defaults(run=returns.cmd_load)

    c = sub.add_parser("export", help="write a department's return as it stands in the store")
    c.add_argument("out", type=Path, metavar="OUT.xlsx")
    c.add_argument("--db", **db)
    c.add_argument("--department", required=True, help="department code, e.g. DfE")
    c.add_argument("--period", type=iso_date, default=None, help="period end YYYY-MM-DD (default: latest)")
    c.set_defaults(run=returns.cmd_export)

    c = sub.add_parser("rollback", help="undo a load, putting back what was there before")
    c.add_argument("load_id", type=int, metavar="LOAD_ID")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is rolling back (default: your user name)")
    c.add_argument("--reason", required=True, help="why (kept in the loads log)")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=loads.cmd_rollback)

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
    c.set_defaults(run=loads.cmd_rebuild)

    c = sub.add_parser("transfer", help="record that a priority is now led by another department")
    c.add_argument("priority", metavar="PRIORITY", help="the priority's ID, e.g. HOU-02")
    c.add_argument("--to", required=True, metavar="DEPT", help="the department that leads it now")
    c.add_argument(
        "--on",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="from when (default: the day after its department ended, else the latest period)",
    )
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is recording it (default: your user name)")
    c.add_argument("--reason", required=True, help="why (kept with the record)")
    c.set_defaults(run=records.cmd_transfer)

    c = sub.add_parser("alias", help="record that a priority ID was renamed or merged into another")
    c.add_argument("old_id", metavar="OLD_ID")
    c.add_argument("new_id", metavar="NEW_ID")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is recording it (default: your user name)")
    c.add_argument("--reason", required=True, help="why (kept with the record)")
    c.set_defaults(run=records.cmd_alias)

    c = sub.add_parser("note", help="write the centre's note on a priority, or the covering note, for a brief")
    c.add_argument("text", metavar="TEXT", help="the note, plain text ('' withdraws it)")
    c.add_argument("--priority", default=None, metavar="ID", help="the priority (default: the covering note)")
    c.add_argument(
        "--department",
        default=None,
        metavar="DEPT",
        help="whose brief the covering note is for (default: the whole government's)",
    )
    c.add_argument("--period", type=iso_date, required=True, metavar="YYYY-MM-DD", help="the brief's period")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is writing it (default: your user name)")
    c.set_defaults(run=records.cmd_note)

    c = sub.add_parser("history", help="list every load, newest first")
    c.add_argument("--db", **db)
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=loads.cmd_history)

    c = sub.add_parser("brief", help="write a minister's brief as PDF, Word, PowerPoint or an Excel pack")
    c.add_argument("out", type=Path, metavar="OUT")
    c.add_argument("--db", **db)
    c.add_argument("--period", type=iso_date, default=None, help="period end YYYY-MM-DD (default: latest)")
    scope = c.add_mutually_exclusive_group()
    scope.add_argument("--department", default=None, help="department code: its priorities (led or contributed to)")
    scope.add_argument("--priority", default=None, metavar="ID", help="one priority, e.g. HEA-01")
    c.add_argument(
        "--format",
        default=None,
        help="pdf, docx, pptx or xlsx (default: OUT's extension, which must match --format when both are given)",
    )
    c.set_defaults(run=briefs.cmd_brief)

    c = sub.add_parser("picture", help="print the picture every page and brief shows, for a scope and period")
    c.add_argument("--db", **db)
    c.add_argument(
        "--period",
        type=iso_date,
        default=None,
        help="'as at' period end YYYY-MM-DD (default: the latest whose returns are all due, as the app opens on)",
    )
    scope = c.add_mutually_exclusive_group()
    scope.add_argument("--department", default=None, help="department code: its priorities (led or contributed to)")
    scope.add_argument("--priority", default=None, metavar="ID", help="one priority, e.g. HEA-01")
    c.add_argument("--theme", default=None, help="only the priorities of this theme")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=briefs.cmd_picture)

    # Flags: every claim checked against the data (delivery/analysis/flags.py).
    c = sub.add_parser("flags", help="list every flag: ratings, targets, milestones and figures to check")
    c.add_argument("--db", **db)
    c.add_argument("--period", type=iso_date, default=None, help="'as at' period end YYYY-MM-DD (default: as picture)")
    c.add_argument("--department", default=None, help="department code: its priorities (led or contributed to)")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=flag_commands.cmd_flags)

    c = sub.add_parser("demo", help="generate the demo government's returns")
    c.add_argument("--scale", choices=("small", "national"), default="small")
    c.add_argument("--out", type=Path, default=None, help="folder (default: data/demo/<scale>)")
    c.set_defaults(run=briefs.cmd_demo)

    _forms(sub, strict)
    reference.add_commands(sub)  # check-reference: the government profile (the reference folder)
    _cycle_commands(sub, db)

    # Benchmarks are their own package (bench/): listed here only so that the old command points there.
    sub.add_parser("bench", help=f"moved: {MOVED['bench']}")
    p.set_defaults(commands=sub.choices)  # each command's own parser, for its own usage line
    return p


def _forms(sub, strict: dict) -> None:
    """Departments' own forms (delivery/forms/): map, and the --datamap of validate and load."""
    datamap = {
        "type": Path,
        "metavar": "MAP.csv",
        "help": "the files are a department's own forms: map each"
        " through this datamap first; problems are told at the form's own cells",
    }
    columns = {
        "type": Path,
        "metavar": "MAP.csv",
        "help": "the files are flat tables (a row per project, per department and period): split each"
        " into returns through this column map",
    }
    for command in ("validate", "load"):
        either = sub.choices[command].add_mutually_exclusive_group()
        either.add_argument("--datamap", default=None, **datamap)
        either.add_argument("--columns", default=None, **columns)
    c = sub.add_parser("map", help="write our returns from departments' own forms or flat tables, through a map")
    either = c.add_mutually_exclusive_group(required=True)
    either.add_argument("--datamap", **datamap)
    either.add_argument("--columns", **columns)
    c.add_argument("files", nargs="+", type=Path, metavar="FORM")
    c.add_argument("out", type=Path, metavar="OUT", help="the folder to write our returns to")
    c.add_argument("--strict", **strict)
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=forms.cmd_map)

    c = sub.choices["export"]
    c.add_argument(
        "--datamap", default=None, **datamap | {"help": "write into the department's own form, through this datamap"}
    )
    c.add_argument(
        "--form", type=Path, default=None, metavar="BLANK.xlsx", help="their blank form to fill (with --datamap)"
    )
    c.set_defaults(run=forms.cmd_export)

    c = sub.add_parser("datamap", help="write the datamap of our own template, to start a department's own from")
    c.add_argument("--from-template", action="store_true", required=True, help="our template's cells (the only source)")
    c.add_argument("out", type=Path, metavar="OUT.csv")
    c.add_argument("--rows", type=int, default=10, help="how many rows of each sheet to map (default 10)")
    c.set_defaults(run=forms.cmd_datamap)


def _cycle_commands(sub, db: dict) -> None:
    """The reporting cycle's commands (delivery/commands/cycle.py): review, close, due."""
    c = sub.add_parser("review", help="accept a load, or return it for revision; or switch review on")
    c.add_argument("load_id", type=int, nargs="?", default=None, metavar="LOAD_ID")
    c.add_argument("--accept", action="store_true", help="accept the load: viewers and briefs then see it")
    c.add_argument("--return-for-revision", action="store_true", help="send it back to its department (needs --reason)")
    c.add_argument("--reason", default=None, help="why (kept in the log; required to return a load or switch on)")
    c.add_argument(
        "--cell",
        action="append",
        metavar="'SHEET!CELL: NOTE'",
        help="a note on one cell, e.g. 'Milestones!F14: this date moved again' (repeatable)",
    )
    c.add_argument(
        "--switch-on",
        action="store_true",
        help="begin reviewing returns in this store (admin): loads made before count as accepted",
    )
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is reviewing (default: your user name)")
    c.set_defaults(run=cycle.cmd_review)
    c = sub.add_parser("close", help="close a reporting period once its stocktake pack is agreed (admin)")
    c.add_argument("period", type=iso_date, metavar="PERIOD", help="the period end, YYYY-MM-DD")
    c.add_argument("--reason", required=True, help="why (kept in the log)")
    c.add_argument("--db", **db)
    c.add_argument("--by", default=None, help="who is closing it (default: your user name)")
    c.set_defaults(run=cycle.cmd_close)

    c = sub.add_parser("due", help="the returns due: received or not, days late, contact, a reminder for each")
    c.add_argument("--period", type=iso_date, default=None, help="period end YYYY-MM-DD (default: as the app opens)")
    c.add_argument("--csv", type=Path, default=None, metavar="OUT.csv", help="write the list for a mail merge")
    c.add_argument("--db", **db)
    c.set_defaults(run=cycle.cmd_due)

    for reads in ("brief", "picture"):  # the agreed picture by default, once the store reviews returns
        sub.choices[reads].add_argument(
            "--draft",
            action="store_true",
            help="include returns the centre has not yet accepted (default: the agreed picture)",
        )


def refuse_extras(args: argparse.Namespace, extras: list[str]) -> None:
    """Exit 2 with the command's own usage and a plain sentence for arguments it does not take:
    '--jsn is not an option of history. Did you mean --json?'."""
    command = args.commands[args.command]
    options = [o for a in command._actions for o in a.option_strings]  # noqa: SLF001 (argparse has no public list)
    flags = [e for e in extras if e.startswith("-")]
    if flags:
        wrong = flags[0].split("=", 1)[0]
        close = difflib.get_close_matches(wrong, options, n=1, cutoff=0.6)
        said = f"{wrong} is not an option of {args.command}." + (f" Did you mean {close[0]}?" if close else "")
    else:
        said = f"{args.command} does not take {quoted(extras[0])}."
    command.error(f"{said} `python -m delivery {args.command} --help` lists what it takes.")
