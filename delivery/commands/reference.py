"""The command about the reference folder: check-reference (every problem of a government profile)."""

from __future__ import annotations

import argparse
from pathlib import Path

from delivery.commands.common import OK, PROBLEMS


def add_commands(sub) -> None:
    """check-reference, registered on the parser's subcommands (its own block, so it merges alone)."""
    c = sub.add_parser(
        "check-reference",
        help="check a reference folder (profile, departments, calendar, rating words, areas); writes nothing",
    )
    c.add_argument(
        "--reference",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder to check (default: the DELIVERY_REFERENCE setting, data)",
    )
    c.set_defaults(run=cmd_check_reference)


def cmd_check_reference(args: argparse.Namespace) -> int:
    """Print every problem and warning of the folder, each with its file and line; exit 1 if any problem."""
    from delivery.reference.check import check_reference

    checked = check_reference(args.reference)
    for problem in checked.problems:
        print(f"Problem: {problem}")
    for warning in checked.warnings:
        print(f"Warning: {warning}")
    counts = f"{len(checked.problems)} problem{'s' if len(checked.problems) != 1 else ''}, " + (
        f"{len(checked.warnings)} warning{'s' if len(checked.warnings) != 1 else ''}"
    )
    if checked.ok:
        print(f"The reference folder {checked.folder} can be used ({counts}).")
        return OK
    print(f"The reference folder {checked.folder} cannot be used until the problems are fixed ({counts}).")
    return PROBLEMS
