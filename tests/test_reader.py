"""read_return: finds the tables wherever real returns put them and types every value."""

from __future__ import annotations

import copy
import datetime as dt

import openpyxl
import pandas as pd
import pytest
from openpyxl.styles import PatternFill

from delivery.returns.contract import SHEETS
from delivery.returns.reader import read_return
from delivery.returns.workbook import write_return

ABOUT = {"department": "DfE", "period_end": dt.date(2026, 3, 31), "prepared_by": "A. Analyst"}
TABLES = {
    "priorities": [
        {
            "priority_id": "EDU-01",
            "title": "Tutoring for all",
            "lead_department": "DfE",
            "contributing_departments": "HO",
            "target_date": dt.date(2028, 3, 31),
            "rag": "Amber/Green",
        }
    ],
    "chain_nodes": [
        {"priority_id": "EDU-01", "node_id": "N1", "name": "Secretary of State", "level": "minister"},
        {"priority_id": "EDU-01", "node_id": "N2", "parent_node_id": "N1", "name": "DfE", "level": "department"},
        {
            "priority_id": "EDU-01",
            "node_id": "N3",
            "parent_node_id": "N2",
            "name": "Schools",
            "level": "frontline",
            "rag": "Red",
        },
    ],
    "milestones": [
        {
            "priority_id": "EDU-01",
            "milestone_id": "M1",
            "node_id": "N2",
            "title": "Contract signed",
            "baseline_date": dt.date(2025, 6, 30),
            "forecast_date": dt.date(2025, 9, 30),
            "completed_date": dt.date(2025, 10, 1),
            "rag": "Complete",
        },
        {
            "priority_id": "EDU-01",
            "milestone_id": "M2",
            "title": "Tutors in post",
            "baseline_date": dt.date(2026, 9, 1),
            "forecast_date": dt.date(2026, 12, 1),
            "rag": "Amber",
        },
    ],
    "indicators": [
        {
            "priority_id": "EDU-01",
            "indicator_id": "I1",
            "name": "Pupils tutored",
            "unit": "people",
            "stage": "output",
            "perspective": "citizen",
            "direction": "up",
            "baseline_value": 0,
            "baseline_date": dt.date(2025, 1, 1),
            "target_value": 100000,
            "target_date": dt.date(2028, 3, 31),
            "tolerance_pct": 5,
        }
    ],
    "trajectory": [
        {"indicator_id": "I1", "period_end": dt.date(2025, 12, 31), "planned_value": 20000},
        {"indicator_id": "I1", "period_end": dt.date(2026, 3, 31), "planned_value": 30000},
    ],
    "actuals": [
        {"indicator_id": "I1", "period_end": dt.date(2025, 12, 31), "actual_value": 18000},
        {"indicator_id": "I1", "period_end": dt.date(2025, 12, 31), "area_code": "E06000001", "actual_value": 150},
    ],
    "risks": [
        {
            "priority_id": "EDU-01",
            "risk_id": "R1",
            "kind": "barrier",
            "description": "Tutor supply",
            "likelihood": "4",
            "impact": "3",
            "escalation": "centre",
            "status": "open",
            "raised_date": dt.date(2025, 7, 1),
            "due_date": dt.date(2026, 6, 30),
        }
    ],
    "budget": [
        {
            "priority_id": "EDU-01",
            "financial_year": "2025-26",
            "allocated": 2500000,
            "forecast": 2400000,
            "spent": 1200000,
        }
    ],
}


def valid_return(path, about=None, tables=None):
    """Write the small valid return (or a changed copy of it) and return its path."""
    return write_return(path, ABOUT | (about or {}), tables if tables is not None else copy.deepcopy(TABLES))


def edit(path, sheet: str, cells: dict[str, object], fills: dict[str, PatternFill] | None = None):
    """Change cells of a written workbook in place, as an analyst would in Excel."""
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    for ref, fill in (fills or {}).items():
        wb[sheet][ref].fill = fill
    wb.save(path)
    return path


