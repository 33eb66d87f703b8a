"""Export: a department's return as stored, written back out, loads again to the same rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from delivery.errors import DeliveryError
from delivery.returns.contract import SHEETS
from delivery.returns.reader import read_return
from delivery.returns.workbook import write_return
from delivery.store.export import export_return, export_return_bytes
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.test_loader import DEC, MAR, TODAY, make_return, return_tables


def rows_without_load_id(store: Store, department: str) -> dict:
    with store.connect_read() as con:
        frames = {s.table: con.table(s.table).df().drop(columns="load_id") for s in SHEETS}
    return {
        t: sorted(tuple(str(v) for v in r) for r in f[f["department"] == department].itertuples(index=False))
        for t, f in frames.items()
    }


def rich_return(path, period=MAR):
    """A return using optional columns and values a careless round trip would change."""
    tables = return_tables("DfE", period)
    tables["Priorities"][0] |= {
        "outcome": "More children read well",
        "theme": "Opportunity",
        "senior_responsible_owner": "Jo Bloggs",
        "centre_co_lead": "Sam",
        "target": "90% by 2028",
        "commentary": "1,234 schools; 45% done",
        "contributing_departments": "ho, DWP",
    }
    tables["Indicators"][0] |= {"perspective": "citizen", "tolerance_pct": 7.5, "source": "National tests"}
    tables["Milestones"][0] |= {"owner": "Schools team", "completed_date": dt.date(2025, 10, 2), "rag": "Complete"}
    tables["Risks"][0] |= {
        "owner": "HR",
        "impact": "4",
        "raised_date": dt.date(2025, 1, 5),
        "due_date": dt.date(2026, 6, 30),
        "mitigation": "Pay review",
    }
    tables["Budget"][0] |= {"forecast": 950_000.5}
    about = {"department": "dfe", "period_end": period, "prepared_by": "Ana Analyst"}
    return write_return(path, about, tables)


def test_round_trip_load_export_load_gives_the_same_rows(tmp_path):
    first, second = Store(tmp_path / "first"), Store(tmp_path / "second")
    load_returns(first, [rich_return(tmp_path / "dfe.xlsx")], "ana", today=TODAY)
    out = export_return(first, "DfE", out_path=tmp_path / "out" / "export.xlsx")
    assert out == tmp_path / "out" / "export.xlsx"
    [f] = load_returns(second, [out], "ana", today=TODAY).files
    assert (f.outcome, f.problems) == ("loaded", [])
    assert rows_without_load_id(second, "DfE") == rows_without_load_id(first, "DfE")
    # ... and into the same store, where it replaces the period with identical rows.
    before = rows_without_load_id(first, "DfE")
    [f] = load_returns(first, [out], "bo", today=TODAY).files
    assert (f.outcome, f.load_id) == ("loaded", 2)
    assert rows_without_load_id(first, "DfE") == before


def test_a_withheld_allocation_is_exported_blank_and_reloads_unchanged_with_its_warning(tmp_path):
    from openpyxl import load_workbook

    tables = return_tables("DfE", MAR)
    tables["Budget"][0] |= {"allocated": None, "forecast": 900_000}
    about = {"department": "DfE", "period_end": MAR, "prepared_by": "Ana Analyst"}
    first, second = Store(tmp_path / "first"), Store(tmp_path / "second")
    [f] = load_returns(first, [write_return(tmp_path / "dfe.xlsx", about, tables)], "ana", today=TODAY).files
    warned = [
        (
            "Budget",
            "C2",
            "the allocation for 2025-26 is blank; the row is kept with no allocation (give it if it can be shared).",
            "warning",
        )
    ]
    assert (f.outcome, [(p.sheet, p.cell, p.message, p.severity) for p in f.problems]) == ("loaded", warned)
    out = export_return(first, "DfE", out_path=tmp_path / "export.xlsx")
    budget = load_workbook(out)["Budget"]
    assert [[c.value for c in row] for row in budget.iter_rows(max_col=5)] == [
        ["priority_id", "financial_year", "allocated", "forecast", "spent"],
        ["DfE-01", "2025-26", None, 900_000, 5_000],
    ]
    [f] = load_returns(second, [out], "ana", today=TODAY).files
    assert (f.outcome, [(p.sheet, p.cell, p.message, p.severity) for p in f.problems]) == ("loaded", warned)
    assert rows_without_load_id(second, "DfE") == rows_without_load_id(first, "DfE")
    with second.connect_read() as con:
        assert con.execute("SELECT allocated, forecast FROM budget").fetchall() == [(None, 900_000.0)]


def test_export_keeps_about_and_defaults_to_the_latest_period(tmp_path):
    store = Store(tmp_path / "store")
    load_returns(
        store,
        [
            make_return(tmp_path / "dec.xlsx", period=DEC),
            make_return(tmp_path / "mar.xlsx"),
            make_return(tmp_path / "ho.xlsx", "HO", DEC),
        ],
        "ana",
        today=TODAY,
    )
    latest = read_return(export_return_bytes(store, "DfE"))
    assert latest.about == {
        "department": "DfE",
        "period_end": MAR,
        "prepared_by": "Ana Analyst",
        "template_version": "1.0",
    }
    older = read_return(export_return(store, "DfE", DEC, out_path=tmp_path / "dec-out.xlsx"))
    assert older.about["period_end"] == DEC
    assert older.tables["actuals"]["period_end"].dt.date.tolist() == [DEC, DEC]
    assert older.tables["priorities"]["priority_id"].tolist() == ["DfE-01", "DfE-02"]


def test_export_is_written_into_the_template_with_its_readme_and_dropdowns(tmp_path):
    from openpyxl import load_workbook

    store = Store(tmp_path / "store")
    load_returns(store, [make_return(tmp_path / "mar.xlsx")], "ana", today=TODAY)
    book = load_workbook(io.BytesIO(export_return_bytes(store, "DfE")))
    assert book.sheetnames[:2] == ["README", "About"]
    assert book["Lists"].sheet_state == "hidden"
    dropdowns = {
        str(v.sqref): v.formula1 for v in book["Priorities"].data_validations.dataValidation if v.type == "list"
    }
    assert dropdowns["K2:K1048576"].startswith("Lists!")  # the rating column (rag) offers the ratings


@pytest.mark.parametrize(
    "department, period, message",
    [
        ("MoJ", None, "There is no return for MoJ in the store."),
        ("DfE", dt.date(2024, 6, 30), "There is no return for DfE for 30 Jun 2024 in the store."),
    ],
)
def test_export_of_a_missing_return_says_so(tmp_path, department, period, message):
    store = Store(tmp_path / "store")
    load_returns(store, [make_return(tmp_path / "mar.xlsx")], "ana", today=TODAY)
    with pytest.raises(DeliveryError, match=f"^{message}$"):
        export_return(store, department, period, out_path=tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_export_from_an_empty_store_says_so(tmp_path):
    with pytest.raises(DeliveryError, match="is empty: there is nothing to export.$"):
        export_return_bytes(Store(tmp_path / "none"), "DfE")
