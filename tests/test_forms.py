"""Departments' own forms through a datamap (delivery/forms/): what lands, problems at the form's own cells,
the command line, the marked-up copy of their form, and the archive and rebuild from the original form."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from delivery.forms.datamap import DatamapError, read_datamap
from delivery.forms.translate import Form, check_form
from delivery.reference.departments import department_lookup
from delivery.returns.reader import read_return
from delivery.store import archive
from delivery.store.loader import load_returns
from delivery.store.rebuild import rebuild
from delivery.store.versions import Store
from tests.test_cli import run
from tests.test_hostile_files import workbook_parts, zip_bytes
from tests.test_loader import make_return, snapshot
from tests.test_parser_safety import FAR, far_cell

DATAMAP = """field,sheet,cell,type,words,value
About.department,Introduction,C9,TEXT,Department for Education=DfE|Department of Education=DfE,
About.period_end,Introduction,C17,DATE,,
About.prepared_by,Introduction,C20,TEXT,,
Priorities.priority_id,Introduction,C12,TEXT,,
Priorities.title,Introduction,C11,TEXT,,
Priorities.lead_department,Introduction,C9,TEXT,Department for Education=DfE|Department of Education=DfE,
Priorities.rag,Rating,E7,TEXT,Green=Green|Amber=Amber|Red=Red|Amber/Green=Amber/Green,
Milestones[1].priority_id,Introduction,C12,TEXT,,
Milestones[1].milestone_id,,,TEXT,,EDU-01-M1
Milestones[1].title,Milestones,D7,TEXT,,
Milestones[1].baseline_date,Milestones,F7,DATE,,
Milestones[1].forecast_date,Milestones,G7,DATE,,
Milestones[2].priority_id,Introduction,C12,TEXT,,
Milestones[2].milestone_id,,,TEXT,,EDU-01-M2
Milestones[2].title,Milestones,D8,TEXT,,
Milestones[2].baseline_date,Milestones,F8,DATE,,
Milestones[2].forecast_date,Milestones,G8,DATE,,
Milestones[3].priority_id,Introduction,C12,TEXT,,
Milestones[3].milestone_id,,,TEXT,,EDU-01-M3
Milestones[3].title,Milestones,D9,TEXT,,
Milestones[3].baseline_date,Milestones,F9,DATE,,
"""


def make_form(path: Path, *, date_cell: str = "C17", rating: str = "Amber/Green", title: str = "Reading at 11") -> Path:
    """A department's own form, in its own layout: labels in column B, values in C; a rating sheet; milestones."""
    wb = Workbook()
    intro = wb.active
    intro.title = "Introduction"
    intro["B9"], intro["C9"] = "Department", "Department for Education"
    intro["B11"], intro["C11"] = "Project name", title
    intro["B12"], intro["C12"] = "Project ID", "EDU-01"
    intro["B17"] = "Snapshot date"
    intro[date_cell] = dt.date(2026, 3, 31)
    intro["B20"], intro["C20"] = "Working contact", "Ada Byron"
    wb.create_sheet("Rating")["E7"] = rating
    ms = wb.create_sheet("Milestones")
    ms.append([])
    ms["D7"], ms["F7"], ms["G7"] = "Phonics check redesigned", dt.date(2026, 1, 31), dt.date(2026, 2, 28)
    ms["D8"], ms["F8"], ms["G8"] = "Tutors recruited", dt.date(2026, 6, 30), dt.date(2026, 9, 30)
    wb.save(path)  # row 9 of Milestones is blank: an unused line of their form
    return path


@pytest.fixture
def datamap(tmp_path) -> Path:
    path = tmp_path / "edu.csv"
    path.write_text(DATAMAP, encoding="utf-8")
    return path


