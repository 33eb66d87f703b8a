"""A problem found in a return, in the analyst's own spreadsheet coordinates.

A problem is an *error* (it blocks: nothing in the file is written) or a *warning* (shown
and recorded with the load, but it lets the return through: a two-digit year, a date
before 2000, a negative amount, an older template, a withheld allocation: see
contract.Column.if_blank). ``--strict`` treats warnings as errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from delivery.errors import printable, quoted

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One thing to fix or check: sheet, cell reference (F14), the value found, what was expected, severity."""

    sheet: str
    cell: str
    value: str
    message: str
    file: str = ""
    severity: str = ERROR

    @property
    def where(self) -> str:
        """'Milestones!F14', or just the sheet when the problem has no single cell."""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    @property
    def is_warning(self) -> bool:
        """True for a warning (shown, recorded, lets the return through)."""
        return self.severity == WARNING

    def to_dict(self) -> dict:
        """A JSON-ready dict: every field plus 'where'."""
        return asdict(self) | {"where": self.where}

    def __str__(self) -> str:
        """'Milestones!F14: message (found 'x')', with 'Warning: ' first for a warning; the value is
        quoted in plain quotes and every part made printable (a message may quote a value too)."""
        found = f" (found {quoted(self.value)})" if self.value != "" else ""
        return printable(f"{'Warning: ' if self.is_warning else ''}{self.where}: {self.message}") + found


def warning(sheet: str, cell: str, value: str, message: str, file: str = "") -> Problem:
    """A Problem with severity warning."""
    return Problem(sheet, cell, value, message, file, WARNING)


def blocking(problems: Iterable[Problem], strict: bool = False) -> list[Problem]:
    """The problems that stop a load: the errors, and with ``strict`` the warnings too."""
    return [p for p in problems if strict or not p.is_warning]


def warnings_in(problems: Iterable[Problem]) -> list[Problem]:
    """The warnings among ``problems``."""
    return [p for p in problems if p.is_warning]
