"""Turn the values analysts really type into typed values: dates, numbers, money, codes, choices.

Each ``parse_*`` function takes one cell value as the reader found it (str, float, int,
bool, datetime, date, or None) and returns the typed value, or raises ``BadValue`` with
the plain-English message to show. Blank (None, empty or whitespace-only text) is
returned as None by every parser: whether a blank is allowed is the validator's call.

Conventions, chosen to match what an analyst means:

- Dates: read in ``delivery.returns.dates``, in the order the government profile says
  (day first 31/03/2027, month first 03/31/2027, or ISO 2027-03-31 only). Any real date from
  01/01/1900 on is read (the validator warns about those before 2000 or after 2100).
  Two-digit years (17.03.97) take the century that puts the date nearest the return's
  period_end; the reader reports each one as a warning showing the date read.
- Numbers: "1,234", "1 234", "(1,200)" (accounting negative), "2.5k", "2.5m", "3bn";
  (the scale words are the profile's); never infinite or not-a-number ("1e999", "inf", "nan" are refused);
  a trailing "%" is dropped, so "45%" is 45 (the indicator's unit says it is per cent).
  Excel stores a cell shown as 45% as 0.45; the reader sees the cell's % format and
  scales it back to 45, so typed text and formatted numbers agree (not for money).
- Money: as numbers, plus the profile's currency symbol and scale words: "£2.5m" is 2,500,000,
  "£1,200" is 1,200 (the UK); "$1,200" in a dollar profile.
- Percent (tolerance_pct): always in per cent: "5%", 5, and a cell showing 5% all mean
  five per cent.
- Choices: case and surrounding spaces ignored, stored lower case; 3.0 reads as "3".
- Codes: comma, semicolon or line separated; stored "DfE, HO" (order kept, repeats dropped).
- Ratings: the scale's spellings ("A/G"), or a word from data/rating_vocabulary.csv.
- Text: zero-width and right-to-left control characters are removed (they make look-alike
  names); in ids the validator refuses them instead (see ``invisible_characters``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re

from delivery.reference import profile, ratings
from delivery.returns.contract import named
from delivery.returns.dates import (  # noqa: F401 (re-exported: dates are read there, by the profile's order)
    EARLIEST_DATE,
    PLAUSIBLE_FROM,
    PLAUSIBLE_UNTIL,
    BadValue,
    either_way_message,
    has_two_digit_year,
    nearest_century,
    parse_date,
    two_digit_year_message,
)

_NUMBER = re.compile(r"([+-]?)(\d[\d,]*(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*([a-z]+)?")
# Zero-width and bidirectional control characters: invisible, yet they make "HEA-01" and
# "HEA\u200b-01" two priorities, or show a name reversed.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# In an id, every format character (Unicode category Cf) is refused, not only those: a word joiner,
# soft hyphen, Arabic letter mark, Mongolian vowel separator or tag character (U+E0000-U+E007F)
# is as invisible, and as able to make a second "HOM-01". (Free text keeps them: a flag emoji is
# made of tag characters.) Listed as of Unicode 15; tests/test_owner_ids.py checks it against unicodedata.
INVISIBLE_IN_ID = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f]"
)
# Control characters (Unicode category Cc): a return's _x0007_ or an ESC sequence decodes to
# one. Free text may keep tab, line feed and carriage return; an id may hold none.
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_IN_ID = re.compile("[\x00-\x1f\x7f-\x9f]")
_CHOICE_SYNONYMS = {"direction": {"higher": "up", "increase": "up", "lower": "down", "decrease": "down"}}


# What Excel shows for a formula that failed; a cell holding one is never a value.
EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)


def is_blank(value: object) -> bool:
    """True for None, NaN and text that is empty or only spaces."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def as_text(value: object) -> str:
    """A cell value as the analyst sees it: 12.0 -> '12', a date -> '31/03/2027'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        day = profile.current().date_text(value.date())
        return day if value.time() == dt.time(0) else f"{day} {value:%H:%M}"
    if isinstance(value, dt.date):
        return profile.current().date_text(value)  # as Excel shows it to the profile's analysts
    return str(value).strip()


def header_key(text: object) -> str:
    """A header or sheet name compared loosely: 'Priority ID', 'priority_id', 'Allocated (£)*'."""
    text = re.sub(r"\(.*?\)|\*", "", as_text(text).lower())
    return re.sub(r"[\s_\-]+", "", text)


def parse_text(value: object) -> str | None:
    """Text, trimmed, without invisible characters; numbers and dates as the analyst sees them."""
    if is_blank(value):
        return None
    return strip_invisible(as_text(value)) or None


def strip_invisible(text: str) -> str:
    """Text without zero-width and bidirectional control characters, trimmed."""
    return INVISIBLE.sub("", text).strip() if INVISIBLE.search(text) else text


def invisible_characters(text: object, pattern: re.Pattern = INVISIBLE) -> list[str]:
    """The invisible characters ``pattern`` finds in ``text``, named: ['U+200B ZERO WIDTH SPACE'] ([] if none)."""
    import unicodedata

    found = dict.fromkeys(pattern.findall(text)) if isinstance(text, str) else {}
    return [f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNASSIGNED FORMAT CHARACTER')}" for ch in found]


def control_characters(text: str, pattern: re.Pattern = CONTROL_IN_TEXT) -> str:
    """The control characters ``pattern`` finds in ``text``, as code points: 'U+0007, U+001B' ('' if none)."""
    return ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(pattern.findall(text)))


def _number_from_text(text: str, money: bool) -> float | None:
    """The number in '£1,234.5', '(1,200)', '2.5m', '45%', or None if it is not one (the profile's currency
    symbol and scale words)."""
    locale = profile.current()
    text = text.strip().lower().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    text = text.removesuffix("%") if not money else text
    if money:
        text = re.sub(rf"^([+-]?){re.escape(locale.currency_symbol.lower().replace(' ', ''))}", r"\1", text)
    m = _NUMBER.fullmatch(text)
    if not m or (m[2].startswith(",") or ",," in m[2]) or (m[4] and m[4] not in locale.scale_words):
        return None
    number = float(m[2].replace(",", "") + (f"e{m[3]}" if m[3] else ""))
    number *= locale.scale_words.get(m[4] or "", 1)
    if m[1] == "-":
        number = -number
    return -number if negative else number


def parse_number(value: object, column: str, kind: str = "number") -> float | None:
    """A number from a numeric cell or from text such as '1,234', '45%', '£2.5m' (money)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise BadValue(_number_message(column, kind))
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int beyond float range
            number = math.inf
        if math.isnan(number):
            raise BadValue(_number_message(column, kind))
        return _finite(number, column)
    if isinstance(value, str):
        number = _number_from_text(value, money=kind == "money")
        if number is not None:
            return _finite(number, column)
    raise BadValue(_number_message(column, kind))


