"""The fast tier: which tests are slow, and ``--fast``, which runs every test but those and the e2e ones.

A test is slow when it starts a process (or drives the workbook reader's child processes itself),
runs the app in AppTest, builds the demo government, loads returns into a store (each load writes
a new DuckDB version; such tests took 80% of the rest's time) or reads the real-world workbooks: when its own code, a fixture
it uses, or a helper in tests/ that they call names one of SLOW_NAMES. Names are followed through
the test modules' globals, helper to helper; not into delivery/ or ui/. A test slow for a reason
this cannot see (a load through the command line's main(), a 40 MB workbook) says so itself with
``@pytest.mark.slow`` (or ``pytestmark = pytest.mark.slow`` for a whole module).
"""

from __future__ import annotations

import sys
import types

import pytest

# What makes a test slow, by the name its code uses for it.
SLOW_NAMES = {
    "subprocess": "starts a process",
    "AppTest": "runs the app in Streamlit's AppTest",
    "ensure_demo_store": "builds and loads the demo government",
    "generate": "writes the demo government's returns",
    "load_returns": "loads returns into a store (tests/store_builder.py's stores too)",
    "isolated": "drives the workbook reader's child processes itself (a killed one takes 2 s to replace)",
    "real_workbooks": "reads every real-world workbook beside the project (tests/real_workbooks.py)",
}


def _code_names(code: types.CodeType) -> set[str]:
    """Every global or attribute name and every string a function's code uses, nested functions and lambdas too."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
        elif isinstance(const, str):
            names.add(const)
    return names


def _test_function(function):
    """The function a test runs (Hypothesis wraps its tests; the inner one holds the code)."""
    inner = getattr(getattr(function, "hypothesis", None), "inner_test", None)
    return inner or function


def slow_reason(function, seen: set | None = None) -> str | None:
    """Why ``function`` is slow (SLOW_NAMES' text), following helpers defined in tests/; None if it is not."""
    seen = set() if seen is None else seen
    if function in seen or not isinstance(function, types.FunctionType):
        return None
    seen.add(function)
    names = _code_names(function.__code__)
    for name in sorted(names & SLOW_NAMES.keys()):
        return SLOW_NAMES[name]
    for helper in _helpers(function, names):
        if reason := slow_reason(helper, seen):
            return reason
    return None


def _helpers(function, names: set[str]) -> list:
    """The functions defined in tests/ that ``function`` names: directly, as ``module.helper``, or imported
    inside it (``from tests.x import helper`` puts "tests.x" among its names)."""
    found = []
    for name in sorted(names):
        value = function.__globals__.get(name, sys.modules.get(name) if name.startswith("tests.") else None)
        if isinstance(value, types.ModuleType) and value.__name__.startswith("tests."):
            found += [getattr(value, attr) for attr in sorted(names) if hasattr(value, attr)]
        elif getattr(value, "__module__", "").startswith("tests"):
            found.append(value)
    return found


def item_slow_reason(item: pytest.Item) -> str | None:
    """Why a collected test is slow: its own code first, then each fixture it uses (fixtures' fixtures too)."""
    seen: set = set()
    if reason := slow_reason(_test_function(getattr(item, "function", None)), seen):
        return reason
    defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for name in item.fixturenames:
        for fixturedef in defs.get(name, ()):
            if reason := slow_reason(fixturedef.func, seen):
                return reason
    return None


def mark_slow_tests(items: list[pytest.Item]) -> None:
    """Add the ``slow`` marker to every test the rule above finds slow."""
    for item in items:
        if item.get_closest_marker("slow") is None and item_slow_reason(item):
            item.add_marker(pytest.mark.slow)


def add_fast_option(parser: pytest.Parser) -> None:
    """``--fast``: the fast tier, every test but the slow and the end-to-end ones."""
    parser.addoption(
        "--fast",
        action="store_true",
        help="run the fast tier: leave out the slow tests (tests/tiers.py) and the e2e ones",
    )


def select_tier(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow tests; with ``--fast``, deselect them and the end-to-end tests."""
    mark_slow_tests(items)
    if not config.getoption("fast"):
        return
    left_out = [item for item in items if item.get_closest_marker("slow") or item.get_closest_marker("e2e")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


def report_tier(terminalreporter, config: pytest.Config) -> None:
    """With ``--fast``, one line saying how many tests ran and how many were left for the full run."""
    if not config.getoption("fast") or config.getoption("collectonly"):
        return
    stats = terminalreporter.stats
    ran = sum(len(stats.get(outcome, [])) for outcome in ("passed", "failed", "skipped", "xfailed", "xpassed"))
    left = len(stats.get("deselected", []))
    terminalreporter.write_line(
        f"Fast tier: {ran} tests ran; {left} slow or end-to-end tests left out (bash scripts/test.sh runs every test)."
    )
