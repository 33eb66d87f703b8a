"""Stop or break the app's own code at a known point, from the test side.

Production code has no test hooks. A test patches one function here in its own process
(``pause_loads(folder, monkeypatch.setattr)``), or runs the command line through
tests/with_pause.py or tests/with_reader_fault.py, which patch it and then run the CLI's
``main`` in the same process.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from delivery.returns import isolated
from delivery.store import history

GIVE_UP_SECONDS = 300  # a test that died never says "go": the paused writer gives up rather than hang


def wait_for_go(folder: Path) -> None:
    """Say "paused" in ``folder``, then wait for the test to create "go" there."""
    (folder / "paused").touch()
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not (folder / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


class _PausedPublish:
    """The store's write context, waiting for "go" after its block and before it publishes."""

    def __init__(self, publish, folder: Path):
        self.publish, self.folder = publish, folder

    def __enter__(self):
        return self.publish.__enter__()

    def __exit__(self, *exc):
        if exc[0] is None:
            wait_for_go(self.folder)
        return self.publish.__exit__(*exc)


def pause_loads(folder: Path, patch=setattr) -> None:
    """Every write through ``history.logged_write`` (a load, rollback or replay; a transfer, alias,
    rating or action) stops once its log lines are appended, holding the write lock, and publishes
    only when ``folder/go`` exists."""
    enter = history.logged_write.__enter__

    def paused_enter(self):
        opened = enter(self)
        self.ctx = _PausedPublish(self.ctx, folder)  # logged_write publishes through self.ctx
        return opened

    patch(history.logged_write, "__enter__", paused_enter)


def abort(*_args) -> None:
    """In the reader's child: die as calamine does on a file it cannot handle (signal 6)."""
    os.abort()


def exhaust_memory(*_args) -> None:
    """In the reader's child: ask for a terabyte, past any memory limit."""
    bytearray(2**40)


FAULTS = {"abort": abort, "memory": exhaust_memory}


def break_reader(fault: str, patch=setattr) -> None:
    """Every workbook read in the reader's child process (``isolated.run``) fails the way ``fault`` says."""
    run = isolated.run

    def run_fault(_function, *args):
        return run(FAULTS[fault], *args)

    patch(isolated, "run", run_fault)
