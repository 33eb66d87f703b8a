"""Dates as analysts write them, read in the order the government profile says (``date_order``).

- day-first (the UK): 31/03/2027, 31-03-2027, 31.03.2027, 31/03/27;
- month-first (the US): 03/31/2027, 3/31/27;
- iso: only 2027-03-31 among the all-number forms.

Whatever the order, 2027-03-31, "31 March 2027", "31 Mar 2027", "March 31, 2027" and Excel dates are
read: they cannot be misread. A number-only date that is not a date in the profile's order is refused
with the order it was read in, and what it would be in the other order when that is a date.
Two-digit years (17.03.97) take the century that puts the date nearest the return's period_end
(today when the return has none); the reader warns about each one, showing the date read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from delivery.reference import profile
from delivery.returns.contract import named

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 in the 1900 date system (after its leap-year bug)
MAX_EXCEL_SERIAL = 2958465  # 31/12/9999
EARLIEST_DATE = dt.date(1900, 1, 1)  # no real date in a return is earlier (nor can Excel hold one)
PLAUSIBLE_FROM = dt.date(2000, 1, 1)  # dates outside these are read, with a warning to check them
PLAUSIBLE_UNTIL = dt.date(2100, 12, 31)

MONTHS = {calendar.month_name[i].lower(): i for i in range(1, 13)}
MONTHS |= {name[:3]: i for name, i in list(MONTHS.items())} | {"sept": 9}

_NUMERIC = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_D_MONTH_Y = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_D_Y = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_WITH_TIME = re.compile(r"(.*?)\s+\d{1,2}:\d{2}(?::\d{2})?")


EITHER_WAY = "could be read either way round"


class BadValue(ValueError):
    """A cell value that cannot be read as its column's kind; str() is the message."""


def example() -> str:
    """'like 31/03/2027 or an Excel date', in the profile's order."""
    return profile.current().date_example


def _valid(year: int, month: int, day: int, column: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(f"{named(column)} must be a real date, {example()}.") from None


def _without_time(text: str) -> str:
    text = text.strip().lower()
    m = _WITH_TIME.fullmatch(text)
    return m.group(1) if m else text  # "31/03/2027 00:00": Excel text exports often carry a midnight time


def _day_month(first: int, second: int, order: str) -> tuple[int, int]:
    return (second, first) if order == profile.MONTH_FIRST else (first, second)


def _numeric(m: re.Match, column: str, near: dt.date | None) -> dt.date:
    """An all-number date in the profile's order; refused, naming the order, when it is not a date in it."""
    locale = profile.current()
    if locale.date_order == profile.ISO:
        raise BadValue(
            f"{named(column)} must be a date written YYYY-MM-DD, like 2027-03-31, or an Excel date "
            f"(the profile's date_order is iso, so {m[0]} could be read two ways)."
        )
    day, month = _day_month(int(m[1]), int(m[2]), locale.date_order)
    try:
        return _in_century(m[3], month, day, column, near)
    except BadValue:
        setting = profile.display_path((locale.folder or profile.reference_folder()) / profile.PROFILE_TOML)
        message = (
            f"{named(column)} must be a real date written {locale.order_words} (date_order in {setting}), {example()}."
        )
        other = profile.DAY_FIRST if locale.date_order == profile.MONTH_FIRST else profile.MONTH_FIRST
        swapped_day, swapped_month = _day_month(int(m[1]), int(m[2]), other)
        try:
            meant = _in_century(m[3], swapped_month, swapped_day, column, near)
        except BadValue:
            raise BadValue(message) from None
        raise BadValue(
            f"{message} Read {other.replace('-', ' ')} it would be {meant.day} {meant:%B %Y}: if that is meant, "
            f"write it {locale.order_words}."
        ) from None


def _in_century(year: str, month: int, day: int, column: str, near: dt.date | None) -> dt.date:
    if len(year) == 2:
        return nearest_century(int(year), month, day, near or dt.date.today(), column)
    return _valid(int(year), month, day, column)


def date_from_text(text: str, column: str, near: dt.date | None) -> dt.date:
    """A date from text, read in the profile's order."""
    text = _without_time(text)
    if m := _NUMERIC.fullmatch(text):
        return _numeric(m, column, near)
    if m := _YMD.fullmatch(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]), column)
    if (m := _D_MONTH_Y.fullmatch(text)) and m[2] in MONTHS:
        return _valid(int(m[3]), MONTHS[m[2]], int(m[1]), column)
    if (m := _MONTH_D_Y.fullmatch(text)) and m[1] in MONTHS:
        return _valid(int(m[3]), MONTHS[m[1]], int(m[2]), column)
    raise BadValue(f"{named(column)} must be a date, {example()}.")


