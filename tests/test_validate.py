"""validate_return: a valid return has no problems; each kind of mistake gives its exact problem."""

from __future__ import annotations

import copy
import datetime as dt

import openpyxl
import pytest

from delivery.returns.problems import Problem
from delivery.returns.validate import check_return, validate_return
from tests.test_reader import ABOUT, TABLES, edit, valid_return

DEPARTMENTS = ["DfE", "HO", "DHSC"]
TODAY = dt.date(2026, 5, 1)
PE = "31/03/2026"


def found(tmp_path, change=None, about=None, departments=DEPARTMENTS):
    """(sheet, cell, value, message) of every problem in the valid return after ``change``."""
    tables = copy.deepcopy(TABLES)
    if change:
        change(tables)
    path = valid_return(tmp_path / "r.xlsx", about, tables)
    _, problems = check_return(path, departments, TODAY)
    return [(p.sheet, p.cell, p.value, p.message) for p in problems]


def setter(table, index, **values):
    return lambda tables: tables[table][index].update(values)


def test_the_valid_return_has_no_problems(tmp_path):
    assert found(tmp_path) == []


CASES = {
    "required blank": (
        setter("milestones", 1, title=None),
        [("Milestones", "D3", "", "title is required: The deliverable, e.g. 'Contract signed'.")],
    ),
    "wrong type": (
        setter("milestones", 1, forecast_date="soon"),
        [
            (
                "Milestones",
                "G3",
                "soon",
                "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date.",
            )
        ],
    ),
    "number as words": (
        setter("actuals", 0, actual_value="about 18k"),
        [("Actuals", "D2", "about 18k", "actual value ('actual_value') must be a number, like 1234 or 1,234.5.")],
    ),
    "unknown rating": (
        setter("priorities", 0, rag="Purple"),
        [
            (
                "Priorities",
                "K2",
                "Purple",
                "rating ('rag') must be one of the ratings: Red, Amber/Red, Amber, Amber/Green, Green, "
                "Complete or Not assessed (or a red, amber or green fill), or a word listed in "
                "data/rating_vocabulary.csv (No DCA, Reset, Exempt, N/A, Not rated, On track, Ahead, Delayed, "
                "Blocked, Unavailable); to use another word, add it to that file with the rating it means.",
            )
        ],
    ),
    "required rating blank": (
        setter("priorities", 0, rag=None),
        [("Priorities", "K2", "", "rating ('rag') is required: Your department's delivery confidence rating.")],
    ),
    "closed list": (
        setter("chain_nodes", 0, level="regional"),
        [
            (
                "Delivery chain",
                "E2",
                "regional",
                "level must be one of: minister, department, agency, region, local, frontline. Did you mean region?",
            )
        ],
    ),
    "score out of list": (
        setter("risks", 0, likelihood=7),
        [("Risks", "F2", "7", "likelihood must be one of: 1, 2, 3, 4, 5.")],
    ),
    # A priority not on the Priorities sheet may be one the department contributes to: the store
    # says (tests/test_owner.py), so the return alone has nothing to fix.
    "priority of another department": (setter("milestones", 1, priority_id="EDU-99"), []),
    "unknown node": (
        setter("milestones", 1, node_id="N9"),
        [
            (
                "Milestones",
                "C3",
                "N9",
                "chain link ID ('node_id') 'N9' is not a chain link of priority EDU-01 on the Delivery chain sheet.",
            )
        ],
    ),
    "unknown indicator": (
        setter("actuals", 0, indicator_id="I9"),
        [("Actuals", "A2", "I9", "indicator ID ('indicator_id') 'I9' is not on the Indicators sheet.")],
    ),
    "duplicate id": (
        setter("milestones", 1, milestone_id="M1"),
        [("Milestones", "B3", "M1", "Repeated milestone ID ('milestone_id'): M1 is already on row 2.")],
    ),
    "duplicate composite key": (
        setter("trajectory", 1, period_end=dt.date(2025, 12, 31)),
        [
            (
                "Trajectory",
                "B3",
                "31/12/2025",
                "Repeated indicator ID ('indicator_id') and period end ('period_end'): I1, 31/12/2025 "
                "is already on row 2.",
            )
        ],
    ),
    "duplicate key with a blank part": (
        setter("actuals", 1, area_code=None),
        [
            (
                "Actuals",
                "C3",
                "",
                "Repeated indicator ID ('indicator_id') and period end ('period_end') and area code "
                "('area_code'): I1, 31/12/2025,  is already on row 2.",
            )
        ],
    ),
    "two rows with no key are no repeat": (
        lambda tables: tables["budget"].extend([{"allocated": 1}, {"allocated": 1}]),
        [
            ("Budget", "A3", "", "priority ID ('priority_id') is required: The priority (from the Priorities sheet)."),
            ("Budget", "B3", "", "financial year ('financial_year') is required: e.g. 2026-27."),
            ("Budget", "A4", "", "priority ID ('priority_id') is required: The priority (from the Priorities sheet)."),
            ("Budget", "B4", "", "financial year ('financial_year') is required: e.g. 2026-27."),
        ],
    ),
    "parent missing": (
        setter("chain_nodes", 2, parent_node_id="N7"),
        [
            (
                "Delivery chain",
                "C4",
                "N7",
                "parent link ID ('parent_node_id') 'N7' is not a chain link of priority EDU-01 on this sheet.",
            )
        ],
    ),
    "cycle": (
        setter("chain_nodes", 0, parent_node_id="N3"),
        [
            (
                "Delivery chain",
                "C2",
                "N3",
                "parent link ID ('parent_node_id') makes a loop (N1 -> N3 -> N2 -> N1): the chain must lead up to one top link.",
            ),
            (
                "Delivery chain",
                "C3",
                "N1",
                "parent link ID ('parent_node_id') makes a loop (N2 -> N1 -> N3 -> N2): the chain must lead up to one top link.",
            ),
            (
                "Delivery chain",
                "C4",
                "N2",
                "parent link ID ('parent_node_id') makes a loop (N3 -> N2 -> N1 -> N3): the chain must lead up to one top link.",
            ),
        ],
    ),
    "own parent": (
        setter("chain_nodes", 0, parent_node_id="N1"),
        [
            (
                "Delivery chain",
                "C2",
                "N1",
                "parent link ID ('parent_node_id') makes a loop (N1 -> N1): the chain must lead up to one top link.",
            )
        ],
    ),
    "target before baseline": (
        setter("indicators", 0, target_date=dt.date(2024, 12, 31)),
        [
            (
                "Indicators",
                "K2",
                "31/12/2024",
                "target date ('target_date') must be after the baseline date ('baseline_date').",
            )
        ],
    ),
    "due before raised": (
        setter("risks", 0, due_date=dt.date(2025, 6, 30)),
        [("Risks", "K2", "30/06/2025", "due date ('due_date') must not be before the raised date ('raised_date').")],
    ),
    "negative tolerance": (
        setter("indicators", 0, tolerance_pct=-1),
        [("Indicators", "L2", "-1", "tolerance in per cent ('tolerance_pct') must not be negative.")],
    ),
    "bad financial year": (
        setter("budget", 0, financial_year="FY26"),
        [("Budget", "B2", "FY26", "financial year ('financial_year') must be a financial year, like 2026-27.")],
    ),
    "lead department not the About one": (
        setter("priorities", 0, lead_department="HO"),
        [
            (
                "Priorities",
                "E2",
                "HO",
                "lead department ('lead_department') must be DfE, the department on the About sheet.",
            )
        ],
    ),
    "unknown contributing department": (
        setter("priorities", 0, contributing_departments="HO, ABC, XYZ"),
        [
            (
                "Priorities",
                "F2",
                "HO, ABC, XYZ",
                "contributing departments ('contributing_departments') has codes that are not in the list of "
                "departments (ABC, XYZ). If one is a new department, add a line for it to data/departments.csv, "
                "such as 'ABC,Its full name,,,,,'.",
            )
        ],
    ),
    "misspelt contributing department": (
        setter("priorities", 0, contributing_departments="HO, DHCS"),
        [
            (
                "Priorities",
                "F2",
                "HO, DHCS",
                "contributing departments ('contributing_departments') has codes that are not in the list of "
                "departments (DHCS). Did you mean DHSC?",
            )
        ],
    ),
    "actual after the return's period": (
        setter("actuals", 1, period_end=dt.date(2026, 4, 30)),
        [
            (
                "Actuals",
                "B3",
                "30/04/2026",
                f"period end ('period_end') must not be after the return's period end ({PE}) on the About sheet.",
            )
        ],
    ),
    "completed after the return's period": (
        setter("milestones", 0, completed_date=dt.date(2026, 4, 1)),
        [
            (
                "Milestones",
                "H2",
                "01/04/2026",
                f"completed date ('completed_date') must not be after the return's period end ({PE}) on the About sheet.",
            )
        ],
    ),
}


