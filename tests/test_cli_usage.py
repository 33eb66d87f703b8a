"""The command line as a new user meets it: a missing folder, a mistyped flag, output piped into
``head``, a code typed in the wrong case. Exact output and exit codes, through real processes where
the process is the point."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.test_cli import ROOT, run, run_process
from tests.test_loader import TODAY, make_return


def test_template_into_a_folder_that_does_not_exist_is_refused_and_makes_no_folder(capsys, tmp_path):
    out = tmp_path / "nowhere" / "deeper" / "t.xlsx"
    assert run(capsys, "template", out) == (
        1,
        "",
        f"Error: The folder {out.parent} does not exist: create it first, or name a file in a folder that exists.\n",
    )
    assert not (tmp_path / "nowhere").exists()


def test_template_into_a_file_that_is_not_a_folder_is_refused(capsys, tmp_path):
    (tmp_path / "plain").write_text("x")
    assert run(capsys, "template", tmp_path / "plain" / "t.xlsx")[2] == (
        f"Error: The folder {tmp_path / 'plain'} is not a folder: create it first, or name a file in a folder "
        "that exists.\n"
    )


@pytest.mark.parametrize(
    "argv, usage, said",
    [
        (
            ["history", "--jsn"],
            "usage: python -m delivery history [-h] [--db DB] [--json]\n",
            "--jsn is not an option of history. Did you mean --json?",
        ),
        (
            ["history", "extra"],
            "usage: python -m delivery history [-h] [--db DB] [--json]\n",
            "history does not take 'extra'.",
        ),
        (
            ["export", "x.xlsx", "--department", "DfE", "--perod", "2026-03-31"],
            "usage: python -m delivery export [-h] [--db DB] --department DEPARTMENT\n",
            "--perod is not an option of export. Did you mean --period?",
        ),
    ],
)
def test_a_mistyped_flag_prints_the_commands_usage_and_a_plain_sentence(argv, usage, said):
    done = run_process(*argv)
    command = argv[0]
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(usage)
    assert done.stderr.endswith(
        f"python -m delivery {command}: error: {said} `python -m delivery {command} --help` lists what it takes.\n"
    )


def test_output_piped_into_a_reader_that_stopped_exits_quietly(tmp_path):
    """As `python -m delivery history | head` when head has all it wants: the pipe's reading end is closed
    before the command writes, so every write meets a broken pipe."""
    store = Store(tmp_path / "store")
    assert load_returns(store, [make_return(tmp_path / "r.xlsx")], "ana", today=TODAY).ok
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "delivery", "history", "--db", str(store.root)],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")


@pytest.fixture
def store(tmp_path) -> Store:
    """DfE's March return (priorities DfE-01 and DfE-02)."""
    store = Store(tmp_path / "store")
    assert load_returns(store, [make_return(tmp_path / "r.xlsx")], "ana", today=TODAY).ok
    return store


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["export", "{tmp}/x.xlsx", "--department", "DFE"],
            "There is no return for DFE in the store. Did you mean DfE?",
        ),
        (
            ["picture", "--period", "2026-03-31", "--department", "DFE"],
            "There is no department 'DFE'; the codes are in data/departments.csv (for example {five}). "
            "Did you mean DfE?",
        ),
        (
            ["picture", "--period", "2026-03-31", "--priority", "dfe-01"],
            "There is no priority 'dfe-01' in the store as at 31 Mar 2026. Did you mean DfE-01?",
        ),
        (
            ["transfer", "dfe-01", "--to", "HO", "--reason", "moved"],
            "No return has reported a priority dfe-01; check the ID (as on the Priorities sheet). Did you mean DfE-01?",
        ),
        (
            ["alias", "dfe-02", "DfE-09", "--reason", "renamed"],
            "No return has reported a priority dfe-02, so there is no history to join up. Did you mean DfE-02?",
        ),
        (
            ["note", "hello", "--department", "DFE", "--period", "2026-03-31"],
            "There is no department 'DFE'. Did you mean DfE?",
        ),
        # far off: no suggestion
        (
            ["picture", "--period", "2026-03-31", "--priority", "DfE-07"],
            "There is no priority 'DfE-07' in the store as at 31 Mar 2026.",
        ),
        (["export", "{tmp}/x.xlsx", "--department", "XYZ"], "There is no return for XYZ in the store."),
    ],
)
def test_a_code_in_the_wrong_case_is_suggested_and_a_far_off_one_is_not(capsys, tmp_path, store, argv, message):
    from delivery.reference.departments import department_lookup

    five = ", ".join(sorted(set(department_lookup().values()))[:5])
    code, out, err = run(capsys, *[a.format(tmp=tmp_path) for a in argv], "--db", store.root)
    assert (code, out, err) == (1, "", f"Error: {message.format(five=five)}\n")