def _finite(number: float, column: str) -> float:
    """The number, unless it is infinite ('1e999' reads as infinity): a store must not hold one."""
    if not math.isfinite(number):
        raise BadValue(NOT_FINITE.format(column=named(column)))
    return number


NOT_FINITE = "{column} is not a finite number (too large to be a real figure); type the value itself."


def _number_message(column: str, kind: str) -> str:
    if kind == "money":
        locale = profile.current()
        symbol, scale = locale.currency_symbol, "m" if "m" in locale.scale_words else ""
        return f"{named(column)} must be an amount in {locale.currency_name}, like 1200, {symbol}1,200" + (
            f" or {symbol}2.5{scale}." if scale else "."
        )
    if kind == "percent":
        return f"{named(column)} must be a percentage, like 5 or 5%."
    return f"{named(column)} must be a number, like 1234 or 1,234.5."


def parse_choice(value: object, column: str, choices: tuple[str, ...]) -> str | None:
    """One of a closed list, matched ignoring case and spaces; stored lower case."""
    if is_blank(value):
        return None
    text = as_text(value).lower()
    text = _CHOICE_SYNONYMS.get(column, {}).get(text, text)
    if text in choices:
        return text
    raise BadValue(f"{named(column)} must be one of: {', '.join(choices)}.{did_you_mean(text, choices)}")


def did_you_mean(text: str, options: tuple[str, ...] | list[str]) -> str:
    """' Did you mean Amber/Green?' when ``text`` is a near miss of one of ``options`` (case ignored), else ''."""
    by_key = {str(o).lower(): str(o) for o in options}
    close = difflib.get_close_matches(str(text).strip().lower(), list(by_key), n=1, cutoff=0.6)
    return f" Did you mean {by_key[close[0]]}?" if close else ""


def parse_codes(value: object, column: str) -> str | None:
    """Department codes separated by commas, semicolons or new lines: 'DfE, HO'."""
    if is_blank(value):
        return None
    codes: list[str] = []
    for code in re.split(r"[,;\n]+", as_text(value)):
        code = code.strip()
        if code and code not in codes:
            codes.append(code)
    return ", ".join(codes) or None


RATING_MESSAGE = (
    "{column} must be one of the ratings: Red, Amber/Red, Amber, Amber/Green, Green, "
    "Complete or Not assessed (or a red, amber or green fill), or a word listed in "
    "data/rating_vocabulary.csv ({words}); to use another word, add it to that file "
    "with the rating it means."
)


