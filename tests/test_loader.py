"""Loading returns: all-or-nothing batches, unchanged re-loads, periods kept, rollback, rebuild."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from delivery.errors import DeliveryError
from delivery.returns.contract import SHEETS
from delivery.returns.workbook import write_return
from delivery.store import archive
from delivery.store.history import rollback_load
from delivery.store.loader import load_returns
from delivery.store.rebuild import published_entries, rebuild
from delivery.store.versions import Store

MAR, DEC = dt.date(2026, 3, 31), dt.date(2025, 12, 31)
TODAY = dt.date(2026, 11, 1)


def return_tables(dept: str, period: dt.date, actual: float = 50.0, rag: str = "A/G") -> dict:
    """A small valid return: two priorities, a two-link chain and one of everything else."""
    return {
        "Priorities": [
            dict(
                priority_id=f"{dept}-0{i}",
                title=f"Priority {i}",
                lead_department=dept,
                rag=rag,
                contributing_departments="HO",
                target_date=dt.date(2028, 3, 31),
            )
            for i in (1, 2)
        ],
        "Delivery chain": [
            dict(priority_id=f"{dept}-01", node_id="N1", name="Minister", level="minister"),
            dict(
                priority_id=f"{dept}-01", node_id="N2", parent_node_id="N1", name="Schools", level="department", rag="G"
            ),
        ],
        "Milestones": [
            dict(
                priority_id=f"{dept}-01",
                milestone_id="M1",
                node_id="N2",
                title="Contract signed",
                baseline_date=dt.date(2025, 6, 30),
                forecast_date=dt.date(2025, 9, 30),
            )
        ],
        "Indicators": [
            dict(
                priority_id=f"{dept}-01",
                indicator_id="I1",
                name="Reading",
                unit="%",
                stage="outcome",
                direction="up",
                baseline_value=40,
                baseline_date=dt.date(2024, 3, 31),
                target_value=60,
                target_date=dt.date(2028, 3, 31),
            )
        ],
        "Trajectory": [dict(indicator_id="I1", period_end=period, planned_value=48)],
        "Actuals": [
            dict(indicator_id="I1", period_end=period, actual_value=actual),
            dict(indicator_id="I1", period_end=period, area_code="E01", actual_value=actual + 1),
        ],
        "Risks": [
            dict(
                priority_id=f"{dept}-01",
                risk_id="R1",
                kind="barrier",
                description="Staff shortage",
                escalation="centre",
                status="open",
                likelihood="3",
            )
        ],
        "Budget": [dict(priority_id=f"{dept}-01", financial_year="2025-26", allocated=1_000_000, spent=5_000)],
    }


def make_return(path: Path, dept: str = "DfE", period: dt.date = MAR, **kw) -> Path:
    """Write a valid return workbook for ``dept`` and ``period`` (see return_tables)."""
    about = {"department": dept, "period_end": period, "prepared_by": "Ana Analyst"}
    return write_return(path, about, return_tables(dept, period, **kw))


def snapshot(store: Store) -> dict:
    """The published version and every table's rows, sorted: to compare a store before and after."""
    con = store.connect_read()
    if con is None:
        return {"version": None}
    with con:
        tables = {s.table: _sorted(con.table(s.table).df()) for s in SHEETS}
        tables["loads"] = _sorted(con.table("loads").df())
    return {"version": store.version(), **tables}


def _sorted(frame: pd.DataFrame) -> list[tuple]:
    return sorted(tuple(str(v) for v in row) for row in frame.itertuples(index=False))


def table(store: Store, name: str) -> pd.DataFrame:
    with store.connect_read() as con:
        return con.table(name).df()


def loads(store: Store) -> list[tuple]:
    frame = table(store, "loads").sort_values("load_id")
    return [
        (int(r.load_id), r.file_name, r.department, str(r.return_period.date()), r.outcome, bool(r.active))
        for r in frame.itertuples()
    ]


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store")


