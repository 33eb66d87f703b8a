"""The store's record survives damage (issue 9, items 3 and 9).

The archive's log is append-only: no load, failed write or killed writer cuts it. A store
whose pointer or version is missing or damaged is refused with the way back, never taken
for empty; the demo goes only into a folder with nothing in it. Each damaged file gets one
plain message from the command line (run as a real process: no traceback).
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from delivery.demo.bootstrap import ensure_demo_store, has_nothing
from delivery.errors import StoreError
from delivery.store import archive
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.test_loader import DEC, MAR, TODAY, loads, make_return, snapshot

ROOT = Path(__file__).resolve().parent.parent
BLOCK, HEADER = 262144, 12288  # DuckDB's block size, and where its blocks start


def cli(*argv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "delivery", *map(str, argv)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def corrupt_blocks(path: Path) -> None:
    """Spoil every data block of a version file (its header stays, so it still opens)."""
    data = bytearray(path.read_bytes())
    for offset in range(HEADER + BLOCK + 100, len(data), BLOCK):
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def log_bytes(store: Store) -> bytes:
    return (store.archive / archive.LOG_NAME).read_bytes()


def listing(store: Store) -> list[str]:
    return sorted(str(p.relative_to(store.root)) for p in store.root.rglob("*"))


@pytest.fixture
def store(tmp_path) -> Store:
    """Three loads in three versions: DfE Dec, DfE Mar, HO Mar."""
    store = Store(tmp_path / "store")
    for name, dept, period in (("dec", "DfE", DEC), ("mar", "DfE", MAR), ("ho", "HO", MAR)):
        assert load_returns(store, [make_return(tmp_path / f"{name}.xlsx", dept, period)], "setup", today=TODAY).ok
    return store


def recovery(store: Store, held: str = "it holds every load", name: str = "store-000003.duckdb") -> str:
    """The advice: going back is offered only to a version holding every load (else it would lose some)."""
    root = shlex.quote(str(store.root))
    start = (
        f"It was not treated as empty and nothing was changed. To recover, rebuild it from its archive of 3 loads: "
        f"python -m delivery rebuild --db {root}"
    )
    if held != "it holds every load":
        return (
            f"{start}; going back to the newest good version, {name}, would not do: it holds {held}, "
            "and only rebuilding keeps them all."
        )
    return f"{start}; or go back to the newest good version, {name} ({held}): echo {name} > {shlex.quote(str(store.root / 'CURRENT'))}."


# --- item 3: the pointer deleted ---------------------------------------------------------


def test_deleting_current_refuses_the_next_load_and_keeps_the_whole_log(tmp_path, store):
    log, files = log_bytes(store), listing(store)
    (store.root / "CURRENT").unlink()
    with pytest.raises(StoreError) as report_error:
        load_returns(store, [make_return(tmp_path / "jun.xlsx", "DWP")], "ana", today=TODAY)
    assert str(report_error.value) == (
        f"The store at {store.root} cannot be used: its pointer file CURRENT (which names the published version) "
        f"is missing. {recovery(store)}"
    )
    assert log_bytes(store) == log and len(archive.read_log(store.archive)) == 3
    assert listing(store) == [f for f in files if f != "CURRENT"]
    assert not store.is_empty()


def test_rebuild_from_the_cli_mends_a_deleted_pointer_with_every_load(tmp_path, store):
    before = {k: v for k, v in snapshot(store).items() if k != "version"}
    log = log_bytes(store)
    (store.root / "CURRENT").unlink()
    done = cli("rebuild", "--db", store.root)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"Rebuilt the store at {store.root} from 3 archived loads.\n",
        "",
    )
    assert store.version() == "store-000004.duckdb"
    assert {k: v for k, v in snapshot(store).items() if k != "version"} == before
    assert load_returns(store, [make_return(tmp_path / "dwp.xlsx", "DWP")], "ana", today=TODAY).ok
    assert log_bytes(store).startswith(log)  # only ever appended to
    assert [e["load_id"] for e in archive.read_log(store.archive)] == [1, 2, 3, 4]


def test_a_failed_write_keeps_earlier_lines_and_voids_its_own(tmp_path, store, monkeypatch):
    log = log_bytes(store)

    def fail(path):
        raise OSError("disk full")

    monkeypatch.setattr(Store, "_publish", lambda self, path: fail(path))
    with pytest.raises(OSError, match="disk full"):
        load_returns(store, [make_return(tmp_path / "dwp.xlsx", "DWP")], "ana", today=TODAY)
    monkeypatch.undo()
    lines = log_bytes(store).decode().splitlines()
    assert log_bytes(store).startswith(log) and len(lines) == 5
    assert json.loads(lines[3])["load_id"] == 4
    assert {k: v for k, v in json.loads(lines[4]).items() if k != "at"} == {
        "void": [4],
        "line": None,
        "why": "never published: the write failed after its lines were logged",
    }
    assert [e["load_id"] for e in archive.read_log(store.archive)] == [1, 2, 3]
    assert sorted(p.name for p in store.versions.iterdir()) == [
        "store-000001.duckdb",
        "store-000002.duckdb",
        "store-000003.duckdb",
    ]  # no stray version
    assert load_returns(store, [make_return(tmp_path / "dwp2.xlsx", "DWP")], "ana", today=TODAY).ok
    assert [(e["load_id"], e["file_name"]) for e in archive.read_log(store.archive)][-1] == (4, "dwp2.xlsx")


def test_a_killed_writers_lines_are_voided_by_the_next_writer_not_cut(tmp_path, store):
    # What a writer killed between logging and publishing leaves: its line, then half of another.
    orphan = dict(archive.read_log(store.archive)[-1], load_id=4, loaded_at="2026-11-30T00:00:00")
    archive.append_log(store.archive, [orphan])
    with open(store.archive / archive.LOG_NAME, "a") as f:
        f.write('{"load_id": 5, "outc')
    log = log_bytes(store)
    assert [e["load_id"] for e in archive.read_log(store.archive)] == [1, 2, 3, 4]
    assert load_returns(store, [make_return(tmp_path / "dwp.xlsx", "DWP")], "ana", today=TODAY).ok
    assert log_bytes(store).startswith(log)
    assert [(e["load_id"], e["file_name"]) for e in archive.read_log(store.archive)] == [
        (1, "dec.xlsx"),
        (2, "mar.xlsx"),
        (3, "ho.xlsx"),
        (4, "dwp.xlsx"),
    ]
    assert loads(store)[-1] == (4, "dwp.xlsx", "DWP", "2026-03-31", "loaded", True)


def test_loads_the_store_lacks_from_several_writes_are_not_voided_but_refused(tmp_path, store):
    # CURRENT set back by hand to version 1, and the newer versions gone: loads 2 and 3 (two
    # writes) are only in the archive.
    (store.root / "CURRENT").write_text("store-000001.duckdb")
    for name in ("store-000002.duckdb", "store-000003.duckdb"):
        (store.versions / name).unlink()
    log, files = log_bytes(store), listing(store)
    with pytest.raises(StoreError) as error:
        load_returns(store, [make_return(tmp_path / "dwp.xlsx", "DWP")], "ana", today=TODAY)
    assert str(error.value) == (
        f"The archive's log at {store.archive / 'loads.jsonl'} has loads 2-3 that the published version "
        f"store-000001.duckdb does not, so nothing was written. Rebuild the store so that no load is lost: "
        f"python -m delivery rebuild --db {shlex.quote(str(store.root))}"
    )
    assert (log_bytes(store), listing(store)) == (log, files)  # no stray version either


def test_a_store_pointed_at_an_older_version_refuses_a_write_and_says_to_rebuild(tmp_path, store):
    # CURRENT set back by hand to version 2: load 3 is held by version 3, which was published.
    (store.root / "CURRENT").write_text("store-000002.duckdb")
    log, files = log_bytes(store), listing(store)
    with pytest.raises(StoreError) as error:
        load_returns(store, [make_return(tmp_path / "dwp.xlsx", "DWP")], "ana", today=TODAY)
    assert str(error.value) == (
        f"The store at {store.root} points at store-000002.duckdb, an older version than its newest, "
        f"store-000003.duckdb, which holds loads up to 3 where store-000002.duckdb holds them up to 2, so nothing "
        f"was written. "
        f"Rebuild the store so that none of them is lost: python -m delivery rebuild --db {shlex.quote(str(store.root))}"
    )
    assert (log_bytes(store), listing(store)) == (log, files)


# --- item 3: the demo only into a folder with nothing in it ------------------------------


def test_the_demo_never_loads_over_a_store_that_lost_its_pointer(store):
    (store.root / "CURRENT").unlink()
    files, log = listing(store), log_bytes(store)
    assert ensure_demo_store(store) is False
    assert (listing(store), log_bytes(store)) == (files, log)


def test_anything_in_the_folder_but_an_empty_lock_keeps_the_demo_out(tmp_path):
    root = tmp_path / "s"
    assert has_nothing(root)
    root.mkdir()
    (root / "write.lock").touch()
    assert has_nothing(root)
    (root / "archive").mkdir()
    assert not has_nothing(root)
    (root / "archive").rmdir()
    (root / "notes.txt").write_text("x")
    assert not has_nothing(root)


def test_the_demo_loads_into_a_folder_with_nothing_in_it(tmp_path):
    store = Store(tmp_path / "s")
    store.root.mkdir()
    (store.root / "write.lock").touch()
    assert ensure_demo_store(store) is True
    assert store.version() == "store-000002.duckdb"  # the demo's returns, then its recorded transfer
    assert ensure_demo_store(store) is False


# --- item 9: damaged files, from the command line ---------------------------------------------


def _damage(store: Store, how: str) -> None:
    if how == "pointer missing":
        (store.root / "CURRENT").unlink()
    elif how == "pointer junk":
        (store.root / "CURRENT").write_bytes(b"\x00\xffgarbage")
    elif how == "version empty":
        store.current_file().write_bytes(b"")
    elif how == "version missing":
        store.current_file().unlink()
    elif how == "corrupt block":
        corrupt_blocks(store.current_file())


WHAT = {
    "pointer missing": "its pointer file CURRENT (which names the published version) is missing",
    "pointer junk": "its pointer file CURRENT is damaged: it does not name a version",
    "version empty": "its published version store-000003.duckdb is empty (0 bytes)",
    "version missing": "its published version store-000003.duckdb is missing",
    "corrupt block": "its published version store-000003.duckdb is damaged (a block of it is corrupt)",
}
OLDER = "loads up to 2 of 3"


@pytest.mark.parametrize("how", list(WHAT))
def test_a_damaged_store_gets_one_message_and_the_way_back_from_every_command(tmp_path, store, how):
    _damage(store, how)
    files, log = listing(store), log_bytes(store)
    newest = (
        ("store-000002.duckdb", OLDER)
        if how not in ("pointer missing", "pointer junk")
        else ("store-000003.duckdb", "it holds every load")
    )
    expected = (
        f"Error: The store at {store.root} cannot be used: {WHAT[how]}. {recovery(store, newest[1], newest[0])}\n"
    )
    for argv in (
        ("load", make_return(tmp_path / "dwp.xlsx", "DWP")),
        ("export", tmp_path / "out.xlsx", "--department", "DfE"),
        ("history",),
    ):
        done = cli(*argv, "--db", store.root)
        assert "Traceback" not in done.stderr
        assert (done.returncode, done.stdout, done.stderr) == (1, "", expected), argv
    assert (listing(store), log_bytes(store)) == (files, log)  # no stray version, nothing written
    assert not (tmp_path / "out.xlsx").exists()


def test_rebuild_mends_a_corrupt_published_version(store):
    before = {k: v for k, v in snapshot(Store(store.root)).items() if k != "version"}
    corrupt_blocks(store.current_file())
    done = cli("rebuild", "--db", store.root)
    assert (done.returncode, done.stderr) == (0, "")
    assert {k: v for k, v in snapshot(store).items() if k != "version"} == before