def test_reads_every_table_typed_with_rows_and_cells(tmp_path):
    parsed = read_return(valid_return(tmp_path / "r.xlsx"))
    assert parsed.problems == []
    assert parsed.about == {
        "department": "DfE",
        "period_end": dt.date(2026, 3, 31),
        "prepared_by": "A. Analyst",
        "template_version": "1.0",
    }
    assert list(parsed.tables) == [s.table for s in SHEETS]
    for sheet in SHEETS:
        assert list(parsed.tables[sheet.table].columns) == list(sheet.stored_columns) + ["_row"]
    milestones = parsed.tables["milestones"]
    assert milestones["_row"].tolist() == [2, 3]
    assert milestones["forecast_date"].tolist() == [pd.Timestamp("2025-09-30"), pd.Timestamp("2026-12-01")]
    assert milestones["completed_date"].isna().tolist() == [False, True]
    assert milestones["node_id"].tolist() == ["N2", None]
    assert str(milestones["baseline_date"].dtype).startswith("datetime64")
    assert parsed.tables["budget"]["allocated"].dtype == "float64"
    assert parsed.tables["risks"]["likelihood"].tolist() == ["4"]
    assert parsed.cell("milestones", "forecast_date", 14) == "G14"
    assert parsed.sheet_names["chain_nodes"] == "Delivery chain"
    assert len(parsed.sha256) == 64


def test_reads_bytes_as_well_as_paths(tmp_path):
    path = valid_return(tmp_path / "r.xlsx")
    parsed = read_return(path.read_bytes(), file_name="upload.xlsx")
    assert parsed.file_name == "upload.xlsx"
    assert parsed.sha256 == read_return(path).sha256


def test_banner_blank_rows_loose_headers_hidden_columns_and_blank_rows(tmp_path):
    wb = openpyxl.Workbook()
    about = wb.active
    about.title = "about"
    about.append(["Department for Education: quarterly return"])
    about.append([])
    about.append(["Department", "DfE"])
    about.append(["Period end", "31/03/2026"])
    about.append(["Prepared by", None, "A. Analyst"])
    ws = wb.create_sheet("Budget")
    ws.append(["Budget by financial year"])
    ws.append([])
    ws.append(["Priority ID", "Financial Year", "Allocated (£)", "Forecast", "SPENT"])
    ws.append(["EDU-01", "2025-26", "£2.5m", "1,200", "=1000+200"])
    ws.append([None, None, None, None, None])
    ws.append(["EDU-01", "2026-27", 100, None, " "])
    ws.column_dimensions["D"].hidden = True
    path = tmp_path / "messy.xlsx"
    wb.save(path)
    parsed = read_return(path)
    assert parsed.about == {
        "department": "DfE",
        "period_end": dt.date(2026, 3, 31),
        "prepared_by": "A. Analyst",
        "template_version": None,
    }
    assert parsed.about_cells == {"department": "B3", "period_end": "B4", "prepared_by": "C5"}
    budget = parsed.tables["budget"]
    assert budget["_row"].tolist() == [4, 6]
    assert budget["allocated"].tolist() == [2500000.0, 100.0]
    assert budget["forecast"].tolist()[0] == 1200.0
    # openpyxl writes formulas without a cached value: Excel would have saved 1200.
    assert budget["spent"].isna().tolist() == [True, True]
    assert parsed.columns["budget"] == {
        "priority_id": "A",
        "financial_year": "B",
        "allocated": "C",
        "forecast": "D",
        "spent": "E",
    }
    missing = [(p.sheet, p.message) for p in parsed.problems]
    assert (
        "Priorities",
        "The sheet 'Priorities' is missing: add it, with its header row, from the template "
        "(leave it with no rows if it does not apply).",
    ) in missing


