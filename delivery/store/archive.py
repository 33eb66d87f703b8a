"""The store's archive: every original workbook, byte for byte, and the log of loads.

``archive/<sha256>.xlsx`` keeps each workbook ever loaded; ``archive/loads.jsonl`` has one
JSON object per load, rollback or unchanged re-load, in the order they happened, with
everything ``rebuild`` needs to replay it exactly (ids, times, who, reasons)::

    {"load_id": 7, "outcome": "loaded", "file_name": "DfE-2026-03.xlsx",
     "sha256": "…", "department": "DfE", "return_period": "2026-03-31",
     "loaded_by": "ana", "loaded_at": "2026-04-02T09:15:00.123456",
     "row_counts": {"Priorities": 3, …}, "reason": null,
     "rolls_back": null, "restores": null, "restores_sha256": null}

A return loaded from a department's own form through a datamap (delivery/forms/) also keeps the
form, as ``archive/<sha256>.xlsx``, and the datamap in force, as ``archive/<sha256>.csv``; its entry
names both: ``"form": {"file_name": …, "sha256": …, "datamap": "dft.csv", "datamap_sha256": …}``,
and ``rebuild`` replays it from the form through that datamap.

``outcome`` is "loaded", "unchanged" (same bytes as the active load: logged, nothing else),
"refused" (a commit whose return was changed by someone else after its preview was made:
logged with ``refused`` saying why, nothing else) or "rolled back". A rollback line names the load it
rolled back (``rolls_back``) and the
load whose rows it put back (``restores`` and its file's ``restores_sha256``, or null when
the period was emptied); the restored rows keep that load's id.

The log is append-only: nothing ever cuts or rewrites it. Lines are appended while the
writer holds the store's lock and before the new version is published. When that version
is not published (a failed write, or a writer killed before publishing: found by the next
writer), a marker line says so and voids them::

    {"void": [8, 9], "line": null, "at": "…", "why": "never published: …"}

and a marker with ``"line": N`` voids half a line N left by a writer killed mid-append.
``read_log`` gives the entries in force: every line, less what the markers void.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from delivery.errors import StoreError

LOG_NAME = "loads.jsonl"


def original_path(archive: Path, sha256: str, suffix: str = ".xlsx") -> Path:
    """Where the workbook with this sha256 is kept (a department's datamap: ``suffix`` ".csv")."""
    return archive / f"{sha256}{suffix}"


def keep_original(archive: Path, sha256: str, data: bytes, suffix: str = ".xlsx") -> Path:
    """Store a workbook's bytes as ``<sha256>.xlsx`` (or ``suffix``): temp name, fsync, rename (never half a file)."""
    path = original_path(archive, sha256, suffix)
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


def read_original(archive: Path, sha256: str, suffix: str = ".xlsx") -> bytes:
    """The bytes of an archived workbook (or datamap, ``suffix`` ".csv")."""
    return original_path(archive, sha256, suffix).read_bytes()


def append_log(archive: Path, entries: list[dict], name: str = LOG_NAME) -> None:
    """Append entries to ``loads.jsonl`` (or another append-only log ``name`` in the archive),
    one JSON line each, and fsync.

    Half a last line (a writer killed mid-append) is ended and voided first, so it never
    runs into the next line.
    """
    archive.mkdir(parents=True, exist_ok=True)
    path = archive / name
    text = "".join(json.dumps(e, default=str) + "\n" for e in entries)
    lines, clean = _lines(path)
    if not clean:
        marker = {"void": [], "line": len(lines), "at": _now(), "why": "half a line left by a writer that was stopped"}
        text = "\n" + json.dumps(marker) + "\n" + text
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def void_entries(archive: Path, load_ids: list[int], why: str, name: str = LOG_NAME) -> None:
    """Append a marker voiding the entries so far with these ids (their version was never published)."""
    if load_ids:
        append_log(archive, [{"void": sorted(load_ids), "line": None, "at": _now(), "why": why}], name)


def read_log(archive: Path, name: str = LOG_NAME, key: str = "load_id") -> list[dict]:
    """The entries in force, in order: every entry of ``loads.jsonl`` (or of log ``name``, whose
    entries are numbered by ``key``) less those a marker voids."""
    lines, clean = _lines(archive / name)
    parsed: list[tuple[int, dict | None]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            value = None
        parsed.append((number, value if isinstance(value, dict) else None))
    voided_lines = {v["line"] for _, v in parsed if v and "void" in v and v.get("line")}
    entries: list[dict] = []
    for number, value in parsed:
        unfinished = number == len(lines) and not clean  # a killed append: its version was never published
        if value is None and number not in voided_lines and not unfinished:
            raise StoreError(
                f"Line {number} of {archive / name} is damaged; "
                "restore the file from a backup before loading or rebuilding."
            )
        if value is None:
            continue
        if "void" in value:
            entries = [e for e in entries if e[key] not in set(value["void"])]
        else:
            entries.append(value)
    return entries


def _lines(path: Path) -> tuple[list[str], bool]:
    """(the lines, numbered as in the file, clean): not clean when the last line is unfinished."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], True
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines, text.endswith("\n") or not text


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def original_of_load(archive: Path, load_id: int, sha256: str) -> bytes:
    """The workbook a load was made from, as the analyst sent it: the department's own form (or flat table)
    for a return read through a map, else the return itself."""
    form = next((e.get("form") for e in read_log(archive) if e.get("load_id") == load_id), None)
    return read_original(archive, form["sha256"] if form else sha256)