def test_a_form_lands_in_our_return_through_its_datamap(tmp_path, datamap):
    parsed, problems, _ = check_form(make_form(tmp_path / "edu.xlsx"), read_datamap(datamap), department_lookup())
    assert problems == []
    assert parsed.about == {
        "department": "DfE",
        "period_end": dt.date(2026, 3, 31),
        "prepared_by": "Ada Byron",
        "template_version": "1.0",
    }
    priority = parsed.tables["priorities"]
    assert priority[["priority_id", "title", "lead_department", "rag"]].values.tolist() == [
        ["EDU-01", "Reading at 11", "DfE", "Amber/Green"]
    ]
    milestones = parsed.tables["milestones"]
    assert milestones[["milestone_id", "title"]].values.tolist() == [
        ["EDU-01-M1", "Phonics check redesigned"],
        ["EDU-01-M2", "Tutors recruited"],
    ]  # the third line of their milestones is blank, so no row: its fixed ID alone does not make one
    assert milestones["forecast_date"].dt.date.tolist() == [dt.date(2026, 2, 28), dt.date(2026, 9, 30)]


def test_a_moved_cell_is_a_problem_at_the_forms_own_cell(tmp_path, datamap):
    form = make_form(tmp_path / "edu.xlsx", date_cell="C18")  # the department moved its date down a row
    _, problems, _ = check_form(form, read_datamap(datamap), department_lookup())
    assert [(p.where, p.value, p.message) for p in problems] == [
        (
            "Introduction!C17",
            "",
            "period end ('period_end') is required: The last day of the period this return covers: the 'as at' "
            "date of every figure in it. (This cell is About.period_end in our return.)",
        )
    ]


def test_a_word_outside_the_maps_translations_names_the_word_and_the_cell(tmp_path, datamap):
    form = make_form(tmp_path / "edu.xlsx", rating="Amber-ish")
    _, problems, _ = check_form(form, read_datamap(datamap), department_lookup())
    assert [(p.where, p.value, p.message) for p in problems] == [
        (
            "Rating!E7",
            "Amber-ish",
            "'Amber-ish' is not a word the datamap translates for Priorities[1].rag (line 8); it translates "
            "'Green', 'Amber', 'Red', 'Amber/Green'. Correct the cell, or add the word to the datamap.",
        )
    ]  # and not also "the rating is required" there: the word is the one problem


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "Priorities.colour,Rating,E7,TEXT,,",
            "Line 2 of the datamap bad.csv: the sheet Priorities has no column 'colour'.",
        ),
        ("Projects.title,Rating,E7,TEXT,,", "Line 2 of the datamap bad.csv: our return has no sheet 'Projects'."),
        (
            "Priorities.title,Rating,E77777777,TEXT,,",
            "Line 2 of the datamap bad.csv: 'E77777777' is not a cell reference like C17.",
        ),
        (
            "Priorities.title,,,TEXT,,",
            "Line 2 of the datamap bad.csv: give both their sheet and their cell, or neither and a fixed value.",
        ),
        (
            "Priorities.rag,Rating,E7,TEXT,Amber,",
            "Line 2 of the datamap bad.csv: the words must be written theirs=ours, separated by |; 'Amber' is not.",
        ),
    ],
)
def test_a_bad_datamap_line_is_refused_by_its_line(tmp_path, line, message):
    path = tmp_path / "bad.csv"
    path.write_text("field,sheet,cell,type,words,value\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DatamapError) as refused:
        read_datamap(path)
    assert str(refused.value) == message


def test_map_writes_our_return_or_marks_the_problems_on_their_form(capsys, tmp_path, datamap):
    good, moved = make_form(tmp_path / "good.xlsx"), make_form(tmp_path / "moved.xlsx", date_cell="C18")
    code, out, err = run(capsys, "map", "--datamap", datamap, good, moved, tmp_path / "out")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"Wrote DfE's return for 31 Mar 2026 to {tmp_path / 'out' / 'good.xlsx'}.",
        "moved.xlsx: Introduction!C17: period end ('period_end') is required: The last day of the period this "
        "return covers: the 'as at' date of every figure in it. (This cell is About.period_end in our return.)",
        f"Not mapped: moved.xlsx has problems; they are marked on {tmp_path / 'out' / 'moved (problems).xlsx'}.",
    ]
    marked = load_workbook(tmp_path / "out" / "moved (problems).xlsx")
    assert marked.sheetnames == ["Problems", "Introduction", "Rating", "Milestones"]  # their own form, marked
    cell = marked["Introduction"]["C17"]
    assert (cell.fill.fgColor.rgb, cell.comment.text.splitlines()[0]) == (
        "FFFFC7CE",
        "period end ('period_end') is required: The last day of the period this return covers: the 'as at' "
        "date of every figure in it. (This cell is About.period_end in our return.)",
    )
    code, out, _ = run(capsys, "validate", "--datamap", datamap, good, "--db", tmp_path / "none")
    assert (code, out.splitlines()[-1]) == (0, "good.xlsx: no problems.")