def test_load_writes_rows_loads_log_and_archive(tmp_path, store):
    path = make_return(tmp_path / "dfe.xlsx")
    report = load_returns(store, [path], "ana", today=TODAY)
    [f] = report.files
    assert (f.outcome, f.load_id, f.department, f.period_end) == ("loaded", 1, "DfE", MAR)
    assert f.message == (
        "Loaded DfE's return for 31 Mar 2026 (load 1): Priorities 2, Delivery chain 2, "
        "Milestones 1, Indicators 1, Trajectory 1, Actuals 2, Risks 1, Budget 1."
    )
    assert report.ok and report.version == store.version() == "store-000001.duckdb"
    ms = table(store, "milestones")
    assert ms[["department", "load_id", "milestone_id", "title"]].values.tolist() == [
        ["DfE", 1, "M1", "Contract signed"]
    ]
    assert ms["forecast_date"].iloc[0].date() == dt.date(2025, 9, 30)
    assert table(store, "priorities")["rag"].tolist() == ["Amber/Green", "Amber/Green"]
    assert loads(store) == [(1, "dfe.xlsx", "DfE", "2026-03-31", "loaded", True)]
    assert (store.archive / f"{f.sha256}.xlsx").read_bytes() == path.read_bytes()
    [entry] = archive.read_log(store.archive)
    assert {k: entry[k] for k in ("load_id", "outcome", "department", "return_period", "loaded_by", "sha256")} == {
        "load_id": 1,
        "outcome": "loaded",
        "department": "DfE",
        "return_period": "2026-03-31",
        "loaded_by": "ana",
        "sha256": f.sha256,
    }
    assert entry["row_counts"]["Actuals"] == 2


def test_rejected_batch_writes_nothing_and_reports_every_file(tmp_path, store):
    load_returns(store, [make_return(tmp_path / "first.xlsx")], "ana", today=TODAY)
    before = snapshot(store)
    good = make_return(tmp_path / "good.xlsx", "HO")
    bad = make_return(tmp_path / "bad.xlsx", "DfE", DEC, rag="Purple")
    report = load_returns(store, [good, bad, tmp_path / "missing.xlsx"], "ana", today=TODAY)
    assert not report.ok
    assert [f.outcome for f in report.files] == ["rejected"] * 3
    assert report.files[0].message == (
        "Not loaded: good.xlsx has no problems, but nothing was written "
        "because other files in this batch have problems."
    )
    assert report.files[1].message == "Not loaded: 2 problems to fix in bad.xlsx."
    assert [(p.where, p.value) for p in report.files[1].problems] == [
        ("Priorities!K2", "Purple"),
        ("Priorities!K3", "Purple"),
    ]
    assert report.files[2].problems[0].message == f"There is no file called {tmp_path / 'missing.xlsx'}."
    assert snapshot(store) == before
    assert len(archive.read_log(store.archive)) == 1


def test_same_file_twice_is_unchanged_and_logged(tmp_path, store):
    path = make_return(tmp_path / "dfe.xlsx")
    load_returns(store, [path], "ana", today=TODAY)
    rows = snapshot(store)["actuals"]
    [f] = load_returns(store, [("again.xlsx", path.read_bytes())], "bo", today=TODAY).files
    assert (f.outcome, f.load_id) == ("unchanged", 2)
    assert f.message == "again.xlsx was already loaded for DfE 31 Mar 2026 (load 1); nothing changed."
    assert snapshot(store)["actuals"] == rows
    assert loads(store) == [
        (1, "dfe.xlsx", "DfE", "2026-03-31", "loaded", True),
        (2, "again.xlsx", "DfE", "2026-03-31", "unchanged", False),
    ]
    assert [e["outcome"] for e in archive.read_log(store.archive)] == ["loaded", "unchanged"]


