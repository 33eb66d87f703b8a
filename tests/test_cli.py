"""The command line: exact output, exit codes (0 ok, 1 problems, 2 usage), JSON shape, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from delivery.cli import main
from delivery.reference.calendar import date_text
from delivery.store.versions import Store
from tests.test_loader import DEC, make_return, snapshot

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv) -> tuple[int, str, str]:
    """Run the CLI in this process: (exit code, stdout, stderr)."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as e:  # argparse's usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m delivery`` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "delivery", *map(str, argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ | (env or {}),
        timeout=120,
    )


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    return {
        "good": make_return(tmp_path / "good.xlsx"),
        "dec": make_return(tmp_path / "dec.xlsx", period=DEC),
        "bad": make_return(tmp_path / "bad.xlsx", "HO", rag="Purple"),
    }


def test_validate_lists_every_problem_with_file_and_cell(capsys, tmp_path, files, no_store):
    code, out, err = run(capsys, "validate", files["good"], files["bad"], tmp_path / "nope.xlsx", tmp_path)
    assert code == 1 and err == ""
    assert out.splitlines() == [
        no_store,
        "good.xlsx: no problems.",
        "bad.xlsx: Priorities!K2: rating ('rag') must be one of the ratings: Red, Amber/Red, Amber, Amber/Green, "
        "Green, Complete or Not assessed (or a red, amber or green fill), or a word listed in "
        "data/rating_vocabulary.csv (No DCA, Reset, Exempt, N/A, Not rated, On track, Ahead, Delayed, "
        "Blocked, Unavailable); to use another word, add it to that file with the rating it means. (found 'Purple')",
        "bad.xlsx: Priorities!K3: rating ('rag') must be one of the ratings: Red, Amber/Red, Amber, Amber/Green, "
        "Green, Complete or Not assessed (or a red, amber or green fill), or a word listed in "
        "data/rating_vocabulary.csv (No DCA, Reset, Exempt, N/A, Not rated, On track, Ahead, Delayed, "
        "Blocked, Unavailable); to use another word, add it to that file with the rating it means. (found 'Purple')",
        "2 problems to fix in bad.xlsx.",
        f"nope.xlsx: There is no file called {tmp_path / 'nope.xlsx'}.",
        "1 problem to fix in nope.xlsx.",
        f"{tmp_path.name}: {tmp_path} is a folder, not a workbook.",
        f"1 problem to fix in {tmp_path.name}.",
    ]
    assert run(capsys, "validate", files["good"])[:2] == (0, f"{no_store}\ngood.xlsx: no problems.\n")


def test_validate_json_shape(capsys, files):
    code, out, _ = run(capsys, "validate", files["bad"], "--json")
    result = json.loads(out)
    assert code == 1 and (result["ok"], result["outcome"]) == (False, "rejected")
    [f] = result["files"]
    assert (f["file"], f["department"], f["period_end"], f["outcome"]) == ("bad.xlsx", "HO", "2026-03-31", "rejected")
    assert f["problems"][0] | {"message": ""} == {
        "sheet": "Priorities",
        "cell": "K2",
        "where": "Priorities!K2",
        "value": "Purple",
        "message": "",
        "file": "bad.xlsx",
        "severity": "error",
    }


@pytest.mark.slow  # loads returns through the command line's main()
def test_load_then_same_file_again_then_rejected(capsys, tmp_path, files):
    db = tmp_path / "store"
    code, out, err = run(capsys, "load", files["good"], "--db", db, "--by", "ana")
    assert (code, err) == (0, "")
    assert out == (
        "Loaded DfE's return for 31 Mar 2026 (load 1): Priorities 2, Delivery chain 2, Milestones 1, "
        "Indicators 1, Trajectory 1, Actuals 2, Risks 1, Budget 1.\n"
    )
    code, out, _ = run(capsys, "load", files["good"], "--db", db)
    assert (code, out) == (0, "good.xlsx was already loaded for DfE 31 Mar 2026 (load 1); nothing changed.\n")
    before = snapshot(Store(db))
    code, out, _ = run(capsys, "load", files["dec"], files["bad"], "--db", db)
    assert code == 1
    assert out.splitlines()[0] == (
        "Not loaded: dec.xlsx has no problems, but nothing was written because other files in this batch have problems."
    )
    assert out.splitlines()[-1] == "Not loaded: 2 problems to fix in bad.xlsx."
    assert snapshot(Store(db)) == before


