"""How big a return's cells may be: each text's length, all its text together, each number's size.

Text is limited where it is read, in the reader's child process (``delivery.returns.isolated``):
a cell longer than its column's limit becomes a problem at its cell and is read as blank, so
the app never receives it (a 1 MB priority id made a link no server would take; a 40 MB
commentary made a page that never finished drawing). All the text of a return's tables is
counted there too, and a return over ``DELIVERY_MAX_RETURN_TEXT_MB`` is refused whole.
Numbers are limited by the validator (``check_sizes``): an amount of 1.797e308 pounds is a typo
or a probe, never a figure, and would be printed as a 300-digit number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from delivery import settings
from delivery.errors import NotAWorkbook
from delivery.reference import profile
from delivery.returns.contract import IDENTIFIER_COLUMNS, Column, named

# Codes and keys: they go into links and other sheets' references.
ID_COLUMNS = IDENTIFIER_COLUMNS | {"department", "lead_department", "financial_year"}
# Words that label a row in a table, a chart or a slide: a sentence at most.
NAME_COLUMNS = frozenset(
    {
        "title",
        "name",
        "unit",
        "owner",
        "senior_responsible_owner",
        "centre_co_lead",
        "theme",
        "prepared_by",
        "template_version",
    }
)
SHOWN_CHARS = 40  # of a too-long cell, in its problem: enough to find it, never the whole of it


@dataclass(frozen=True)
class TextLimits:
    """The most characters a cell may hold, by kind of column, and all a return's tables together."""

    id_chars: int = 64
    name_chars: int = 300
    text_chars: int = 5000
    return_chars: int = 20 * 2**20

    @classmethod
    def from_settings(cls) -> TextLimits:
        """The limits the settings give (read in the parent: a reader child's environment may be older)."""
        return cls(
            settings.get("DELIVERY_MAX_ID_CHARS"),
            settings.get("DELIVERY_MAX_NAME_CHARS"),
            settings.get("DELIVERY_MAX_TEXT_CHARS"),
            settings.get("DELIVERY_MAX_RETURN_TEXT_MB") * 2**20,
        )

    def of(self, column: str) -> tuple[int, str, str]:
        """(the most characters, the setting, what a cell is called) for a column or About field."""
        if column in ID_COLUMNS:
            return self.id_chars, "DELIVERY_MAX_ID_CHARS", "an ID or code"
        if column in NAME_COLUMNS:
            return self.name_chars, "DELIVERY_MAX_NAME_CHARS", "a name or title"
        return self.text_chars, "DELIVERY_MAX_TEXT_CHARS", "a cell"


class TextBudget:
    """The characters of text a return's tables have used so far, while they are read."""

    def __init__(self, limits: TextLimits, file_name: str):
        self.limits, self.file_name, self.spent = limits, file_name, 0

    def spend(self, characters: int) -> None:
        """Count ``characters`` more; past the limit, refuse the whole return (NotAWorkbook)."""
        self.spent += characters
        if self.spent > self.limits.return_chars:
            mb = self.limits.return_chars // 2**20
            raise NotAWorkbook(
                f"{self.file_name} holds more than {mb:,} MB of text in its tables, over the limit "
                f"for a return (DELIVERY_MAX_RETURN_TEXT_MB): shorten the longest commentary, "
                "save it and try again."
            )


def too_long(column: str, text: str, limits: TextLimits) -> str | None:
    """The problem's message if ``text`` is longer than ``column`` may hold, else None."""
    most, setting, what = limits.of(column)
    if len(text) <= most:
        return None
    return (
        f"{named(column)} is {len(text):,} characters long; the most {what} may hold is {most:,} "
        f"({setting}): shorten it."
    )


def shown_start(text: str) -> str:
    """The start of a too-long text, for its problem: 'EDU-01EDU-01…'."""
    return text[:SHOWN_CHARS] + "\u2026"


def check_lengths(column: Column, values: list, budget: TextBudget, refuse) -> list:
    """``values`` with each text longer than the column may hold blanked, after ``refuse(index, message, start)``.

    Every text is counted against the return's budget first (which may refuse the return)."""
    sizes = [len(v) for v in values if type(v) is str]
    if not sizes:
        return values
    budget.spend(sum(sizes))
    if max(sizes) <= budget.limits.of(column.name)[0]:
        return values  # the usual case: one pass over the column
    kept = list(values)
    for index, value in enumerate(values):
        if type(value) is str and (message := too_long(column.name, value, budget.limits)):
            refuse(index, message, shown_start(value))
            kept[index] = None
    return kept


# --- numbers, in the validator -----------------------------------------------------------


def check_sizes(c, table: str, col: Column, frame: pd.DataFrame) -> None:
    """Refuse money beyond DELIVERY_MAX_AMOUNT and other numbers beyond DELIVERY_MAX_VALUE, either way.

    Infinity is left to the finite check. The value is shown as 1.797e+308, not in 309 digits, and
    then blanked in ``frame``, so no later check reports it again (a negative amount's warning)."""
    money = col.kind == "money"
    most = settings.get("DELIVERY_MAX_AMOUNT" if money else "DELIVERY_MAX_VALUE")
    numbers = frame[col.name].to_numpy()
    big = np.isfinite(numbers) & (np.abs(numbers) > most)
    if not big.any():
        return
    for row, value in zip(frame["_row"][big], numbers[big]):
        c.add(table, col.name, row, f"{value:.4g}", size_message(col, value, most))
    frame.loc[big, col.name] = np.nan  # refused here; no other check need speak of it (as too-long text is blank)


def size_message(col: Column, value: float, most: float) -> str:
    """'allocated is more than £10,000,000,000,000 (DELIVERY_MAX_AMOUNT), beyond any real amount: ...'."""
    side, sign = ("less", "-") if value < 0 else ("more", "")
    if col.kind == "money":
        locale = profile.current()
        return (
            f"{named(col.name)} is {side} than {sign}{locale.currency_symbol}{most:,.0f} (DELIVERY_MAX_AMOUNT), "
            f"beyond any real amount: check it is in {locale.currency_name}."
        )
    return (
        f"{named(col.name)} is {side} than {sign}{most:,.0f} (DELIVERY_MAX_VALUE), beyond any real "
        "figure: check it and its unit."
    )
