"""A damaged store: say what is wrong in one sentence, and how to get back.

A store's pointer (``CURRENT``) may be deleted, or hold junk; the version it names may be
missing, empty or have a corrupt block. None of these may make the store look empty (the
first start would then load the demo over it, and the next load would start a new log):
the store is refused, with the way back, and the app shows the newest good version.
"""
from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import duckdb

from delivery.errors import StoreError
from delivery.store import archive, files

VERSION_NAME = re.compile(r"store-(\d{6})\.duckdb")
# What DuckDB says when a file is damaged, as opposed to a bug in a query or a lock held elsewhere.
DAMAGE_MARKERS = ("Corrupt database file", "not a valid DuckDB database file", "database does not exist",
                  "Could not read enough bytes", "checksum")


def version_number(name: str) -> int | None:
    """12 for "store-000012.duckdb"; None for anything that is not a version's name."""
    match = VERSION_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


def version_files(versions: Path) -> list[Path]:
    """The store's version files, oldest first (by number, not by name or date)."""
    if not versions.is_dir():
        return []
    files = [p for p in versions.iterdir() if version_number(p.name) is not None]
    return sorted(files, key=lambda p: version_number(p.name))


def is_damage(error: BaseException) -> bool:
    """True when a DuckDB error says a file is damaged (not a query's bug, not a lock held elsewhere)."""
    return isinstance(error, duckdb.Error) and any(m in str(error) for m in DAMAGE_MARKERS)


def first_line(error: BaseException) -> str:
    """What is wrong with a damaged file, in a few plain words (DuckDB's own first line otherwise)."""
    text = str(error)
    if "Corrupt database file" in text or "checksum" in text:
        return "a block of it is corrupt"
    if "not a valid DuckDB database file" in text:
        return "it is not a readable store file"
    if "database does not exist" in text:
        return "it is missing"
    text = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return text.removeprefix("IO Error: ")


def last_load_in(path: Path) -> int | None:
    """The newest load id in a version file, or None if the file cannot be read."""
    return last_load_with(lambda: files.connect(path, read_only=True))


def last_load_with(open_version: Callable[[], duckdb.DuckDBPyConnection]) -> int | None:
    """The newest load id in the version ``open_version()`` opens read-only, or None if it cannot be read."""
    try:
        con = open_version()
    except (duckdb.Error, StoreError):
        return None
    try:
        return int(con.execute("SELECT coalesce(max(load_id), 0) FROM loads").fetchone()[0])
    except duckdb.Error:
        return None
    finally:
        con.close()


def loads_held_with(open_version: Callable[[], duckdb.DuckDBPyConnection]) -> int | None:
    """How many loads the version ``open_version()`` opens records (0 with no loads table), or None if unreadable."""
    try:
        con = open_version()
    except (duckdb.Error, StoreError):
        return None
    try:
        return int(con.execute("SELECT count(*) FROM loads").fetchone()[0])
    except duckdb.CatalogException:  # a valid DuckDB file with no tables: it holds nothing
        return 0
    except duckdb.Error:
        return None
    finally:
        con.close()


def good_versions(versions: Path, skip=(), last_load: Callable[[Path], int | None] = last_load_in,
                  need_loads: bool = False) -> list[tuple[str, int]]:
    """(name, newest load id) of every version file that opens and reads, newest first.

    ``need_loads``: leave out versions that hold no load (the archive's log has some, so such a
    version is damage, not a way back).
    """
    found = []
    for path in reversed(version_files(versions)):
        if path.name in skip or files.version_file_problem(path):  # DuckDB is never given a foreign file
            continue
        last = last_load(path)
        if last is not None and (last > 0 or not need_loads):
            found.append((path.name, last))
    return found


def pointer_problem(root: Path, versions: Path, archive_dir: Path) -> str | None:
    """What is wrong with the pointer or the file it names (end of a sentence, no paths); None when fine or new."""
    try:
        text = files.read_pointer(root / "CURRENT")
    except files.PointerDamaged as e:
        return f"its pointer file CURRENT is damaged: it {e}"
    if text is None:
        if not version_files(versions) and not archive.read_log(archive_dir):
            return None  # never written: an empty store
        return "its pointer file CURRENT (which names the published version) is missing"
    if "/" in text or "\\" in text or ".." in text:
        return "its pointer file CURRENT is damaged: it names a file outside the store's versions folder"
    if version_number(text) is None:
        return "its pointer file CURRENT is damaged: it does not name a version"
    problem = files.version_file_problem(versions / text)
    return f"its published version {text} {problem}" if problem else None


def pointed_version(root: Path) -> str | None:
    """The version ``CURRENT`` names, or None when it is missing, damaged or names no version."""
    try:
        text = files.read_pointer(root / "CURRENT")
    except (files.PointerDamaged, OSError):
        return None
    return text if text and version_number(text) is not None else None


def recovery_advice(root: Path, versions: Path, archive_dir: Path, skip=()) -> str:
    """How to get the store back: rebuild from the archive, or point CURRENT at the newest good version."""
    logged = archive.read_log(archive_dir)
    last_logged = max((e["load_id"] for e in logged), default=0)
    good = good_versions(versions, skip, need_loads=bool(logged))
    rebuild = f"python -m delivery rebuild --db {shlex.quote(str(root))}"
    steps = []
    if logged:
        steps.append(f"rebuild it from its archive of {len(logged)} loads: {rebuild}")
    if good:
        name, last = good[0]
        held = ("it holds every load" if last >= last_logged else
                f"it holds loads up to {last} of {last_logged}; rebuilding keeps them all")
        steps.append(f"go back to the newest good version, {name} ({held}): "
                     f"echo {name} > {shlex.quote(str(root / 'CURRENT'))}")
    if not steps:
        return "It has no good version and no archive log: restore the store's folder from a backup."
    return "To recover, " + "; or ".join(steps) + "."


def damaged_store_message(root: Path, versions: Path, archive_dir: Path, what: str, skip=()) -> str:
    """"The store at X cannot be used: <what>. Nothing was changed. To recover, ..." """
    return (f"The store at {root} cannot be used: {what}. It was not treated as empty and nothing was changed. "
            + recovery_advice(root, versions, archive_dir, skip))


def void_unpublished(root: Path, archive_dir: Path, version: str | None, published_last: int) -> None:
    """Void the log's entries that the published version lacks, when they are one write's (a killed writer's).

    Entries from more than one write mean the store was set back to an older version: voiding
    them would drop loads from every later rebuild, so the write is refused instead.
    """
    extra = [e for e in archive.read_log(archive_dir) if e["load_id"] > published_last]
    if not extra:
        return
    if len({e["loaded_at"] for e in extra}) > 1:
        ids = f"{extra[0]['load_id']}-{extra[-1]['load_id']}"
        raise StoreError(f"The archive's log at {archive_dir / archive.LOG_NAME} has loads {ids} that the published "
                         f"version {version} does not, so nothing was written. Rebuild the store so that no "
                         f"load is lost: python -m delivery rebuild --db {shlex.quote(str(root))}")
    archive.void_entries(archive_dir, [e["load_id"] for e in extra],
                         f"never published: the writer stopped before publishing (published version {version})")
