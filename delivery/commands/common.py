"""What every command shares: exit codes, reading arguments, printing files' problems and outcomes."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json

from delivery.errors import DeliveryError, quoted
from delivery.store.versions import Store, default_store_path

OK, PROBLEMS, USAGE = 0, 1, 2


def iso_date(text: str) -> dt.date:
    """An argument written like 2026-03-31 (argparse's type)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a date written like 2026-03-31") from None


def store_of(args) -> Store:
    """The store a command works on: --db, else the DELIVERY_DB setting."""
    return Store(args.db or default_store_path())


def existing_store(args) -> Store:
    """``store_of``, for a command that only reads: a store folder that does not exist is refused by its path
    (a mistyped --db would otherwise read as a store with nothing in it)."""
    store = store_of(args)
    if not store.root.exists():
        raise DeliveryError(
            f"There is no store at {store.root}: that folder does not exist. Check --db (or the DELIVERY_DB setting)."
        )
    return store


def user_of(args) -> str:
    """Who is doing it: --by, else the operating-system user name."""
    try:
        return args.by or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def all_ok(results, strict: bool = False) -> bool:
    from delivery.returns.problems import blocking

    return all(not blocking(r.problems, strict) for r in results)


def print_results(results, as_json: bool, head: dict, strict: bool = False) -> None:
    """Each file's problems (warnings marked 'Warning:'), then its one-line outcome; or all as JSON."""
    if as_json:
        warned = sum(p.is_warning for r in results for p in r.problems)
        print(
            json.dumps(
                head | {"ok": all_ok(results, strict), "warnings": warned, "files": [r.to_dict() for r in results]},
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
