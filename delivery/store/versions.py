"""The DuckDB store: versioned files published atomically, so readers never see half a load.

Layout of a store directory (the DELIVERY_DB setting, default ``data/store``, or ``--db``)::

    CURRENT                  the name of the published version, e.g. store-000007.duckdb
    versions/store-*.duckdb  immutable once published; readers open them read-only
    archive/<sha256>.xlsx    every workbook ever loaded, byte for byte
    archive/loads.jsonl      one line per load, in order: what ``rebuild`` replays
    write.lock               held by the one writer at a time

Each version records the last entry of each archive log it holds (table ``log_positions``);
before any write, ``recovery.settle_logs`` voids entries the copied version lacks only when
they provably never reached a published version, and otherwise refuses the write.

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

from delivery import ROOT, settings
from delivery.errors import StoreBusy, StoreError, UnknownQuery
from delivery.reference.departments import store_frame
from delivery.store import archive, files, recovery

QUERIES = ROOT / "queries"
KEEP_VERSIONS = 3


def default_store_path() -> Path:
    """The store directory: the DELIVERY_DB setting (delivery/settings.py), ``data/store`` in the project by default."""
    return settings.get("DELIVERY_DB")


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


AGREED = "agreed"  # the schema of views.sql that shadows the return tables with what the centre accepted


def show_picture(con: duckdb.DuckDBPyConnection, agreed: bool) -> None:
    """Make ``con`` read the agreed picture (only returns the centre has accepted, views.sql's schema
    ``agreed``) or every return as loaded (the draft): every named query and "as at" macro reads through it."""
    con.execute(f"SET search_path = '{AGREED},main'" if agreed else "SET search_path = 'main'")


def reviewing(con: duckdb.DuckDBPyConnection) -> bool:
    """Has this version's store switched review on (so that its agreed and draft pictures can differ)?"""
    try:
        return con.execute("SELECT count(*) > 0 FROM main.review_start").fetchone()[0]
    except duckdb.CatalogException:  # a version written before the reporting cycle existed
        return False


