"""The command line: ``python -m bench [--scale S] [--pages [--browser] [--sessions N ...]] [--memory] [--brief]``.

Without ``--pages``, ``--memory`` or ``--brief`` it times validated loading beside ``pandas.read_excel``
(bench/loads.py); ``--pages`` times every page (bench/pages.py) and, with ``--sessions N``,
N people at once while a return loads (bench/sessions.py, bench/crowd.py); ``--memory`` follows
the app server's memory through an upload and ten filter combinations (bench/memory.py); ``--brief``
times the whole-government brief in every format and says its length (bench/brief.py).
Pages, memory and the brief run on the demo store of ``--scale`` (built once under data/demo) unless
``--store`` (or ``--db``, as ``python -m delivery`` spells it) names another. Exit 0 when every page
drew, 1 when one failed, 2 for usage.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from bench import brief, loads, memory, pages, sessions
from bench.common import demo_store
from delivery.store.recovery import first_line

OK, FAILED, USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark the options ask for; returns the exit code."""
    args = parser().parse_args(argv)
    refusal = refused(args)
    if refusal:
        print(f"Error: {refusal}", file=sys.stderr)
        return USAGE
    try:
        return run(args)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as error:  # a benchmark that breaks says so in one line, never a traceback
        print(f"Error: the benchmark stopped ({type(error).__name__}: {first_line(error)}).", file=sys.stderr)
        return FAILED


def parser() -> argparse.ArgumentParser:
    """The options, as ``python -m delivery bench`` had them, and --memory."""
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument(
        "--scale",
        choices=("small", "national"),
        default="national",
        help="the demo to measure (default national; --memory defaults to its own worst case)",
    )
    p.add_argument(
        "--store",
        "--db",
        type=Path,
        default=None,
        help="with --pages, --memory or --brief: this store instead of a demo's",
    )
    p.add_argument("--pages", action="store_true", help="time each page's script (cold and warm) instead of loading")
    p.add_argument("--browser", action="store_true", help="with --pages: also fresh sessions in Chromium")
    p.add_argument("--samples", type=_count, default=3, help="with --browser: fresh sessions per page (default 3)")
    p.add_argument("--json", action="store_true", help="with --pages or --memory: print the figures as JSON")
    p.add_argument(
        "--sessions",
        type=_count,
        default=None,
        metavar="N",
        help="with --pages: also N fresh browser sessions at once, three pages each, while a return loads",
    )
    p.add_argument(
        "--processes",
        type=_count,
        default=1,
        metavar="K",
        help="with --sessions: K app processes, the sessions spread over them (default 1)",
    )
    p.add_argument(
        "--clients",
        choices=sessions.CLIENTS,
        default=None,
        help="with --sessions: every session a Chromium (browser, the default), or N-1 Python clients "
        "speaking Streamlit's protocol and one Chromium, as when each person has their own computer",
    )
    p.add_argument(
        "--proxy",
        action="store_true",
        help="with --browser: the app behind the README's nginx example (JavaScript served by nginx)",
    )
    p.add_argument(
        "--network",
        type=_count,
        default=None,
        metavar="MBIT",
        help="with --browser: every page on a network of MBIT megabits a second",
    )
    p.add_argument(
        "--memory",
        action="store_true",
        help="the app server's memory through an upload and ten filter combinations, in Chromium",
    )
    p.add_argument(
        "--brief",
        action="store_true",
        help="the whole-government brief in each format (pdf, docx, pptx, xlsx): time to make it, and its length",
    )
    return p


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def refused(args) -> str | None:
    """Why these options do not go together, or None."""
    if args.sessions and not args.pages:
        return "--sessions times pages, so it goes with --pages (and --browser, to compare with one session)."
    if args.clients and not args.sessions:
        return "--clients says who the --sessions are, so it goes with --pages --sessions N."
    if args.clients == "protocol" and args.sessions < 2:
        return "--clients protocol needs --sessions 2 or more: one Chromium and at least one protocol client."
    if (args.proxy or args.network) and not args.browser:
        return "--proxy and --network change how the browser reaches the app, so they go with --pages --browser."
    if sum((args.memory, args.pages, args.brief)) > 1:
        return "--pages, --memory and --brief are three benchmarks: run them one at a time."
    if args.store and not (args.pages or args.memory or args.brief):
        return "--store (or --db) names the store to measure, so it goes with --pages, --memory or --brief."
    if args.store and not args.store.is_dir():
        return f"there is no store folder at {args.store}."
    return None


def run(args) -> int:
    """The benchmark of ``args`` (already checked); its exit code."""
    say = _progress(args.json)
    if args.memory:
        store = args.store or memory.default_store(args.scale, say)
        figures = memory.memory_bench(store, say=say)
        print(json.dumps(figures, indent=2) if args.json else memory.format_memory(figures))
        return FAILED if figures["errors"] else OK
    if args.pages:
        return page_bench(args, args.store or demo_store(args.scale, say))
    if args.brief:
        brief.brief_bench(args.store or demo_store(args.scale, say), say)
        return OK
    loads.run(args.scale)
    return OK


def page_bench(args, store: Path) -> int:
    """Every page's script time, fresh sessions with --browser, and many sessions with --sessions."""
    script = pages.script_times(store)
    browser = pages.browser_times(store, args.samples, args.proxy, args.network) if args.browser else None
    many = (
        sessions.sessions_bench(store, args.sessions, args.processes, args.clients or "browser")
        if args.sessions
        else None
    )
    if args.json:
        print(json.dumps({"pages": script, "browser": browser, "sessions": many}, indent=2))
    else:
        print(pages.format_pages(script, browser))
        if many:
            single = statistics.median(r["fresh_s"] for r in browser["pages"]) if browser else None
            print(sessions.format_sessions(many, single))
    return FAILED if any(r["error"] for r in script) or (many and many["errors"]) else OK


def _progress(as_json: bool) -> Callable[[str], None]:
    """Where progress goes: stderr with --json, so that stdout is the JSON alone."""
    if as_json:
        return lambda text: print(text, file=sys.stderr, flush=True)
    return lambda text: print(text, flush=True)