@pytest.mark.slow  # loads through the command line's main()
def test_a_form_loads_keeps_the_original_and_the_map_and_rebuilds_from_them(capsys, tmp_path, datamap):
    form = make_form(tmp_path / "edu.xlsx")
    code, out, _ = run(capsys, "load", "--datamap", datamap, form, "--db", tmp_path / "store", "--by", "ana")
    assert (code, out.splitlines()[-1]) == (
        0,
        "Loaded DfE's return for 31 Mar 2026 (load 1): Priorities 1, Delivery chain 0, Milestones 2, Indicators 0, "
        "Trajectory 0, Actuals 0, Risks 0, Budget 0.",
    )
    store = Store(tmp_path / "store")
    [entry] = archive.read_log(store.archive)
    map_sha = read_datamap(datamap).sha256
    assert {k: v for k, v in entry["form"].items() if k != "sha256"} == {
        "file_name": "edu.xlsx",
        "datamap": "edu.csv",
        "datamap_sha256": map_sha,
    }
    assert archive.read_original(store.archive, entry["form"]["sha256"]) == form.read_bytes()
    assert archive.read_original(store.archive, map_sha, ".csv") == datamap.read_bytes()
    assert archive.original_of_load(store.archive, 1, entry["sha256"]) == form.read_bytes()  # the Loads page's
    before = rows_of(store)
    archive.original_path(store.archive, entry["sha256"]).unlink()  # our translation gone: the form is the record
    assert rebuild(store.root) == 1
    assert rows_of(store) == before
    rebuilt = Store(tmp_path / "copy")
    assert rebuild(store.root, rebuilt.root) == 1 and rows_of(rebuilt) == before


def rows_of(store: Store) -> dict:
    """Every table's rows (not the version's name, which a rebuild moves on)."""
    return {k: v for k, v in snapshot(store).items() if k != "version"}


def test_load_through_the_map_twice_is_unchanged(tmp_path, datamap):
    store = Store(tmp_path / "store")
    form = make_form(tmp_path / "edu.xlsx")
    source = Form("edu.xlsx", form.read_bytes(), read_datamap(datamap))
    assert load_returns(store, [source], "ana").files[0].outcome == "loaded"
    again = load_returns(store, [source], "ana").files[0]
    assert (again.outcome, again.message) == (
        "unchanged",
        "edu.xlsx was already loaded for DfE 31 Mar 2026 (load 1); nothing changed.",
    )


@pytest.mark.slow  # loads through the command line's main()
def test_load_json_tells_a_forms_problems_at_its_cells(capsys, tmp_path, datamap):
    form = make_form(tmp_path / "edu.xlsx", rating="Purple")
    code, out, _ = run(capsys, "load", "--datamap", datamap, form, "--db", tmp_path / "store", "--json")
    [problem] = json.loads(out)["files"][0]["problems"]
    assert (code, problem["where"], problem["value"]) == (1, "Rating!E7", "Purple")


COLUMN_MAP = """field,column,words,value,times
About.department,Department,Department for Transport=DfT|Department for Education=DfE,,
About.period_end,Snapshot date,,,
About.prepared_by,,,Centre analyst,
Priorities.priority_id,Project ID,,,
Priorities.title,Project,,,
Priorities.lead_department,Department,Department for Transport=DfT|Department for Education=DfE,,
Priorities.rag,DCA,,,
Budget.priority_id,Project ID,,,
Budget.financial_year,Year,,,
Budget.allocated,Budget (£m),,,1000000
"""
TABLE = [
    ("Department", "Snapshot date", "Project ID", "Project", "DCA", "Year", "Budget (£m)"),
    ("Department for Transport", dt.date(2026, 3, 31), "TRA-01", "Rail upgrade", "Amber", "2025-26", 12.5),
    ("Department for Transport", dt.date(2026, 3, 31), "TRA-02", "Road safety", "Green", "2025-26", 3),
    ("Department for Education", dt.date(2026, 3, 31), "EDU-01", "Reading at 11", "Red", "2025-26", 40.25),
    (),
    ("Department for Transport", dt.date(2026, 6, 30), "TRA-01", "Rail upgrade", "Amber/Red", "2026-27", 13),
]


