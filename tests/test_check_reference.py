"""python -m delivery check-reference: every problem of a reference folder at once, by file and line, and
the calendar/department mismatches as warnings with the fix; both shipped profiles pass."""

from __future__ import annotations

import shutil

import pytest

from delivery import ROOT
from delivery.reference.check import check_reference
from tests.test_cli import run

US = ROOT / "data" / "profiles" / "us-federal"


@pytest.mark.parametrize("folder", [ROOT / "data", US], ids=["uk", "us-federal"])
def test_both_shipped_profiles_pass(capsys, folder):
    assert run(capsys, "check-reference", "--reference", folder) == (
        0,
        f"The reference folder {folder} can be used (0 problems, 0 warnings).\n",
        "",
    )


def test_every_problem_and_warning_at_once_by_file_and_line(capsys, tmp_path):
    for csv in US.glob("*.csv"):
        shutil.copy(csv, tmp_path / csv.name)
    (tmp_path / "profile.toml").write_text('date_order = "dmy"\ncurrency_symbol = "$"\n', encoding="utf-8")
    with open(tmp_path / "calendar.csv", "a", encoding="utf-8") as f:
        f.write("NHS,quarterly,30\nDOE,weekly,30\n")
    (tmp_path / "areas.csv").write_text("code,name\n06,California\n12,\n", encoding="utf-8")
    code, out, err = run(capsys, "check-reference", "--reference", tmp_path)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"Problem: {tmp_path}/profile.toml, line 1: date_order must be one of day-first, month-first or iso, not 'dmy'.",
        f"Problem: {tmp_path}/calendar.csv line 27: the cadence 'weekly' for DOE is not one of monthly, quarterly or "
        "annual.",
        "Problem: areas.csv line 3 needs both a code and a name.",
        f"Warning: {tmp_path}/calendar.csv line 26: 'NHS' is not a department in {tmp_path}/departments.csv, so the "
        f"line is not used; add NHS to {tmp_path}/departments.csv or remove the line.",
        f"The reference folder {tmp_path} cannot be used until the problems are fixed (3 problems, 1 warning).",
    ]


def test_a_department_with_no_calendar_line_is_a_warning_and_the_app_says_so_in_one_sentence(tmp_path):
    for csv in US.glob("*.csv"):
        shutil.copy(csv, tmp_path / csv.name)
    lines = (tmp_path / "calendar.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "calendar.csv").write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")  # no SBA, no SSA
    checked = check_reference(tmp_path)
    assert (checked.ok, checked.problems) == (True, [])
    assert checked.warnings == [
        f"2 departments have no line in {tmp_path}/calendar.csv, so they are taken to report quarterly, due 30 days "
        "after the quarter: SBA, SSA. Add a line for each, such as 'SBA,quarterly,30', to say so."
    ]
    assert checked.sentence() == (
        f"The reference folder {tmp_path} has 1 warning: python -m delivery check-reference --reference {tmp_path} "
        "lists each with its file, line and fix."
    )


def test_a_folder_that_is_not_there_is_one_problem(capsys, tmp_path):
    code, out, _ = run(capsys, "check-reference", "--reference", tmp_path / "nowhere")
    assert (code, out.splitlines()[0]) == (
        1,
        f"Problem: {tmp_path}/nowhere is not a folder: DELIVERY_REFERENCE (or --reference) must name one.",
    )


def test_a_broken_profile_is_one_sentence_on_start_and_no_return_is_read_by_the_wrong_rules(
    capsys, tmp_path, monkeypatch
):
    from tests.test_loader import make_return
    from tests.test_profile import use_reference

    folder = use_reference(tmp_path, monkeypatch, 'date_order = "dmy"\n')
    path = make_return(tmp_path / "dfe.xlsx", "DfE")
    code, out, _ = run(capsys, "validate", path)
    assert code == 1
    assert (
        f"dfe.xlsx: dfe.xlsx was not read. Returns cannot be read until the government profile is fixed: {folder}/profile.toml has problems to fix: {folder}/profile.toml, line 1: date_order must be one of day-first, month-first or iso, not 'dmy'."
        in out
    )
    assert check_reference(folder).sentence() == (
        f"The reference folder {folder} has 1 problem: python -m delivery check-reference --reference {folder} "
        "lists each with its file, line and fix."
    )


def test_the_app_says_so_in_one_sentence_on_start_and_its_pages_still_open(serve_sample, tmp_path, monkeypatch):
    from tests.conftest import run_app
    from tests.test_profile import use_reference
    from ui.frame.text import plain

    folder = use_reference(tmp_path, monkeypatch, 'date_order = "dmy"\n')
    at = run_app()
    assert not at.exception
    assert [e.value for e in at.sidebar.error] == [
        plain(
            f"The reference folder {folder} has 1 problem: python -m delivery check-reference --reference "
            f"{folder} lists each with its file, line and fix."
        )
    ]
    for page in ("overview", "priorities", "milestones"):  # shown with the UK's rules meanwhile
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page


def test_a_reference_folder_in_the_secrets_file_reaches_the_environment_the_domain_reads(monkeypatch):
    import os

    from delivery import settings

    monkeypatch.setenv("DELIVERY_REFERENCE", "")  # blank is unset; monkeypatch puts it back as it was
    settings.export_from_secrets("DELIVERY_REFERENCE", {"DELIVERY_REFERENCE": str(US)})
    assert os.environ["DELIVERY_REFERENCE"] == str(US)
    settings.export_from_secrets("DELIVERY_REFERENCE", {"DELIVERY_REFERENCE": "data"})  # the environment wins
    assert os.environ["DELIVERY_REFERENCE"] == str(US)
