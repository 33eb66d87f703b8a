"""The store's files as bytes on disk, checked before DuckDB is let near them.

DuckDB opens what it is given: a file with another database's header makes it fetch an
extension from the internet (a government tool makes no request to an outside host), and a
pointer that is a link to ``/dev/zero`` would be read for ever. So every connection is opened
here with extensions neither installed nor loaded, a version file must carry DuckDB's header,
and ``CURRENT`` is read as a small regular file, never followed as a link.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import duckdb

from delivery.errors import DiskFull, disk_full

# Set in the connect call, so they hold before DuckDB reads a byte of the file.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
DUCKDB_MAGIC, MAGIC_AT = b"DUCK", 8  # every DuckDB database file has "DUCK" at bytes 8-11
POINTER_MAX_BYTES = 256  # "store-000012.duckdb" and a newline; anything longer is not a pointer


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that never installs or loads an extension (so never reaches out)."""
    return duckdb.connect(str(path), read_only=read_only, config=dict(OFFLINE))


@contextlib.contextmanager
def refused_when_full(root: Path) -> Iterator[None]:
    """A full disk met in the block (the version's copy, DuckDB's writes and checkpoint, the archive,
    the pointer) is DiskFull naming the store's folder; the writer has left the store as it was."""
    try:
        yield
    except (OSError, duckdb.Error) as error:
        if not disk_full(error):
            raise
        raise DiskFull(
            f"The disk holding the store ({root}) is full, so nothing was written: the store is as it "
            "was. Free some space on that disk, then try again."
        ) from error


def version_file_problem(path: Path) -> str | None:
    """What keeps DuckDB from being given this version file (end of a sentence), or None."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "is missing"
    if not stat.S_ISREG(info.st_mode):
        return "is damaged (it is not a regular file)"
    if info.st_size == 0:
        return "is empty (0 bytes)"
    with open(path, "rb") as f:
        head = f.read(MAGIC_AT + len(DUCKDB_MAGIC))
    if head[MAGIC_AT:] != DUCKDB_MAGIC:
        return "is damaged (it is not a DuckDB database file)"
    return None


class PointerDamaged(Exception):
    """``CURRENT`` cannot be read as a pointer; the message ends the sentence "it ..."."""


def read_pointer(path: Path) -> str | None:
    """The text of the pointer file ``path`` (stripped), or None if there is none.

    Raises PointerDamaged for a link, anything but a regular file, or more than a pointer's bytes.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise PointerDamaged("is a link, not a file in the store") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a folder, a pipe, a device: never read
            raise PointerDamaged("is not a regular file")
        data = os.read(fd, POINTER_MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > POINTER_MAX_BYTES:
        raise PointerDamaged(f"is too long to name a version (more than {POINTER_MAX_BYTES} bytes)")
    return data.decode("utf-8", errors="replace").strip()
