"""Issue 9 items 10 and 13: numbers that are not finite, and invisible characters in ids and names."""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile

import pytest

from delivery.returns import normalise
from delivery.returns.contract import named
from delivery.returns.validate import check_return
from tests.test_cli import run_process
from tests.test_reader import TABLES, valid_return

DEPARTMENTS = ["DfE", "HO"]
TODAY = dt.date(2026, 5, 1)


def problems_of(source):
    _, problems = check_return(source, DEPARTMENTS, TODAY)
    return [(p.sheet, p.cell, p.value, p.message, p.severity) for p in problems]


def changed(tmp_path, table, index, **values):
    tables = copy.deepcopy(TABLES)
    tables[table][index].update(values)
    return valid_return(tmp_path / "r.xlsx", None, tables)


@pytest.mark.parametrize("text", ["1e999", "-1e999", "1e308bn", "9" * 400])
def test_text_that_reads_as_infinity_is_refused(tmp_path, text):
    assert problems_of(changed(tmp_path, "actuals", 0, actual_value=text)) == [
        (
            "Actuals",
            "D2",
            text,
            "actual value ('actual_value') is not a finite number (too large to be a real figure); type the "
            "value itself.",
            "error",
        )
    ]


@pytest.mark.parametrize("text", ["inf", "Infinity", "nan", "NaN", "-inf"])
def test_words_for_infinity_or_not_a_number_are_not_numbers(tmp_path, text):
    assert problems_of(changed(tmp_path, "actuals", 0, actual_value=text)) == [
        ("Actuals", "D2", text, "actual value ('actual_value') must be a number, like 1234 or 1,234.5.", "error")
    ]


def test_money_1e999_is_refused(tmp_path):
    assert problems_of(changed(tmp_path, "budget", 0, allocated="£1e999")) == [
        (
            "Budget",
            "C2",
            "£1e999",
            "allocated is not a finite number (too large to be a real figure); type the value itself.",
            "error",
        )
    ]


def test_a_number_cell_holding_1e999_is_refused(tmp_path):
    """A numeric cell (<v>1e999</v>, as a hand-made file can hold) reads as infinity: refused at its cell."""
    data = changed(tmp_path, "actuals", 0, actual_value=987654321).read_bytes()
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename).replace(b"<v>987654321</v>", b"<v>1e999</v>"))
    assert problems_of(out.getvalue()) == [
        (
            "Actuals",
            "D2",
            "inf",
            "actual value ('actual_value') is not a finite number (too large to be a real figure); type the "
            "value itself.",
            "error",
        )
    ]


def test_the_cli_refuses_1e999(tmp_path, no_store):
    done = run_process("validate", changed(tmp_path, "budget", 0, spent="1e999"))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        no_store,
        "r.xlsx: Budget!E2: spent is not a finite number (too large to be a real figure); type the value itself. "
        "(found '1e999')",
        "1 problem to fix in r.xlsx.",
    ]


