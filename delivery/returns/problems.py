"""A problem found in a return, in the analyst's own spreadsheet coordinates."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing to fix: sheet, cell reference (F14), the value found, what was expected."""

    sheet: str
    cell: str
    value: str
    message: str
    file: str = ""

    @property
    def where(self) -> str:
        """'Milestones!F14', or just the sheet when the problem has no single cell."""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def to_dict(self) -> dict:
        return asdict(self) | {"where": self.where}

    def __str__(self) -> str:
        found = f" (found {self.value!r})" if self.value != "" else ""
        return f"{self.where}: {self.message}{found}"