def nearest_century(year: int, month: int, day: int, near: dt.date, column: str) -> dt.date:
    """The date with two-digit ``year`` in the century that puts it nearest ``near`` (the one rule).

    Counted in days; on an exact tie (50 years either way) the earlier date wins.
    """
    century = near.year // 100 * 100
    candidates = []
    for start in (century - 100, century, century + 100):
        try:
            candidates.append(dt.date(start + year, month, day))
        except ValueError:  # 29/02/00 is a date in 2000 only; a year 0 does not exist
            continue
    if not candidates:
        raise BadValue(f"{named(column)} must be a real date, {example()}.")
    return min(candidates, key=lambda d: abs(d - near))


def has_two_digit_year(value: object) -> bool:
    """True for text such as 17.03.97 whose year has two digits."""
    if not isinstance(value, str):
        return False
    m = _NUMERIC.fullmatch(_without_time(value))
    return bool(m) and len(m[3]) == 2


def either_way_message(value: object, read_as: dt.date) -> str | None:
    """For text such as 03/04/2022, whose day and month could be either way round: what it was read as and
    by which rule ('03/04/2022 read as 3 April 2022 (day first, as the profile says)'); None otherwise."""
    if not isinstance(value, str) or not (m := _NUMERIC.fullmatch(_without_time(value))):
        return None
    first, second = int(m[1]), int(m[2])
    if first == second or first > 12 or second > 12:
        return None
    return (
        f"{value.strip()} read as {read_as.day} {read_as:%B %Y} ({profile.current().order_words}, as the profile "
        f"says); this is the first date in this column that {EITHER_WAY}: check the column's dates are written "
        "that way."
    )


def two_digit_year_message(read_as: dt.date, near: dt.date | None) -> str:
    """The warning for a two-digit year: the date understood, and the rule that chose its century."""
    written = profile.current().date_text
    basis = (
        f"the return's period end, {written(near)}"
        if near
        else f"today, {written(dt.date.today())}, as the return has no period end"
    )
    return (
        f"two-digit year read as {read_as:%-d %b %Y}: the century that puts it nearest {basis}. "
        "Write the year in full if that is not the date meant."
    )


def parse_date(value: object, column: str, near: dt.date | None = None) -> dt.date | None:
    """A date from an Excel date, an Excel serial number, or text in the profile's order; ``near`` settles
    two-digit years. Blank is None. Dates before 01/01/1900 are refused."""
    if value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip()):
        return None
    date = _date(value, column, near)
    if date < EARLIEST_DATE:
        earliest = profile.current().date_text(EARLIEST_DATE)
        raise BadValue(f"{named(column)} must be a date from {earliest} on, {example()}.")
    return date


def _date(value: object, column: str, near: dt.date | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date typed into a cell formatted as a number: Excel's serial day count.
        if 1 <= value <= MAX_EXCEL_SERIAL and float(value).is_integer():
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise BadValue(f"{named(column)} must be a date, {example()}.")
    if isinstance(value, str):
        return date_from_text(value, column, near)
    raise BadValue(f"{named(column)} must be a date, {example()}.")