def test_missing_required_column_is_a_problem_and_optional_may_be_left_out(tmp_path):
    path = valid_return(tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Budget"].delete_cols(3)  # allocated (required)
    wb["Budget"].delete_cols(4)  # spent (optional)
    wb.save(path)
    parsed = read_return(path)
    assert [(p.sheet, p.cell, p.message) for p in parsed.problems] == [
        ("Budget", "", "The column 'allocated' is missing from the header row (row 1): add it.")
    ]
    assert parsed.tables["budget"]["spent"].isna().all()


@pytest.mark.parametrize(
    "fill, expected",
    [
        (PatternFill("solid", fgColor="FFC00000"), "Red"),
        (PatternFill("solid", fgColor="FF92D050"), "Green"),
        (PatternFill("solid", fgColor="FFFFC000"), "Amber"),
        # openpyxl writes the Office 2007 theme: accent2 C0504D, accent3 9BBB59, accent6 F79646.
        (PatternFill("solid", fgColor=openpyxl.styles.colors.Color(theme=5)), "Red"),
        (PatternFill("solid", fgColor=openpyxl.styles.colors.Color(theme=6, tint=-0.25)), "Green"),
        (PatternFill("solid", fgColor=openpyxl.styles.colors.Color(theme=9, tint=0.2)), "Amber"),
        (PatternFill("solid", fgColor=openpyxl.styles.colors.Color(indexed=10)), "Red"),
        (PatternFill("solid", fgColor=openpyxl.styles.colors.Color(indexed=17)), "Green"),
    ],
)
def test_blank_rating_cell_reads_its_fill(tmp_path, fill, expected):
    path = edit(valid_return(tmp_path / "r.xlsx"), "Priorities", {"K2": None}, {"K2": fill})
    parsed = read_return(path)
    assert parsed.tables["priorities"]["rag"].tolist() == [expected]
    assert parsed.problems == []


def test_fill_is_ignored_when_the_cell_has_text(tmp_path):
    path = edit(
        valid_return(tmp_path / "r.xlsx"), "Priorities", {"K2": "G"}, {"K2": PatternFill("solid", fgColor="FFC00000")}
    )
    assert read_return(path).tables["priorities"]["rag"].tolist() == ["Green"]


def test_grey_fill_on_a_blank_rating_stays_blank(tmp_path):
    path = edit(
        valid_return(tmp_path / "r.xlsx"), "Delivery chain", {}, {"G2": PatternFill("solid", fgColor="FFD9D9D9")}
    )
    assert read_return(path).tables["chain_nodes"]["rag"].tolist() == [None, None, "Red"]


def test_percentage_formatted_tolerance_reads_as_per_cent(tmp_path):
    path = edit(valid_return(tmp_path / "r.xlsx"), "Indicators", {"L2": 0.05})
    wb = openpyxl.load_workbook(path)
    wb["Indicators"]["L2"].number_format = "0%"
    wb.save(path)
    assert read_return(path).tables["indicators"]["tolerance_pct"].tolist() == [5.0]


def test_fraction_without_percentage_format_is_kept(tmp_path):
    path = edit(valid_return(tmp_path / "r.xlsx"), "Indicators", {"L2": 0.5})
    assert read_return(path).tables["indicators"]["tolerance_pct"].tolist() == [0.5]


def test_text_values_are_normalised(tmp_path):
    path = edit(
        valid_return(tmp_path / "r.xlsx"), "Priorities", {"F2": "HO; DHSC,HO", "J2": "31 March 2028", "K2": " a/g "}
    )
    priorities = read_return(path).tables["priorities"]
    assert priorities[["contributing_departments", "target_date", "rag"]].values.tolist() == [
        ["HO, DHSC", pd.Timestamp("2028-03-31"), "Amber/Green"]
    ]


def test_bad_values_become_problems_at_their_cells(tmp_path):
    path = edit(valid_return(tmp_path / "r.xlsx"), "Milestones", {"G3": "next spring", "I3": "purple"})
    parsed = read_return(path)
    assert [(p.sheet, p.cell, p.value, p.message) for p in parsed.problems] == [
        (
            "Milestones",
            "G3",
            "next spring",
            "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date.",
        ),
        (
            "Milestones",
            "I3",
            "purple",
            "rating ('rag') must be one of the ratings: Red, Amber/Red, Amber, Amber/Green, Green, "
            "Complete or Not assessed (or a red, amber or green fill), or a word listed in "
            "data/rating_vocabulary.csv (No DCA, Reset, Exempt, N/A, Not rated, On track, Ahead, Delayed, "
            "Blocked, Unavailable); to use another word, add it to that file with the rating it means.",
        ),
    ]
    assert parsed.tables["milestones"]["forecast_date"].isna().tolist() == [False, True]


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!"])
def test_excel_error_values_are_problems_not_blanks(tmp_path, error):
    path = edit(valid_return(tmp_path / "r.xlsx"), "Actuals", {"D2": error, "C3": error})
    parsed = read_return(path)
    assert [(p.sheet, p.cell, p.value, p.message) for p in parsed.problems] == [  # column by column
        (
            "Actuals",
            "C3",
            error,
            f"area code ('area_code') is an Excel error ({error}): correct the formula or type the value in.",
        ),
        (
            "Actuals",
            "D2",
            error,
            f"actual value ('actual_value') is an Excel error ({error}): correct the formula or type the value in.",
        ),
    ]


def test_filled_and_unfilled_blank_ratings_side_by_side(tmp_path):
    path = edit(
        valid_return(tmp_path / "r.xlsx"), "Delivery chain", {}, {"G2": PatternFill("solid", fgColor="FF00B050")}
    )
    assert read_return(path).tables["chain_nodes"]["rag"].tolist() == ["Green", None, "Red"]


def test_formula_cached_values_are_read(tmp_path):
    import io
    import zipfile

    with zipfile.ZipFile(valid_return(tmp_path / "r.xlsx")) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet9.xml"  # Budget: E2 (spent) becomes a formula Excel has calculated
    parts[sheet] = parts[sheet].replace(
        b'<c r="E2"><v>1200000</v></c>', b'<c r="E2"><f>C2-1300000</f><v>1200000</v></c>'
    )
    assert b"<f>C2-1300000</f>" in parts[sheet]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert read_return(buf.getvalue()).tables["budget"]["spent"].tolist() == [1200000.0]


def test_about_values_come_from_the_value_column_when_there_is_one(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "About"
    ws.append(["Field", "Value", "Help"])
    ws.append(["department", "DfE", "Your department's code"])
    ws.append(["prepared_by", None, "Who prepared this return"])
    wb.save(tmp_path / "about.xlsx")
    parsed = read_return(tmp_path / "about.xlsx")
    assert parsed.about["department"] == "DfE"
    assert parsed.about["prepared_by"] is None
    assert parsed.about_cells == {"department": "B2", "prepared_by": "B3"}


@pytest.mark.parametrize(
    "sheet, cell, value, number_format, table, column, expected",
    [
        ("Actuals", "D2", 0.45, "0%", "actuals", "actual_value", 45.0),
        ("Actuals", "D2", 1.5, "0.0%", "actuals", "actual_value", 150.0),
        ("Actuals", "D2", 0.45, "0.00", "actuals", "actual_value", 0.45),
        ("Actuals", "D2", "45%", "0%", "actuals", "actual_value", 45.0),  # text in a % cell: already per cent
        ("Indicators", "L2", 1.5, "0%", "indicators", "tolerance_pct", 150.0),
        ("Budget", "C2", 0.5, "0%", "budget", "allocated", 0.5),  # money is never a percentage
    ],
)
def test_numbers_shown_as_percentages_are_per_cent(
    tmp_path, sheet, cell, value, number_format, table, column, expected
):
    path = edit(valid_return(tmp_path / "r.xlsx"), sheet, {cell: value})
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell].number_format = number_format
    wb.save(path)
    assert read_return(path).tables[table][column].tolist()[0] == expected
