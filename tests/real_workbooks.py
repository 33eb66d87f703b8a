"""The shared real-world workbooks some tests read: where they are, and saying how many were read.

The shared folder sits beside the project (``<project>/../shared``, as in CI), so the workbooks
are in ``<project>/../shared/real-workbooks``; the REAL_WORKBOOKS environment variable points
the tests elsewhere. A test reading them records what it read (``record``), and conftest's
terminal summary prints it, so a CI log says how many were read; when the folder is absent the
tests skip, saying where they looked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(os.environ.get("REAL_WORKBOOKS") or ROOT.parent / "shared" / "real-workbooks")
ABSENT = f"there is no folder {FOLDER} (REAL_WORKBOOKS names another)"
PROPERTY = "real workbooks"

needed = pytest.mark.skipif(not FOLDER.is_dir(), reason=f"no real-world workbooks: {ABSENT}")


def files() -> list[Path]:
    """Every file under the folder, in order."""
    return sorted(p for p in FOLDER.rglob("*") if p.is_file())


def record(record_property, what: str) -> None:
    """Note what a test read (pytest's ``record_property`` fixture), for the terminal summary."""
    record_property(PROPERTY, what)


def summary(stats: dict) -> list[str]:
    """The summary's lines: what each test that ran read, or why none was read."""
    reports = [r for group in stats.values() for r in group if isinstance(r, pytest.TestReport)]
    lines = [
        f"real workbooks: {value} ({r.nodeid})"
        for r in reports
        if r.when == "call"
        for name, value in r.user_properties
        if name == PROPERTY
    ]
    skipped = {r.nodeid for r in reports if r.skipped and ABSENT in str(r.longrepr)}
    return lines + [f"real workbooks: none read by {n}: {ABSENT}" for n in sorted(skipped)]
