"""Recreate a store from its archive of originals by replaying the load log in order, then the
centre's records (transfers and priority-ID aliases, ``archive/records.jsonl``) and judgements
(ratings and stocktake actions, ``archive/judgements.jsonl``), all in one new version: a rebuild
stopped half-way publishes nothing and leaves the store as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from delivery.errors import DeliveryError, StoreError
from delivery.store import archive, history, judgements, records, recovery
from delivery.store.versions import Store


def rebuild(source_root: Path | str, target_root: Path | str | None = None) -> int:
    """Recreate a store from an archive by replaying its logs in order, as one new version.

    ``target_root`` defaults to the source store itself (its tables are rebuilt in a fresh
    version, which also mends a missing or damaged pointer or version); a different target
    must be an empty folder, and gets a copy of the archive. Returns the number of loads replayed.
    """
    source, target = Store(source_root), Store(target_root or source_root)
    entries = published_entries(source)
    kept = published_entries(source, records.LOG_NAME)
    rated = published_entries(source, judgements.LOG_NAME)
    if not entries:
        raise DeliveryError(f"There is nothing to rebuild from: {source.archive / archive.LOG_NAME} has no loads.")
    if target.root.resolve() != source.root.resolve():
        if not target.is_empty() or archive.read_log(target.archive):
            raise DeliveryError(f"{target.root} already holds a store; rebuild into an empty folder.")
        _copy_archive(source.archive, target.archive, entries)
        records.append_log(target.archive, kept)
        if rated:
            archive.append_log(target.archive, rated, judgements.LOG_NAME)

    def then(con) -> None:  # in the same version as the loads: published together or not at all
        records.replay(con, kept)
        judgements.replay(con, rated)

    history.replay(target, entries, then=then)
    return len(entries)


def published_entries(source: Store, name: str = archive.LOG_NAME) -> list[dict]:
    """The entries in force of the archive's log ``name``, less any that provably never reached a
    published version (a killed writer's, which no newer version holds: delivery/store/recovery.py).

    Entries a newer version holds (the store was pointed back at an older one) are kept. When
    the published version is missing or damaged there is nothing to compare with, so every entry
    in force is replayed (the archive is the record; the version was a copy of it).
    """
    key = recovery.LOGS[name][0]
    entries = archive.read_log(source.archive, name, key)
    try:
        con = source.connect_read()
    except StoreError:
        return entries
    if con is None:
        return entries
    try:
        last = recovery.positions_with(con)[name]
    except duckdb.Error:
        return entries
    finally:
        con.close()
    extra, keep = recovery.unpublished(source.root, source.versions, source.archive, source.version(), name, last)
    if extra and not keep:
        return [e for e in entries if e[key] <= last]
    return entries


def _copy_archive(src: Path, dst: Path, entries: list[dict]) -> None:
    forms = [e for e in entries if e.get("form")]
    needed = {e["sha256"] for e in entries if e["sha256"] and not e.get("form")} | {e["form"]["sha256"] for e in forms}
    translated = {e["sha256"] for e in forms} - needed  # a form's return, made again from the form when missing
    for sha in needed | {sha for sha in translated if archive.original_path(src, sha).is_file()}:
        archive.keep_original(dst, sha, archive.read_original(src, sha))
    for sha in {e["form"]["datamap_sha256"] for e in entries if e.get("form")}:
        archive.keep_original(dst, sha, archive.read_original(src, sha, ".csv"), ".csv")
    archive.append_log(dst, entries)


def copy_store(source_root: Path | str, target_root: Path | str) -> Store:
    """A working copy of a store's published version and archive, in an empty folder (to try a load on).

    Originals are hard-linked where the file system allows (they are never rewritten); the logs
    are copied, since a write to the copy appends to them.
    """
    source, target = Store(source_root), Store(target_root)
    if not target.is_empty():
        raise DeliveryError(f"{target.root} already holds a store; copy into an empty folder.")
    if source.problem() or source.version() is None:
        raise DeliveryError(f"The store at {source.root} has no good published version to copy.")
    target.versions.mkdir(parents=True, exist_ok=True)
    target.archive.mkdir(parents=True, exist_ok=True)
    for path in source.archive.iterdir():
        if path.suffix == ".xlsx":
            try:
                os.link(path, target.archive / path.name)
                continue
            except OSError:  # another file system, or no hard links: copy
                pass
        shutil.copyfile(path, target.archive / path.name)
    shutil.copyfile(source.current_file(), target.versions / source.version())
    target._publish(target.versions / source.version())
    return target