def test_second_period_keeps_the_first_and_replacing_a_period_replaces(tmp_path, store):
    load_returns(store, [make_return(tmp_path / "mar.xlsx", actual=50.0)], "ana", today=TODAY)
    load_returns(store, [make_return(tmp_path / "dec.xlsx", period=DEC, actual=45.0)], "ana", today=TODAY)
    load_returns(store, [make_return(tmp_path / "mar2.xlsx", actual=52.0)], "ana", reason="ONS revision", today=TODAY)
    actuals = table(store, "actuals").sort_values(["return_period", "area_code"], na_position="first")
    assert actuals[["load_id", "actual_value"]].values.tolist() == [[2, 45.0], [2, 46.0], [3, 52.0], [3, 53.0]]
    assert loads(store) == [
        (1, "mar.xlsx", "DfE", "2026-03-31", "loaded", False),
        (2, "dec.xlsx", "DfE", "2025-12-31", "loaded", True),
        (3, "mar2.xlsx", "DfE", "2026-03-31", "loaded", True),
    ]
    assert table(store, "loads").set_index("load_id").loc[3, "reason"] == "ONS revision"


def test_batch_loads_several_departments_in_one_version(tmp_path, store):
    report = load_returns(
        store, [make_return(tmp_path / "a.xlsx", "DfE"), make_return(tmp_path / "b.xlsx", "HO")], "ana", today=TODAY
    )
    assert [(f.department, f.load_id) for f in report.files] == [("DfE", 1), ("HO", 2)]
    assert store.version() == "store-000001.duckdb"
    assert sorted(table(store, "priorities")["priority_id"]) == ["DfE-01", "DfE-02", "HO-01", "HO-02"]


def test_two_files_for_one_return_in_a_batch_is_a_problem(tmp_path, store):
    report = load_returns(
        store, [make_return(tmp_path / "a.xlsx"), make_return(tmp_path / "b.xlsx", actual=3.0)], "ana", today=TODAY
    )
    [p] = report.problems
    assert (p.file, p.where, p.value) == ("b.xlsx", "About!B2", "DfE")
    assert p.message == "a.xlsx in this batch is also DfE's return for 31 Mar 2026; load only one of them."
    assert store.is_empty()


def test_department_not_allowed_is_refused(tmp_path, store):
    report = load_returns(
        store, [make_return(tmp_path / "ho.xlsx", "HO")], "ana", allowed_departments={"DfE", "DWP"}, today=TODAY
    )
    [p] = report.problems
    assert str(p) == "About!B2: You may not load returns for HO; you may load returns for DWP, DfE. (found 'HO')"
    assert store.is_empty()


def test_rollback_restores_the_load_before_then_empties_the_period(tmp_path, store):
    load_returns(store, [make_return(tmp_path / "v1.xlsx", actual=50.0)], "ana", today=TODAY)
    load_returns(store, [make_return(tmp_path / "dec.xlsx", period=DEC)], "ana", today=TODAY)
    load_returns(store, [make_return(tmp_path / "v2.xlsx", actual=60.0)], "ana", today=TODAY)
    with pytest.raises(DeliveryError, match="^Load 1 is not the active load for DfE 31 Mar 2026; only the active"):
        rollback_load(store, 1, "centre", "wrong file")
    with pytest.raises(DeliveryError, match="^Please give a reason"):
        rollback_load(store, 3, "centre", " ")
    result = rollback_load(store, 3, "centre", "wrong file")
    assert result.message == "Rolled back load 3 for DfE 31 Mar 2026: restored load 1 (v1.xlsx)."
    actuals = table(store, "actuals")
    mar = actuals[actuals["return_period"].dt.date == MAR]
    assert sorted(mar["actual_value"]) == [50.0, 51.0] and set(mar["load_id"]) == {1}
    assert loads(store)[-2:] == [
        (3, "v2.xlsx", "DfE", "2026-03-31", "loaded", False),
        (4, "v2.xlsx", "DfE", "2026-03-31", "rolled back", False),
    ]
    assert loads(store)[0][-1] is True
    result = rollback_load(store, 1, "centre", "start again")
    assert result.message == ("Rolled back load 1 for DfE 31 Mar 2026: no earlier load, so that period is now empty.")
    assert set(table(store, "actuals")["return_period"].dt.date) == {DEC}
    assert [e["outcome"] for e in archive.read_log(store.archive)][-2:] == ["rolled back", "rolled back"]
    with pytest.raises(DeliveryError, match="^There is no load 99 in the loads log.$"):
        rollback_load(store, 99, "centre", "x")