@pytest.mark.slow  # loads returns through the command line's main()
def test_load_json_shape(capsys, tmp_path, files):
    code, out, _ = run(capsys, "load", files["good"], files["dec"], "--db", tmp_path / "s", "--json", "--reason", "r")
    result = json.loads(out)
    assert code == 0
    assert {k: result[k] for k in ("outcome", "ok", "version")} == {
        "outcome": "loaded",
        "ok": True,
        "version": "store-000001.duckdb",
    }
    assert [
        (f["file"], f["outcome"], f["load_id"], f["row_counts"]["Actuals"], f["problems"]) for f in result["files"]
    ] == [("good.xlsx", "loaded", 1, 2, []), ("dec.xlsx", "loaded", 2, 2, [])]
    assert set(result["files"][0]) == {
        "file",
        "department",
        "period_end",
        "outcome",
        "load_id",
        "sha256",
        "row_counts",
        "message",
        "problems",
    }


@pytest.mark.slow  # loads returns through the command line's main()
def test_history_rollback_export_rebuild(capsys, tmp_path, files):
    db = tmp_path / "store"
    run(capsys, "load", files["good"], "--db", db, "--by", "ana")
    run(capsys, "load", make_return(tmp_path / "v2.xlsx", actual=70.0), "--db", db, "--by", "bo", "--reason", "ONS")
    code, out, _ = run(capsys, "rollback", "2", "--db", db, "--by", "centre", "--reason", "wrong file")
    assert (code, out) == (0, "Rolled back load 2 for DfE 31 Mar 2026: restored load 1 (good.xlsx).\n")
    code, out, _ = run(capsys, "history", "--db", db, "--json")
    loads = json.loads(out)["loads"]
    assert [(r["load_id"], r["outcome"], r["loaded_by"], r["reason"], r["active"]) for r in loads] == [
        (3, "rolled back", "centre", "wrong file", False),
        (2, "loaded", "bo", "ONS", False),
        (1, "loaded", "ana", None, True),
    ]
    assert loads[2]["row_counts"]["Priorities"] == 2 and loads[2]["return_period"] == "2026-03-31"
    code, out, _ = run(capsys, "history", "--db", db)
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == (
        ["load", "loaded at (UTC)", "by", "department", "period", "outcome", "in force", "warnings", "rows", "file"]
        + ["reason"]
    )
    at = lines[1].split()[1:3]  # when load 3, the rollback, was made
    assert [line.split()[:1] + line.split()[4:] for line in lines[1:]] == [
        ["3", "DfE", "2026-03-31", "rollback", "of", "load", "2,", "which", "put", "back", "load", "1", "no", "0", "11"]
        + ["v2.xlsx", "wrong", "file"],  # a rollback row names the file of the load it undid
        ["2", "DfE", "2026-03-31", "rolled", "back", "on", *_day(at), "by", "centre", "(load", "3)", "no", "0", "11"]
        + ["v2.xlsx", "ONS"],
        ["1", "DfE", "2026-03-31", "loaded", "yes", "0", "11", "good.xlsx"],
    ]
    code, out, _ = run(capsys, "export", tmp_path / "out.xlsx", "--db", db, "--department", "DfE")
    assert (code, out) == (0, f"Wrote DfE's return to {tmp_path / 'out.xlsx'}.\n")
    code, out, _ = run(capsys, "rebuild", "--db", tmp_path / "copy", "--from", db)
    assert (code, out) == (0, f"Rebuilt the store at {tmp_path / 'copy'} from 3 archived loads.\n")
    assert {k: v for k, v in snapshot(Store(tmp_path / "copy")).items() if k != "version"} == {
        k: v for k, v in snapshot(Store(db)).items() if k != "version"
    }


