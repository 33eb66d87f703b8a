"""The government profile (profile.toml in DELIVERY_REFERENCE): every date order, currency, fiscal-year
style and annual period end, read with exact values; and the shipped UK and US-federal profiles."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path

import pytest

from delivery import ROOT
from delivery.reference import profile
from delivery.reference.calendar import Calendar, latest_period_end, read_calendar
from delivery.returns import normalise as n
from delivery.returns.validate import check_return
from tests.test_reader import TABLES, valid_return

US = ROOT / "data" / "profiles" / "us-federal"


def use_reference(tmp_path: Path, monkeypatch, toml: str, base: Path = ROOT / "data") -> Path:
    """A reference folder in tmp_path: ``base``'s CSV files and this profile.toml; DELIVERY_REFERENCE names it."""
    folder = tmp_path / "reference"
    folder.mkdir()
    for csv in base.glob("*.csv"):
        shutil.copy(csv, folder / csv.name)
    (folder / "profile.toml").write_text(toml, encoding="utf-8")
    monkeypatch.setenv("DELIVERY_REFERENCE", str(folder))
    monkeypatch.delenv("DELIVERY_CALENDAR", raising=False)
    return folder


def test_the_shipped_uk_profile_is_todays_behaviour():
    uk = profile.read_profile(ROOT / "data")
    assert (uk.date_order, uk.currency_symbol, uk.fiscal_year_start, uk.fiscal_year_written) == (
        "day-first",
        "£",
        4,
        "2026-27",
    )
    assert (uk.annual_period_end_text, uk.quarter_end_months, uk.fiscal_year_of(dt.date(2027, 3, 31))) == (
        "31 March",
        (3, 6, 9, 12),
        "2026-27",
    )


def test_the_shipped_us_federal_profile():
    us = profile.read_profile(US)
    assert (us.date_order, us.currency_symbol, us.currency_name, us.fiscal_year_start) == (
        "month-first",
        "$",
        "dollars",
        10,
    )
    assert (us.annual_period_end_text, us.fiscal_year_of(dt.date(2026, 10, 1)), us.date_text(dt.date(2027, 3, 31))) == (
        "30 September",
        "FY2027",
        "03/31/2027",
    )


def test_a_folder_without_profile_toml_is_read_as_the_uk(tmp_path):
    assert profile.read_profile(tmp_path) == profile.Profile(folder=tmp_path)


def test_every_problem_of_a_profile_at_once_with_its_line(tmp_path):
    (tmp_path / "profile.toml").write_text(
        'date_order = "dmy"\ncurrency_symbol = "$"\nfiscal_year_start = 13\nfiscal_year = "FY"\n', encoding="utf-8"
    )
    with pytest.raises(profile.ProfileError) as caught:
        profile.read_profile(tmp_path)
    where = tmp_path / "profile.toml"
    assert str(caught.value) == (
        f"{where} has problems to fix: "
        f"{where}, line 4: fiscal_year is not a profile setting; the settings are government_name, "
        "protective_marking, date_order, currency_symbol, currency_name, scale_words, fiscal_year_start, "
        "fiscal_year_written, annual_period_end. "
        f"{where}, line 1: date_order must be one of day-first, month-first or iso, not 'dmy'. "
        f"{where}, line 3: fiscal_year_start must be a month number from 1 to 12 (4 for April, 10 for October), "
        "not 13."
    )


@pytest.mark.parametrize(
    "order, text, expected",
    [
        ("day-first", "03/04/2022", dt.date(2022, 4, 3)),
        ("day-first", "31.03.27", dt.date(2027, 3, 31)),
        ("month-first", "03/04/2022", dt.date(2022, 3, 4)),
        ("month-first", "3/31/2027", dt.date(2027, 3, 31)),
        ("month-first", "March 31, 2027", dt.date(2027, 3, 31)),
        ("iso", "2027-03-31", dt.date(2027, 3, 31)),
        ("iso", "31 March 2027", dt.date(2027, 3, 31)),
        ("day-first", "2027-03-31", dt.date(2027, 3, 31)),  # ISO is read whatever the order
    ],
)
def test_each_date_order_reads_its_dates(tmp_path, monkeypatch, order, text, expected):
    use_reference(tmp_path, monkeypatch, f'date_order = "{order}"\n')
    assert n.parse_date(text, "forecast_date", dt.date(2026, 3, 31)) == expected


