"""The real DfT major-projects form (bcompiler's dft1_tmp.xlsm, MIT licence) through data/datamaps/dft.csv:
the fields that land, exactly. Read from the shared real-workbooks folder; skipped, saying where it
looked, when that folder is absent (tests/real_workbooks.py)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from delivery import ROOT
from delivery.forms.datamap import read_datamap
from delivery.forms.fill import fill_form
from delivery.forms.translate import Form
from delivery.returns.annotate import annotate_workbook
from delivery.store.export import return_as_stored
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests import real_workbooks

pytestmark = real_workbooks.needed
FORM = real_workbooks.FOLDER / "government" / "dft_datamaps" / "dft1_tmp.xlsm"
DATAMAP = ROOT / "data" / "datamaps" / "dft.csv"
PROJECT = "ARE_0024_1516-Q4"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("dft") / "store")
    report = load_returns(store, [Form(FORM.name, FORM.read_bytes(), read_datamap(DATAMAP))], "ana")
    return store, report.files[0]


def test_the_dft_form_loads_through_its_datamap_with_one_warning_at_its_own_cell(loaded, record_property):
    real_workbooks.record(record_property, f"1 form, {FORM.name}")
    _, result = loaded
    assert (result.outcome, result.department, result.period_end) == ("loaded", "DfT", dt.date(2019, 6, 30))
    assert result.row_counts == {
        "Priorities": 1,
        "Delivery chain": 0,
        "Milestones": 38,
        "Indicators": 0,
        "Trajectory": 0,
        "Actuals": 0,
        "Risks": 1,
        "Budget": 10,
    }
    assert [str(p) for p in result.problems] == [
        "Warning: 6a - Milestones - Approvals!G13: baseline date ('baseline_date') is before 2000: check it is "
        "the date meant. (This cell is Milestones[7].baseline_date in our return.) (found '01/01/1923')"
    ]


def rows(store: Store, table: str, columns: str) -> list[tuple]:
    con = store.connect_read()
    with con:
        return con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


def test_the_priority_lands_with_the_forms_values(loaded):
    store, _ = loaded
    assert rows(store, "priorities", "priority_id, title, theme, lead_department, senior_responsible_owner, rag") == [
        (
            PROJECT,
            "Universal Cantilever Bridge over the River Styx",
            "Legotown Operations Reform (Transformation)",
            "DfT",
            "Tommy Glenson",
            "Amber/Green",
        )
    ]


def test_milestones_risks_and_budget_land_from_their_own_sheets(loaded):
    store, _ = loaded
    milestones = rows(store, "milestones", "milestone_id, title, baseline_date, forecast_date")
    assert len(milestones) == 38
    assert milestones[0] == ("APPROVAL-1", "SOBC - Chutney (CBG) Approval", dt.date(2016, 7, 18), dt.date(2016, 7, 18))
    assert ("DELIVERY-25", "Start of Examination Period", dt.date(2019, 4, 3), dt.date(2051, 4, 3)) in milestones
    assert rows(store, "risks", "risk_id, kind, description, likelihood, impact, mitigation") == [
        ("RISK-1", "risk", "Funding might dry up", "3", "5", "Treat - Prevent")
    ]
    budget = rows(store, "budget", "financial_year, allocated, forecast")
    assert budget[:2] == [("2019-20", 30_420_000.0, 30_420_000.0), ("2020-21", 62_410_000.0, 62_410_000.0)]
    assert rows(store, "budget", "max(whole_life_cost_baseline)") == [(1_699_370_000.0,)]


def test_the_forms_macros_are_never_kept_in_what_we_write():
    assert "xl/vbaProject.bin" in zipfile.ZipFile(FORM).namelist()
    marked = annotate_workbook(FORM.read_bytes(), [], FORM.name)
    assert [n for n in zipfile.ZipFile(io.BytesIO(marked)).namelist() if "vba" in n.lower()] == []


def test_round_trip_through_dfts_own_blank_form_leaves_the_store_unchanged(tmp_path):
    """Load the form, fill DfT's blank form from the store through the same map, load that: nothing changes."""
    store, datamap = Store(tmp_path / "store"), read_datamap(DATAMAP)
    assert load_returns(store, [Form(FORM.name, FORM.read_bytes(), datamap)], "ana").ok
    blank = (FORM.parent / "blank_template.xlsm").read_bytes()
    filled = fill_form(blank, datamap, *return_as_stored(store, "DfT", None))
    again = load_returns(store, [Form("dft-again.xlsx", filled, datamap)], "ana").files[0]
    assert (again.outcome, again.message) == (
        "unchanged",
        "dft-again.xlsx was already loaded for DfT 30 Jun 2019 (load 1); nothing changed.",
    )
