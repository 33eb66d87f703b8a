"""Issue 18 items 8 and 12: text too long for its cell or the return, and numbers too large to be real."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import io
import os
import zipfile

import pytest

from delivery import settings
from delivery.errors import NotAWorkbook
from delivery.returns.reader import read_return
from delivery.returns.validate import check_return
from tests.test_cli import run_process
from tests.test_reader import TABLES, valid_return

DEPARTMENTS = ["DfE", "HO"]
TODAY = dt.date(2026, 5, 1)
TOO_MUCH_TEXT = (
    "r.xlsx holds more than {mb} MB of text in its tables, over the limit for a return "
    "(DELIVERY_MAX_RETURN_TEXT_MB): shorten the longest commentary, save it and try again."
)


def problems_of(source):
    _, problems = check_return(source, DEPARTMENTS, TODAY)
    return [(p.sheet, p.cell, p.value, p.message, p.severity) for p in problems]


def changed(tmp_path, cells: dict, about: dict | None = None):
    """The small valid return with ``cells`` ({(table, row index, column): value}) changed."""
    tables = copy.deepcopy(TABLES)
    for (table, index, column), value in cells.items():
        tables[table][index][column] = value
    return valid_return(tmp_path / "r.xlsx", about, tables)


def long_message(column: str, length: int) -> str:
    most, setting, what = {
        "id": (64, "DELIVERY_MAX_ID_CHARS", "an ID or code"),
        "name": (300, "DELIVERY_MAX_NAME_CHARS", "a name or title"),
        "text": (5000, "DELIVERY_MAX_TEXT_CHARS", "a cell"),
    }[column.split(":")[0]]
    return (
        f"{column.split(':')[1]} is {length:,} characters long; the most {what} may hold is {most:,} "
        f"({setting}): shorten it."
    )


def test_the_defaults():
    assert [
        settings.get(name, environ={})
        for name in (
            "DELIVERY_MAX_ID_CHARS",
            "DELIVERY_MAX_NAME_CHARS",
            "DELIVERY_MAX_TEXT_CHARS",
            "DELIVERY_MAX_RETURN_TEXT_MB",
            "DELIVERY_MAX_AMOUNT",
            "DELIVERY_MAX_VALUE",
        )
    ] == [64, 300, 5000, 20, 1e13, 1e15]


@pytest.mark.parametrize(
    "name, text",
    [
        ("DELIVERY_MAX_AMOUNT", "inf"),
        ("DELIVERY_MAX_AMOUNT", "nan"),
        ("DELIVERY_MAX_VALUE", "-5"),
        ("DELIVERY_MAX_ID_CHARS", "0"),
    ],
)
def test_a_limit_must_be_a_number_in_range(name, text):
    with pytest.raises(settings.SettingError, match=f"^{name} must be .*, but the environment sets it to '{text}'"):
        settings.get(name, environ={name: text})


# --- each cell's length ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table, column, cell, kind, limit",
    [
        ("risks", "risk_id", "Risks!B2", "id:risk ID ('risk_id')", 64),
        ("milestones", "title", "Milestones!D2", "name:title", 300),
        ("indicators", "unit", "Indicators!D2", "name:unit", 300),
        ("priorities", "commentary", "Priorities!L2", "text:commentary", 5000),
        ("risks", "mitigation", "Risks!L2", "text:mitigation", 5000),
    ],
)
def test_a_cell_at_its_limit_is_read_and_one_longer_refused(tmp_path, table, column, cell, kind, limit):
    sheet, ref = cell.split("!")
    assert problems_of(changed(tmp_path, {(table, 0, column): "x" * limit})) == []
    assert problems_of(changed(tmp_path, {(table, 0, column): "y" * (limit + 1)})) == [
        (sheet, ref, "y" * 40 + "\u2026", long_message(kind, limit + 1), "error")
    ]


def test_a_one_megabyte_priority_id_is_refused_everywhere_and_never_reaches_the_app(tmp_path):
    huge = "EDU-01" * (2**20 // 6) + "EDU-"
    cells = {
        (t, i, "priority_id"): huge for t, rows in TABLES.items() for i, row in enumerate(rows) if "priority_id" in row
    }
    parsed, problems = check_return(changed(tmp_path, cells), DEPARTMENTS, TODAY)
    message = long_message("id:priority ID ('priority_id')", 2**20)
    assert [(p.where, p.value, p.message) for p in problems] == [
        (where, "EDU-01" * 6 + "EDU-\u2026", message)
        for where in (
            "Priorities!A2",
            "Delivery chain!A2",
            "Delivery chain!A3",
            "Delivery chain!A4",
            "Milestones!A2",
            "Milestones!A3",
            "Indicators!A2",
            "Risks!A2",
            "Budget!A2",
        )
    ]
    assert all(frame["priority_id"].isna().all() for t, frame in parsed.tables.items() if "priority_id" in frame)


def test_about_fields_have_limits_too(tmp_path):
    assert problems_of(changed(tmp_path, {}, {"department": "D" * 65, "prepared_by": "p" * 301})) == [
        ("About", "B2", "D" * 40 + "\u2026", long_message("id:department", 65), "error"),
        ("About", "B4", "p" * 40 + "\u2026", long_message("name:prepared by ('prepared_by')", 301), "error"),
    ]


def test_text_in_a_number_column_is_limited_before_it_is_parsed(tmp_path):
    assert problems_of(changed(tmp_path, {("actuals", 0, "actual_value"): "1" * 6000})) == [
        ("Actuals", "D2", "1" * 40 + "\u2026", long_message("text:actual value ('actual_value')", 6000), "error")
    ]


def test_the_limits_are_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_ID_CHARS", "16")
    assert problems_of(changed(tmp_path, {("risks", 0, "risk_id"): "RISK-01234567890"})) == []
    assert problems_of(changed(tmp_path, {("risks", 0, "risk_id"): "RISK-012345678901"})) == [
        (
            "Risks",
            "B2",
            "RISK-012345678901\u2026",
            (
                "risk ID ('risk_id') is 17 characters long; the most an ID or code "
                "may hold is 16 (DELIVERY_MAX_ID_CHARS): shorten it."
            ),
            "error",
        )
    ]


# --- the return's text together -------------------------------------------------------------------


@pytest.mark.slow  # writes and reads a 40 MB workbook
def test_a_40_mb_commentary_refuses_the_return_in_the_reader_process(tmp_path):
    # Random text: a run of one letter would be refused earlier, as compressed like a zip bomb.
    commentary = base64.b64encode(os.urandom(30 * 2**20)).decode()  # 41,943,040 characters
    source = changed(tmp_path, {("priorities", 0, "commentary"): commentary})
    del commentary
    with pytest.raises(NotAWorkbook) as refused:
        read_return(source)
    assert str(refused.value) == TOO_MUCH_TEXT.format(mb=20)
    # All this process received is the sentence and the child's traceback: never the text.
    assert len(str(refused.value)) + len(str(refused.value.__cause__)) < 5000
    assert problems_of(source) == [("(file)", "", "r.xlsx", TOO_MUCH_TEXT.format(mb=20), "error")]


def test_a_return_just_within_its_text_budget_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_TEXT_CHARS", "1000000")
    monkeypatch.setenv("DELIVERY_MAX_RETURN_TEXT_MB", "1")
    assert problems_of(changed(tmp_path, {("priorities", 0, "commentary"): "c" * 1_000_000})) == []
    assert problems_of(
        changed(tmp_path, {("priorities", 0, "commentary"): "c" * 1_000_000, ("risks", 0, "mitigation"): "m" * 50_000})
    ) == [("(file)", "", "r.xlsx", TOO_MUCH_TEXT.format(mb=1), "error")]


# --- numbers --------------------------------------------------------------------------------------

AMOUNT = "allocated is {side} than {sign}£10,000,000,000,000 (DELIVERY_MAX_AMOUNT), beyond any real amount: check it is in pounds."
VALUE = (
    "actual value ('actual_value') is {side} than {sign}1,000,000,000,000,000 (DELIVERY_MAX_VALUE), beyond any "
    "real figure: check it and its unit."
)


@pytest.mark.parametrize(
    "value, shown, message",
    [
        (1.797e308, "1.797e+308", AMOUNT.format(side="more", sign="")),
        (-1.797e308, "-1.797e+308", AMOUNT.format(side="less", sign="-")),
        (10_000_000_000_001, "1e+13", AMOUNT.format(side="more", sign="")),
        ("£10,000.1bn", "1e+13", AMOUNT.format(side="more", sign="")),
    ],
)
def test_money_beyond_the_limit_is_refused_naming_it(tmp_path, value, shown, message):
    assert problems_of(changed(tmp_path, {("budget", 0, "allocated"): value})) == [
        ("Budget", "C2", shown, message, "error")
    ]


@pytest.mark.parametrize("value", [10_000_000_000_000, "£10,000bn", "£2,013.02m"])
def test_money_up_to_the_limit_is_read(tmp_path, value):
    parsed, problems = check_return(changed(tmp_path, {("budget", 0, "allocated"): value}), DEPARTMENTS, TODAY)
    assert problems == []
    assert parsed.tables["budget"]["allocated"].tolist() == [{"£2,013.02m": 2_013_020_000}.get(value, 1e13)]


@pytest.mark.parametrize(
    "value, problems",
    [
        (1e15, []),
        (-1e15, []),
        (1.000001e15, [("Actuals", "D2", "1e+15", VALUE.format(side="more", sign=""), "error")]),
        (-1.797e308, [("Actuals", "D2", "-1.797e+308", VALUE.format(side="less", sign="-"), "error")]),
    ],
)
def test_values_beyond_their_limit_are_refused(tmp_path, value, problems):
    assert problems_of(changed(tmp_path, {("actuals", 0, "actual_value"): value})) == problems


def test_the_amount_limit_is_a_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_AMOUNT", "1e7")
    assert problems_of(changed(tmp_path, {("budget", 0, "spent"): "£10m"})) == []
    assert problems_of(changed(tmp_path, {("budget", 0, "spent"): "£10.5m"})) == [
        (
            "Budget",
            "E2",
            "1.05e+07",
            ("spent is more than £10,000,000 (DELIVERY_MAX_AMOUNT), beyond any real amount: check it is in pounds."),
            "error",
        )
    ]


@pytest.mark.parametrize(
    "stored, shown, message",
    [
        (b"1.797e308", "1.797e+308", AMOUNT.format(side="more", sign="")),
        (b"inf", "inf", "allocated is not a finite number (too large to be a real figure); type the value itself."),
    ],
)
def test_a_money_cell_holding_a_huge_or_infinite_number_is_refused(tmp_path, stored, shown, message):
    """Numeric cells as a hand-made file can hold them (<v>inf</v>): refused at their cell, once."""
    data = changed(tmp_path, {("budget", 0, "allocated"): 24681357}).read_bytes()
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename).replace(b"<v>24681357</v>", b"<v>" + stored + b"</v>"))
    assert problems_of(out.getvalue()) == [("Budget", "C2", shown, message, "error")]


RISK_ID_100 = long_message("id:risk ID ('risk_id')", 100)


def test_the_cli_shows_the_limits_like_any_problem(tmp_path, no_store):
    done = run_process(
        "validate", changed(tmp_path, {("budget", 0, "allocated"): 1.797e308, ("risks", 0, "risk_id"): "R" * 100})
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        no_store,
        f"r.xlsx: Risks!B2: {RISK_ID_100} (found '{'R' * 40}\u2026')",
        f"r.xlsx: Budget!C2: {AMOUNT.format(side='more', sign='')} (found '1.797e+308')",
        "2 problems to fix in r.xlsx.",
    ]
