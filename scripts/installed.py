"""Exit 0 when every package a lock file pins is installed at its pinned version, else 1 naming the first missing.

scripts/test.sh asks this before pip: pip takes seconds even when there is nothing to do.
Usage: python scripts/installed.py requirements-dev.lock
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    from packaging.markers import Marker
except ImportError:  # a fresh machine: packaging comes with the lock (streamlit needs it), pip has its own
    from pip._vendor.packaging.markers import Marker

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def missing(lock_text: str) -> str | None:
    """The first ``name==version`` this machine lacks (markers for other platforms skipped); None if none."""
    for line in lock_text.splitlines():
        pin = PIN.match(line)
        if not pin:
            continue
        name, wanted, marker = pin.groups()
        if marker and not Marker(marker).evaluate():
            continue
        try:
            found = version(name)
        except PackageNotFoundError:
            return f"{name}=={wanted} (not installed)"
        if found != wanted:
            return f"{name}=={wanted} (found {found})"
    return None


if __name__ == "__main__":
    lacking = missing(Path(sys.argv[1]).read_text(encoding="utf-8"))
    if lacking:
        print(f"To install: {lacking} and perhaps more.")
    sys.exit(1 if lacking else 0)
