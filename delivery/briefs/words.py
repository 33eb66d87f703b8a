"""The small grammar every brief sentence is built with: counts that agree ("1 day", "2 days"), a
priority named by its title with its ID, and user text set inside a sentence without doubling its
punctuation ("budget.." or "stocktake.;" never reach a minister)."""

from __future__ import annotations

import pandas as pd

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 priority', '3 priorities', '1,250 days': the noun agrees with the number."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def verb(n: int, one: str = "is", many: str = "are") -> str:
    """'is' for one, 'are' for any other number (none included: 'none are' reads as plural here)."""
    return one if n == 1 else many


def bare(text) -> str:
    """User text to set inside a sentence: one line, without the full stop, colon or semicolon it ends with,
    so the sentence's own punctuation follows it once. Blank is ''."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return " ".join(str(text).split()).rstrip(" .;:,")


def end(text: str) -> str:
    """``text`` as a sentence: its own final stop (., ?, ! or …) or one full stop added."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", "\u2026")) else text + "."


def name(priority_id, title=None) -> str:
    """'Cut waiting lists (HEA-01)': a minister reads the title; the ID finds it in the annex and the app."""
    title = bare(title)
    return f"{title} ({priority_id})" if title and title != priority_id else str(priority_id)


def listing(items: list[str], most: int = 3, more: str = "more") -> str:
    """'a', 'a and b', 'a, b and c', 'a, b, c and 2 more' (at most ``most`` named)."""
    items = [i for i in items if i]
    if len(items) > most:
        return ", ".join(items[:most]) + f" and {len(items) - most:,} {more}"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""