def test_rebuild_gives_identical_tables(tmp_path, store):
    load_returns(store, [make_return(tmp_path / "a.xlsx"), make_return(tmp_path / "b.xlsx", "HO")], "ana", today=TODAY)
    load_returns(store, [make_return(tmp_path / "a2.xlsx", actual=70.0)], "bo", reason="fix", today=TODAY)
    load_returns(store, [tmp_path / "a2.xlsx"], "bo", today=TODAY)
    rollback_load(store, 3, "centre", "wrong")
    load_returns(store, [make_return(tmp_path / "dec.xlsx", period=DEC)], "ana", today=TODAY)
    before = snapshot(store)
    copy = Store(tmp_path / "copy")
    assert rebuild(store.root, copy.root) == 6
    assert {k: v for k, v in snapshot(copy).items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }
    assert rebuild(store.root) == 6
    after = snapshot(store)
    assert after.pop("version") == "store-000006.duckdb"
    before.pop("version")
    assert after == before
    with pytest.raises(DeliveryError, match="already holds a store; rebuild into an empty folder"):
        rebuild(store.root, copy.root)


def test_log_lines_of_an_unpublished_write_are_voided_not_cut(tmp_path, store):
    load_returns(store, [make_return(tmp_path / "a.xlsx")], "ana", today=TODAY)
    # What a writer killed between appending its line and publishing leaves behind.
    archive.append_log(store.archive, [dict(archive.read_log(store.archive)[0], load_id=2)])
    before = (store.archive / "loads.jsonl").read_bytes()
    assert [e["load_id"] for e in published_entries(store)] == [1]
    load_returns(store, [make_return(tmp_path / "ho.xlsx", "HO")], "ana", today=TODAY)
    assert [(e["load_id"], e["department"]) for e in archive.read_log(store.archive)] == [(1, "DfE"), (2, "HO")]
    assert (store.archive / "loads.jsonl").read_bytes().startswith(before)  # the log is only appended to
    json.loads((store.archive / "loads.jsonl").read_text().splitlines()[-1])


def test_half_a_log_line_from_a_killed_append_is_dropped(tmp_path, store):
    load_returns(store, [make_return(tmp_path / "a.xlsx")], "ana", today=TODAY)
    with open(store.archive / "loads.jsonl", "a") as f:
        f.write('{"load_id": 2, "outc')
    assert [e["load_id"] for e in archive.read_log(store.archive)] == [1]
    load_returns(store, [make_return(tmp_path / "ho.xlsx", "HO")], "ana", today=TODAY)
    assert [e["department"] for e in archive.read_log(store.archive)] == ["DfE", "HO"]


def test_a_damaged_log_line_or_a_missing_original_stops_rebuild_with_a_message(tmp_path, store):
    [f] = load_returns(store, [make_return(tmp_path / "a.xlsx")], "ana", today=TODAY).files
    (store.archive / f"{f.sha256}.xlsx").unlink()
    with pytest.raises(DeliveryError, match=f"^The archived workbook {f.sha256}.xlsx is missing from "):
        rebuild(store.root)
    log = store.archive / "loads.jsonl"
    log.write_text("{oops\n" + log.read_text())
    with pytest.raises(DeliveryError, match=r"^Line 1 of .*loads.jsonl is damaged; restore the file from a backup"):
        rebuild(store.root)