@pytest.mark.parametrize(
    "order, text, message",
    [
        (
            "month-first",
            "31/03/2027",
            "forecast date ('forecast_date') must be a real date written month first (date_order in {toml}), like "
            "03/31/2027 or an Excel date. Read day first it would be 31 March 2027: if that is meant, write it "
            "month first.",
        ),
        (
            "iso",
            "03/04/2022",
            "forecast date ('forecast_date') must be a date written YYYY-MM-DD, like 2027-03-31, or an Excel date "
            "(the profile's date_order is iso, so 03/04/2022 could be read two ways).",
        ),
    ],
)
def test_a_date_not_in_the_profiles_order_is_refused_naming_the_order(tmp_path, monkeypatch, order, text, message):
    folder = use_reference(tmp_path, monkeypatch, f'date_order = "{order}"\n')
    with pytest.raises(n.BadValue) as caught:
        n.parse_date(text, "forecast_date")
    assert str(caught.value) == message.format(toml=folder / "profile.toml")


def test_a_date_is_shown_in_the_profiles_order(tmp_path, monkeypatch):
    use_reference(tmp_path, monkeypatch, 'date_order = "month-first"\n')
    assert n.as_text(dt.date(2027, 3, 31)) == "03/31/2027"


@pytest.mark.parametrize(
    "toml, text, expected",
    [
        ("", "£2.5m", 2_500_000.0),
        ("", "-£74.9m", -74_900_000.0),
        ('currency_symbol = "$"\n', "$1,200", 1200.0),
        ('currency_symbol = "$"\nscale_words = { mm = 1e6 }\n', "$3.5mm", 3_500_000.0),
        ('currency_symbol = "Rs"\nscale_words = { cr = 1e7, lakh = 1e5 }\n', "Rs 2 cr", 20_000_000.0),
    ],
)
def test_money_in_the_profiles_currency_and_scale_words(tmp_path, monkeypatch, toml, text, expected):
    use_reference(tmp_path, monkeypatch, toml)
    assert n.parse_number(text, "allocated", "money") == expected


@pytest.mark.parametrize(
    "toml, message",
    [
        ("", "allocated must be an amount in pounds, like 1200, £1,200 or £2.5m."),
        (
            'currency_symbol = "€"\ncurrency_name = "euros"\n',
            "allocated must be an amount in euros, like 1200, €1,200 or €2.5m.",
        ),
    ],
)
def test_another_currencys_symbol_is_refused_naming_the_profiles(tmp_path, monkeypatch, toml, message):
    use_reference(tmp_path, monkeypatch, toml)
    with pytest.raises(n.BadValue) as caught:
        n.parse_number("$1,200", "allocated", "money")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "toml, written, stored",
    [
        ("", "2026/27", "2026-27"),
        ("", "FY 2026-2027", "2026-27"),
        ('fiscal_year_start = 10\nfiscal_year_written = "FY2027"\n', "FY2027", "FY2027"),
        ('fiscal_year_start = 10\nfiscal_year_written = "FY2027"\n', "fy 27", "FY2027"),
        ('fiscal_year_start = 10\nfiscal_year_written = "FY2027"\n', "2026-27", "FY2027"),
        ('fiscal_year_start = 1\nfiscal_year_written = "2027"\n', "2027", "2027"),
        ('fiscal_year_start = 7\nfiscal_year_written = "2027"\n', "2026-27", "2027"),
    ],
)
def test_each_fiscal_year_style(tmp_path, monkeypatch, toml, written, stored):
    use_reference(tmp_path, monkeypatch, toml)
    assert n.parse_financial_year(written) == stored


