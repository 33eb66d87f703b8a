"""A return as read, and the collector of its problems in the analyst's coordinates.

The reader fills a ``ParsedReturn``; the About-sheet reader and the validator add to it
and to a ``Collector``. Both live here so that reading and checking each import this
module, and neither imports the other's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from delivery.returns import normalise
from delivery.returns.contract import ABOUT_SHEET, SHEETS, Sheet
from delivery.returns.problems import ERROR, WARNING, Problem


@dataclass
class ParsedReturn:
    """A return as read: About fields, one typed DataFrame per table, and the cell problems found."""

    file_name: str
    sha256: str
    about: dict
    tables: dict[str, pd.DataFrame]
    columns: dict[str, dict[str, str]]
    problems: list[Problem]
    sheet_names: dict[str, str] = field(default_factory=dict)  # table -> sheet name as in the file
    about_cells: dict[str, str] = field(default_factory=dict)  # About field -> cell of its value ("B3")

    def cell(self, table: str, column: str, row: int) -> str:
        """The cell reference of a column's value on a data row: cell("milestones", "forecast_date", 14) -> "G14"."""
        letter = self.columns.get(table, {}).get(column)
        return f"{letter}{row}" if letter else ""

    def sheet(self, table: str) -> str:
        """The sheet name the user sees for a table ("Milestones")."""
        return self.sheet_names.get(table) or _contract_sheet(table).name


def _contract_sheet(table: str) -> Sheet:
    return next(s for s in SHEETS if s.table == table)


class Collector:
    """Problems for one return, in the user's coordinates."""

    def __init__(self, parsed: ParsedReturn):
        self.parsed = parsed
        self.problems: list[Problem] = list(parsed.problems)

    def add(self, table: str, column: str, row: int, value: object, message: str, warn: bool = False) -> None:
        """A problem at a table cell; ``warn`` makes it a warning (shown, recorded, not blocking)."""
        self.problems.append(
            Problem(
                self.parsed.sheet(table),
                self.parsed.cell(table, column, row),
                shown(value),
                message,
                self.parsed.file_name,
                WARNING if warn else ERROR,
            )
        )

    def about(self, name: str, value: object, message: str, warn: bool = False) -> None:
        """A problem at an About field's value cell."""
        sheet = self.parsed.sheet_names.get("about", ABOUT_SHEET)
        self.problems.append(
            Problem(
                sheet,
                self.parsed.about_cells.get(name, ""),
                shown(value),
                message,
                self.parsed.file_name,
                WARNING if warn else ERROR,
            )
        )


def shown(value: object) -> str:
    """A cell value as the analyst would see it in a problem report ("" for a blank)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp):
        return normalise.as_text(value.date())
    return normalise.as_text(value)