def make_table(path: Path, rows=TABLE) -> Path:
    """A flat table, one row per project per department and period, under a title line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Projects"
    ws.append(["Major projects, as published"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def column_map(tmp_path) -> Path:
    path = tmp_path / "projects.csv"
    path.write_text(COLUMN_MAP, encoding="utf-8")
    return path


@pytest.mark.slow  # loads through the command line's main()
def test_a_flat_table_loads_into_one_return_per_department_and_period(capsys, tmp_path, column_map):
    table = make_table(tmp_path / "projects.xlsx")
    code, out, _ = run(capsys, "load", "--columns", column_map, table, "--db", tmp_path / "store")
    counts = "Delivery chain 0, Milestones 0, Indicators 0, Trajectory 0, Actuals 0, Risks 0"
    assert (code, out.splitlines()) == (
        0,
        [
            f"Loaded DfT's return for 31 Mar 2026 (load 1): Priorities 2, {counts}, Budget 2.",
            f"Loaded DfE's return for 31 Mar 2026 (load 2): Priorities 1, {counts}, Budget 1.",
            f"Loaded DfT's return for 30 Jun 2026 (load 3): Priorities 1, {counts}, Budget 1.",
        ],
    )
    con = Store(tmp_path / "store").connect_read()
    with con:
        assert con.execute(
            "SELECT department, return_period, priority_id, title, rag FROM priorities ORDER BY ALL"
        ).fetchall() == [
            ("DfE", dt.date(2026, 3, 31), "EDU-01", "Reading at 11", "Red"),
            ("DfT", dt.date(2026, 3, 31), "TRA-01", "Rail upgrade", "Amber"),
            ("DfT", dt.date(2026, 3, 31), "TRA-02", "Road safety", "Green"),
            ("DfT", dt.date(2026, 6, 30), "TRA-01", "Rail upgrade", "Amber/Red"),
        ]
        assert con.execute("SELECT priority_id, financial_year, allocated FROM budget ORDER BY ALL").fetchall() == [
            ("EDU-01", "2025-26", 40_250_000.0),
            ("TRA-01", "2025-26", 12_500_000.0),
            ("TRA-01", "2026-27", 13_000_000.0),
            ("TRA-02", "2025-26", 3_000_000.0),
        ]
    store = Store(tmp_path / "store")
    entries = archive.read_log(store.archive)
    assert [e["form"]["kind"] for e in entries] == ["columns"] * 3
    assert archive.read_original(store.archive, entries[0]["form"]["sha256"]) == table.read_bytes()
    before = rows_of(store)
    for entry in entries:  # our translations gone: the table and the column map are the record
        archive.original_path(store.archive, entry["sha256"]).unlink()
    assert rebuild(store.root) == 3 and rows_of(store) == before


def test_a_flat_tables_problem_is_told_at_its_own_cell(capsys, tmp_path, column_map):
    rows = [*TABLE[:3], ("Department for Transport", dt.date(2026, 3, 31), "TRA-03", "Ports", "Purple", "2025-26", 1)]
    table = make_table(tmp_path / "projects.xlsx", rows)
    code, out, _ = run(capsys, "validate", "--columns", column_map, table, "--db", tmp_path / "none")
    assert code == 1
    [problem] = [line for line in out.splitlines() if "Projects!" in line]
    assert problem.startswith(
        "projects.xlsx (DfT, 31/03/2026): Projects!E5: rating ('rag') must be one of the ratings: Red, Amber/Red"
    )
    assert problem.endswith("(This cell is Priorities[3].rag in our return.) (found 'Purple')")


def test_the_datamap_of_our_template_reads_our_own_return_as_it_is(capsys, tmp_path):
    code, out, _ = run(capsys, "datamap", "--from-template", tmp_path / "ours.csv")
    assert (code, out) == (
        0,
        f"Wrote the datamap of our template (10 rows of each sheet) to {tmp_path / 'ours.csv'}.\n",
    )
    ours = make_return(tmp_path / "DfE.xlsx")
    parsed, problems, _ = check_form(ours, read_datamap(tmp_path / "ours.csv"), department_lookup())
    direct = read_return(ours)
    assert problems == [] and parsed.about == direct.about
    for table, frame in direct.tables.items():
        assert parsed.tables[table].drop(columns="_row").equals(frame.drop(columns="_row")), table


def blank_form(path: Path) -> Path:
    """The department's blank form: its labels, no values."""
    wb = load_workbook(make_form(path))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.column_letter != "B":
                    cell.value = None
    wb.save(path)
    return path