def _day(at: list[str]) -> list[str]:
    """'2026-12-06', '18:06:47' as the history writes its date: '6', 'Dec', '2026'."""
    return date_text(at[0]).split()


def test_history_of_an_empty_store(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    assert run(capsys, "history", "--db", tmp_path / "empty") == (0, "No loads yet.\n", "")


def test_history_of_a_store_that_does_not_exist_says_so_with_its_path(capsys, tmp_path):
    assert run(capsys, "history", "--db", tmp_path / "none") == (
        1,
        "",
        f"Error: There is no store at {tmp_path / 'none'}: that folder does not exist. "
        "Check --db (or the DELIVERY_DB setting).\n",
    )


@pytest.mark.parametrize(
    "argv, message",
    [
        (["rollback", "9", "--reason", "x"], "Error: There is no load 9 in the loads log.\n"),
        (["rebuild"], "Error: There is nothing to rebuild from: {db}/archive/loads.jsonl has no loads.\n"),
        (
            ["export", "{tmp}/x.xlsx", "--department", "DfE"],
            "Error: There is no store at {db}: that folder does not exist. Check --db (or the DELIVERY_DB setting).\n",
        ),
    ],
)
def test_plain_errors_exit_1(capsys, tmp_path, argv, message):
    db = tmp_path / "store"
    code, out, err = run(capsys, *[a.format(tmp=tmp_path) for a in argv], "--db", db)
    assert (code, out, err) == (1, "", message.format(db=db))


@pytest.mark.parametrize(
    "argv, code, stderr_start",
    [
        (["load", "{tmp}/missing.xlsx"], 1, ""),
        (["load", "{tmp}"], 1, ""),
        (["load", "{tmp}/fake.xlsx"], 1, ""),
        (["export", "{tmp}/x.xlsx", "--department", "DfE", "--period", "31/03/2026"], 2, "usage:"),
        (["export", "{tmp}/x.xlsx"], 2, "usage:"),
        (["frobnicate"], 2, "usage:"),
        (["load", "{tmp}/fake.xlsx", "--db", "/etc/hostname"], 1, ""),
    ],
)
def test_bad_input_never_shows_a_traceback(tmp_path, argv, code, stderr_start):
    (tmp_path / "fake.xlsx").write_text("code,name\nDfE,Education\n")
    result = run_process(*[a.format(tmp=tmp_path) for a in argv], env={"DELIVERY_DB": str(tmp_path / "store")})
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == code
    assert result.stderr.startswith(stderr_start)


def test_a_date_that_is_not_one_is_named_in_plain_quotes(capsys, tmp_path):
    """Not Python's repr ("'31/03/2026\\n'" with its escapes): plain quotes, a line break shown as a space."""
    code, out, err = run(capsys, "export", tmp_path / "x.xlsx", "--department", "DfE", "--period", "31/03/2026\nrm")
    assert (code, out, err.splitlines()[-1]) == (
        2,
        "",
        "python -m delivery export: error: argument --period: '31/03/2026 rm' is not a date written like 2026-03-31",
    )


def test_load_uses_delivery_db_from_the_environment(tmp_path, files):
    result = run_process("load", files["good"], env={"DELIVERY_DB": str(tmp_path / "env-store")})
    assert result.returncode == 0, result.stderr
    assert Store(tmp_path / "env-store").version() == "store-000001.duckdb"


def test_template_writes_a_blank_return_that_validates_to_the_missing_about_fields(capsys, tmp_path):
    (tmp_path / "t").mkdir()
    code, out, _ = run(capsys, "template", tmp_path / "t" / "template.xlsx")
    assert (code, out) == (0, f"Wrote the blank template to {tmp_path / 't' / 'template.xlsx'}.\n")
    code, out, _ = run(capsys, "validate", tmp_path / "t" / "template.xlsx", "--json")
    [f] = json.loads(out)["files"]
    assert [p["where"] for p in f["problems"]] == ["About!B2", "About!B3", "About!B4"]