@pytest.mark.parametrize(
    "table, index, column, cell, text, names",
    [
        ("risks", 0, "risk_id", "B2", "R\u202e1", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("milestones", 1, "milestone_id", "B3", "\ufeffM2", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        (
            "actuals",
            1,
            "area_code",
            "C3",
            "E06\u2066000001\u2069",
            "U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE",
        ),
        ("chain_nodes", 2, "node_id", "B4", "N\u200b3", "U+200B ZERO WIDTH SPACE"),
    ],
)
def test_invisible_characters_in_ids_are_refused_naming_them(tmp_path, table, index, column, cell, text, names):
    sheet = {"risks": "Risks", "milestones": "Milestones", "actuals": "Actuals", "chain_nodes": "Delivery chain"}[table]
    assert problems_of(changed(tmp_path, table, index, **{column: text})) == [
        (
            sheet,
            cell,
            text,
            f"{named(column)} contains invisible characters ({names}): type the id again without them.",
            "error",
        )
    ]


def test_a_look_alike_priority_id_is_refused_where_it_is_typed(tmp_path):
    tables = copy.deepcopy(TABLES)
    tables["priorities"].append(dict(tables["priorities"][0], priority_id="EDU\u200f-01"))
    found = problems_of(valid_return(tmp_path / "r.xlsx", None, tables))
    assert found == [
        (
            "Priorities",
            "A3",
            "EDU\u200f-01",
            "priority ID ('priority_id') contains invisible characters (U+200F "
            "RIGHT-TO-LEFT MARK): type the id again without them.",
            "error",
        )
    ]


def test_invisible_characters_are_removed_from_names_and_titles(tmp_path):
    tables = copy.deepcopy(TABLES)
    tables["priorities"][0]["title"] = "Tutoring\u200b for all\u202e"
    tables["chain_nodes"][0]["name"] = "\u2067Secretary of State"
    tables["risks"][0]["description"] = "\u200d"  # nothing but an invisible character: blank, so required
    parsed, problems = check_return(valid_return(tmp_path / "r.xlsx", None, tables), DEPARTMENTS, TODAY)
    assert parsed.tables["priorities"]["title"].tolist() == ["Tutoring for all"]
    assert parsed.tables["chain_nodes"]["name"].tolist()[0] == "Secretary of State"
    assert [(p.where, p.message) for p in problems] == [
        ("Risks!D2", "description is required: What it is, in a sentence.")
    ]


def test_names_through_the_slow_path_are_stripped_too():
    assert normalise.parse_text("\u200bTutoring") == "Tutoring"
    assert normalise.invisible_characters("plain") == []


# --- Issue 18: control characters (an _x0007_ in the file, an ESC sequence) ------------------


@pytest.mark.parametrize(
    "table, index, column, cell, text, message",
    [
        (
            "priorities",
            1,
            "priority_id",
            "A3",
            "EDU-02\x07",
            "priority ID ('priority_id') contains a control character (U+0007); remove it.",
        ),
        ("risks", 0, "risk_id", "B2", "R\t1", "risk ID ('risk_id') contains a control character (U+0009); remove it."),
        (
            "milestones",
            1,
            "milestone_id",
            "B3",
            "\x1b[31mM2\x00",
            "milestone ID ('milestone_id') contains control characters (U+001B, U+0000); remove them.",
        ),
    ],
)
def test_control_characters_in_ids_are_refused_naming_the_cell(tmp_path, table, index, column, cell, text, message):
    tables = copy.deepcopy(TABLES)
    if table == "priorities":
        tables["priorities"].append(dict(tables["priorities"][0], priority_id=text))
    else:
        tables[table][index][column] = text
    found = [
        p
        for p in check_return(valid_return(tmp_path / "r.xlsx", None, tables), DEPARTMENTS, TODAY)[1]
        if "control character" in p.message
    ]
    sheet = {"priorities": "Priorities", "risks": "Risks", "milestones": "Milestones"}[table]
    assert [(p.where, p.value, p.message, p.severity) for p in found] == [(f"{sheet}!{cell}", text, message, "error")]


def test_control_characters_are_removed_from_text_with_one_warning_per_cell(tmp_path):
    tables = copy.deepcopy(TABLES)
    tables["priorities"][0]["title"] = "Tutoring\x07 for all"
    tables["risks"][0]["owner"] = "\x1b[31mDirector\x1b[0m\tof\nSchools"
    tables["risks"][0]["description"] = "\x00\x07"  # nothing but control characters: blank, so required
    parsed, problems = check_return(valid_return(tmp_path / "r.xlsx", None, tables), DEPARTMENTS, TODAY)
    assert parsed.tables["priorities"]["title"].tolist() == ["Tutoring for all"]
    assert parsed.tables["risks"]["owner"].tolist()[0] == "[31mDirector[0m\tof\nSchools"
    assert [str(p) for p in problems] == [
        "Warning: Priorities!B2: title had a control character (U+0007) removed; check the text reads as meant. "
        "(found 'Tutoring\ufffd for all')",
        "Warning: Risks!D2: description had control characters (U+0000, U+0007) removed; check the text reads as "
        "meant. (found '\ufffd\ufffd')",
        "Risks!D2: description is required: What it is, in a sentence.",
        "Warning: Risks!E2: owner had a control character (U+001B) removed; check the text reads as meant. "
        "(found '\ufffd[31mDirector\ufffd[0m of Schools')",
    ]


def test_control_characters_on_the_about_sheet(tmp_path):
    path = valid_return(tmp_path / "r.xlsx", {"prepared_by": "Ana\x1b[2J Analyst"})
    parsed, problems = check_return(path, DEPARTMENTS, TODAY)
    assert parsed.about["prepared_by"] == "Ana[2J Analyst"
    assert [(p.where, p.message, p.severity) for p in problems] == [
        (
            "About!B4",
            "prepared by ('prepared_by') had a control character (U+001B) removed; check the text reads as meant.",
            "warning",
        )
    ]
