"""The store's archive: every original workbook, byte for byte, and the log of loads.

``archive/<sha256>.xlsx`` keeps each workbook ever loaded; ``archive/loads.jsonl`` has one
JSON object per load, rollback or unchanged re-load, in the order they happened, with
everything ``rebuild`` needs to replay it exactly (ids, times, who, reasons)::

    {"load_id": 7, "outcome": "loaded", "file_name": "DfE-2026-03.xlsx",
     "sha256": "…", "department": "DfE", "return_period": "2026-03-31",
     "loaded_by": "ana", "loaded_at": "2026-04-02T09:15:00.123456",
     "row_counts": {"Priorities": 3, …}, "reason": null,
     "rolls_back": null, "restores": null, "restores_sha256": null}

``outcome`` is "loaded", "unchanged" (same bytes as the active load: logged, nothing else)
or "rolled back". A rollback line names the load it rolled back (``rolls_back``) and the
load whose rows it put back (``restores`` and its file's ``restores_sha256``, or null when
the period was emptied); the restored rows keep that load's id. Lines are appended while
the writer holds the store's lock and before the new version is published; a line whose
load never got published (a killed writer) is trimmed by the next writer, so the log only
ever describes published loads.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from delivery.errors import StoreError

LOG_NAME = "loads.jsonl"


def original_path(archive: Path, sha256: str) -> Path:
    """Where the workbook with this sha256 is kept."""
    return archive / f"{sha256}.xlsx"


def keep_original(archive: Path, sha256: str, data: bytes) -> Path:
    """Store a workbook's bytes as ``<sha256>.xlsx``: temp name, fsync, rename (never half a file)."""
    path = original_path(archive, sha256)
    if path.is_file():
        return path  # same bytes by definition of the name
    archive.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a failed write leaves no litter in the archive
        raise
    _fsync_dir(archive)
    return path


def read_original(archive: Path, sha256: str) -> bytes:
    """The bytes of an archived workbook."""
    return original_path(archive, sha256).read_bytes()


def log_size(archive: Path) -> int:
    """The log's size in bytes now (0 if there is none): where to truncate back to."""
    try:
        return (archive / LOG_NAME).stat().st_size
    except FileNotFoundError:
        return 0


def append_log(archive: Path, entries: list[dict]) -> None:
    """Append entries to ``loads.jsonl``, one JSON line each, and fsync."""
    archive.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(e, default=str) + "\n" for e in entries)
    with open(archive / LOG_NAME, "a", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def truncate_log(archive: Path, size: int) -> None:
    """Cut the log back to ``size`` bytes (undo an append whose store version was not published)."""
    path = archive / LOG_NAME
    if path.is_file() and path.stat().st_size > size:
        with open(path, "r+b") as f:
            f.truncate(size)
            os.fsync(f.fileno())


def read_log(archive: Path) -> list[dict]:
    """Every entry of ``loads.jsonl`` in order (an empty list when there is no log)."""
    return _read_log(archive)[0]


def _read_log(archive: Path) -> tuple[list[dict], bool]:
    """(entries, clean): a writer killed mid-append can leave half a last line, which is
    not an entry (its version was never published) and makes the log not clean."""
    try:
        text = (archive / LOG_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], True
    lines = text.split("\n")
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(json.loads(line))
        except ValueError:
            if number < len(lines):  # not the unfinished last line: the log has been damaged
                raise StoreError(f"Line {number} of {archive / LOG_NAME} is damaged; "
                                 "restore the file from a backup before loading or rebuilding.") from None
            return entries, False
    return entries, text.endswith("\n") or not text


def trim_log(archive: Path, last_load_id: int) -> int:
    """Drop log lines for loads after ``last_load_id`` (never published). Returns lines dropped."""
    entries, clean = _read_log(archive)
    kept = [e for e in entries if e["load_id"] <= last_load_id]
    if clean and len(kept) == len(entries):
        return 0
    tmp = archive / (LOG_NAME + ".tmp")
    tmp.write_text("".join(json.dumps(e) + "\n" for e in kept), encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, archive / LOG_NAME)
    return len(entries) - len(kept)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
