"""The tests that read the shared real-world workbooks say in pytest's output how many they read,
or where they looked when the folder is absent (tests/real_workbooks.py, tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import real_workbooks

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "tests/test_hostile_files.py::test_real_world_workbooks_are_refused_or_read_never_crash"


def summary_lines(folder: Path) -> list[str]:
    """The real-workbook lines of a pytest run of the hostile-files sweep over ``folder``."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", HOSTILE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=os.environ | {"REAL_WORKBOOKS": str(folder)},
    )
    return [line for line in done.stdout.splitlines() if line.startswith("real workbooks:")]


def test_by_default_the_workbooks_are_in_the_shared_folder_beside_the_project():
    assert real_workbooks.ROOT == ROOT
    code = "from tests import real_workbooks; print(real_workbooks.FOLDER)"
    env = {k: v for k, v in os.environ.items() if k != "REAL_WORKBOOKS"}
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    assert shown.stdout.strip() == str(ROOT.parent / "shared" / "real-workbooks")


def test_the_run_says_how_many_files_were_read(tmp_path):
    (tmp_path / "notes.txt").write_text("not a workbook")
    (tmp_path / "table.csv").write_text("a,b\n1,2\n")
    assert summary_lines(tmp_path) == [f"real workbooks: 2 files given to the reader: 0 read, 2 refused ({HOSTILE})"]


def test_without_the_folder_the_run_says_where_it_looked(tmp_path):
    assert summary_lines(tmp_path / "absent") == [
        f"real workbooks: none read by {HOSTILE}: there is no folder {tmp_path / 'absent'} (REAL_WORKBOOKS names another)"
    ]
