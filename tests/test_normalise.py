"""Every spelling, date form, number form and fill colour the reader accepts, and what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color

from delivery.returns import normalise as n
from delivery.returns.cell_styles import apply_tint, fill_rating, theme_colours
from delivery.returns.contract import DIRECTIONS, ESCALATIONS, LEVELS, RISK_KINDS, STATUSES, named

D = dt.date(2027, 3, 31)


@pytest.mark.parametrize(
    "value",
    [
        D,
        dt.datetime(2027, 3, 31),
        dt.datetime(2027, 3, 31, 14, 5),
        46477,
        46477.0,
        "31/03/2027",
        "31-03-2027",
        "31.03.2027",
        "31/3/2027",
        "31/03/27",
        " 31 / 03 / 2027 ",
        "2027-03-31",
        "2027-03-31T00:00:00",
        "2027-03-31 00:00:00",
        "31/03/2027 00:00",
        "31 March 2027",
        "31 march 2027",
        "31 Mar 2027",
        "31st March 2027",
        "31 Mar. 2027",
        "31 MARCH, 2027",
    ],
)
def test_dates(value):
    assert n.parse_date(value, "forecast_date") == D


@pytest.mark.parametrize("value", [None, "", "   ", float("nan")])
def test_blank_dates(value):
    assert n.parse_date(value, "forecast_date") is None


@pytest.mark.parametrize(
    "value, message",
    [
        ("next spring", "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date."),
        (
            "03/31/2027",
            "forecast date ('forecast_date') must be a real date written day first (date_order in "
            "data/profile.toml), like 31/03/2027 or an Excel date. Read month first it would be 31 March 2027: "
            "if that is meant, write it day first.",
        ),
        (
            "31/02/2027",
            "forecast date ('forecast_date') must be a real date written day first (date_order in "
            "data/profile.toml), like 31/03/2027 or an Excel date.",
        ),
        ("Q1 2027", "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date."),
        (46477.5, "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date."),
        (-3, "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date."),
        (True, "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date."),
        ("31 Smarch 2027", "forecast date ('forecast_date') must be a date, like 31/03/2027 or an Excel date."),
    ],
)
def test_bad_dates(value, message):
    with pytest.raises(n.BadValue) as error:
        n.parse_date(value, "forecast_date")
    assert str(error.value) == message


@pytest.mark.parametrize(
    "value, expected",
    [
        (1234, 1234.0),
        (1234.5, 1234.5),
        ("1234", 1234.0),
        ("1,234", 1234.0),
        ("1,234.5", 1234.5),
        (" 1 234 ", 1234.0),
        ("-12", -12.0),
        ("\u221212", -12.0),
        ("(1,200)", -1200.0),
        ("45%", 45.0),
        ("2.5k", 2500.0),
        ("2.5m", 2500000.0),
        ("3bn", 3e9),
        ("0.5", 0.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("+7", 7.0),
        ("12\u00a0000", 12000.0),
    ],
)
def test_numbers(value, expected):
    assert n.parse_number(value, "actual_value") == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("£2.5m", 2500000.0),
        ("£1,200", 1200.0),
        ("£ 1,200.50", 1200.5),
        ("2.5k", 2500.0),
        ("£3bn", 3e9),
        ("-£5", -5.0),
        ("(£5)", -5.0),
        (1200, 1200.0),
        ("£0", 0.0),
    ],
)
def test_money(value, expected):
    assert n.parse_number(value, "allocated", "money") == expected


@pytest.mark.parametrize("value, expected", [("5%", 5.0), ("5", 5.0), (5, 5.0), ("2.5 %", 2.5)])
def test_percent(value, expected):
    assert n.parse_number(value, "tolerance_pct", "percent") == expected


@pytest.mark.parametrize(
    "value, kind, message",
    [
        ("lots", "number", "actual value ('actual_value') must be a number, like 1234 or 1,234.5."),
        ("1,2,,3", "number", "actual value ('actual_value') must be a number, like 1234 or 1,234.5."),
        ("£5", "number", "actual value ('actual_value') must be a number, like 1234 or 1,234.5."),
        ("#DIV/0!", "number", "actual value ('actual_value') must be a number, like 1234 or 1,234.5."),
        (True, "number", "actual value ('actual_value') must be a number, like 1234 or 1,234.5."),
        ("5%", "money", "actual value ('actual_value') must be an amount in pounds, like 1200, £1,200 or £2.5m."),
        ("five", "percent", "actual value ('actual_value') must be a percentage, like 5 or 5%."),
        ("n/a", "number", "actual value ('actual_value') must be a number, like 1234 or 1,234.5."),
    ],
)
def test_bad_numbers(value, kind, message):
    with pytest.raises(n.BadValue) as error:
        n.parse_number(value, "actual_value", kind)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Red", "Red"),
        ("red", "Red"),
        ("R", "Red"),
        ("r ", "Red"),
        (" RED ", "Red"),
        ("Amber/Red", "Amber/Red"),
        ("A/R", "Amber/Red"),
        ("AR", "Amber/Red"),
        ("RA", "Amber/Red"),
        ("amber-red", "Amber/Red"),
        ("Red/Amber", "Amber/Red"),
        ("Amber / Red", "Amber/Red"),
        ("Amber", "Amber"),
        ("A", "Amber"),
        ("amber", "Amber"),
        ("Yellow", "Amber"),
        ("Amber/Green", "Amber/Green"),
        ("A/G", "Amber/Green"),
        ("AG", "Amber/Green"),
        ("ag", "Amber/Green"),
        ("amber-green", "Amber/Green"),
        ("Amber / Green", "Amber/Green"),
        ("Amber Green", "Amber/Green"),
        ("Green/Amber", "Amber/Green"),
        ("GA", "Amber/Green"),
        ("Amber\u2013Green", "Amber/Green"),
        ("amber_green", "Amber/Green"),
        ("Amber and Green", "Amber/Green"),
        ("A&G", "Amber/Green"),
        ("Green", "Green"),
        ("G", "Green"),
        ("green ", "Green"),
        ("Complete", "Complete"),
        ("Completed", "Complete"),
        ("done", "Complete"),
        ("Blue", "Complete"),
        ("Not assessed", "Not assessed"),
        ("N/A", "Not assessed"),
        ("not rated", "Not assessed"),
    ],
)
def test_rating_spellings(value, expected):
    assert n.parse_rating(value, "rag") == expected


RATING_LIST = (
    "rating ('rag') must be one of the ratings: Red, Amber/Red, Amber, Amber/Green, Green, "
    "Complete or Not assessed (or a red, amber or green fill), or a word listed in "
    "data/rating_vocabulary.csv (No DCA, Reset, Exempt, N/A, Not rated, On track, Ahead, Delayed, "
    "Blocked, Unavailable); to use another word, add it to that file with the rating it means."
)


@pytest.mark.parametrize(
    "value, suggestion",
    [
        ("Purple", ""),
        ("3", ""),
        ("RAG", ""),
        ("Good", ""),
        # a near miss of a rating or a vocabulary word is named (issue 11)
        ("Amber-ish", " Did you mean Amber?"),
        ("Ambre/Green", " Did you mean Amber/Green?"),
        ("Gren", " Did you mean Green?"),
        ("amber green-ish", " Did you mean Amber/Green?"),
        ("Not asessed", " Did you mean Not assessed?"),
        ("On trak", " Did you mean On track?"),
        # a rating with a note is that rating; a suggestion never crosses to the other side of Amber
        ("Amber/Red (worsening)", " Did you mean Amber/Red?"),
        ("Amber/Green (improving)", " Did you mean Amber/Green?"),
        ("Red (worse)", " Did you mean Red?"),
        ("Amber/Rd worsening", ""),  # too far for a suggestion; Amber/Green was once offered
        ("Green/Red", ""),
    ],
)
def test_bad_ratings(value, suggestion):
    with pytest.raises(n.BadValue) as error:
        n.parse_rating(value, "rag")
    assert str(error.value) == RATING_LIST + suggestion


@pytest.mark.parametrize(
    "value, column, choices, expected",
    [
        ("Minister", "level", ("minister", "local"), "minister"),
        (" LOCAL ", "level", ("minister", "local"), "local"),
        ("Up", "direction", ("up", "down"), "up"),
        ("higher", "direction", ("up", "down"), "up"),
        ("Lower", "direction", ("up", "down"), "down"),
        (3.0, "likelihood", ("1", "2", "3", "4", "5"), "3"),
        ("", "level", ("minister",), None),
    ],
)
def test_choices(value, column, choices, expected):
    assert n.parse_choice(value, column, choices) == expected


def test_bad_choice_names_the_allowed_values():
    with pytest.raises(n.BadValue) as error:
        n.parse_choice("nationwide", "level", ("minister", "region"))
    assert str(error.value) == "level must be one of: minister, region."


@pytest.mark.parametrize(
    "value, column, choices, expected",
    [
        (
            "regional",
            "level",
            LEVELS,
            "level must be one of: minister, department, agency, region, local, frontline. Did you mean region?",
        ),
        ("isue", "kind", RISK_KINDS, "kind must be one of: risk, issue, barrier. Did you mean issue?"),
        (
            "Ministers",
            "escalation",
            ESCALATIONS,
            "escalation must be one of: none, centre, minister. Did you mean minister?",
        ),
        ("Closd", "status", STATUSES, "status must be one of: open, closed. Did you mean closed?"),
        ("dwn", "direction", DIRECTIONS, "direction must be one of: up, down. Did you mean down?"),
    ],
)
def test_bad_choice_says_which_one_was_meant(value, column, choices, expected):
    with pytest.raises(n.BadValue) as error:
        n.parse_choice(value, column, choices)
    assert str(error.value) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("rag", "rating ('rag')"),
        ("node_id", "chain link ID ('node_id')"),
        ("period_end", "period end ('period_end')"),
        ("title", "title"),
        ("priority_id", "priority ID ('priority_id')"),
    ],
)
def test_columns_are_named_in_plain_words_then_their_header(name, expected):
    assert named(name) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("DfE, HO", "DfE, HO"),
        ("DfE,HO", "DfE, HO"),
        ("DfE; HO", "DfE, HO"),
        ("DfE\nHO", "DfE, HO"),
        ("DfE, HO, DfE", "DfE, HO"),
        (" DfE ,", "DfE"),
        (",", None),
        ("", None),
    ],
)
def test_codes(value, expected):
    assert n.parse_codes(value, "contributing_departments") == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("  EDU-01 ", "EDU-01"),
        (101.0, "101"),
        (2.5, "2.5"),
        (D, "31/03/2027"),
        ("", None),
        (None, None),
    ],
)
def test_text(value, expected):
    assert n.parse_text(value) == expected


THEME_XML = b"""<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>
<a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>
<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2>
<a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1>
<a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3>
<a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5>
<a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink>
<a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme></a:themeElements></a:theme>"""


def test_theme_colours_in_excel_index_order():
    assert theme_colours(THEME_XML) == [
        "FFFFFF",
        "000000",
        "E7E6E6",
        "44546A",
        "4472C4",
        "ED7D31",
        "A5A5A5",
        "FFC000",
        "5B9BD5",
        "70AD47",
        "0563C1",
        "954F72",
    ]


@pytest.mark.parametrize("xml", [None, b"", b"<not xml", b"<a/>", b'<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>'])
def test_unreadable_theme_gives_no_colours(xml):
    assert theme_colours(xml) == []


@pytest.mark.parametrize(
    "rgb, tint, expected",
    [
        ("70AD47", 0.0, "70AD47"),
        ("70AD47", -0.25, "548235"),
        ("70AD47", 0.4, "A9D18E"),
        ("000000", 0.5, "808080"),
    ],
)
def test_tint(rgb, tint, expected):
    # Excel itself shows A9D08E for "40% lighter": it rounds in integer HLS; one step off is harmless.
    assert apply_tint(rgb, tint) == expected


THEME = theme_colours(THEME_XML)


@pytest.mark.parametrize(
    "fill, expected",
    [
        (PatternFill("solid", fgColor="FFFF0000"), "Red"),
        (PatternFill("solid", fgColor="FFC00000"), "Red"),
        (PatternFill("solid", fgColor="FFFFC000"), "Amber"),
        (PatternFill("solid", fgColor="FFFFBF00"), "Amber"),
        (PatternFill("solid", fgColor="FF00B050"), "Green"),
        (PatternFill("solid", fgColor="FF92D050"), "Green"),
        (PatternFill("solid", fgColor=Color(theme=5)), "Amber"),  # accent2 orange
        (PatternFill("solid", fgColor=Color(theme=7)), "Amber"),  # accent4 gold
        (PatternFill("solid", fgColor=Color(theme=9)), "Green"),  # accent6 green
        (PatternFill("solid", fgColor=Color(theme=9, tint=-0.25)), "Green"),
        (PatternFill("solid", fgColor=Color(indexed=10)), "Red"),
        (PatternFill("solid", fgColor=Color(indexed=51)), "Amber"),
        (PatternFill("solid", fgColor=Color(indexed=17)), "Green"),
        (PatternFill("darkGrid", fgColor="FFFF0000"), "Red"),
        (PatternFill("solid", fgColor="FFFFFFFF"), None),
        (PatternFill("solid", fgColor="FFD9D9D9"), None),
        (PatternFill("solid", fgColor="FF4472C4"), None),
        (PatternFill("solid", fgColor=Color(theme=0)), None),
        (PatternFill("solid", fgColor=Color(theme=40)), None),
        (PatternFill("solid", fgColor=Color(indexed=64)), None),
        (PatternFill(None, fgColor="FFFF0000"), None),
        (PatternFill(), None),
        (None, None),
    ],
)
def test_fill_ratings(fill, expected):
    assert fill_rating(fill, THEME) == expected


@pytest.mark.parametrize(
    "value", ["2026-27", "2026/27", "2026-2027", "2026/2027", "FY 2026/27", "fy2026-27", "2026 to 2027", " 2026 - 27 "]
)
def test_financial_years(value):
    assert n.parse_financial_year(value) == "2026-27"


@pytest.mark.parametrize("value", ["2026-28", "FY26", "2026", "2026-2028", "26-27", 2026.0])
def test_bad_financial_years(value):
    with pytest.raises(n.BadValue) as error:
        n.parse_value(value, "financial_year", "text")
    assert str(error.value) == "financial year ('financial_year') must be a financial year, like 2026-27."


@pytest.mark.parametrize("rating", ["Red", "Amber/Red", "Amber/Green", "Green"])
@pytest.mark.parametrize("note", [" (worsening)", " (improving)", " worsening", " - falling", "!", " trend down"])
def test_a_suggestion_for_a_rating_with_a_note_stays_on_its_side_of_amber(rating, note):
    """Whatever follows a rating, the suggestion is never on the other side of Amber from it."""
    with pytest.raises(n.BadValue) as error:
        n.parse_rating(rating + note, "rag")
    suggested = str(error.value).removeprefix(RATING_LIST).removeprefix(" Did you mean ").removesuffix("?")
    side = {"Red": -1, "Amber/Red": -1, "Amber/Green": 1, "Green": 1}
    assert side.get(suggested, 0) in (0, side[rating]), suggested


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Red/Amber", "Amber/Red"),
        ("green / amber", "Amber/Green"),
        ("R/A", "Amber/Red"),
        ("Amber/Red", None),
        ("Red", None),
    ],
)
def test_colours_written_the_other_way_round_are_read_amber_first_with_a_warning(value, expected):
    assert n.parse_rating(value, "rag") == (expected or n.parse_rating(value, "rag"))
    message = n.other_way_round_message(value, "rag")
    assert message == (
        f"rating ('rag') '{value}' was read as {expected}, the scale's name for it (amber first); "
        f"write {expected} if that is the rating meant."
        if expected
        else None
    )