def _scale_rating(value: object) -> str | None:
    # Word processors turn "Amber-Green" into an en or em dash; ratings treats them as "-".
    return ratings.normalise_rating(re.sub("[\u2010-\u2015]", "-", as_text(value)))


def parse_rating(value: object, column: str) -> str | None:
    """A canonical rating ('A/G' -> 'Amber/Green', 'No DCA' -> 'Not assessed'); blank is None
    (the reader then looks at the fill). A word neither on the scale nor in the vocabulary is a BadValue."""
    if is_blank(value):
        return None
    rating = _scale_rating(value) or ratings.rating_for_word(as_text(value))
    if rating is None:
        meant = ratings.vocabulary_ratings().values()
        words = [word for _, word in meant]
        options = {r: r for r in ratings.ALL_RATINGS} | {word: rating for rating, word in meant}
        close = ratings.suggestion(as_text(value), options)
        raise BadValue(
            RATING_MESSAGE.format(column=named(column), words=", ".join(words))
            + (f" Did you mean {close}?" if close else "")
        )
    return rating


def other_way_round_message(value: object, column: str) -> str | None:
    """The warning for a rating whose colours are written the other way round ('Red/Amber'): what it was
    read as; None for any other value."""
    if not ratings.written_other_way_round(re.sub("[\u2010-\u2015]", "-", as_text(value))):
        return None
    rating = _scale_rating(value)
    return (
        f"{named(column)} '{as_text(value)}' was read as {rating}, the scale's name for it (amber first); "
        f"write {rating} if that is the rating meant."
    )


def rating_as_written(value: object) -> str | None:
    """The word as written when a rating came from the vocabulary ('No DCA'), else None."""
    if not isinstance(value, str) or is_blank(value) or _scale_rating(value) is not None:
        return None
    return as_text(value) if ratings.rating_for_word(value) else None


_SPAN = re.compile(r"(?:fy\s*)?(\d{4})\s*(?:-|/|to)\s*(\d{2}|\d{4})")  # 2026-27, 2026/2027, FY 2026/27
_ONE_YEAR = re.compile(r"(?:fy\s*)?(\d{4}|\d{2})")  # FY2027, FY 27, 2027


def parse_financial_year(value: object, column: str = "financial_year") -> str | None:
    """A fiscal year written as the profile writes it ('2026-27', 'FY2027' or '2027'), from the ways people
    write one: 2026-27, 2026/27, 2026-2027, 'FY 2026/27', '2026 to 2027'; and where the profile names a year
    by the year it ends in, FY2027, FY27 or 2027 too (a span is turned into that year)."""
    if is_blank(value):
        return None
    locale, text = profile.current(), as_text(value).lower()
    m = _SPAN.fullmatch(text)
    consecutive = m and int(m[2][-2:]) == (int(m[1]) + 1) % 100 and (len(m[2]) == 2 or int(m[2]) == int(m[1]) + 1)
    if consecutive and locale.fiscal_year_start > 1:
        return locale.fiscal_year(int(m[1]))
    m = _ONE_YEAR.fullmatch(text)
    if m and locale.fiscal_year_written != "2026-27":
        end = int(m[1]) if len(m[1]) == 4 else 2000 + int(m[1])
        return locale.fiscal_year(end - (1 if locale.fiscal_year_start > 1 else 0))
    raise BadValue(
        f"{named(column)} must be a financial year, like {locale.fiscal_year_example}"
        + (
            f" (the profile's fiscal_year_written), or a span like {locale.fiscal_year_example_span}."
            if locale.fiscal_year_written != "2026-27" and locale.fiscal_year_start > 1
            else "."
        )
    )


# Text columns with a format of their own.
COLUMN_PARSERS = {"financial_year": parse_financial_year}


def parse_value(
    value: object, column: str, kind: str, choices: tuple[str, ...] = (), near: dt.date | None = None
) -> object:
    """Parse one cell by its contract kind (text, date, number, money, percent, integer, choice, codes, rating).

    ``near`` is the return's period_end: a two-digit year takes the century nearest it.
    """
    if column in COLUMN_PARSERS:
        return COLUMN_PARSERS[column](value, column)
    if kind == "date":
        return parse_date(value, column, near)
    if kind in ("number", "money", "percent", "integer"):
        return parse_number(value, column, kind)
    if kind == "choice":
        return parse_choice(value, column, choices)
    if kind == "codes":
        return parse_codes(value, column)
    if kind == "rating":
        return parse_rating(value, column)
    return parse_text(value)