class Store:
    """A store directory: find the published version, open it to read, or write a new one."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else default_store_path()
        self.versions = self.root / "versions"
        self.archive = self.root / "archive"
        self._held: dict[tuple, str | None] = {}  # emptiness found, by the version's and the log's stat

    def version(self) -> str | None:
        """The published version's file name, or None when the pointer is missing or not a version's name."""
        return recovery.pointed_version(self.root)

    def current_file(self) -> Path | None:
        """Path of the published version's DuckDB file, or None."""
        name = self.version()
        return self.versions / name if name else None

    def is_empty(self) -> bool:
        """True for a store never written: no pointer, no versions and no loads in its archive's log."""
        return (
            not os.path.lexists(self.root / "CURRENT")
            and not recovery.version_files(self.versions)
            and not archive.read_log(self.archive)
        )

    def problem(self) -> str | None:
        """What is wrong with the pointer or the version it names (end of a sentence), or None.

        A published version that holds no load while the archive's log has some is damage (it
        was replaced by an empty file), never an empty store: writing on it would void the log.
        """
        return recovery.pointer_problem(self.root, self.versions, self.archive) or self._emptiness(self.version())

    def _emptiness(self, name: str | None) -> str | None:
        """Why the version ``name`` cannot stand for a store whose log has loads; checked once per file and log."""
        if name is None:
            return None
        key = (name, *_stat_key(self.versions / name), *_stat_key(self.archive / archive.LOG_NAME))
        if key not in self._held:
            logged = len(archive.read_log(self.archive))
            held = recovery.loads_held_with(lambda: self.open_version(name)) if logged else None
            self._held[key] = (
                f"its published version {name} holds no loads, but its archive's log has {logged}"
                if held == 0
                else None
            )
        return self._held[key]

    def damaged(self, what: str, skip=()) -> StoreError:
        """The error for a store that cannot be used: what is wrong, and the way back."""
        return StoreError(recovery.damaged_store_message(self.root, self.versions, self.archive, what, skip))

    def open_version(self, name: str) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the version called ``name``: the one place any reader opens the store.

        Readers (the app, briefs, the command line) never build a version's path or call DuckDB
        themselves, so a store kept elsewhere (a shared or hosted DuckDB: MotherDuck's ``md:``
        paths speak the same SQL) is plugged in by changing this method alone.
        A file without DuckDB's header is refused before DuckDB sees it.
        """
        path = self.versions / name
        problem = files.version_file_problem(path)
        if problem and problem != "is missing":  # a missing one: DuckDB's own error, as before
            raise self.damaged(f"its version {name} {problem}", skip={name})
        return files.connect(path, read_only=True)

    def version_stamp(self) -> tuple:
        """(name, size, modified) of every version file: it changes when a version is written, pruned or damaged."""
        return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in recovery.version_files(self.versions))

    def good_versions(self, skip=()) -> list[tuple[str, int]]:
        """(name, newest load id) of every version that opens and reads, newest first (``skip``: names known bad)."""
        return recovery.good_versions(
            self.versions,
            skip,
            last_load=lambda path: self.last_load(path.name),
            need_loads=bool(archive.read_log(self.archive)),
        )

    def last_load(self, name: str) -> int | None:
        """The newest load id in the version called ``name``, or None if it cannot be read."""
        return recovery.last_load_with(lambda: self.open_version(name))

    def logged_last_load(self) -> int:
        """The newest load id in the archive's log (0 for none): what a version holding every load has."""
        return max((e["load_id"] for e in archive.read_log(self.archive)), default=0)

    def connect_read(self) -> duckdb.DuckDBPyConnection | None:
        """A read-only connection to the published version (None for a store never written).

        A missing or damaged pointer or version raises StoreError saying how to recover.
        """
        problem = self.problem()
        if problem:
            raise self.damaged(problem)
        path = self.current_file()
        if path is None:
            return None
        try:
            return self.open_version(path.name)
        except duckdb.Error as e:
            if recovery.is_damage(e):
                raise self.damaged(
                    f"its published version {path.name} is damaged ({recovery.first_line(e)})", skip={path.name}
                ) from e
            raise StoreError(f"The store at {self.root} cannot be opened: {recovery.first_line(e)}") from e

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
                        raise StoreBusy(
                            "Another load is being written to the store; please try again in a minute."
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def write(self, timeout: float = 120.0, *, before=None, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to a new version; published only if the block succeeds.

        The block runs inside one transaction. On any exception the new version is
        discarded and the published one is untouched. ``before(con)``, if given, runs once
        the lock is held, on the new version while it is still the published one's copy (None
        for an empty store), before the transaction: raising there leaves the store as it was.
        A store whose pointer or version is missing or damaged is refused, unless ``fresh``
        (a rebuild: the new version starts empty rather than from the published one). A full disk
        is DiskFull (``files.refused_when_full``), with the store as it was.
        """
        with files.refused_when_full(self.root), self.lock(timeout):
            problem = None if fresh else self.problem()
            if problem:
                raise self.damaged(problem)
            current = None if fresh else self.current_file()
            con, path = self._new_version(current)
            try:
                if current is not None:  # void a killed writer's lines; refuse if a newer version holds them
                    recovery.settle_logs(
                        self.root, self.archive, current.name, recovery.positions_with(con), skip={path.name}
                    )
                if before is not None:  # the copy is the published version, byte for byte: no second open
                    before(con if current else None)
                con.execute("BEGIN TRANSACTION")
                yield con
                con.execute(sql("agreed_refresh"))  # the agreed picture's review states, as this version holds them
                # what it holds of the archive's logs: a write on an older version never voids it
                con.execute("CREATE OR REPLACE TABLE log_positions AS " + recovery.POSITIONS_SQL)
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
                con.close()
            except BaseException as e:
                con.close()
                _discard(path)
                if recovery.is_damage(e) and not fresh:
                    raise self.damaged(
                        f"its published version {self.version()} is damaged ({recovery.first_line(e)})",
                        skip={self.version()},
                    ) from e
                raise
            try:
                self._publish(path)
            except BaseException:
                if self.version() != path.name:  # not published: leave no stray version behind
                    _discard(path)
                raise

    def _new_version(self, current: Path | None) -> tuple[duckdb.DuckDBPyConnection, Path]:
        """A read-write connection to a new version file: a copy of ``current`` (or empty), brought up to date."""
        self.versions.mkdir(parents=True, exist_ok=True)
        path = self.versions / f"store-{self._next_number(current):06d}.duckdb"
        _discard(path)  # a WAL left by a killed writer: DuckDB would replay it onto the fresh copy below
        try:
            if current:
                shutil.copyfile(current, path)  # ~2 ms for the small demo; opening it costs more
            con = files.connect(path)
            bring_up_to_date(con)
        except BaseException as e:
            _discard(path)  # a failed load leaves no stray version behind
            if recovery.is_damage(e) and current:
                raise self.damaged(
                    f"its published version {current.name} is damaged ({recovery.first_line(e)})", skip={current.name}
                ) from e
            raise
        return con, path

    def _next_number(self, current: Path | None) -> int:
        """One after every version file and the published one: a pointer set back by hand to an
        older version must never make a write overwrite a newer one (a killed writer's leftover
        is skipped too, and pruned in time)."""
        files = recovery.version_files(self.versions)
        numbers = [recovery.version_number(p.name) for p in files[-1:]]
        numbers += [recovery.version_number(current.name)] if current else []
        return max(numbers, default=0) + 1

    def is_current(self) -> bool:
        """True if the published version has this code's schema and views (or the store is empty)."""
        con = self.connect_read()
        if con is None:
            return True
        try:
            return con.execute("SELECT schema_hash FROM meta").fetchone()[0] == schema_hash()
        except duckdb.Error as e:
            return recovery.is_damage(e)  # damage is for recovery, not for an upgrade
        finally:
            con.close()

    def upgrade(self) -> bool:
        """Publish a new version with this code's schema and views if needed. True if it did.

        A damaged store is left alone: an upgrade cannot mend it, and readers say how to.
        """
        if self.problem() or self.is_current():
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
        for old in recovery.version_files(self.versions)[:-KEEP_VERSIONS]:
            _discard(old)


def _stat_key(path: Path) -> tuple:
    """(inode, size, modified) of a file, or () when it is not there: changes when the file is replaced."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return ()
    return info.st_ino, info.st_size, info.st_mtime_ns


def _discard(path: Path) -> None:
    """Delete a version file and its WAL, if there."""
    path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)


def schema_hash() -> str:
    """A fingerprint of schema.sql and views.sql: a store built by older code gets upgraded."""
    return hashlib.sha256((sql("schema") + sql("views")).encode()).hexdigest()[:16]


def bring_up_to_date(con: duckdb.DuckDBPyConnection) -> None:
    """Give a new version this code's schema and views, and the departments of data/departments.csv.

    A version is written only by this code and never changes once published, so a copy whose
    ``meta`` row names the same schema hash and departments hash has both already; re-running
    the views alone was the largest part of writing one small return (about 20 ms)."""
    departments = store_frame()
    wanted = (schema_hash(), frame_hash(departments))
    held = _meta(con)
    if held == wanted:
        return
    if held[0] != wanted[0]:
        con.execute(sql("schema"))
        con.execute(sql("views"))
    sync_departments(con, departments)
    con.execute(
        "CREATE OR REPLACE TABLE meta AS SELECT $s AS schema_hash, $d AS departments_hash",
        {"s": wanted[0], "d": wanted[1]},
    )


def _meta(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str | None]:
    """(schema hash, departments hash) a version was written with; None for either it does not record."""
    try:
        cursor = con.execute("SELECT * FROM meta")
    except duckdb.CatalogException:  # a new, empty version
        return None, None
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone() or ()))
    return row.get("schema_hash"), row.get("departments_hash")


def frame_hash(frame: pd.DataFrame) -> str:
    """A fingerprint of the departments table's rows as the store holds them."""
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()[:16]


def sync_departments(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame | None = None) -> None:
    """Refresh the departments table from the reference CSV in ``data/`` (or from ``frame``, read from it)."""
    frame = store_frame() if frame is None else frame
    con.execute("DELETE FROM departments")
    con.register("_departments", frame)
    con.execute("INSERT INTO departments BY NAME SELECT * FROM _departments")
    con.unregister("_departments")