@pytest.mark.parametrize(
    "toml, message",
    [
        ("", "financial year ('financial_year') must be a financial year, like 2026-27."),
        (
            'fiscal_year_start = 10\nfiscal_year_written = "FY2027"\n',
            "financial year ('financial_year') must be a financial year, like FY2027 (the profile's "
            "fiscal_year_written), or a span like 2026-27.",
        ),
    ],
)
def test_a_fiscal_year_that_is_none_is_refused_with_the_profiles_example(tmp_path, monkeypatch, toml, message):
    use_reference(tmp_path, monkeypatch, toml)
    with pytest.raises(n.BadValue) as caught:
        n.parse_financial_year("next year")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "toml, cadence, when, end",
    [
        ("", "annual", dt.date(2026, 12, 1), dt.date(2026, 3, 31)),
        ("fiscal_year_start = 10\n", "annual", dt.date(2026, 12, 1), dt.date(2026, 9, 30)),
        ("fiscal_year_start = 7\n", "annual", dt.date(2026, 12, 1), dt.date(2026, 6, 30)),
        ("fiscal_year_start = 4\nannual_period_end = 12\n", "annual", dt.date(2026, 12, 1), dt.date(2025, 12, 31)),
        ("fiscal_year_start = 10\n", "quarterly", dt.date(2026, 12, 1), dt.date(2026, 9, 30)),
        ("fiscal_year_start = 2\n", "quarterly", dt.date(2026, 12, 1), dt.date(2026, 10, 31)),
    ],
)
def test_each_period_end(tmp_path, monkeypatch, toml, cadence, when, end):
    use_reference(tmp_path, monkeypatch, toml)
    assert latest_period_end(cadence, when) == end


def test_the_calendar_and_departments_come_from_the_reference_folder(monkeypatch):
    monkeypatch.setenv("DELIVERY_REFERENCE", str(US))
    monkeypatch.delenv("DELIVERY_CALENDAR", raising=False)
    calendar = read_calendar()
    assert (calendar.source, len(calendar.entries), calendar.cadence("DOT").cadence) == (
        "data/profiles/us-federal/calendar.csv",
        24,
        "monthly",
    )
    assert Calendar(calendar.entries).expected_period("HHS", dt.date(2026, 11, 20)) == dt.date(2026, 9, 30)


def _month_first_trajectory(tables):
    tables["trajectory"] = [
        {"indicator_id": "I1", "period_end": "12/31/2025", "planned_value": 20000},
        {"indicator_id": "I1", "period_end": "03/31/2026", "planned_value": 30000},
    ]
    tables["actuals"] = tables["actuals"][:1]


def test_rows_whose_key_dates_were_refused_are_never_called_repeats(tmp_path, monkeypatch):
    """A month-first file read day first: each date refused at its cell, and no 'Repeated' error."""
    folder = use_reference(tmp_path, monkeypatch, 'date_order = "day-first"\n')
    tables = copy.deepcopy(TABLES)
    _month_first_trajectory(tables)
    _, problems = check_return(valid_return(tmp_path / "r.xlsx", None, tables), ["DfE", "HO"], dt.date(2026, 5, 1))
    said = f"must be a real date written day first (date_order in {folder / 'profile.toml'})"
    assert [(p.where, p.value) for p in problems] == [("Trajectory!B2", "12/31/2025"), ("Trajectory!B3", "03/31/2026")]
    assert all(said in p.message for p in problems)


def test_a_month_first_return_loads_its_dates_under_a_month_first_profile(tmp_path, monkeypatch):
    use_reference(tmp_path, monkeypatch, 'date_order = "month-first"\n')
    tables = copy.deepcopy(TABLES)
    _month_first_trajectory(tables)
    parsed, problems = check_return(valid_return(tmp_path / "r.xlsx", None, tables), ["DfE", "HO"], dt.date(2026, 5, 1))
    assert problems == []
    assert [d.date() for d in parsed.tables["trajectory"]["period_end"]] == [
        dt.date(2025, 12, 31),
        dt.date(2026, 3, 31),
    ]
