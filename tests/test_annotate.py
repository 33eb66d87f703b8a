"""annotate_workbook: the analyst's own workbook back, with every bad cell marked and a Problems sheet."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment

from delivery.errors import NotAWorkbook
from delivery.returns.annotate import annotate_workbook
from delivery.returns.problems import Problem
from delivery.returns.workbook import write_return

ABOUT = {"department": "DfE", "period_end": dt.date(2026, 3, 31), "prepared_by": "Ana"}
MILESTONES = [
    {
        "priority_id": "EDU-01",
        "milestone_id": "M1",
        "title": "Contract signed",
        "baseline_date": dt.date(2026, 1, 31),
        "forecast_date": "31/02/2026",
    }
]


@pytest.fixture
def source(tmp_path) -> bytes:
    path = write_return(tmp_path / "DfE.xlsx", ABOUT, {"Milestones": MILESTONES})
    return path.read_bytes()


def _read(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_bad_cell_is_filled_light_red_with_the_message_as_a_comment(source):
    problem = Problem(
        "Milestones", "G2", "31/02/2026", "forecast_date must be a date, like 31/03/2027 or an Excel date."
    )
    wb = _read(annotate_workbook(source, [problem]))
    cell = wb["Milestones"]["G2"]
    assert cell.value == "31/02/2026"
    assert cell.fill.fill_type == "solid"
    assert cell.fill.fgColor.rgb == "FFFFC7CE"
    assert cell.comment.text == "forecast_date must be a date, like 31/03/2027 or an Excel date."
    assert cell.comment.author == "Delivery dashboard"
    assert wb["Milestones"]["F2"].fill.fill_type is None  # its neighbour is untouched
    assert wb["Milestones"]["F2"].comment is None


def test_two_problems_on_one_cell_share_one_comment(source):
    problems = [Problem("Milestones", "A2", "EDU-01", "First."), Problem("Milestones", "a2", "EDU-01", "Second.")]
    cell = _read(annotate_workbook(source, problems))["Milestones"]["A2"]
    assert cell.comment.text == "First.\nSecond."


def test_problems_sheet_lists_every_problem_first_and_is_the_sheet_shown(source):
    problems = [
        Problem("Milestones", "G2", "31/02/2026", "Not a date."),
        Problem("Risks", "", "", "The Risks sheet is missing the column 'status' (row 1): add it."),
        Problem("Budget sheet", "", "", "There is no sheet called 'Budget sheet'."),
    ]
    wb = _read(annotate_workbook(source, problems))
    assert wb.sheetnames[0] == "Problems"
    assert wb.active.title == "Problems"
    rows = [tuple(c.value for c in row) for row in wb["Problems"].iter_rows()]
    assert rows == [
        ("Sheet", "Cell", "Value found", "Problem"),
        ("Milestones", "G2", "31/02/2026", "Not a date."),
        ("Risks", None, None, "The Risks sheet is missing the column 'status' (row 1): add it."),
        ("Budget sheet", None, None, "There is no sheet called 'Budget sheet'."),
    ]
    assert wb["Problems"]["B2"].hyperlink.location == "'Milestones'!G2"
    assert wb["Problems"]["B3"].hyperlink is None


def test_sheet_names_match_loosely_and_odd_cell_refs_only_go_on_the_list(source):
    problems = [Problem("milestones", "$B$2", "M1", "Duplicate id."), Problem("Milestones", "G", "", "Whole column.")]
    wb = _read(annotate_workbook(source, problems))
    assert wb["Milestones"]["B2"].comment.text == "Duplicate id."
    assert [c.value for c in wb["Problems"]["D"]][1:] == ["Duplicate id.", "Whole column."]


def test_the_analysts_own_comment_is_kept_above_ours(tmp_path):
    wb = Workbook()
    wb.active.title = "Priorities"
    wb.active["K2"] = "Purple"
    wb.active["K2"].comment = Comment("Checked with the SRO.", "Ana")
    buf = io.BytesIO()
    wb.save(buf)
    out = _read(annotate_workbook(buf.getvalue(), [Problem("Priorities", "K2", "Purple", "Unknown rating.")]))
    assert out["Priorities"]["K2"].comment.text == "Checked with the SRO.\n\nUnknown rating."


def test_an_existing_problems_sheet_is_not_overwritten(tmp_path):
    wb = Workbook()
    wb.active.title = "Problems"
    wb.active["A1"] = "the analyst's own notes"
    buf = io.BytesIO()
    wb.save(buf)
    out = _read(annotate_workbook(buf.getvalue(), [Problem("About", "", "", "Missing sheet.")]))
    assert out.sheetnames == ["Problems (2)", "Problems"]
    assert out["Problems"]["A1"].value == "the analyst's own notes"


def test_a_file_that_is_not_a_workbook_is_refused_in_plain_words():
    with pytest.raises(NotAWorkbook, match=r"^notes\.xlsx "):
        annotate_workbook(b"priority_id,title\nEDU-01,Reading\n", [], "notes.xlsx")


def test_problems_workbook_lists_the_problems_alone():
    from delivery.returns.annotate import problems_workbook

    wb = _read(problems_workbook([Problem("Risks", "C4", "maybe", "kind must be risk, issue or barrier.")]))
    assert wb.sheetnames == ["Problems"]
    assert [c.value for c in wb["Problems"][2]] == ["Risks", "C4", "maybe", "kind must be risk, issue or barrier."]
