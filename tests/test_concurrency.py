"""Readers and writers at once: real ``python -m delivery load`` processes against one store.

A paused loader (tests/with_pause.py: the command line with tests/hooks.py's pause) stops a
writer inside its transaction, holding the store's lock, until the test says go: so overlaps
and kills happen at a known point instead of depending on timing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from delivery.store import archive
from delivery.store.loader import load_returns
from delivery.store.rebuild import rebuild
from delivery.store.versions import Store
from tests.test_loader import DEC, TODAY, loads, make_return, snapshot

ROOT = Path(__file__).resolve().parent.parent


def start_load(store: Store, path: Path, pause: Path | None = None) -> subprocess.Popen:
    env = os.environ | {"DELIVERY_DB": str(store.root)}
    command = [sys.executable, "-m", "delivery"]
    if pause:
        pause.mkdir(exist_ok=True)
        command = [sys.executable, str(ROOT / "tests" / "with_pause.py"), str(pause)]
    return subprocess.Popen(
        [*command, "load", str(path), "--by", path.stem],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(path: Path, proc: subprocess.Popen) -> None:
    """Wait until the paused writer says so (or fail with its stderr if it died first)."""
    deadline = time.monotonic() + 60
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the loader did not pause: {proc.communicate()}")
        time.sleep(0.05)


def finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, ""), err
    return out


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    load_returns(store, [make_return(tmp_path / "dec.xlsx", period=DEC)], "setup", today=TODAY)
    return store


def actual_periods(con) -> list[str]:
    return sorted({str(d.date()) for d in con.table("actuals").df()["return_period"]})


def test_a_reader_keeps_its_version_while_a_load_publishes_a_new_one(tmp_path, store):
    reader = store.connect_read()
    assert actual_periods(reader) == ["2025-12-31"]
    finish(start_load(store, make_return(tmp_path / "mar.xlsx")))
    assert store.version() == "store-000002.duckdb"
    assert actual_periods(reader) == ["2025-12-31"]  # still the version it opened
    reader.close()
    with store.connect_read() as reader:
        assert actual_periods(reader) == ["2025-12-31", "2026-03-31"]


def test_two_loads_at_once_land_whole_one_after_the_other(tmp_path, store):
    first = start_load(store, make_return(tmp_path / "dfe.xlsx"), pause=tmp_path / "p1")
    wait_for(tmp_path / "p1" / "paused", first)
    second = start_load(store, make_return(tmp_path / "ho.xlsx", "HO"))  # queues on the lock
    (tmp_path / "p1" / "go").touch()
    finish(first), finish(second)
    assert loads(store) == [
        (1, "dec.xlsx", "DfE", "2025-12-31", "loaded", True),
        (2, "dfe.xlsx", "DfE", "2026-03-31", "loaded", True),
        (3, "ho.xlsx", "HO", "2026-03-31", "loaded", True),
    ]
    with store.connect_read() as con:
        counts = con.table("actuals").df().groupby(["department", "load_id"]).size().to_dict()
    assert counts == {("DfE", 1): 2, ("DfE", 2): 2, ("HO", 3): 2}
    assert [e["load_id"] for e in archive.read_log(store.archive)] == [1, 2, 3]
    assert store.version() == "store-000003.duckdb"


def test_a_killed_loader_leaves_the_store_unchanged_and_the_next_load_works(tmp_path, store):
    before = snapshot(store)
    proc = start_load(store, make_return(tmp_path / "mar.xlsx"), pause=tmp_path / "p")
    wait_for(tmp_path / "p" / "paused", proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert snapshot(store) == before
    assert [e["load_id"] for e in archive.read_log(store.archive)] == [1, 2]  # 2 was never published
    finish(start_load(store, make_return(tmp_path / "ho.xlsx", "HO")))
    assert loads(store)[-1] == (2, "ho.xlsx", "HO", "2026-03-31", "loaded", True)
    assert [(e["load_id"], e["file_name"]) for e in archive.read_log(store.archive)] == [
        (1, "dec.xlsx"),
        (2, "ho.xlsx"),
    ]
    with store.connect_read() as con:
        assert sorted(set(con.table("priorities").df()["department"])) == ["DfE", "HO"]
    copy = Store(tmp_path / "copy")
    rebuild(store.root, copy.root)
    assert {k: v for k, v in snapshot(copy).items() if k != "version"} == {
        k: v for k, v in snapshot(store).items() if k != "version"
    }


def test_a_stale_wal_left_by_a_killed_writer_is_not_replayed(tmp_path, store):
    # A writer killed after COMMIT but before its checkpoint leaves the next version's WAL,
    # holding its rows; DuckDB would replay it onto the next writer's fresh copy.
    before = snapshot(store)
    nxt = store.versions / "store-000002.duckdb"
    plant = (
        "import duckdb, os, shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2]); "
        "c = duckdb.connect(sys.argv[2]); c.execute(\"SET checkpoint_threshold = '1GB'\"); "
        'c.execute("INSERT INTO priorities (department, return_period, load_id, priority_id) '
        "VALUES ('HO', DATE '2020-01-01', 99, 'GHOST')\"); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", plant, str(store.current_file()), str(nxt)], check=True)
    assert Path(str(nxt) + ".wal").exists()
    nxt.unlink()
    assert snapshot(store) == before
    finish(start_load(store, make_return(tmp_path / "mar.xlsx")))
    with store.connect_read() as con:
        assert "GHOST" not in set(con.table("priorities").df()["priority_id"])
