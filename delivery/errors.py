"""The few named exceptions the package raises; each page and the CLI catch them in one place.

Also ``quoted``: how a message shows text a user typed or a file held, and ``disk_full``.
"""

import errno

# What the operating system says (and DuckDB repeats in its own errors) when a disk is full
_DISK_FULL = {errno.ENOSPC: "No space left on device", errno.EDQUOT: "Disk quota exceeded"}


def quoted(text) -> str:
    """``text`` in plain quotes for a message: 'Purple'. Never Python's repr (its backslash escapes
    and switching quotes are not for people), yet just as safe on a terminal: a line break, tab or
    other invisible control character cannot start a new line or move the cursor, so each
    whitespace one is shown as a space and any other as � (the mark for an unreadable character)."""
    return f"'{printable(text)}'"


def printable(text) -> str:
    """``text`` safe on a terminal or in a log line: each whitespace control character (line break,
    tab) as a space, any other unprintable one (ESC, BEL, NUL, U+202E) as \ufffd."""
    return "".join(ch if ch.isprintable() else " " if ch.isspace() else "\ufffd" for ch in str(text))


class DeliveryError(Exception):
    """Base class: a problem to show the user in plain English (str(error) is the message)."""


class NotAWorkbook(DeliveryError):
    """The file is not a readable .xlsx workbook (old .xls, CSV, encrypted, corrupt, too big)."""


class StoreBusy(DeliveryError):
    """Another load is writing to the store and did not finish in time; try again."""


class StoreError(DeliveryError):
    """The store cannot be opened or is not a delivery store."""


class UnknownQuery(DeliveryError):
    """A query name with no queries/<name>.sql file."""


class ChangedMeanwhile(DeliveryError):
    """What a person saw before writing (a preview, a form) was changed by someone else since; nothing was written."""


class Unprintable(DeliveryError):
    """A brief holds a character that no installed font can print; the message names the priority and field."""


class DiskFull(DeliveryError):
    """A disk (or the user's quota on it) filled up while writing; nothing was changed."""


def disk_full(error: BaseException) -> bool:
    """True when ``error`` (an OSError, or DuckDB's error for a write that failed) says a disk is full."""
    if isinstance(error, OSError) and error.errno in _DISK_FULL:
        return True
    return any(words in str(error) for words in _DISK_FULL.values())
