"""The command line: ``python -m delivery <command>``. Exit 0 success, 1 problems found, 2 usage
(with the command's own usage line), 141 with no message when the reader of its output stopped
reading (piped into ``head``), as other Unix tools do.

``validate`` and ``load`` list errors (which block) and warnings (which do not, unless
``--strict``); a run with warnings only exits 0. ``validate`` also checks who may report on
each priority against the store (``--db``, else the default store if it has been written), the
same check ``load`` makes, and says which store it checked, or that there was none.

Every expected failure (a bad file, a busy, missing or damaged store) is a DeliveryError, an
OSError or a DuckDB error about a damaged file, caught in ``main`` and printed as one plain
sentence with the way out: never a traceback (not even for a bug).
"""

from __future__ import annotations

import os
import sys

import duckdb

from delivery import settings
from delivery.commands.common import PROBLEMS, USAGE, store_of
from delivery.commands.parser import MOVED, build_parser, refuse_extras
from delivery.errors import DeliveryError
from delivery.store import recovery

STOPPED_READING = 141  # what a Unix tool stopped by SIGPIPE exits with (`git log | head`): quietly


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
    args, extras = build_parser().parse_known_args(argv)
    if extras:
        refuse_extras(args, extras)
    if problem := settings.secrets_problem():  # its settings would be left out: the wrong store, say
        print(f"Error: {problem}", file=sys.stderr)
        return PROBLEMS
    try:
        code = args.run(args)
        sys.stdout.flush()  # inside the try: a reader that stopped reading is met here, not at exit
        return code
    except BrokenPipeError:  # the output was piped into `head`, which has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error as Python exits
        return STOPPED_READING
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
    store = store_of(args)
    name = store.version()
    return str(store.damaged(f"its published version {name} is damaged ({recovery.first_line(error)})", skip={name}))
