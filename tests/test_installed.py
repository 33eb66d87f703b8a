"""scripts/installed.py: whether every pin of a lock file is installed, so scripts/test.sh can skip pip."""

from __future__ import annotations

import importlib.util
import re
from importlib.metadata import version

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("installed", ROOT / "scripts" / "installed.py")
installed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(installed)
PYTEST = version("pytest")


@pytest.mark.parametrize(
    ("lock", "lacking"),
    [
        (f"pytest=={PYTEST} \\\n    --hash=sha256:00\n", None),
        ("pytest==0.0.1 \\\n    --hash=sha256:00\n", f"pytest==0.0.1 (found {PYTEST})"),
        ("no-such-package-here==1.0\n", "no-such-package-here==1.0 (not installed)"),
        ("no-such-package-here==1.0 ; sys_platform == 'win32' \\\n", None),
        ("# via\n    #   pytest==0.0.1\n", None),
    ],
)
def test_the_first_pin_not_installed_is_named(lock, lacking):
    assert installed.missing(lock) == lacking


def test_every_pin_of_the_dev_lock_is_installed_where_the_tests_run():
    assert installed.missing((ROOT / "requirements-dev.lock").read_text(encoding="utf-8")) is None


def _pins(path) -> dict[str, str]:
    """name -> version of every ``name==version`` line of a requirements or lock file (names as PyPI compares them)."""
    pins = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        if pin := installed.PIN.match(line):
            pins[re.sub(r"[-_.]+", "-", pin.group(1)).lower()] = pin.group(2)
    return pins


@pytest.mark.parametrize(
    ("wanted", "lock"), [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_the_locks_hold_every_pin_of_the_requirements_at_its_version(wanted, lock):
    """A requirement changed without `bash scripts/lock.sh` fails here, naming it."""
    pins, locked = _pins(wanted), _pins(lock)
    assert {name: (version, locked.get(name)) for name, version in pins.items() if locked.get(name) != version} == {}
    assert pins.items() <= _pins("requirements-dev.lock").items()
