"""Which tests are slow: the rule `bash scripts/test.sh --fast` leaves out by (`-m "not slow"`).

A test is slow when it starts a process, runs the app in AppTest or builds the demo
government: when its own code, a fixture it uses, or a helper in tests/ that either of them
calls names one of SLOW_NAMES. The walk follows names through the test modules' globals
(a helper calling a helper is seen); it does not look inside delivery/ or ui/. A test that is
slow for a reason this cannot see (a bench run through the app's own code, a large store built
in memory) says so itself with ``pytestmark = pytest.mark.slow`` or ``@pytest.mark.slow``.
"""
from __future__ import annotations

import types

import pytest

# What makes a test slow, by the name its code uses for it.
SLOW_NAMES = {
    "subprocess": "starts a process",
    "AppTest": "runs the app in Streamlit's AppTest",
    "ensure_demo_store": "builds and loads the demo government",
    "generate": "writes the demo government's returns",
}


def _code_names(code: types.CodeType) -> set[str]:
    """Every global or attribute name a function's code uses, nested functions and lambdas included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
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
    """The functions defined in tests/ that ``function`` names, directly or as ``module.helper``."""
    found = []
    for name in sorted(names):
        value = function.__globals__.get(name)
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
