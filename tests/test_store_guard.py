"""Nothing lost, ever (issue 18): a store's files are checked before they are trusted.

Found by an attacker-minded tester and an unlucky administrator: a published version
replaced by a valid but empty DuckDB file was taken for an empty store (and the next load
voided every load in the log); ``CURRENT`` as a link to ``/dev/zero`` was read for ever; an
SQLite file as a version made DuckDB fetch an extension from the internet.

The store has two versions: store-000001 (DHSC, DfE and HO's 31 Mar returns: loads 1-3) and
store-000002 (their 30 Jun returns: loads 4-5).
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from delivery.errors import StoreError
from delivery.store import archive, files
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.store_builder import PERIOD_2, ReturnSpec, sample_returns, write_workbooks
from tests.test_loader import loads
from tests.test_store_integrity import cli, listing, log_bytes

EVERY_LOAD = [1, 2, 3, 4, 5]


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    paths = write_workbooks(tmp_path / "returns", sample_returns())
    assert load_returns(store, paths[:3], "setup").ok and load_returns(store, paths[3:], "setup").ok
    return store


def a_new_return(tmp_path) -> Path:
    """A sound return the store would take (MoJ's first), to show a load is refused for the store's sake."""
    return write_workbooks(tmp_path / "new", [ReturnSpec("MoJ", PERIOD_2)])[0]


def advice(store: Store, older: bool = True) -> str:
    """The recovery advice the store gives when its published version cannot be used."""
    root = shlex.quote(str(store.root))
    start = (
        f"It was not treated as empty and nothing was changed. To recover, rebuild it from its archive of 5 loads: "
        f"python -m delivery rebuild --db {root}"
    )
    if older:  # going back to it would leave loads out, so only the rebuild is offered
        return (
            f"{start}; going back to the newest good version, store-000001.duckdb, would not do: it holds "
            "loads up to 3 of 5, and only rebuilding keeps them all."
        )
    return (
        f"{start}; or go back to the newest good version, store-000002.duckdb (it holds every load): "
        f"echo store-000002.duckdb > {shlex.quote(str(store.root / 'CURRENT'))}."
    )


def refused(store: Store, what: str, older: bool = True) -> str:
    return f"The store at {store.root} cannot be used: {what}. {advice(store, older)}"


def empty_duckdb_file(path: Path) -> None:
    """Put a valid DuckDB database with no tables at ``path`` (what the administrator restored)."""
    path.unlink()
    files.connect(path).close()


def the_rebuild_command(message: str) -> list[str]:
    """The rebuild command the message tells an administrator to run, as argv."""
    command = re.search(r"(python -m delivery rebuild --db .+?); ", message).group(1)
    return shlex.split(command)


# --- an empty but valid DuckDB file as the published version ------------------------------

EMPTY = "its published version store-000002.duckdb holds no loads, but its archive's log has 5"


def test_an_empty_published_version_is_damage_for_every_command_and_nothing_is_voided(tmp_path, store):
    empty_duckdb_file(store.current_file())
    files_before, log = listing(store), log_bytes(store)
    expected = f"Error: {refused(store, EMPTY)}\n"
    for argv in (
        ("history",),
        ("load", a_new_return(tmp_path)),
        ("brief", tmp_path / "brief.xlsx", "--format", "xlsx"),
    ):
        done = cli(*argv, "--db", store.root)
        assert (done.returncode, done.stdout, done.stderr) == (1, "", expected), argv
    with pytest.raises(StoreError) as error:
        load_returns(store, [a_new_return(tmp_path)], "ana")
    assert str(error.value) == refused(store, EMPTY)
    assert (listing(store), log_bytes(store)) == (files_before, log)  # no version written, no line voided
    assert [e["load_id"] for e in archive.read_log(store.archive)] == EVERY_LOAD
    assert store.upgrade() is False and store.version() == "store-000002.duckdb"
    assert not (tmp_path / "brief.xlsx").exists()


def test_following_the_advice_for_an_empty_version_brings_every_load_back(tmp_path, store):
    before = loads(store)
    empty_duckdb_file(store.current_file())
    message = cli("history", "--db", store.root).stderr
    command = the_rebuild_command(message)
    assert command == ["python", "-m", "delivery", "rebuild", "--db", str(store.root)]
    done = subprocess.run(
        [sys.executable, *command[1:]],
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )  # "python": the one running these tests
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"Rebuilt the store at {store.root} from 5 archived loads.\n",
        "",
    )
    assert loads(store) == before and [load[0] for load in before] == EVERY_LOAD
    assert load_returns(store, [a_new_return(tmp_path)], "ana").ok
    assert [e["load_id"] for e in archive.read_log(store.archive)] == [*EVERY_LOAD, 6]


def test_a_version_with_an_empty_loads_table_is_damage_too_and_never_the_way_back(tmp_path, store):
    path = store.current_file()
    path.unlink()
    with files.connect(path) as con:
        con.execute("CREATE TABLE loads (load_id INTEGER)")
    assert store.problem() == EMPTY
    older = store.versions / "store-000001.duckdb"
    older.unlink()
    files.connect(older).close()  # no good version left: only the rebuild is offered
    with pytest.raises(StoreError) as error:
        store.connect_read()
    root = shlex.quote(str(store.root))
    assert str(error.value) == (
        f"The store at {store.root} cannot be used: {EMPTY}. It was not treated as empty and nothing was changed. "
        f"To recover, rebuild it from its archive of 5 loads: python -m delivery rebuild --db {root}."
    )


# --- the pointer: a small regular file naming a version ----------------------------------

OUTSIDE = "its pointer file CURRENT is damaged: it names a file outside the store's versions folder"


@pytest.mark.parametrize(
    "how, what",
    [
        ("link to /dev/zero", "its pointer file CURRENT is damaged: it is a link, not a file in the store"),
        ("link to the version", "its pointer file CURRENT is damaged: it is a link, not a file in the store"),
        ("a folder", "its pointer file CURRENT is damaged: it is not a regular file"),
        ("a pipe", "its pointer file CURRENT is damaged: it is not a regular file"),
        ("too long", "its pointer file CURRENT is damaged: it is too long to name a version (more than 256 bytes)"),
        ("outside", OUTSIDE),
        ("outside by versions/", OUTSIDE),
    ],
)
def test_a_pointer_that_is_not_a_small_file_naming_a_version_is_refused(tmp_path, store, how, what):
    pointer = store.root / "CURRENT"
    pointer.unlink()
    if how == "link to /dev/zero":
        pointer.symlink_to("/dev/zero")
    elif how == "link to the version":
        (store.root / "elsewhere").write_text("store-000002.duckdb")
        pointer.symlink_to(store.root / "elsewhere")
    elif how == "a folder":
        pointer.mkdir()
    elif how == "a pipe":
        os.mkfifo(pointer)
    elif how == "too long":
        pointer.write_text("store-000002.duckdb" + " " * 300)
    elif how == "outside":
        pointer.write_text("../../etc/passwd")
    else:
        pointer.write_text("../versions/store-000002.duckdb")
    files_before, log = listing(store), log_bytes(store)
    assert store.version() is None and store.problem() == what
    done = cli("history", "--db", store.root)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {refused(store, what, older=False)}\n")
    with pytest.raises(StoreError) as error:
        load_returns(store, [a_new_return(tmp_path)], "ana")
    assert str(error.value) == refused(store, what, older=False)
    assert (listing(store), log_bytes(store)) == (files_before, log)


def test_rebuild_replaces_a_pointer_that_links_to_dev_zero(store):
    (store.root / "CURRENT").unlink()
    (store.root / "CURRENT").symlink_to("/dev/zero")
    done = cli("rebuild", "--db", store.root)
    assert (done.returncode, done.stderr) == (0, "")
    assert not (store.root / "CURRENT").is_symlink() and store.problem() is None
    assert [load[0] for load in loads(store)] == EVERY_LOAD


# --- a version file that is not a DuckDB database ---------------------------------------------


def sqlite_file(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE loads (load_id INTEGER)")
    con.close()


NOT_DUCKDB = "its published version store-000002.duckdb is damaged (it is not a DuckDB database file)"


def test_an_sqlite_file_as_the_version_is_refused_before_duckdb_opens_it(tmp_path, store, monkeypatch):
    sqlite_file(store.current_file())
    opened = []
    real = duckdb.connect
    monkeypatch.setattr(files.duckdb, "connect", lambda path, **kw: opened.append(Path(path).name) or real(path, **kw))
    files_before, log = listing(store), log_bytes(store)
    with pytest.raises(StoreError) as error:
        store.connect_read()
    assert str(error.value) == refused(store, NOT_DUCKDB)
    with pytest.raises(StoreError) as error:
        load_returns(store, [a_new_return(tmp_path)], "ana")
    assert str(error.value) == refused(store, NOT_DUCKDB)
    with pytest.raises(StoreError, match=r"its version store-000002.duckdb is damaged \(it is not a DuckDB database"):
        store.open_version("store-000002.duckdb")
    assert "store-000002.duckdb" not in opened  # the store-000001 it offers instead was opened, read-only
    assert (listing(store), log_bytes(store)) == (files_before, log)


def test_an_sqlite_file_among_older_versions_is_passed_over_unopened(store, monkeypatch):
    sqlite_file(store.versions / "store-000001.duckdb")
    opened = []
    real = duckdb.connect
    monkeypatch.setattr(files.duckdb, "connect", lambda path, **kw: opened.append(Path(path).name) or real(path, **kw))
    assert store.good_versions() == [("store-000002.duckdb", 5)]
    assert "store-000001.duckdb" not in opened


def test_the_command_line_says_so_for_an_sqlite_version(store):
    sqlite_file(store.current_file())
    done = cli("history", "--db", store.root)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {refused(store, NOT_DUCKDB)}\n")


# --- DuckDB never reaches out -----------------------------------------------------------------

SETTINGS = "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')"


def test_every_connection_the_store_opens_installs_and_loads_no_extension(store):
    with store.open_version("store-000002.duckdb") as con:
        assert con.execute(SETTINGS).fetchone() == (False, False)
    with store.connect_read() as con:
        assert con.execute(SETTINGS).fetchone() == (False, False)
    seen = []
    with store.write() as con:
        seen.append(con.execute(SETTINGS).fetchone())
    assert seen == [(False, False)]


def test_only_the_store_files_module_calls_duckdb_connect():
    root = Path(__file__).resolve().parent.parent
    callers = sorted(
        str(p.relative_to(root))
        for folder in ("delivery", "ui", "pages", "scripts")
        for p in (root / folder).rglob("*.py")
        if "duckdb.connect(" in p.read_text(encoding="utf-8")
    )
    assert callers == ["delivery/store/files.py"]