# Dates before 2000 or after 2100, negative money and an unknown template version were
# errors here; they are warnings now (issue 8), tested with their severity in tests/test_warnings.py.


@pytest.mark.parametrize("change, expected", CASES.values(), ids=CASES.keys())
def test_each_mistake_gives_its_problem(tmp_path, change, expected):
    assert found(tmp_path, change) == expected


def test_a_blank_kept_with_a_warning_is_on_a_required_column_and_names_its_rows_own_columns():
    import string

    from delivery.returns.contract import SHEETS

    kept = {
        (s.name, c.name): (c.required, [f for _, f, _, _ in string.Formatter().parse(c.if_blank) if f])
        for s in SHEETS
        for c in s.columns
        if c.if_blank
    }
    assert kept == {("Budget", "allocated"): (True, ["financial_year"])}  # the fields its message fills in


ABOUT_CASES = {
    "unknown department": (
        {"department": "XYZ"},
        [
            (
                "About",
                "B2",
                "XYZ",
                "department XYZ is not in the list of departments. If XYZ is a new department, add a line for it "
                "to data/departments.csv, such as 'XYZ,Its full name,,,,,'.",
            ),
            (
                "Priorities",
                "E2",
                "DfE",
                "lead department ('lead_department') must be XYZ, the department on the About sheet.",
            ),
        ],
    ),
    "misspelt department": (
        {"department": "DHCS"},
        [
            (
                "About",
                "B2",
                "DHCS",
                "department DHCS is not in the list of departments. Did you mean DHSC?",
            ),
            (
                "Priorities",
                "E2",
                "DfE",
                "lead department ('lead_department') must be DHCS, the department on the About sheet.",
            ),
        ],
    ),
    "period in the future": (
        {"period_end": dt.date(2026, 6, 30)},
        [("About", "B3", "30/06/2026", "period end ('period_end') must not be in the future (today is 01/05/2026).")],
    ),
    "period not a date": (
        {"period_end": "end of March"},
        [
            (
                "About",
                "B3",
                "end of March",
                "period end ('period_end') must be a date, like 31/03/2027 or an Excel date.",
            )
        ],
    ),
    "prepared_by blank": (
        {"prepared_by": None},
        [
            (
                "About",
                "B4",
                "",
                "prepared by ('prepared_by') is required on the About sheet: Who prepared this return (name and email).",
            )
        ],
    ),
}


