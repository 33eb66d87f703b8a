"""The reporting calendar (data/calendar.csv) and what it says about returns expected and received."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from delivery import ROOT
from delivery.analysis import picture, reporting
from delivery.reference.calendar import (
    Cadence,
    Calendar,
    CalendarError,
    calendar_warnings,
    latest_period_end,
    read_calendar,
)
from delivery.reference.departments import read_departments

D = dt.date
CODES = {"DHSC", "DfT", "HO", "MoJ"}


def _write(tmp_path, text: str):
    path = tmp_path / "calendar.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_cadences_and_due_days_and_defaults_the_rest(tmp_path):
    path = _write(tmp_path, "department,cadence,due_days\nDfT,Monthly,20\nMoJ,annual,60\n\n")
    calendar = read_calendar(path, CODES)
    assert calendar.cadence("DfT") == Cadence("monthly", 20)
    assert calendar.cadence("MoJ") == Cadence("annual", 60)
    assert calendar.cadence("DHSC") == Cadence("quarterly", 30)  # not listed: quarterly, 30 days


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "department,cadence\nDfT,monthly\n",
            "calendar.csv line 1: the header must name the columns department, cadence, due_days; due_days is missing.",
        ),
        (
            "department,cadence,due_days\nDfT,weekly,20\n",
            "calendar.csv line 2: the cadence 'weekly' for DfT is not one of monthly, quarterly or annual.",
        ),
        (
            "department,cadence,due_days\nDfT,monthly,20\nHO,quarterly,soon\n",
            "calendar.csv line 3: the due_days 'soon' for HO must be a whole number of days from 0 to 365.",
        ),
        (
            "department,cadence,due_days\nDfT,monthly,-5\n",
            "calendar.csv line 2: the due_days '-5' for DfT must be a whole number of days from 0 to 365.",
        ),
        (
            "department,cadence,due_days\n,monthly,20\n",
            "calendar.csv line 2: the department is blank; give a department code, e.g. DfT.",
        ),
        (
            "department,cadence,due_days\nDfT,monthly,20\nDfT,quarterly,30\n",
            "calendar.csv line 3: DfT is listed twice; keep one line per department.",
        ),
    ],
)
def test_a_bad_line_is_named_by_file_and_line(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(CalendarError) as error:
        read_calendar(path, CODES)
    assert str(error.value) == f"{tmp_path}/{message}"


def test_the_shipped_calendar_names_itself_relative_to_the_project(tmp_path):

    assert read_calendar(ROOT / "data" / "calendar.csv").source == "data/calendar.csv"
    (tmp_path / "b.csv").write_bytes(b"department,cadence,due_days\nDfT,\xff\xfe,20\n")
    with pytest.raises(CalendarError) as error:
        read_calendar(tmp_path / "b.csv")
    assert str(error.value) == f"{tmp_path}/b.csv is not a text (UTF-8) CSV file; save it as CSV UTF-8."


def test_a_missing_calendar_means_every_department_quarterly(tmp_path):
    assert read_calendar(tmp_path / "none.csv").cadence("DfT") == Cadence()


@pytest.mark.parametrize(
    "cadence, when, expected",
    [
        ("monthly", D(2026, 7, 31), D(2026, 7, 31)),
        ("monthly", D(2026, 7, 30), D(2026, 6, 30)),
        ("quarterly", D(2026, 8, 31), D(2026, 6, 30)),
        ("quarterly", D(2026, 1, 15), D(2025, 12, 31)),
        ("annual", D(2026, 3, 30), D(2025, 3, 31)),
        ("annual", D(2026, 12, 31), D(2026, 3, 31)),
        ("monthly", D(2028, 2, 29), D(2028, 2, 29)),
    ],
)
def test_latest_period_end(cadence, when, expected):
    assert latest_period_end(cadence, when) == expected


CAL = Calendar({"DfT": Cadence("monthly", 20)})


def test_periods_due_dates_and_previous_period():
    assert CAL.periods_between("DfT", D(2026, 3, 31), D(2026, 6, 30)) == [
        D(2026, 4, 30),
        D(2026, 5, 31),
        D(2026, 6, 30),
    ]
    assert CAL.periods_between("HO", D(2026, 3, 31), D(2026, 8, 31)) == [D(2026, 6, 30)]
    assert CAL.due_date("DfT", D(2026, 7, 31)) == D(2026, 8, 20)
    assert CAL.due_date("HO", D(2026, 6, 30)) == D(2026, 7, 30)
    assert CAL.previous_period("HO", D(2026, 6, 30)) == D(2026, 3, 31)
    assert CAL.previous_period("DfT", D(2026, 6, 30)) == D(2026, 5, 31)


def _returns(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "department": d,
                "department_name": f"Dept {d}",
                "return_period": pd.Timestamp(p),
                "loaded_at": pd.Timestamp("2026-08-01 09:00"),
            }
            for d, p in rows
        ]
    )


RETURNS = _returns(
    [
        ("HO", "2026-03-31"),
        ("DHSC", "2026-03-31"),
        ("DHSC", "2026-06-30"),
        ("DfT", "2026-04-30"),
        ("DfT", "2026-05-31"),
        ("DfT", "2026-06-30"),
        ("DfT", "2026-07-31"),
    ]
)


def test_as_at_choices_come_from_the_calendar_and_a_monthly_return_does_not_move_the_default():
    choices = reporting.as_at_choices(CAL, RETURNS)
    assert choices == [D(2026, 7, 31), D(2026, 6, 30), D(2026, 5, 31), D(2026, 4, 30), D(2026, 3, 31)]
    # DfT's July return is due on 20 Aug: until then the default stays at 30 Jun for everyone.
    assert reporting.default_as_at(CAL, RETURNS, choices, D(2026, 8, 19)) == D(2026, 6, 30)
    assert reporting.default_as_at(CAL, RETURNS, choices, D(2026, 8, 20)) == D(2026, 7, 31)
    assert reporting.default_as_at(CAL, RETURNS, choices, D(2026, 4, 1)) == D(2026, 3, 31)  # nothing due: earliest


def test_returns_status_up_to_date_overdue_and_not_yet_due():
    status = reporting.returns_status(CAL, RETURNS, D(2026, 7, 31), D(2026, 8, 10))
    assert status[
        ["department", "expected_period", "last_return", "received", "periods_missed", "status"]
    ].values.tolist() == [
        ["DHSC", D(2026, 6, 30), D(2026, 6, 30), True, 0, "Up to date"],  # a monthly return makes no one late
        ["DfT", D(2026, 7, 31), D(2026, 7, 31), True, 0, "Up to date"],
        [
            "HO",
            D(2026, 6, 30),
            D(2026, 3, 31),
            False,
            1,
            "Overdue: 1 period missed (the return for 30 Jun 2026 was due 30 Jul 2026)",
        ],
    ]
    assert reporting.received_text(status) == "2 of 3 returns received; 1 overdue."
    early = reporting.returns_status(CAL, RETURNS, D(2026, 6, 30), D(2026, 7, 5))
    assert early.set_index("department")["status"].to_dict() == {
        "DHSC": "Up to date",
        "DfT": "Up to date",
        "HO": "Not yet due (due 30 Jul 2026)",
    }
    assert reporting.received_text(early) == "2 of 3 returns received; 1 not yet due."


def test_a_department_is_expected_only_from_its_first_return():
    status = reporting.returns_status(CAL, RETURNS, D(2026, 3, 31), D(2026, 8, 10))
    assert status["department"].tolist() == ["DHSC", "HO"]
    assert reporting.received_text(status) == "2 of 2 returns received."


def test_a_department_is_not_expected_after_its_end_date():
    returns = _returns([("DHLG", "2026-03-31"), ("HO", "2026-03-31"), ("HO", "2026-06-30"), ("HO", "2026-09-30")])
    returns["end_date"] = [pd.Timestamp("2026-03-31") if d == "DHLG" else pd.NaT for d in returns["department"]]
    assert reporting.expected_departments(returns, D(2026, 3, 31)) == ["DHLG", "HO"]  # its last day: still expected
    assert reporting.expected_departments(returns, D(2026, 6, 30)) == ["HO"]
    # an abolished department is never overdue, however long after it ended
    for as_at in (D(2026, 6, 30), D(2026, 9, 30)):
        status = reporting.returns_status(CAL, returns, as_at, D(2027, 6, 1))
        assert status["department"].tolist() == ["HO"]
        assert reporting.received_text(status) == "1 of 1 returns received."
    # without the end date it would be: the same returns, DHLG overdue
    open_ended = reporting.returns_status(CAL, returns.drop(columns="end_date"), D(2026, 9, 30), D(2027, 6, 1))
    assert open_ended.set_index("department")["periods_missed"].to_dict() == {"DHLG": 2, "HO": 0}
    # the default "as at" does not wait for a return that will never come
    assert reporting.all_due(CAL, returns, D(2026, 9, 30), D(2026, 10, 30))


def _listed(pid, dept, last, history):
    periods = [pd.Timestamp(p) for p, _, _ in history]
    return {
        "priority_id": pid,
        "department": dept,
        "last_return": pd.Timestamp(last),
        "rag": history[-1][1],
        "rag_history": [r for _, r, _ in history],
        "rag_periods": periods,
        "rag_scales": [s for _, _, s in history],
    }


def test_with_standing_marks_stale_priorities_and_those_missing_too_many_periods():
    listed = pd.DataFrame(
        [
            _listed(
                "HEA-01",
                "DHSC",
                "2026-06-30",
                [("2026-03-31", "Amber/Red", "five-point"), ("2026-06-30", "Amber/Green", "five-point")],
            ),
            _listed("HO-01", "HO", "2026-03-31", [("2026-03-31", "Green", "three-point")]),
            _listed(
                "TRA-01",
                "DfT",
                "2026-07-31",
                [("2026-06-30", "Amber", "three-point"), ("2026-07-31", "Amber/Green", "five-point")],
            ),
        ]
    )
    rules = picture.Rules(CAL, stale_after=2, today=D(2026, 12, 6))
    out = picture.with_standing(listed, rules, D(2026, 7, 31))
    assert out[
        ["priority_id", "standing", "previous_period", "periods_missed", "rag_before", "scale_before", "scale_now"]
    ].values.tolist() == [
        ["HEA-01", picture.REPORTED, D(2026, 3, 31), 0, "Amber/Red", "five-point", "five-point"],
        # stale: its movement is never counted; quarterly HO is compared with its own 31 Mar, not DfT's 30 Jun
        ["HO-01", picture.STALE, D(2026, 3, 31), 1, "Green", "three-point", "three-point"],
        ["TRA-01", picture.REPORTED, D(2026, 6, 30), 0, "Amber", "three-point", "five-point"],
    ]
    strict = picture.with_standing(listed, picture.Rules(CAL, stale_after=0, today=D(2026, 12, 6)), D(2026, 7, 31))
    assert strict["standing"].tolist() == [picture.REPORTED, picture.NO_RETURN, picture.REPORTED]
    # a return not yet due is not a missed period: HO's 30 Jun return is due 30 Jul
    early = picture.with_standing(listed, picture.Rules(CAL, stale_after=0, today=D(2026, 7, 15)), D(2026, 7, 31))
    assert early[["standing", "periods_missed"]].values.tolist()[1] == [picture.STALE, 0]


def test_next_period_and_the_default_review_date_of_a_stocktake_action():
    cal = Calendar()  # every department quarterly
    assert cal.next_period("DfE", dt.date(2026, 12, 6)) == dt.date(2026, 12, 31)
    assert cal.next_period("DfE", dt.date(2026, 12, 31)) == dt.date(2027, 3, 31)  # after, not on
    assert cal.next_review("DfE", dt.date(2026, 12, 6)) == dt.date(2026, 12, 31)  # 25 days ahead
    assert cal.next_review("DfE", dt.date(2026, 12, 20)) == dt.date(2027, 3, 31)  # 31 Dec is under two weeks away


def test_every_problem_of_the_calendar_at_once(tmp_path):
    path = _write(tmp_path, "department,cadence,due_days\nDfT,weekly,20\nHO,quarterly,soon\n")
    with pytest.raises(CalendarError) as error:
        read_calendar(path, CODES)
    assert str(error.value) == (
        f"{tmp_path}/calendar.csv line 2: the cadence 'weekly' for DfT is not one of monthly, quarterly or annual. "
        f"{tmp_path}/calendar.csv line 3: the due_days 'soon' for HO must be a whole number of days from 0 to 365."
    )


def test_a_calendar_and_department_list_that_do_not_match_are_warnings_with_the_fix(tmp_path):
    """A line for no department is left out; an open department with no line reports quarterly."""
    path = _write(tmp_path, "department,cadence,due_days\nXYZ,monthly,20\nDfT,monthly,20\n")
    departments = read_departments()
    assert read_calendar(path, set(departments["code"])).entries == {"DfT": Cadence("monthly", 20)}
    warnings = calendar_warnings(path, departments[departments["code"].isin(["DfT", "HO", "DfE", "BEIS"])])
    assert warnings == [
        f"{tmp_path}/calendar.csv line 2: 'XYZ' is not a department in data/departments.csv, so the line is not "
        "used; add XYZ to data/departments.csv or remove the line.",
        f"2 departments have no line in {tmp_path}/calendar.csv, so they are taken to report quarterly, due 30 "
        "days after the quarter: DfE, HO. Add a line for each, such as 'DfE,quarterly,30', to say so.",
    ]
