"""The DuckDB store: versioned files published atomically, so readers never see half a load.

Layout of a store directory (default ``data/store``, or ``$DELIVERY_DB``, or ``--db``)::

    CURRENT                  the name of the published version, e.g. store-000007.duckdb
    versions/store-*.duckdb  immutable once published; readers open them read-only
    archive/<sha256>.xlsx    every workbook ever loaded, byte for byte
    archive/loads.jsonl      one line per load, in order: what ``rebuild`` replays
    write.lock               held by the one writer at a time

DuckDB allows one writer per file and no writer while another process has the file
open, even read-only. So a load never writes the file readers have open: it copies the
published version, writes the copy in one transaction, checkpoints it, and publishes it
by replacing ``CURRENT`` (an atomic rename). Readers check ``CURRENT`` before each query
and move to the new version; a reader mid-query finishes on the old one. Writers queue
on an exclusive ``flock`` of ``write.lock``.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from delivery import ROOT
from delivery.errors import StoreBusy, StoreError, UnknownQuery
from delivery.reference.departments import store_frame

QUERIES = ROOT / "queries"
KEEP_VERSIONS = 3


def default_store_path() -> Path:
    """The store directory: ``$DELIVERY_DB`` if set, else ``data/store`` in the project."""
    return Path(os.environ.get("DELIVERY_DB") or ROOT / "data" / "store")


@functools.cache
def sql(name: str) -> str:
    """The text of ``queries/<name>.sql``."""
    path = QUERIES / f"{name}.sql"
    if not path.is_file():
        raise UnknownQuery(f"There is no query called {name!r} (expected {path}).")
    return path.read_text(encoding="utf-8")


def run_query(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run the named query with named parameters (``$department``) and return a DataFrame."""
    text = sql(name)
    return con.execute(text, params or {}).df()


class Store:
    """A store directory: find the published version, open it to read, or write a new one."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else default_store_path()
        self.versions = self.root / "versions"
        self.archive = self.root / "archive"

    def version(self) -> str | None:
        """The published version's file name, or None for a store never written."""
        try:
            return (self.root / "CURRENT").read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def current_file(self) -> Path | None:
        """Path of the published version's DuckDB file, or None."""
        name = self.version()
        return self.versions / name if name else None

    def is_empty(self) -> bool:
        """True when nothing has been published yet."""
        return self.version() is None

    def connect_read(self) -> duckdb.DuckDBPyConnection | None:
        """A read-only connection to the published version (None for an empty store)."""
        path = self.current_file()
        if path is None:
            return None
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.Error as e:
            raise StoreError(f"The store at {self.root} cannot be opened: {e}") from e

    @contextlib.contextmanager
    def lock(self, timeout: float = 120.0) -> Iterator[None]:
        """Hold the store's single-writer lock; raise StoreBusy after ``timeout`` seconds."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "write.lock", "a+") as f:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreBusy("Another load is being written to the store; please try again in a minute.") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def write(self, timeout: float = 120.0) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to a new version; published only if the block succeeds.

        The block runs inside one transaction. On any exception the new version is
        discarded and the published one is untouched.
        """
        with self.lock(timeout):
            con, path = self._new_version()
            try:
                con.execute("BEGIN TRANSACTION")
                yield con
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
                con.close()
            except BaseException:
                con.close()
                path.unlink(missing_ok=True)
                raise
            self._publish(path)

    def _new_version(self) -> tuple[duckdb.DuckDBPyConnection, Path]:
        self.versions.mkdir(parents=True, exist_ok=True)
        current = self.current_file()
        number = int(current.stem.split("-")[1]) + 1 if current else 1
        path = self.versions / f"store-{number:06d}.duckdb"
        path.unlink(missing_ok=True)  # left by a killed writer, never published
        # ... and its WAL: DuckDB would replay a stale WAL onto the fresh copy below.
        Path(str(path) + ".wal").unlink(missing_ok=True)
        if current:
            shutil.copyfile(current, path)
        con = duckdb.connect(str(path))
        con.execute(sql("schema"))
        con.execute(sql("views"))
        con.execute("CREATE OR REPLACE TABLE meta AS SELECT $h AS schema_hash", {"h": schema_hash()})
        sync_departments(con)
        return con, path

    def is_current(self) -> bool:
        """True if the published version has this code's schema and views (or the store is empty)."""
        con = self.connect_read()
        if con is None:
            return True
        try:
            return con.execute("SELECT schema_hash FROM meta").fetchone()[0] == schema_hash()
        except duckdb.Error:
            return False
        finally:
            con.close()

    def upgrade(self) -> bool:
        """Publish a new version with this code's schema and views if needed. True if it did."""
        if self.is_current():
            return False
        with self.write():
            pass
        return True

    def _publish(self, path: Path) -> None:
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(path.name, encoding="utf-8")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.root / "CURRENT")
        self._prune()

    def _prune(self) -> None:
        """Delete versions older than the last few (readers on Linux keep open files alive)."""
        files = sorted(self.versions.glob("store-*.duckdb"))
        for old in files[:-KEEP_VERSIONS]:
            old.unlink(missing_ok=True)
            Path(str(old) + ".wal").unlink(missing_ok=True)


def schema_hash() -> str:
    """A fingerprint of schema.sql and views.sql: a store built by older code gets upgraded."""
    return hashlib.sha256((sql("schema") + sql("views")).encode()).hexdigest()[:16]


def sync_departments(con: duckdb.DuckDBPyConnection) -> None:
    """Refresh the departments table from the reference CSV in ``data/``."""
    frame = store_frame()
    con.execute("DELETE FROM departments")
    con.register("_departments", frame)
    con.execute("INSERT INTO departments BY NAME SELECT * FROM _departments")
    con.unregister("_departments")
