"""The government profile: the reference folder (``DELIVERY_REFERENCE``, default ``data/``) and its
``profile.toml``, the one place a government's locale is set.

The folder holds ``departments.csv``, ``calendar.csv``, ``rating_vocabulary.csv``, ``areas.csv`` and
``profile.toml``. The profile says how this government writes things: the order of a date's day and
month, its currency and scale words, when its fiscal year starts and how a fiscal year is written,
when an annual period ends, its name and the protective marking of its briefs. A folder without
``profile.toml`` is read as the UK profile (the shipped ``data/``), so an older copy keeps working.

Everything that reads or shows dates, money, fiscal years or periods asks ``current()``.
"""

from __future__ import annotations

import calendar as month_names
import datetime as dt
import functools
import re
import time
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from delivery import ROOT, settings
from delivery.errors import DeliveryError

PROFILE_TOML = "profile.toml"
DAY_FIRST, MONTH_FIRST, ISO = "day-first", "month-first", "iso"
DATE_ORDERS = (DAY_FIRST, MONTH_FIRST, ISO)
YEAR_STYLES = ("2026-27", "FY2027", "2027")  # a span from its start year; FY and the year it ends in; that year
DEFAULT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
_ORDER_WORDS = {DAY_FIRST: "day first", MONTH_FIRST: "month first", ISO: "year first, as YYYY-MM-DD"}


class ProfileError(DeliveryError):
    """profile.toml cannot be used; the message names the file, each key (and its line) and what is allowed."""


@dataclass(frozen=True)
class Profile:
    """One government's locale: how its returns write dates, money and fiscal years, and its names."""

    government_name: str = "Government of Example"
    protective_marking: str = "OFFICIAL"
    date_order: str = DAY_FIRST
    currency_symbol: str = "£"
    currency_name: str = "pounds"
    scale_words: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SCALES))
    fiscal_year_start: int = 4  # the month a fiscal year starts in
    fiscal_year_written: str = "2026-27"
    annual_period_end: int = 3  # the month an annual period ends in (on its last day)
    folder: Path | None = None
    problem: str = ""  # why the folder's profile.toml cannot be used (the UK values stand in, and no return is read)

    @property
    def order_words(self) -> str:
        """'day first', 'month first' or 'year first, as YYYY-MM-DD': for messages."""
        return _ORDER_WORDS[self.date_order]

    def date_text(self, day: dt.date) -> str:
        """A date as this government writes it in a cell: 31/03/2027, 03/31/2027 or 2027-03-31."""
        return day.strftime({DAY_FIRST: "%d/%m/%Y", MONTH_FIRST: "%m/%d/%Y", ISO: "%Y-%m-%d"}[self.date_order])

    @property
    def date_example(self) -> str:
        """'like 31/03/2027 or an Excel date' in this government's order."""
        return f"like {self.date_text(dt.date(2027, 3, 31))} or an Excel date"

    def money_text(self, amount: float) -> str:
        """'£1,200' or '$1,200' (a real minus first): an amount as a message shows it."""
        return f"{'-' if amount < 0 else ''}{self.currency_symbol}{abs(amount):,.0f}"

    @property
    def quarter_end_months(self) -> tuple[int, ...]:
        """The months fiscal quarters end in: (3, 6, 9, 12) for an April, October, July or January year."""
        return tuple(sorted((self.fiscal_year_start - 2 + 3 * q) % 12 + 1 for q in range(1, 5)))

    def fiscal_year(self, start_year: int) -> str:
        """The fiscal year starting in ``start_year`` as written: '2026-27', 'FY2027' or '2027'."""
        end_year = start_year + (1 if self.fiscal_year_start > 1 else 0)
        if self.fiscal_year_written == "2026-27":
            return f"{start_year}-{(start_year + 1) % 100:02d}" if self.fiscal_year_start > 1 else str(start_year)
        return f"FY{end_year}" if self.fiscal_year_written == "FY2027" else str(end_year)

    def fiscal_year_of(self, day: dt.date) -> str:
        """The fiscal year ``day`` falls in, as written."""
        return self.fiscal_year(day.year if day.month >= self.fiscal_year_start else day.year - 1)

    @property
    def fiscal_year_example(self) -> str:
        """The fiscal year starting in 2026 as written, for messages and help."""
        return self.fiscal_year(2026)

    @property
    def fiscal_year_example_span(self) -> str:
        """'2026-27': the span the fiscal year of ``fiscal_year_example`` is also written as."""
        return "2026-27"

    @property
    def annual_period_end_text(self) -> str:
        """'31 March': the day an annual period ends, in words."""
        last = month_names.monthrange(2027, self.annual_period_end)[1]  # February's 28th: a fixed, non-leap year
        return f"{last} {month_names.month_name[self.annual_period_end]}"


def reference_folder() -> Path:
    """The reference folder: the DELIVERY_REFERENCE setting (a relative path is taken from the project)."""
    return settings.get("DELIVERY_REFERENCE")


def display_path(path: Path | str) -> str:
    """A path as a message shows it: 'data/departments.csv' inside the project, else in full."""
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def reference_file(name: str) -> Path:
    """A file of the reference folder: 'departments.csv' -> data/departments.csv."""
    return reference_folder() / name


