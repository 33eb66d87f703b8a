"""Two uploads at the same moment, as two app sessions (threads of one server) make them.

Both land whole, one after the other: the second writer waits for the store's lock, starts
from the version the first published, and gets the next load id. A reader checking every
version it can see finds each active load's rows exactly as the load recorded them: the
old data or the new, never a mix.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time

import duckdb

from delivery.returns.contract import SHEETS
from delivery.returns.workbook import write_return
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests import hooks
from tests.test_preview import TODAY, about, base_tables, next_tables

D = dt.date


def whole(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(load_id, department, period) of every active load; fails if any load's rows are not exactly its own."""
    active = con.execute(
        "SELECT load_id, department, return_period, row_counts FROM loads WHERE active ORDER BY load_id"
    ).fetchall()
    for load_id, dept, period, counts in active:
        counts = json.loads(counts)
        for sheet in SHEETS:
            rows = con.execute(
                f"SELECT load_id, count(*) FROM {sheet.table} "  # noqa: S608 (contract name)
                "WHERE department = ? AND return_period = ? GROUP BY load_id",
                [dept, period],
            ).fetchall()
            expected = [(load_id, counts[sheet.name])] if counts.get(sheet.name) else []
            if rows != expected:
                raise AssertionError(f"{sheet.table} for {dept} {period}: {rows}, expected {expected}")
    return [(a[0], a[1], a[2]) for a in active]


class Reader(threading.Thread):
    """Reads the published version over and over until stopped, checking every version it sees."""

    def __init__(self, store: Store):
        super().__init__(daemon=True)
        self.store, self.stop, self.seen, self.errors = store, threading.Event(), {}, []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                con = self.store.connect_read()
                try:
                    self.seen[self.store.version()] = whole(con)  # version read after: may be newer, never older
                finally:
                    con.close()
            except Exception as error:  # reported by the test, with the version it happened on
                self.errors.append(repr(error))
            self.stop.wait(0.005)  # pace the loop: two cores are shared with the writers


def uploads(tmp_path) -> dict[str, bytes]:
    """Two analysts' June returns for DfE, made differently."""
    ana = next_tables()
    bob = next_tables()
    bob["Priorities"][0]["rag"] = "Green"
    bob["Actuals"].append({"indicator_id": "I1", "period_end": D(2026, 6, 30), "area_code": "E09", "actual_value": 61})
    return {
        name: write_return(tmp_path / f"{name}.xlsx", about(D(2026, 6, 30)), tables).read_bytes()
        for name, tables in (("ana", ana), ("bob", bob))
    }


def march_store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    path = write_return(tmp_path / "march.xlsx", about(D(2026, 3, 31)), base_tables())
    assert load_returns(store, [path], "setup", today=TODAY).ok
    return store


def upload_together(store: Store, files: dict[str, bytes]) -> dict:
    """Each file uploaded from its own thread, released at the same instant."""
    barrier, reports = threading.Barrier(len(files)), {}

    def upload(name: str) -> None:
        barrier.wait()
        reports[name] = load_returns(
            store, [(f"{name}.xlsx", files[name])], name, reason="revised", allowed_departments={"DfE"}, today=TODAY
        )

    threads = [threading.Thread(target=upload, args=(n,)) for n in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return reports


def test_two_uploads_for_one_return_both_land_whole_one_after_the_other(tmp_path):
    store = march_store(tmp_path)
    reader = Reader(store)
    reader.start()
    reports = upload_together(store, uploads(tmp_path))
    reader.stop.set()
    reader.join()
    assert reader.errors == []
    assert reader.seen  # it did read while the uploads ran
    assert {n: (r.ok, r.files[0].outcome) for n, r in reports.items()} == {
        "ana": (True, "loaded"),
        "bob": (True, "loaded"),
    }
    first, second = sorted(reports, key=lambda n: reports[n].files[0].load_id)
    assert (reports[first].files[0].load_id, reports[second].files[0].load_id) == (2, 3)
    # Each writer published its own version; the second started from the first's.
    assert (reports[first].version, reports[second].version) == ("store-000002.duckdb", "store-000003.duckdb")
    march = (1, "DfE", D(2026, 3, 31))
    for version, active in (
        (reports[first].version, [march, (2, "DfE", D(2026, 6, 30))]),
        (reports[second].version, [march, (3, "DfE", D(2026, 6, 30))]),
    ):
        with duckdb.connect(str(store.versions / version), read_only=True) as con:
            assert whole(con) == active
            assert con.execute("SELECT load_id, file_name, active FROM loads ORDER BY load_id").fetchall() == [
                (1, "march.xlsx", True),
                (2, f"{first}.xlsx", version == reports[first].version),
                *([(3, f"{second}.xlsx", True)] if version == reports[second].version else []),
            ]
    assert all(active[0] == march for active in reader.seen.values())  # every read saw whole returns


def test_uploads_for_two_departments_at_once_both_land(tmp_path):
    store = march_store(tmp_path)
    files = uploads(tmp_path)
    ho = write_return(
        tmp_path / "ho.xlsx",
        {"department": "HO", "period_end": D(2026, 6, 30), "prepared_by": "Hugo"},
        {"Priorities": [{"priority_id": "HO-01", "title": "Knife crime", "lead_department": "HO", "rag": "Red"}]},
    ).read_bytes()
    barrier, reports = threading.Barrier(2), {}

    def upload(name: str, data: bytes, dept: str) -> None:
        barrier.wait()
        reports[name] = load_returns(store, [(f"{name}.xlsx", data)], name, allowed_departments={dept}, today=TODAY)

    threads = [threading.Thread(target=upload, args=a) for a in (("ana", files["ana"], "DfE"), ("hugo", ho, "HO"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in reports.values())
    with duckdb.connect(str(store.current_file()), read_only=True) as con:
        active = whole(con)
    assert sorted((d, p) for _, d, p in active) == [
        ("DfE", D(2026, 3, 31)),
        ("DfE", D(2026, 6, 30)),
        ("HO", D(2026, 6, 30)),
    ]
    assert sorted(i for i, _, _ in active) == [1, 2, 3]


def test_while_one_upload_is_mid_write_readers_see_the_old_data_and_the_other_waits(tmp_path, monkeypatch):
    store = march_store(tmp_path)
    files = uploads(tmp_path)
    pause = tmp_path / "pause"
    pause.mkdir()
    hooks.pause_loads(pause, monkeypatch.setattr)  # every writer stops before publishing until "go"
    results = {}
    first = threading.Thread(
        target=lambda: results.update(
            ana=load_returns(store, [("ana.xlsx", files["ana"])], "ana", reason="revised", today=TODAY)
        )
    )
    first.start()
    deadline = time.monotonic() + 60
    while not (pause / "paused").exists() and first.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)  # waiting for the writer to reach its pause; nothing is asserted on time
    assert (pause / "paused").exists()
    second = threading.Thread(
        target=lambda: results.update(
            bob=load_returns(store, [("bob.xlsx", files["bob"])], "bob", reason="revised", today=TODAY)
        )
    )
    second.start()
    # Ana's rows are written in her new version but not published: readers still see March only.
    assert store.version() == "store-000001.duckdb"
    con = store.connect_read()
    try:
        assert whole(con) == [(1, "DfE", D(2026, 3, 31))]
    finally:
        con.close()
    assert "bob" not in results  # Bob cannot finish while Ana holds the lock
    (pause / "go").touch()
    first.join()
    second.join()
    assert (results["ana"].files[0].load_id, results["bob"].files[0].load_id) == (2, 3)
    assert results["bob"].version == "store-000003.duckdb"
