"""Text from a return never becomes a live formula in anything the app hands out: CSVs and workbooks.

``=cmd|' /C calc'!A0`` typed into a return (as text) must come back as text: in the marked-up
workbook (openpyxl data type 's', never 'f'), and in every CSV with a leading quote.
"""

from __future__ import annotations

import datetime as dt
import io
import tomllib

import pandas as pd
import pytest
import streamlit as st
from openpyxl import Workbook, load_workbook

from delivery.returns.annotate import annotate_workbook, problems_workbook
from delivery.returns.inert import csv_bytes, csv_cell, set_text
from delivery.returns.problems import Problem
from delivery.returns.workbook import write_return
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.conftest import ROOT, run_app
from tests.store_builder import PERIOD_1, PERIOD_2, _dfe, _dhsc, _ho, build_store
from tests.test_preview import TODAY, about, base_tables, next_tables
from tests.upload_support import run_as, serve

CALC = "=cmd|' /C calc'!A0"
D = dt.date


@pytest.mark.parametrize(
    "text, written",
    [
        (CALC, "'" + CALC),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Reading at 11", "Reading at 11"),
        (" =1", "' =1"),
        ("", ""),
    ],
)
def test_csv_cell(text, written):
    assert csv_cell(text) == written


def test_numbers_stay_numbers_and_headers_are_made_safe_too():
    frame = pd.DataFrame({"=Name": [CALC, "plain", None], "Change": [-5, 3, 0], "Share": [-0.5, 1.5, 2.0]})
    assert csv_bytes(frame).decode("utf-8").splitlines() == [
        "'=Name,Change,Share",
        f"'{CALC},-5,-0.5",
        "plain,3,1.5",
        ",0,2.0",
    ]


def test_set_text_keeps_text_text():
    ws = Workbook().active
    assert set_text(ws["A1"], CALC).data_type == "s"
    assert set_text(ws["A2"], 12).data_type == "n"
    assert ws["A1"].value == "'" + CALC


def _every_cell(wb):
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_the_marked_up_workbook_keeps_a_formula_looking_value_as_text(tmp_path):
    tables = next_tables()
    tables["Priorities"][0]["title"] = CALC
    source = write_return(tmp_path / "DfE.xlsx", about(D(2026, 6, 30)), tables).read_bytes()
    cell = next(c for c in _every_cell(load_workbook(io.BytesIO(source))) if c.value == CALC)
    problems = [
        Problem("Priorities", cell.coordinate, CALC, f"The title {CALC} looks like a formula."),
        Problem(CALC, "", "", "A sheet with an odd name."),
    ]
    wb = load_workbook(io.BytesIO(annotate_workbook(source, problems, "DfE.xlsx")))
    assert [(c.value, c.data_type) for c in wb["Problems"][2]] == [
        ("Priorities", "s"),
        (cell.coordinate, "s"),
        ("'" + CALC, "s"),
        (f"The title {CALC} looks like a formula.", "s"),
    ]
    assert (wb["Problems"]["A3"].value, wb["Problems"]["A3"].data_type) == ("'" + CALC, "s")
    assert (wb["Priorities"][cell.coordinate].value, wb["Priorities"][cell.coordinate].data_type) == (CALC, "s")
    assert [c.coordinate for c in _every_cell(wb) if c.data_type == "f"] == []


def test_the_problems_only_workbook_too():
    wb = load_workbook(io.BytesIO(problems_workbook([Problem("Risks", "C4", CALC, "kind must be risk.")])))
    assert [(c.value, c.data_type) for c in wb["Problems"][2]] == [
        ("Risks", "s"),
        ("C4", "s"),
        ("'" + CALC, "s"),
        ("kind must be risk.", "s"),
    ]


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every st.download_button's label -> its data, as the page hands it to Streamlit."""
    seen = {}
    real = st.download_button

    def spy(label, data, *args, **kwargs):
        seen[label] = data() if callable(data) else data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    return seen


def test_problems_as_csv_on_the_upload_page(tmp_path, monkeypatch, downloads):
    store = Store(tmp_path / "store")
    march = write_return(tmp_path / "DfE-2026-03.xlsx", about(D(2026, 3, 31)), base_tables())
    assert load_returns(store, [march], "setup", today=TODAY).ok
    serve(store, tmp_path, monkeypatch)
    tables = next_tables()
    tables["Priorities"][0]["rag"] = CALC
    june = write_return(tmp_path / "june.xlsx", about(D(2026, 6, 30)), tables).read_bytes()
    at = run_as(str(ROOT / "pages" / "upload.py"), "ana@dfe.example")
    at.file_uploader(key="upload_files_0").set_value([("june.xlsx", june, "application/octet-stream")])
    at.run()
    assert not at.exception
    lines = downloads["Problems as CSV"].decode("utf-8").splitlines()
    assert lines[0] == "File,Sheet,Cell,Value found,Problem"
    row = next(line for line in lines if "cmd|" in line)
    assert row.startswith(f"june.xlsx,Priorities,K2,'{CALC},\"rating ('rag') must be one of the ratings: ")
    assert f",{CALC}" not in "\n".join(lines)  # nowhere raw


def test_the_priorities_table_as_csv(tmp_path, monkeypatch, downloads):
    late = _dhsc(PERIOD_2)
    late.tables["Priorities"][0]["title"] = CALC
    root = build_store(tmp_path, [_dhsc(PERIOD_1), _dfe(PERIOD_1), _ho(), late, _dfe(PERIOD_2)], use_loader=False).root
    monkeypatch.setenv("DELIVERY_DB", str(root))
    run_app("priorities")
    lines = downloads["Priorities as CSV"].decode("utf-8").splitlines()
    assert lines[0].startswith("ID,Priority,Rating,")
    assert next(line for line in lines if line.startswith("HEA-01,")).startswith(f"HEA-01,'{CALC},Amber/Green,")


def test_streamlits_own_table_csv_export_is_off():
    """st.dataframe's toolbar CSV writes cells raw, so it is switched off; pages offer '… as CSV' instead."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


@pytest.mark.parametrize(
    "text, written",
    [
        ('\uff1dHYPERLINK("http://x")', '\'\uff1dHYPERLINK("http://x")'),  # full-width equals: = after NFKC
        ("\uff0b1", "'\uff0b1"),
        ("\u200b=1", "'\u200b=1"),
        ("\ufeff=1", "'\ufeff=1"),
        ("\u2060=1", "'\u2060=1"),
        ("\u00a0 =1", "'\u00a0 =1"),
        ("\n=1", "'\n=1"),
        ("\u2003@x", "'\u2003@x"),
        ("bell\x07rings", "bellrings"),
        ("\x00=1", "'=1"),
        ("\x1b[31mred", "[31mred"),
        ("\x7f\x85C1", "C1"),
        ("no\uffffchar", "nochar"),
        ("line\nbreak\tand tab", "line\nbreak\tand tab"),
        ("\u202egnp.exe", "\u202egnp.exe"),
        ("\u4e2d\u6587", "\u4e2d\u6587"),
        ("A \U0001f680", "A \U0001f680"),
        ("a=1", "a=1"),
        (12, 12),
        (None, None),
    ],
)
def test_one_inert_rule(text, written):
    from delivery.returns.inert import inert_text

    assert inert_text(text) == written