def calendar_path(secrets=None) -> Path:
    """The reporting calendar: DELIVERY_CALENDAR when set, else the reference folder's calendar.csv."""
    return settings.get("DELIVERY_CALENDAR", secrets) or reference_file("calendar.csv")


def government_name(secrets=None) -> str:
    """DELIVERY_GOVERNMENT_NAME when set, else the profile's government_name."""
    return settings.get("DELIVERY_GOVERNMENT_NAME", secrets).strip() or current().government_name


def protective_marking(secrets=None) -> str:
    """DELIVERY_PROTECTIVE_MARKING when set, else the profile's protective_marking."""
    return settings.get("DELIVERY_PROTECTIVE_MARKING", secrets).strip() or current().protective_marking


_PINNED: Profile | None = None  # set in the reader's child process: the parent's profile, whatever its environment


def pin(profile: Profile | None) -> None:
    """Use ``profile`` instead of the reference folder's in this process (None: the folder's again)."""
    global _PINNED
    _PINNED = profile


RECHECK_SECONDS = 1.0  # how often the file is looked at again: every date and period asks, thousands a page
_LAST: dict[str, tuple[float, Profile]] = {}  # DELIVERY_REFERENCE as set -> (when looked at, the profile then)


def current() -> Profile:
    """The profile of the reference folder, read again when its profile.toml changes (looked at once a second)."""
    if _PINNED is not None:
        return _PINNED
    key, now = settings.text("DELIVERY_REFERENCE"), time.monotonic()
    seen = _LAST.get(key)
    if seen and now - seen[0] < RECHECK_SECONDS:
        return seen[1]
    path = reference_file(PROFILE_TOML)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    found = _read_cached(str(path), stamp)
    _LAST[key] = (now, found)
    return found


@functools.lru_cache(maxsize=8)
def _read_cached(path: str, stamp: int | None) -> Profile:
    """The profile; a broken one is the UK's with its problem noted, so pages still open and say so (the
    sidebar's sentence), while ``usable`` refuses to read returns by the wrong rules."""
    try:
        return read_profile(Path(path).parent)
    except ProfileError as error:
        return Profile(folder=Path(path).parent, problem=str(error))


def usable() -> Profile:
    """The current profile, or ProfileError when its profile.toml has problems: returns are not read by
    rules the profile did not mean."""
    found = current()
    if found.problem:
        raise ProfileError(f"Returns cannot be read until the government profile is fixed: {found.problem}")
    return found


def read_profile(folder: Path) -> Profile:
    """The profile in ``folder``/profile.toml (the UK one if there is none). Raises ProfileError naming
    every problem at once."""
    path = Path(folder) / PROFILE_TOML
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Profile(folder=Path(folder))
    except (OSError, UnicodeDecodeError):
        raise ProfileError(f"{path} cannot be read as text (UTF-8); save it as plain text.") from None
    problems = profile_problems(text, path)
    if problems:
        raise ProfileError(f"{path} has problems to fix: " + " ".join(problems))
    return _build(tomllib.loads(text), Path(folder))


def profile_problems(text: str, path: Path) -> list[str]:
    """Every problem of a profile.toml's text, each naming the file, the line and the key; [] when none."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [f"{path}: it is not valid TOML ({error})."]
    where = functools.partial(_where, text, path)
    problems = [
        f"{where(k)}: {k} is not a profile setting; the settings are {', '.join(_KEYS)}."
        for k in data
        if k not in _KEYS
    ]
    for key, (check, allowed) in _CHECKS.items():
        if key in data and not check(data[key]):
            problems.append(f"{where(key)}: {key} must be {allowed}, not {data[key]!r}.")
    return problems


def _where(text: str, path: Path, key: str) -> str:
    """'data/profile.toml, line 4' for the line that sets ``key`` (the file alone if none does)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return f"{path}, line {number}"
    return str(path)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _month(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12


def _scales(value) -> bool:
    return isinstance(value, dict) and all(
        _text(k) and re.fullmatch(r"[a-z]+", k) and isinstance(v, (int, float)) and v > 0 for k, v in value.items()
    )


_CHECKS = {
    "government_name": (_text, "some text"),
    "protective_marking": (_text, "some text"),
    "date_order": (lambda v: v in DATE_ORDERS, "one of day-first, month-first or iso"),
    "currency_symbol": (_text, "some text, such as £ or $"),
    "currency_name": (_text, "some text, such as pounds or dollars"),
    "scale_words": (_scales, "a table of lower-case words and what each multiplies by, such as { m = 1e6 }"),
    "fiscal_year_start": (_month, "a month number from 1 to 12 (4 for April, 10 for October)"),
    "fiscal_year_written": (lambda v: v in YEAR_STYLES, "one of 2026-27, FY2027 or 2027"),
    "annual_period_end": (_month, "a month number from 1 to 12 (the period ends on that month's last day)"),
}
_KEYS = tuple(_CHECKS)


def _build(data: dict, folder: Path) -> Profile:
    profile = replace(Profile(folder=folder), **{k: v for k, v in data.items() if k != "scale_words"})
    if "scale_words" in data:
        profile = replace(profile, scale_words={k.lower(): float(v) for k, v in data["scale_words"].items()})
    if "annual_period_end" not in data and "fiscal_year_start" in data:  # the year's own end, unless said
        profile = replace(profile, annual_period_end=(profile.fiscal_year_start - 2) % 12 + 1)
    return profile
