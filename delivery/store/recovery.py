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
DAMAGE_MARKERS = (
    "Corrupt database file",
    "not a valid DuckDB database file",
    "database does not exist",
    "Could not read enough bytes",
    "checksum",
)


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


def good_versions(
    versions: Path, skip=(), last_load: Callable[[Path], int | None] = last_load_in, need_loads: bool = False
) -> list[tuple[str, int]]:
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
    """How to get the store back: rebuild from the archive, or point CURRENT at the newest good version.

    Going back is offered only to a version that holds every entry of the archive's logs: a
    write on an older one would find entries a newer version holds and refuse (``settle_logs``),
    so that advice would only lead to the rebuild, and rebuilding is what keeps them all.
    """
    logged = archive.read_log(archive_dir)
    good = good_versions(versions, skip, need_loads=bool(logged))
    rebuild = f"python -m delivery rebuild --db {shlex.quote(str(root))}"
    steps = []
    if logged:
        steps.append(f"rebuild it from its archive of {len(logged)} loads: {rebuild}")
    if good:
        name, _ = good[0]
        lacking = lacks(versions / name, archive_dir)
        if not lacking:
            steps.append(
                f"go back to the newest good version, {name} (it holds every load): "
                f"echo {name} > {shlex.quote(str(root / 'CURRENT'))}"
            )
        elif steps:
            steps[-1] += (
                f"; going back to the newest good version, {name}, would not do: it holds "
                + " and ".join(lacking)
                + ", and only rebuilding keeps them all"
            )
    if not steps:
        return "It has no good version and no archive log: restore the store's folder from a backup."
    return "To recover, " + "; or ".join(steps) + "."


# --- what each version holds of the archive's logs --------------------------------------------

# Every version records the last entry of each archive log it holds (table log_positions, written
# by Store.write): log file -> (the key numbering its entries, the field one write's entries
# share, the column of log_positions, what its entries are called).
LOGS = {
    "loads.jsonl": ("load_id", "loaded_at", "last_load_id", "loads"),
    "judgements.jsonl": ("seq", "seq", "last_judgement_seq", "centre ratings and actions"),
    "records.jsonl": ("record_id", "recorded_at", "last_record_id", "records"),
}
POSITIONS_SQL = """SELECT (SELECT coalesce(max(load_id), 0) FROM loads) AS last_load_id,
       (SELECT coalesce(max(seq), 0) FROM judgement_log) AS last_judgement_seq,
       (SELECT coalesce(max(record_id), 0) FROM (SELECT record_id FROM priority_transfers
                                                 UNION ALL SELECT record_id FROM priority_aliases)) AS last_record_id"""


def positions_with(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The last entry of each log the version ``con`` holds (log name -> key); a version written
    before ``log_positions`` existed is asked its tables."""
    try:
        cursor = con.execute("SELECT * FROM log_positions")
    except duckdb.CatalogException:
        cursor = con.execute(POSITIONS_SQL)
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
    return {name: int(row[column]) for name, (_, _, column, _) in LOGS.items()}


def positions_in(path: Path) -> dict[str, int] | None:
    """What ``positions_with`` says of the version file at ``path``; None when it cannot be read."""
    if files.version_file_problem(path):
        return None
    try:
        con = files.connect(path, read_only=True)
    except (duckdb.Error, StoreError):
        return None
    try:
        return positions_with(con)
    except duckdb.Error:
        return None
    finally:
        con.close()


def lacks(path: Path, archive_dir: Path) -> list[str]:
    """What the version at ``path`` lacks of the archive's logs, e.g. ["loads up to 2 of 3"] (all when unreadable)."""
    held = positions_in(path) or {}
    out = []
    for name, (key, _, _, noun) in LOGS.items():
        last = max((e[key] for e in archive.read_log(archive_dir, name, key)), default=0)
        if held.get(name, 0) < last:
            out.append(f"{noun} up to {held.get(name, 0)} of {last}")
    return out


def newer_holders(versions: Path, version: str | None, name: str, last: int, skip=()) -> list[str]:
    """Version files numbered after ``version`` that hold (or, unreadable, may hold) entries of log
    ``name`` beyond ``last``: those entries may have been published, so they are never voided."""
    number = version_number(version) if version else None
    if number is None:
        return []
    found = []
    for path in version_files(versions):
        if version_number(path.name) <= number or path.name in skip:
            continue
        held = positions_in(path)
        if held is None or held[name] > last:
            found.append(path.name)
    return found


def unpublished(
    root: Path, versions: Path, archive_dir: Path, version: str | None, name: str, published_last: int, skip=()
) -> tuple[list[dict], str | None]:
    """(the entries of log ``name`` beyond ``published_last``, why they must be kept or None).

    They are provably never published, and may be voided, only when no version numbered after
    ``version`` holds or may hold them and they are one write's (one killed or failed writer).
    """
    key, write, _, noun = LOGS[name]
    extra = [e for e in archive.read_log(archive_dir, name, key) if e[key] > published_last]
    if not extra:
        return [], None
    ids = f"{extra[0][key]}" if len(extra) == 1 else f"{extra[0][key]}-{extra[-1][key]}"
    rebuild = f"python -m delivery rebuild --db {shlex.quote(str(root))}"
    holders = newer_holders(versions, version, name, published_last, skip)
    if holders:
        held_last = extra[-1][key]
        verb = "holds" if positions_in(versions / holders[-1]) is not None else "may hold"  # unreadable: may
        return extra, (
            f"The store at {root} points at {version}, an older version than its newest, {holders[-1]}, "
            f"which {verb} {noun} up to {held_last} where {version} holds them up to {published_last}, so "
            f"nothing was written. Rebuild the store so that none of them is lost: {rebuild}"
        )
    if len({e.get(write) for e in extra}) > 1:
        return extra, (
            f"The archive's log at {archive_dir / name} has {noun} {ids} that the published version "
            f"{version} does not, so nothing was written. Rebuild the store so that "
            f"{'no load' if name == archive.LOG_NAME else 'none of them'} is lost: {rebuild}"
        )
    return extra, None


def damaged_store_message(root: Path, versions: Path, archive_dir: Path, what: str, skip=()) -> str:
    """ "The store at X cannot be used: <what>. Nothing was changed. To recover, ..." """
    return (
        f"The store at {root} cannot be used: {what}. It was not treated as empty and nothing was changed. "
        + recovery_advice(root, versions, archive_dir, skip)
    )


def settle_logs(root: Path, archive_dir: Path, version: str, positions: dict[str, int], skip=()) -> None:
    """Before any write on ``version`` (which holds ``positions``): void each archive log's entries it
    lacks when they provably never reached a published version (``unpublished``), else refuse the
    write, saying how to keep them. Every log is checked by every write: a write of one kind on an
    older version would otherwise publish a newest version lacking another kind's entries.

    ``skip``: the version being written (numbered after the published one, it holds nothing yet).
    """
    found = [
        (name, *unpublished(root, root / "versions", archive_dir, version, name, positions[name], skip))
        for name in LOGS
    ]
    for _, _, refusal in found:
        if refusal:
            raise StoreError(refusal)
    for name, extra, _ in found:
        if extra:
            archive.void_entries(
                archive_dir,
                [e[LOGS[name][0]] for e in extra],
                f"never published: the writer stopped before publishing (published version {version})",
                name,
            )
