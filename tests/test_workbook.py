"""The blank template and the return writer: sheets, README, dropdowns, values that read back."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from delivery.reference.departments import read_departments
from delivery.reference.ratings import ALL_RATINGS, vocabulary_words
from delivery.returns.contract import ABOUT_FIELDS, SHEETS, SHEETS_BY_NAME, TEMPLATE_VERSION
from delivery.returns.reader import read_return
from delivery.returns.validate import check_return
from delivery.returns.workbook import write_return, write_template

TODAY = dt.date(2026, 11, 23)
CONTRACT_SHEETS = [s.name for s in SHEETS]
CODES = list(read_departments()["code"])


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = write_template(tmp_path_factory.mktemp("tpl") / "template.xlsx")
    return openpyxl.load_workbook(path)


def _validations(ws) -> dict[str, tuple]:
    """sqref -> (type, formula1, showErrorMessage) of every data validation on a sheet."""
    return {
        str(dv.sqref): (dv.type, dv.formula1, bool(dv.showErrorMessage)) for dv in ws.data_validations.dataValidation
    }


def test_template_sheets_in_order_with_hidden_lists(template):
    assert template.sheetnames == ["README", "About", *CONTRACT_SHEETS, "Lists"]
    assert [ws.sheet_state for ws in template] == ["visible"] * 10 + ["hidden"]


def test_every_contract_sheet_has_a_bold_frozen_header(template):
    for sheet in SHEETS:
        ws = template[sheet.name]
        header = [c.value for c in ws[1]]
        assert header == list(sheet.column_names)
        assert all(c.font.b for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.max_row == 1


def test_date_columns_are_formatted_as_dates_and_columns_are_sized(template):
    ws = template["Milestones"]
    assert [ws.column_dimensions[col].number_format for col in "FGH"] == ["dd mmm yyyy"] * 3
    assert ws.column_dimensions["A"].number_format == "General"
    assert ws.column_dimensions["D"].width == 40  # title
    assert ws.column_dimensions["F"].width == 16  # baseline_date


def test_about_sheet_is_field_and_value_with_version(template):
    rows = [tuple(r) for r in template["About"].iter_rows(values_only=True)]
    assert rows == [
        ("field", "value"),
        ("department", None),
        ("period_end", None),
        ("prepared_by", None),
        ("template_version", TEMPLATE_VERSION),
    ]
    assert _validations(template["About"])["B2"] == ("list", "Lists!$B$2:$B$38", True)
    prompts = {str(dv.sqref): dv.prompt for dv in template["About"].data_validations.dataValidation}
    assert prompts["B3"] == ABOUT_FIELDS[1].help


def test_readme_explains_every_sheet_and_column(template):
    rows = [tuple(r) for r in template["README"].iter_rows(values_only=True)]
    assert rows[0][0] == f"Delivery return template, version {TEMPLATE_VERSION}"
    assert ("Template version", TEMPLATE_VERSION, None, None, None) in rows
    described = {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows if r[1]}
    for sheet in SHEETS:
        assert (sheet.name, None, None, None, sheet.help) in rows
        for c in sheet.columns:
            required, allowed, help_text = described[(sheet.name, c.name)]
            assert (required, help_text) == (c.requirement, c.help)
    for f in ABOUT_FIELDS:
        assert described[("About", f.name)][2] == f.help
    assert described[("Milestones", "rag")][1] == (
        "Red, Amber/Red, Amber, Amber/Green, Green, Complete, Not assessed (three-point returns: Red, Amber, Green), "
        "or a word of the rating vocabulary: No DCA, Reset, Exempt, N/A, Not rated, On track, Ahead, Delayed, "
        "Blocked, Unavailable"
    )
    assert any("make the template again" in str(r[1]) for r in rows if r[0] == "Made from")
    assert described[("Risks", "escalation")][1] == "none, centre, minister"
    assert any("Amber/Green" in str(r[1]) for r in rows if r[0] == "Ratings")
    departments = rows[rows.index(("Departments", "name", None, None, None)) + 1 :]
    assert [r[0] for r in departments] == CODES
    assert ("DHSC", "Department of Health and Social Care", None, None, None) in departments
    bold = [r[0].value for r in template["README"].iter_rows() if r[0].font.b]
    assert bold == [rows[0][0], "sheet", "Departments"]


def test_a_column_a_return_may_leave_blank_says_so_in_the_readme_and_its_prompt(template):
    rows = [tuple(r) for r in template["README"].iter_rows(values_only=True)]
    allocated = (
        "Budget",
        "allocated",
        "expected",
        "pounds (negative for net income)",
        "Pounds allocated for the year. Leave it blank only if it cannot be shared: the row is kept, with a warning.",
    )
    assert allocated in rows
    assert [r for r in rows if r[2] == "expected"] == [allocated]  # the only one (see contract.py)
    assert (
        "Blanks",
        "In the table below, a column marked 'yes' must be filled on every row, or the return is "
        "refused. One marked 'expected' (Budget allocated) may be left blank when the value cannot be shared "
        "or is not known yet: the row is kept, with a warning. One marked 'no' may be left blank.",
        None,
        None,
        None,
    ) in rows
    prompts = {str(dv.sqref): dv.prompt for dv in template["Budget"].data_validations.dataValidation}
    assert prompts["C2:C1048576"] == allocated[4]


def test_lists_sheet_holds_every_vocabulary(template):
    columns = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in template["Lists"].iter_cols()}
    assert columns == {
        "rating": [*ALL_RATINGS, *vocabulary_words()],  # the dropdown suggests every word the reader accepts
        "department": CODES,
        "level": ["minister", "department", "agency", "region", "local", "frontline"],
        "stage": ["input", "activity", "output", "outcome", "impact"],
        "perspective": ["citizen", "financial", "process", "capacity"],
        "direction": ["up", "down"],
        "kind": ["risk", "issue", "barrier"],
        "score": [1, 2, 3, 4, 5],
        "escalation": ["none", "centre", "minister"],
        "status": ["open", "closed"],
    }


EXPECTED_DROPDOWNS = {
    "Priorities": {
        "E": ("Lists!$B$2:$B$38", True),
        "F": ("Lists!$B$2:$B$38", False),
        "K": ("Lists!$A$2:$A$18", False),
        "M": ("Lists!$A$2:$A$18", False),
    },  # centre_rag (optional)
    "Delivery chain": {"E": ("Lists!$C$2:$C$7", True), "G": ("Lists!$A$2:$A$18", False)},
    "Milestones": {"I": ("Lists!$A$2:$A$18", False)},
    "Indicators": {"E": ("Lists!$D$2:$D$6", True), "F": ("Lists!$E$2:$E$5", True), "G": ("Lists!$F$2:$F$3", True)},
    "Trajectory": {},
    "Actuals": {},
    "Risks": {
        "C": ("Lists!$G$2:$G$4", True),
        "F": ("Lists!$H$2:$H$6", True),
        "G": ("Lists!$H$2:$H$6", True),
        "H": ("Lists!$I$2:$I$4", True),
        "I": ("Lists!$J$2:$J$3", True),
    },
    "Budget": {},
}


@pytest.mark.parametrize("sheet_name", CONTRACT_SHEETS)
def test_dropdown_on_every_closed_vocabulary_column(template, sheet_name):
    found = _validations(template[sheet_name])
    lists = {ref[0]: (formula, strict) for ref, (kind, formula, strict) in found.items() if kind == "list"}
    assert lists == EXPECTED_DROPDOWNS[sheet_name]
    sheet = SHEETS_BY_NAME[sheet_name]
    letters = [openpyxl.utils.get_column_letter(i) for i in range(1, len(sheet.columns) + 1)]
    assert sorted(found) == sorted(f"{x}2:{x}1048576" for x in letters)  # every column has its help prompt
    closed = {letters[i] for i, c in enumerate(sheet.columns) if c.kind in ("rating", "choice")}
    assert closed <= set(lists)


def test_blank_template_only_lacks_the_about_fields(tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    _, problems = check_return(path, CODES, TODAY)
    assert [(p.where, p.value) for p in problems] == [("About!B2", ""), ("About!B3", ""), ("About!B4", "")]
    wb = openpyxl.load_workbook(path)
    wb["About"]["B2"], wb["About"]["B3"], wb["About"]["B4"] = "DHSC", dt.date(2026, 9, 30), "A. Analyst"
    wb["Priorities"].append(["HEA-01", "Cut waits", None, None, "DHSC", "HMT, DfE", None, None, None, None, "A/G"])
    wb.save(path)
    parsed, problems = check_return(path, CODES, TODAY)
    assert problems == []
    assert parsed.tables["priorities"]["rag"].tolist() == ["Amber/Green"]


ABOUT = {"department": "DHSC", "period_end": dt.date(2026, 9, 30), "prepared_by": "A. Analyst"}


def test_default_return_has_only_contract_sheets_and_values_read_back(tmp_path):
    rows = [
        {
            "priority_id": "HEA-01",
            "financial_year": "2026-27",
            "allocated": 1_250_000,
            "forecast": float("nan"),
            "spent": 2.5,
        }
    ]
    chain = pd.DataFrame(
        {
            "priority_id": ["HEA-01"],
            "node_id": [" <N&1> "],
            "parent_node_id": [None],
            "name": ['Trusts "A" & B'],
            "level": ["local"],
        }
    )
    path = write_return(
        tmp_path / "r.xlsx",
        ABOUT,
        {
            "budget": rows,
            "Delivery chain": chain,
            "Milestones": [{"baseline_date": pd.Timestamp("2027-03-31"), "forecast_date": dt.datetime(2027, 4, 1, 15)}],
        },
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["About", *CONTRACT_SHEETS]
    assert list(wb["Budget"].iter_rows(min_row=2, values_only=True)) == [
        ("HEA-01", "2026-27", 1250000, None, 2.5, None, None, None)  # the last: variance_narrative
    ]
    assert list(wb["Delivery chain"].iter_rows(min_row=2, values_only=True)) == [
        ("HEA-01", " <N&1> ", None, 'Trusts "A" & B', "local", None, None, None)
    ]
    ms = list(wb["Milestones"].iter_rows(min_row=2, values_only=True))[0]
    assert ms[5:7] == (dt.datetime(2027, 3, 31), dt.datetime(2027, 4, 1))
    assert wb["About"]["B3"].value == dt.datetime(2026, 9, 30)
    assert wb["About"]["B5"].value == TEMPLATE_VERSION
    assert _validations(wb["Priorities"]) == {}


def test_nullable_and_numpy_values_are_written_as_values(tmp_path):
    frame = pd.DataFrame(
        {
            "priority_id": ["HEA-01", "HEA-02"],
            "financial_year": ["2026-27", "2026-27"],
            "allocated": pd.array([5, None], dtype="Int64"),
            "forecast": [1.5, float("nan")],
            "spent": pd.array([True, False]),
        }
    )
    path = write_return(tmp_path / "n.xlsx", ABOUT, {"Budget": frame})
    rows = list(openpyxl.load_workbook(path)["Budget"].iter_rows(min_row=2, values_only=True))
    # The last two columns are the optional whole-life costs, left blank here.
    assert rows == [
        ("HEA-01", "2026-27", 5, 1.5, True, None, None, None),
        ("HEA-02", "2026-27", None, None, False, None, None, None),
    ]


def test_styled_return_looks_like_the_template_and_loads(tmp_path):
    tables = {
        "Priorities": [
            {
                "priority_id": "HEA-01",
                "title": "Cut waits",
                "lead_department": "DHSC",
                "rag": "Green",
                "target_date": dt.date(2029, 3, 31),
            }
        ]
    }
    path = write_return(tmp_path / "s.xlsx", ABOUT, tables, styled=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["README", "About", *CONTRACT_SHEETS, "Lists"]
    assert _validations(wb["Priorities"])["K2:K1048576"] == ("list", "Lists!$A$2:$A$18", False)
    parsed, problems = check_return(path, CODES, TODAY)
    assert problems == []
    assert parsed.tables["priorities"]["target_date"].tolist() == [pd.Timestamp("2029-03-31")]


def test_same_data_gives_the_same_bytes(tmp_path):
    tables = {"Budget": [{"priority_id": "HEA-01", "financial_year": "2026-27", "allocated": 5}]}
    one = write_return(tmp_path / "1.xlsx", ABOUT, tables, styled=True).read_bytes()
    two = write_return(tmp_path / "2.xlsx", ABOUT, tables, styled=True).read_bytes()
    assert one == two


HOSTILE_TEXT = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1)",
    "http://evil.example/",
    "mailto:a@b.example",
    "007",
    "1e5",
    "{=A1}",
]


def test_text_is_written_as_text_never_a_formula_link_or_number(tmp_path):
    rows = [{"priority_id": f"HEA-0{n}", "title": text, "commentary": text} for n, text in enumerate(HOSTILE_TEXT)]
    path = write_return(tmp_path / "h.xlsx", ABOUT | {"prepared_by": HOSTILE_TEXT[0]}, {"Priorities": rows})
    wb = openpyxl.load_workbook(path)
    ws = wb["Priorities"]
    cells = [(c.value, c.data_type, c.hyperlink) for row in ws.iter_rows(min_row=2, min_col=2, max_col=2) for c in row]
    assert cells == [(text, "s", None) for text in HOSTILE_TEXT]
    assert [c.data_type for c in ws["L"][1:]] == ["s"] * len(HOSTILE_TEXT)
    assert (wb["About"]["B4"].value, wb["About"]["B4"].data_type) == (HOSTILE_TEXT[0], "s")
    parsed = read_return(path)
    assert parsed.tables["priorities"]["title"].tolist() == HOSTILE_TEXT


def test_text_that_looks_like_an_xml_escape_or_holds_a_control_character_reads_back_as_typed(tmp_path):
    texts = [
        "_x0041_ stays as typed",
        "_X004a_ and _x005F_x0041_",
        "tab\there",
        "bell\x07rings",
        "no\uffffchar",
        "<b>&amp;</b>",
    ]
    rows = [{"priority_id": f"HEA-0{n}", "title": text} for n, text in enumerate(texts)]
    path = write_return(tmp_path / "x.xlsx", ABOUT, {"Priorities": rows})
    expected = [text.replace("\uffff", "") for text in texts]  # U+FFFF is no character: dropped, file still reads
    assert read_return(path).tables["priorities"]["title"].tolist() == expected


def test_dates_before_march_1900_read_back_as_written(tmp_path):
    """Excel counts a 29 Feb 1900 that never was: the day numbers of earlier dates are one lower."""
    import datetime as dt

    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    from delivery.returns.xlsx_writer import SheetSpec, write_xlsx

    dates = [dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(2026, 6, 30)]
    path = write_xlsx(
        tmp_path / "d.xlsx", [SheetSpec("S", [["d"], *[[d] for d in dates]], date_columns=frozenset({0}))]
    )
    assert [r[0] for r in CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()[1:]] == dates
    assert [c.value.date() for c in load_workbook(path)["S"]["A"][1:]] == dates
