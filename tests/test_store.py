"""The versioned store: atomic publish, nothing published on failure, one writer at a time."""

import threading

import pytest

from delivery.errors import StoreBusy, UnknownQuery
from delivery.reference.departments import store_frame
from delivery.returns.contract import RETURN_KEY_COLUMNS, SHEETS
from delivery.store import versions
from delivery.store.versions import KEEP_VERSIONS, Store, run_query, schema_hash


def _count(store, table="loads"):
    con = store.connect_read()
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def _add_load(con, load_id):
    con.execute(
        "INSERT INTO loads (load_id, file_name, sha256, department, return_period, loaded_by, loaded_at, "
        "row_counts, outcome, reason, active) "
        "VALUES ($id, 'f.xlsx', 'abc', 'HO', DATE '2026-09-30', 'tests', now(), '{}', 'loaded', NULL, true)",
        {"id": load_id},
    )


def test_new_store_is_empty_until_first_write(tmp_path):
    store = Store(tmp_path / "s")
    assert store.is_empty() and store.version() is None and store.connect_read() is None
    with store.write() as con:
        _add_load(con, 1)
    assert store.version() == "store-000001.duckdb"
    assert _count(store) == 1


def test_schema_tables_match_the_contract(tmp_path):
    store = Store(tmp_path / "s")
    with store.write():
        pass
    con = store.connect_read()
    for sheet in SHEETS:
        cols = [r[0] for r in con.execute(f"DESCRIBE {sheet.table}").fetchall()]
        assert cols == list(RETURN_KEY_COLUMNS) + list(sheet.stored_columns)
    assert con.execute("SELECT count(*) FROM departments WHERE code = 'DHSC'").fetchone()[0] == 1


def test_failed_write_publishes_nothing(tmp_path):
    store = Store(tmp_path / "s")
    with store.write() as con:
        _add_load(con, 1)
    with pytest.raises(RuntimeError, match="boom"), store.write() as con:
        con.execute("DELETE FROM loads")
        raise RuntimeError("boom")
    assert store.version() == "store-000001.duckdb"
    assert _count(store) == 1
    assert sorted(p.name for p in store.versions.iterdir()) == ["store-000001.duckdb"]


def test_reader_keeps_its_version_while_a_writer_publishes(tmp_path):
    store = Store(tmp_path / "s")
    with store.write() as con:
        _add_load(con, 1)
    reader = store.connect_read()
    with store.write() as con:
        _add_load(con, 2)
    assert reader.execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    assert _count(store) == 2
    reader.close()


def test_second_writer_waits_then_gives_up_with_a_plain_message(tmp_path):
    store = Store(tmp_path / "s")
    held, release = threading.Event(), threading.Event()

    def hold():
        with store.lock():
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(10)
    with pytest.raises(StoreBusy, match="Another load is being written to the store"), store.write(timeout=0.2):
        pass
    release.set()
    t.join()
    with store.write():
        pass
    assert store.version() == "store-000001.duckdb"


def test_old_versions_are_pruned(tmp_path):
    store = Store(tmp_path / "s")
    for i in range(KEEP_VERSIONS + 2):
        with store.write() as con:
            _add_load(con, i)
    names = sorted(p.name for p in store.versions.glob("*.duckdb"))
    assert names == [f"store-{n:06d}.duckdb" for n in range(3, KEEP_VERSIONS + 3)]


def test_upgrade_rewrites_a_store_from_older_code(tmp_path):
    store = Store(tmp_path / "s")
    with store.write() as con:
        con.execute("UPDATE meta SET schema_hash = 'old'")
    assert not store.is_current()
    assert store.upgrade() is True
    assert store.is_current() and store.upgrade() is False
    assert store.connect_read().execute("SELECT schema_hash FROM meta").fetchone()[0] == schema_hash()


def test_unknown_query_names_the_file(tmp_path):
    with pytest.raises(UnknownQuery, match="There is no query called 'nonsense'"):
        run_query(None, "nonsense")


def _departments(store):
    con = store.connect_read()
    try:
        return con.execute("SELECT code, name FROM departments WHERE code IN ('HO', 'XYZ') ORDER BY code").fetchall()
    finally:
        con.close()


def test_a_new_version_copied_from_an_up_to_date_one_runs_neither_views_nor_departments(tmp_path, monkeypatch):
    store = Store(tmp_path / "s")
    with store.write() as con:
        _add_load(con, 1)

    def refuse(*_args, **_kwargs):
        raise AssertionError("not needed: the copy has them already")

    monkeypatch.setattr(versions, "sync_departments", refuse)
    monkeypatch.setattr(versions, "schema_hash", lambda hashed=schema_hash(): hashed)
    real_sql = versions.sql
    monkeypatch.setattr(versions, "sql", lambda name: refuse() if name in ("schema", "views") else real_sql(name))
    with store.write() as con:
        _add_load(con, 2)
    assert store.version() == "store-000002.duckdb" and _count(store) == 2
    assert _departments(store) == [("HO", "Home Office")]


def test_an_edited_department_list_reaches_the_next_version(tmp_path, monkeypatch):
    store = Store(tmp_path / "s")
    with store.write():
        pass
    edited = store_frame()
    edited.loc[edited["code"] == "HO", "name"] = "Home Department"
    monkeypatch.setattr(versions, "store_frame", lambda: edited)
    with store.write():
        pass
    assert _departments(store) == [("HO", "Home Department")]
    con = store.connect_read()
    assert con.execute("SELECT schema_hash, departments_hash FROM meta").fetchall() == [
        (schema_hash(), versions.frame_hash(edited))
    ]


def test_a_version_from_before_the_departments_hash_is_brought_up_to_date(tmp_path):
    store = Store(tmp_path / "s")
    with store.write() as con:
        con.execute("CREATE OR REPLACE TABLE meta AS SELECT $h AS schema_hash", {"h": schema_hash()})
        con.execute("UPDATE departments SET name = 'stale' WHERE code = 'HO'")
    with store.write():
        pass
    assert _departments(store) == [("HO", "Home Office")]
    con = store.connect_read()
    assert con.execute("SELECT schema_hash, departments_hash FROM meta").fetchall() == [
        (schema_hash(), versions.frame_hash(store_frame()))
    ]
