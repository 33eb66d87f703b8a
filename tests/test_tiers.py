"""The fast tier's rule (tests/tiers.py): what makes a test slow, seen through fixtures and helpers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import hooks
from tests.tiers import slow_reason


def _starts_a_process():
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def _calls_a_helper_that_starts_one():
    _starts_a_process()


def _kills_the_reader(monkeypatch):
    hooks.break_reader("abort", monkeypatch.setattr)


def _adds_up():
    return sum([1, 2])


def _builds_a_store(tmp_path):
    from tests.store_builder import sample_store

    return sample_store(tmp_path)


# Looked up by name in the tests, so that the tests themselves do not name the helpers (they would be slow).
EXAMPLES = {
    "process": _starts_a_process,
    "helper's helper": _calls_a_helper_that_starts_one,
    "reader fault": _kills_the_reader,
    "arithmetic": _adds_up,
    "store": _builds_a_store,
}


@pytest.mark.parametrize(
    ("example", "reason"),
    [
        ("process", "starts a process"),
        ("helper's helper", "starts a process"),
        ("reader fault", "drives the workbook reader's child processes itself (a killed one takes 2 s to replace)"),
        ("arithmetic", None),
        ("store", "loads returns into a store (tests/store_builder.py's stores too)"),
    ],
)
def test_a_function_is_slow_for_what_it_or_its_helpers_name(example, reason):
    assert slow_reason(EXAMPLES[example]) == reason