@pytest.mark.parametrize("about, expected", ABOUT_CASES.values(), ids=ABOUT_CASES.keys())
def test_each_about_mistake_gives_its_problem(tmp_path, about, expected):
    assert found(tmp_path, about=about) == expected


def test_department_codes_match_ignoring_case_and_are_stored_as_listed(tmp_path):
    path = valid_return(tmp_path / "r.xlsx", {"department": "dfe"})
    path = edit(path, "Priorities", {"E2": "DFE", "F2": "ho, dhsc"})
    parsed, problems = check_return(path, DEPARTMENTS, TODAY)
    assert problems == []
    assert parsed.about["department"] == "DfE"
    assert parsed.tables["priorities"][["lead_department", "contributing_departments"]].values.tolist() == [
        ["DfE", "HO, DHSC"]
    ]


@pytest.mark.parametrize("version", ["1.0", "1", 1, 1.0, None])
def test_known_template_versions(tmp_path, version):
    assert found(tmp_path, about={"template_version": version}) == []


def test_missing_sheet(tmp_path):
    path = valid_return(tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["Risks"]
    wb.save(path)
    assert [(p.sheet, p.cell, p.value, p.message) for p in check_return(path, DEPARTMENTS, TODAY)[1]] == [
        (
            "Risks",
            "",
            "",
            "The sheet 'Risks' is missing: add it, with its header row, from the template "
            "(leave it with no rows if it does not apply).",
        )
    ]


def test_missing_about_sheet(tmp_path):
    path = valid_return(tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["About"]
    wb.save(path)
    problems = check_return(path, DEPARTMENTS, TODAY)[1]
    assert [(p.sheet, p.cell, p.message) for p in problems] == [
        (
            "About",
            "",
            "The About sheet is missing: add it from the template, "
            "with your department, period end ('period_end') and prepared by "
            "('prepared_by').",
        )
    ]


def test_every_problem_at_once_in_sheet_row_column_order(tmp_path):
    def change(tables):
        tables["budget"][0]["spent"] = -1
        tables["milestones"][1].update(forecast_date="soon", title=None)
        tables["milestones"][0]["rag"] = "Purple"
        tables["priorities"][0]["lead_department"] = "HO"

    assert [(p[0], p[1]) for p in found(tmp_path, change, {"prepared_by": None})] == [
        ("About", "B4"),
        ("Priorities", "E2"),
        ("Milestones", "I2"),
        ("Milestones", "D3"),
        ("Milestones", "G3"),
        ("Budget", "E2"),
    ]


def test_validate_return_includes_the_reader_problems(tmp_path):
    from delivery.returns.reader import read_return

    path = edit(valid_return(tmp_path / "r.xlsx"), "Milestones", {"G3": "soon"})
    parsed = read_return(path)
    assert (
        validate_return(parsed, DEPARTMENTS, TODAY)
        == parsed.problems
        == [
            Problem(
                "Milestones",
                "G3",
                "soon",
                "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date.",
                "r.xlsx",
            )
        ]
    )


def test_not_a_workbook_is_one_file_problem():
    parsed, problems = check_return(b"a,b\n1,2\n", DEPARTMENTS, TODAY, file_name="return.xlsx")
    assert parsed is None
    assert problems == [
        Problem(
            "(file)",
            "",
            "return.xlsx",
            "return.xlsx is a text file (a CSV or similar renamed), not an .xlsx workbook. "
            "Open it in Excel and save it as 'Excel Workbook (.xlsx)', then try again.",
            "return.xlsx",
        )
    ]
    assert problems[0].where == "(file)"


def test_period_end_defaults_today_to_the_real_date(tmp_path):
    from delivery.returns.reader import read_return

    parsed = read_return(valid_return(tmp_path / "r.xlsx", {"period_end": dt.date(2100, 1, 1)}))
    assert [p.cell for p in validate_return(parsed, DEPARTMENTS)] == ["B3"]
    assert ABOUT["department"] == "DfE"


def test_a_workbook_that_is_not_a_return_gets_one_problem(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Score"])
    wb.save(tmp_path / "scores.xlsx")
    assert check_return(tmp_path / "scores.xlsx", DEPARTMENTS, TODAY)[1] == [
        Problem(
            "(file)",
            "",
            "scores.xlsx",
            "This workbook is not a return: it has no About sheet and none of the "
            "return's tables (Priorities, Delivery chain, Milestones, ...). Start from the return template.",
            "scores.xlsx",
        )
    ]


def test_a_word_repeated_down_a_column_is_a_problem_at_each_of_its_cells(tmp_path):
    # The reader remembers each distinct word of a rating or choice column: every cell still gets its problem.
    def change(tables):
        for milestone in tables["milestones"]:
            milestone["rag"] = "Purple"
        tables["chain_nodes"][0]["level"] = tables["chain_nodes"][1]["level"] = "regional"

    problems = found(tmp_path, change)
    assert [(sheet, cell, value) for sheet, cell, value, _ in problems] == [
        ("Delivery chain", "E2", "regional"),
        ("Delivery chain", "E3", "regional"),
        ("Milestones", "I2", "Purple"),
        ("Milestones", "I3", "Purple"),
    ]
    assert (
        problems[0][3]
        == problems[1][3]
        == ("level must be one of: minister, department, agency, region, local, frontline. Did you mean region?")
    )
    assert problems[2][3] == problems[3][3] == CASES["unknown rating"][1][0][3]
