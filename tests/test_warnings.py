"""Warnings that do not block (issue 8): two-digit years, dates before 2000 or after 2100,
negative money, an older template, a blank a real return may leave (a withheld allocation).
Each is shown with its cell and lets the return through; errors still block. --strict treats
warnings as errors."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from delivery.returns import normalise
from delivery.returns.reader import read_return
from delivery.returns.validate import check_return
from delivery.store.archive import read_log
from delivery.store.versions import Store
from tests.test_cli import run_process
from tests.test_loader import snapshot
from tests.test_reader import TABLES, valid_return

DEPARTMENTS = ["DfE", "HO", "DHSC"]
TODAY = dt.date(2026, 5, 1)
NEAR_PE = "the century that puts it nearest the return's period end, 31/03/2026."
FULL_YEAR = " Write the year in full if that is not the date meant."
WITHHELD = "the allocation for 2025-26 is blank; the row is kept with no allocation (give it if it can be shared)."


def found(tmp_path, change=None, about=None):
    """(sheet, cell, value, message, severity) of every problem in the valid return after ``change``."""
    tables = copy.deepcopy(TABLES)
    if change:
        change(tables)
    path = valid_return(tmp_path / "r.xlsx", about, tables)
    _, problems = check_return(path, DEPARTMENTS, TODAY)
    return [(p.sheet, p.cell, p.value, p.message, p.severity) for p in problems]


def setter(table, index, **values):
    return lambda tables: tables[table][index].update(values)


CASES = {
    "two-digit year, last century": (
        setter("milestones", 0, baseline_date="17.03.97"),
        [("Milestones", "F2", "17.03.97", "two-digit year read as 17 Mar 1997: " + NEAR_PE + FULL_YEAR, "warning")],
    ),
    "two-digit year, this century": (
        setter("milestones", 1, forecast_date="31/03/27"),
        [("Milestones", "G3", "31/03/27", "two-digit year read as 31 Mar 2027: " + NEAR_PE + FULL_YEAR, "warning")],
    ),
    "date before 2000": (
        setter("indicators", 0, baseline_date=dt.date(1987, 4, 1)),
        [
            (
                "Indicators",
                "I2",
                "01/04/1987",
                "baseline date ('baseline_date') is before 2000: check it is the date meant.",
                "warning",
            )
        ],
    ),
    "text date before 2000": (
        setter("milestones", 0, baseline_date="01/06/1998"),
        [
            (  # a day and month that could be either way round: said once per column, with the rule used
                "Milestones",
                "F2",
                "01/06/1998",
                "01/06/1998 read as 1 June 1998 (day first, as the profile says); this is the first date in this "
                "column that could be read either way round: check the column's dates are written that way.",
                "warning",
            ),
            (
                "Milestones",
                "F2",
                "01/06/1998",
                "baseline date ('baseline_date') is before 2000: check it is the date meant.",
                "warning",
            ),
        ],
    ),
    "date after 2100": (
        setter("priorities", 0, target_date=dt.date(2101, 1, 1)),
        [
            (
                "Priorities",
                "J2",
                "01/01/2101",
                "target date ('target_date') is after 2100: check it is the date meant.",
                "warning",
            )
        ],
    ),
    "date before 1900 is an error": (
        setter("milestones", 0, baseline_date="31/12/1899"),
        [
            (
                "Milestones",
                "F2",
                "31/12/1899",
                "baseline date ('baseline_date') must be a date from 01/01/1900 on, like 31/03/2027 or an Excel date.",
                "error",
            )
        ],
    ),
    "negative money": (
        setter("budget", 0, spent="-£74.9m"),
        [
            (
                "Budget",
                "E2",
                "-74900000",
                "spent is negative: kept as given (net income is real); check the sign if it is not income.",
                "warning",
            )
        ],
    ),
    "colours the other way round": (
        setter("priorities", 0, rag="Red/Amber"),
        [
            (
                "Priorities",
                "K2",
                "Red/Amber",
                "rating ('rag') 'Red/Amber' was read as Amber/Red, the scale's name for it (amber first); "
                "write Amber/Red if that is the rating meant.",
                "warning",
            )
        ],
    ),
    "negative percent is still an error": (
        setter("indicators", 0, tolerance_pct=-1),
        [("Indicators", "L2", "-1", "tolerance in per cent ('tolerance_pct') must not be negative.", "error")],
    ),
    "blank allocation": (setter("budget", 0, allocated=None), [("Budget", "C2", "", WITHHELD, "warning")]),
    "blank allocation and year": (
        setter("budget", 0, allocated=None, financial_year=None),
        [
            ("Budget", "B2", "", "financial year ('financial_year') is required: e.g. 2026-27.", "error"),
            (
                "Budget",
                "C2",
                "",
                "the allocation for (no financial year) is blank; the row is kept with no allocation "
                "(give it if it can be shared).",
                "warning",
            ),
        ],
    ),
    "blank priority_id on a budget row is still an error": (
        setter("budget", 0, priority_id=None, allocated=None),
        [
            (
                "Budget",
                "A2",
                "",
                "priority ID ('priority_id') is required: The priority (from the Priorities sheet).",
                "error",
            ),
            ("Budget", "C2", "", WITHHELD, "warning"),
        ],
    ),
    "allocation not a number is still an error": (
        setter("budget", 0, allocated="withheld"),
        [("Budget", "C2", "withheld", "allocated must be an amount in pounds, like 1200, £1,200 or £2.5m.", "error")],
    ),
}


@pytest.mark.parametrize("change, expected", CASES.values(), ids=CASES.keys())
def test_each_case_gives_its_warning_or_error(tmp_path, change, expected):
    assert found(tmp_path, change) == expected


def test_the_two_digit_year_is_stored_as_the_date_read(tmp_path):
    tables = copy.deepcopy(TABLES)
    tables["milestones"][0]["baseline_date"] = "17.03.97"
    parsed = read_return(valid_return(tmp_path / "r.xlsx", None, tables))
    assert parsed.tables["milestones"]["baseline_date"].dt.date.tolist() == [dt.date(1997, 3, 17), dt.date(2026, 9, 1)]


@pytest.mark.parametrize(
    "text, near, expected",
    [
        ("17.03.97", dt.date(2026, 6, 30), dt.date(1997, 3, 17)),
        ("31/03/27", dt.date(2026, 6, 30), dt.date(2027, 3, 31)),
        ("30/06/76", dt.date(2026, 6, 30), dt.date(1976, 6, 30)),  # 18,262 days either way: a tie goes to the earlier
        ("01/07/76", dt.date(2026, 6, 30), dt.date(1976, 7, 1)),  # 18,261 days back, 18,263 on
        ("29/06/76", dt.date(2026, 6, 30), dt.date(2076, 6, 29)),  # 18,263 days back, 18,261 on
        ("29/02/00", dt.date(2026, 6, 30), dt.date(2000, 2, 29)),  # only 2000 has that day
        ("05.01.99", dt.date(2001, 1, 1), dt.date(1999, 1, 5)),
        ("05.01.01", dt.date(1999, 1, 1), dt.date(2001, 1, 5)),
    ],
)
def test_two_digit_years_take_the_century_nearest_the_period_end(text, near, expected):
    assert normalise.parse_date(text, "d", near) == expected


def test_about_period_end_with_a_two_digit_year_is_read_nearest_today_with_a_warning(tmp_path):
    problems = found(tmp_path, about={"period_end": "31/03/26"})
    assert problems == [
        (
            "About",
            "B3",
            "31/03/26",
            "two-digit year read as 31 Mar 2026: the century that puts "
            f"it nearest today, {dt.date.today():%d/%m/%Y}, as the return has no period end." + FULL_YEAR,
            "warning",
        )
    ]


def test_period_end_before_2000_is_a_warning_and_before_1900_an_error(tmp_path):
    # The data rows are dated after 1999, so only the About cell is reported.
    assert found(tmp_path, about={"period_end": dt.date(1999, 3, 31)})[:1] == [
        (
            "About",
            "B3",
            "31/03/1999",
            "period end ('period_end') is before 2000: check it is the date meant.",
            "warning",
        )
    ]
    assert found(tmp_path, about={"period_end": "31/12/1899"})[:1] == [
        (
            "About",
            "B3",
            "31/12/1899",
            "period end ('period_end') must be a date from 01/01/1900 on, like 31/03/2027 or an Excel date.",
            "error",
        )
    ]


def test_an_older_template_version_is_a_warning(tmp_path):
    assert found(tmp_path, about={"template_version": "0.9"}) == [
        (
            "About",
            "B5",
            "0.9",
            "template version ('template_version') 0.9 is not the current template (1.0): this return was checked "
            "as version 1.0; make next period's return from the current template.",
            "warning",
        )
    ]


# --- the command line, the loads log, rebuild ---------------------------------------------

TWO_DIGIT = (
    "warn.xlsx: Warning: Milestones!F2: two-digit year read as 17 Mar 1997: "
    + NEAR_PE
    + FULL_YEAR
    + " (found '17.03.97')"
)
NEGATIVE = (
    "warn.xlsx: Warning: Budget!E2: spent is negative: kept as given (net income is real); check the "
    "sign if it is not income. (found '-74900000')"
)
COUNTS = "Priorities 1, Delivery chain 3, Milestones 2, Indicators 1, Trajectory 2, Actuals 2, Risks 1, Budget 1"


@pytest.fixture
def warned(tmp_path):
    """A return with two warnings and no errors."""
    tables = copy.deepcopy(TABLES)
    tables["milestones"][0]["baseline_date"] = "17.03.97"
    tables["budget"][0]["spent"] = "-£74.9m"
    return valid_return(tmp_path / "warn.xlsx", None, tables)


def test_validate_shows_warnings_and_exits_0(warned, no_store):
    done = run_process("validate", warned)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [no_store, TWO_DIGIT, NEGATIVE, "warn.xlsx: no problems to fix; 2 warnings."]


def test_validate_strict_makes_warnings_problems_to_fix(warned, no_store):
    done = run_process("validate", warned, "--strict")
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [
        no_store,
        TWO_DIGIT,
        NEGATIVE,
        "2 problems to fix in warn.xlsx; 2 of them are warnings, which --strict counts as problems to fix.",
    ]


def test_validate_counts_errors_and_warnings_apart(tmp_path):
    tables = copy.deepcopy(TABLES)
    tables["budget"][0]["spent"] = -5
    tables["milestones"][1]["title"] = None
    done = run_process("validate", valid_return(tmp_path / "both.xlsx", None, tables))
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "1 problem to fix in both.xlsx; 1 warning."


def test_json_gives_each_problems_severity(warned):
    done = run_process("validate", warned, "--json")
    result = json.loads(done.stdout)
    assert (done.returncode, result["ok"], result["outcome"], result["warnings"]) == (0, True, "valid", 2)
    assert [(p["where"], p["severity"]) for p in result["files"][0]["problems"]] == [
        ("Milestones!F2", "warning"),
        ("Budget!E2", "warning"),
    ]


def test_load_with_warnings_loads_and_records_them_and_rebuild_keeps_them(tmp_path, warned):
    db = tmp_path / "store"
    done = run_process("load", warned, "--db", db, "--by", "ana")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        TWO_DIGIT,
        NEGATIVE,
        f"Loaded DfE's return for 31 Mar 2026 (load 1): {COUNTS}; 2 warnings.",
    ]
    [entry] = read_log(Store(db).archive)
    assert [(w["where"], w["severity"], w["value"]) for w in entry["warnings"]] == [
        ("Milestones!F2", "warning", "17.03.97"),
        ("Budget!E2", "warning", "-74900000"),
    ]
    assert _recorded(Store(db)) == [(2, ["Milestones!F2", "Budget!E2"])]
    with Store(db).connect_read() as con:
        assert con.execute("SELECT spent FROM budget").fetchall() == [(-74_900_000.0,)]
    history = json.loads(run_process("history", "--db", db, "--json").stdout)
    assert history["loads"][0]["warning_count"] == 2
    assert run_process("rebuild", "--db", tmp_path / "copy", "--from", db).returncode == 0
    assert _recorded(Store(tmp_path / "copy")) == [(2, ["Milestones!F2", "Budget!E2"])]


def _recorded(store: Store) -> list[tuple]:
    with store.connect_read() as con:
        rows = con.execute("SELECT warning_count, warnings FROM loads ORDER BY load_id").fetchall()
    return [(n, [w["where"] for w in json.loads(text)]) for n, text in rows]


def test_load_strict_refuses_warnings_and_writes_nothing(tmp_path, warned):
    db = tmp_path / "store"
    done = run_process("load", warned, "--db", db, "--strict")
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines()[-1] == (
        "Not loaded: 2 problems to fix in warn.xlsx; 2 of them are warnings, which --strict counts as problems to fix."
    )
    assert snapshot(Store(db)) == {"version": None}


@pytest.fixture
def withheld(tmp_path):
    """A return whose one Budget row withholds its allocation (forecast and spent given), and no other problem."""
    tables = copy.deepcopy(TABLES)
    tables["budget"][0]["allocated"] = None
    return valid_return(tmp_path / "withheld.xlsx", None, tables)


WITHHELD_LINE = f"withheld.xlsx: Warning: Budget!C2: {WITHHELD}"


def test_a_withheld_allocation_loads_with_one_warning_and_is_stored_as_null(tmp_path, withheld):
    db = tmp_path / "store"
    done = run_process("load", withheld, "--db", db, "--by", "ana")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        WITHHELD_LINE,
        f"Loaded DfE's return for 31 Mar 2026 (load 1): {COUNTS}; 1 warning.",
    ]
    assert _recorded(Store(db)) == [(1, ["Budget!C2"])]
    with Store(db).connect_read() as con:
        assert con.execute("SELECT priority_id, financial_year, allocated, forecast, spent FROM budget").fetchall() == [
            ("EDU-01", "2025-26", None, 2_400_000.0, 1_200_000.0)
        ]


@pytest.mark.parametrize(
    "command, last",
    [
        ("validate", "1 problem to fix in withheld.xlsx; it is a warning, which --strict counts as problems to fix."),
        (
            "load",
            "Not loaded: 1 problem to fix in withheld.xlsx; it is a warning, which --strict counts as problems to fix.",
        ),
    ],
)
def test_strict_refuses_a_withheld_allocation(tmp_path, withheld, command, last):
    db = tmp_path / "store"
    done = run_process(command, withheld, "--strict", "--db", db)
    assert (done.returncode, done.stderr) == (1, "")
    rights = (
        [
            f"Reporting rights not checked: there is no store at {db} (nothing has been loaded there). "
            "Give --db STORE to check them against a store."
        ]
        if command == "validate"
        else []
    )
    assert done.stdout.splitlines() == [*rights, WITHHELD_LINE, last]
    assert snapshot(Store(db)) == {"version": None}


def test_a_blank_priority_id_still_refuses_the_return_at_its_cell(tmp_path):
    tables = copy.deepcopy(TABLES)
    tables["priorities"][0]["priority_id"] = None
    db = tmp_path / "store"
    done = run_process("load", valid_return(tmp_path / "noid.xlsx", None, tables), "--db", db, "--by", "ana")
    assert (done.returncode, done.stderr) == (1, "")
    lines = done.stdout.splitlines()
    assert (lines[0], lines[-1]) == (
        "noid.xlsx: Priorities!A2: priority ID ('priority_id') is required: A short, stable code for the priority, "
        "e.g. HEA-01. Never reuse or change it.",
        "Not loaded: 1 problem to fix in noid.xlsx.",
    )  # rows naming the priority are checked against the store
    # (a contributor's rows need no Priorities row of their own), which happens once the return has no errors
    assert snapshot(Store(db)) == {"version": None}


def test_a_warning_says_so_when_printed():
    from delivery.returns.problems import Problem, warning

    assert (
        str(warning("Budget", "E2", "-5", "spent is negative."))
        == "Warning: Budget!E2: spent is negative. (found '-5')"
    )
    assert (
        str(Problem("Budget", "E2", "x", "spent must be a number.")) == "Budget!E2: spent must be a number. (found 'x')"
    )


def test_a_value_found_is_shown_in_plain_quotes_not_as_python_repr():
    """repr wrote "it's" in double quotes and C:\\x with two backslashes; plain quotes now, and a line break,
    tab or terminal escape in a cell still cannot start a new line or reach the terminal (issue 11)."""
    from delivery.returns.problems import Problem

    typed = "it's C:\\x\nnext\tline\x1b[2J\u202eend"
    assert str(Problem("Budget", "E2", typed, "spent must be a number.")) == (
        "Budget!E2: spent must be a number. (found 'it's C:\\x next line\ufffd[2J\ufffdend')"
    )