@pytest.mark.slow  # loads through the command line's main()
def test_round_trip_load_export_into_their_form_and_load_again_leaves_the_store_unchanged(capsys, tmp_path, datamap):
    db = tmp_path / "store"
    assert run(capsys, "load", "--datamap", datamap, make_form(tmp_path / "edu.xlsx"), "--db", db)[0] == 0
    store = Store(db)
    before = rows_of(store)
    out = tmp_path / "edu-again.xlsx"
    code, said, _ = run(
        capsys,
        "export",
        "--datamap",
        datamap,
        "--form",
        blank_form(tmp_path / "blank.xlsx"),
        "--department",
        "DfE",
        "--db",
        db,
        out,
    )
    assert (code, said) == (0, f"Wrote DfE's return for 31 Mar 2026 in its own form to {out}.\n")
    filled = load_workbook(out)
    assert (filled["Introduction"]["B9"].value, filled["Introduction"]["C9"].value) == (
        "Department",
        "Department for Education",  # our code turned back into their words
    )
    assert filled["Milestones"]["D8"].value == "Tutors recruited"
    code, said, _ = run(capsys, "load", "--datamap", datamap, out, "--db", db)
    assert (code, said) == (0, "edu-again.xlsx was already loaded for DfE 31 Mar 2026 (load 1); nothing changed.\n")
    assert {k: v for k, v in rows_of(store).items() if k != "loads"} == {
        k: v for k, v in before.items() if k != "loads"
    }


def test_a_hostile_form_is_refused_like_a_hostile_return(tmp_path, datamap):
    """A far cell that would make calamine ask for ~500 GB, in a form: one sentence, the caller carries on."""
    parts = far_cell(workbook_parts(tmp_path), b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    parsed, problems, mapped = check_form(
        zip_bytes(parts), read_datamap(datamap), department_lookup(), file_name="return.xlsx"
    )
    assert (parsed, mapped, [(p.where, p.message) for p in problems]) == (None, None, [("(file)", FAR)])


def test_a_text_file_named_xlsm_is_not_a_form(tmp_path, datamap):
    fake = tmp_path / "form.xlsm"
    fake.write_text("field,value\nDepartment,DfE\n", encoding="utf-8")
    _, problems, _ = check_form(fake, read_datamap(datamap), department_lookup())
    assert [p.message for p in problems] == [
        "form.xlsm is a text file (a CSV or similar renamed), not an .xlsx workbook. Open it in Excel and save it "
        "as 'Excel Workbook (.xlsx)', then try again."
    ]


def test_a_flat_table_without_a_mapped_column_says_which(capsys, tmp_path, column_map):
    table = make_table(tmp_path / "projects.xlsx", [tuple(c for c in row if c != "DCA")[:4] for row in TABLE[:2]])
    code, out, _ = run(capsys, "validate", "--columns", column_map, table, "--db", tmp_path / "none")
    assert (code, out.splitlines()[1:]) == (
        1,
        [
            "projects.xlsx: Projects: The header row has no column 'DCA', 'Year', 'Budget (£m)', which the column "
            "map projects.csv maps; the first row holding the most of its columns is row 2.",
            "1 problem to fix in projects.xlsx.",
        ],
    )
