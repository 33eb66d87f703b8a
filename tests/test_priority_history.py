"""A priority's history follows it across departments: after a transfer, a successor, a renamed ID.

Each case is one priority reported for eight years (returns at 31 Mar 2019 to 2026): four by
department A, then four by department B, which also restates A's last actual and A's last
financial year (the later return wins). Every return carries its own financial year's budget
with the whole-life cost, its own year's actual of indicator I-01, and a plan for its own year
and the next (the next year's plan is restated by the following return). A's last return
also gives two local areas' figures, and B's seventh one area's; A's 2021 return gives the
centre's (assessor's) rating too.

  transfer   HO reports JUS-05, the centre transfers it to MoJ from 1 Apr 2022, MoJ reports it
  successor  BEIS reports ENE-05 until BEIS is abolished (6 Feb 2023); its successor DESNZ
             reports ENE-05 (no record: the store already treats it as the same priority)
  alias      BEIS reports OLD-09, DESNZ reports NEW-09, the centre records OLD-09 -> NEW-09
"""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from delivery.charts.priority import BUDGET_TITLE, HISTORY_TITLE
from delivery.store.records import record_alias, record_transfer
from delivery.store.versions import run_query
from tests.conftest import run_app, texts
from tests.store_builder import ReturnSpec, _budget, _indicator, _priority, build_store

M = 1_000_000
YEARS = [dt.date(2019 + i, 3, 31) for i in range(9)]  # YEARS[8] is only ever planned
FINANCIAL_YEARS = [f"{2018 + i}-{(19 + i) % 100:02d}" for i in range(8)]
RATINGS = ["Amber/Red", "Amber", "Amber", "Amber/Green", "Amber", "Amber/Green", "Green", "Green"]
ACTUALS = [29.0, 28.5, 27.0, 26.0, 25.5, 24.0, 23.5, 22.0]
RESTATED_ACTUAL = 26.5  # B's first return restates A's last (YEARS[3])
PLAN = [29, 28, 27, 26, 25, 24, 23, 22, 21]  # return i plans YEARS[i] and YEARS[i + 1] (+ 0.5)
CENTRE_RATING = "Red"  # the assessor's, given in A's return of 2021
AREAS = {3: [("E06000001", 31.0), ("E06000047", 24.0)], 6: [("E06000047", 22.5)]}  # local figures: return -> rows
CASES = {  # case: (department A, department B, ID A used, ID B uses)
    "transfer": ("HO", "MoJ", "JUS-05", "JUS-05"),
    "successor": ("BEIS", "DESNZ", "ENE-05", "ENE-05"),
    "alias": ("BEIS", "DESNZ", "OLD-09", "NEW-09"),
}


def _budget_row(pid: str, year: int, reported_by: int) -> dict:
    """FY ``year``'s money; spent is the outturn when a later return reports it again."""
    allocated = (100 + 10 * year) * M
    spent = allocated + (M if reported_by > year else -M)
    return _budget(pid, FINANCIAL_YEARS[year], allocated, allocated + 2 * M, spent) | {
        "whole_life_cost_baseline": 800 * M,
        "whole_life_cost_forecast": (800 + 10 * reported_by) * M,
    }


def _return(case: str, i: int) -> ReturnSpec:
    dept_a, dept_b, id_a, id_b = CASES[case]
    dept, pid = (dept_a, id_a) if i < 4 else (dept_b, id_b)
    actuals = [(YEARS[i], ACTUALS[i], None)] + ([(YEARS[3], RESTATED_ACTUAL, None)] if i == 4 else [])
    actuals += [(YEARS[i], v, area) for area, v in AREAS.get(i, [])]
    budget = [_budget_row(pid, i, i)] + ([_budget_row(pid, 3, i)] if i == 4 else [])
    return ReturnSpec(
        dept,
        YEARS[i],
        {
            "Priorities": [
                _priority(pid, "Reduce reoffending", "Safety", dept, RATINGS[i], target_date="2027-03-31")
                | ({"centre_rag": CENTRE_RATING} if i == 2 else {})
            ],
            "Indicators": [
                _indicator(
                    pid,
                    "I-01",
                    "Adults reoffending within a year",
                    "%",
                    "outcome",
                    "down",
                    30,
                    "2018-03-31",
                    20,
                    "2027-03-31",
                )
            ],
            "Trajectory": [
                {"indicator_id": "I-01", "period_end": YEARS[i], "planned_value": PLAN[i]},
                {"indicator_id": "I-01", "period_end": YEARS[i + 1], "planned_value": PLAN[i + 1] + 0.5},
            ],
            "Actuals": [
                {"indicator_id": "I-01", "period_end": p, "area_code": a, "actual_value": v} for p, v, a in actuals
            ],
            "Budget": budget,
        },
    )


def history_store(root, case: str):
    """The store of ``case`` (see the module docstring), loaded through the loader, records made."""
    dept_a, dept_b, id_a, id_b = CASES[case]
    store = build_store(root, [_return(case, i) for i in range(4)])
    if case == "transfer":
        record_transfer(store, id_a, dept_b, "Centre Analyst", "Probation moved to MoJ", dt.date(2022, 4, 1))
    build_store(root, [_return(case, i) for i in range(4, 8)])
    if case == "alias":
        record_alias(store, id_a, id_b, "Centre Analyst", "Renamed by DESNZ")
    return store


@pytest.fixture(scope="module", params=list(CASES))
def case(request, tmp_path_factory):
    """(its store, the priority's current ID, department A, department B) for each case."""
    dept_a, dept_b, _, pid = CASES[request.param]
    return history_store(tmp_path_factory.mktemp(request.param), request.param), pid, dept_a, dept_b


def _rows(store, query: str, pid: str, as_at: dt.date = YEARS[7]) -> list[tuple]:
    with store.connect_read() as con:
        frame = run_query(con, query, {"as_at": as_at, "priority_id": pid})
    return [
        tuple(None if v != v else v.date() if hasattr(v, "date") else v for v in row)
        for row in frame.itertuples(index=False)
    ]


def test_budget_has_every_year_from_both_departments(case):
    store, pid, _, _ = case
    # (year, allocated, forecast, spent, reported in, whole-life cost baseline, forecast) in £m:
    # 2021-22 as B's first return restated it (spent 131, not A's 129), and the whole-life cost
    # as each year's return gave it: eight points, one a year
    assert _in_millions(_rows(store, "priority_budget", pid)) == [
        ("2018-19", 100, 102, 99, YEARS[0], 800, 800),
        ("2019-20", 110, 112, 109, YEARS[1], 800, 810),
        ("2020-21", 120, 122, 119, YEARS[2], 800, 820),
        ("2021-22", 130, 132, 131, YEARS[4], 800, 840),
        ("2022-23", 140, 142, 139, YEARS[4], 800, 840),
        ("2023-24", 150, 152, 149, YEARS[5], 800, 850),
        ("2024-25", 160, 162, 159, YEARS[6], 800, 860),
        ("2025-26", 170, 172, 169, YEARS[7], 800, 870),
    ]
    # as at A's last return, A's years alone
    assert _in_millions(_rows(store, "priority_budget", pid, YEARS[3])) == [
        ("2018-19", 100, 102, 99, YEARS[0], 800, 800),
        ("2019-20", 110, 112, 109, YEARS[1], 800, 810),
        ("2020-21", 120, 122, 119, YEARS[2], 800, 820),
        ("2021-22", 130, 132, 129, YEARS[3], 800, 830),
    ]


def _in_millions(rows: list[tuple]) -> list[tuple]:
    return [tuple(v / M if isinstance(v, float) else v for v in row) for row in rows]


def test_actuals_and_plan_of_its_indicator_from_both_departments(case):
    store, pid, _, dept_b = case
    # department: the indicator's as the priority's indicators give it (B's), so they join
    assert _rows(store, "priority_actuals", pid) == [
        (dept_b, "I-01", YEARS[k], None, RESTATED_ACTUAL if k == 3 else ACTUALS[k]) for k in range(8)
    ]
    with store.connect_read() as con:
        plan = run_query(con, "indicator_trajectories", {"as_at": YEARS[7]})
        national = run_query(con, "indicator_national_actuals", {"as_at": YEARS[7]})
    assert [(r.department, r.indicator_id, r.period_end.date(), r.planned_value) for r in plan.itertuples()] == [
        (dept_b, "I-01", YEARS[k], PLAN[k]) for k in range(8)
    ] + [(dept_b, "I-01", YEARS[8], 21.5)]
    assert len(national) == 8 and set(national["department"]) == {dept_b}


def test_the_area_league_has_the_areas_either_department_reported(case):
    store, _, _, dept_b = case
    with store.connect_read() as con:
        counts = run_query(con, "indicator_area_counts", {"as_at": YEARS[7]})
        areas = run_query(
            con, "indicator_area_actuals", {"as_at": YEARS[7], "department": dept_b, "indicator_id": "I-01"}
        )
    assert counts.values.tolist() == [[dept_b, "I-01", 2]]
    assert [(r.department, r.area_code, r.period_end.date(), r.actual_value) for r in areas.itertuples()] == [
        (dept_b, "E06000001", YEARS[3], 31.0),
        (dept_b, "E06000047", YEARS[6], 22.5),
    ]


def test_every_trajectory_version_from_both_departments(case):
    store, pid, _, _ = case
    assert _rows(store, "priority_trajectory_versions", pid) == [
        row
        for i in range(8)
        for row in (("I-01", YEARS[i], YEARS[i], PLAN[i]), ("I-01", YEARS[i], YEARS[i + 1], PLAN[i + 1] + 0.5))
    ]


def test_rating_history_from_both_departments(case):
    store, pid, dept_a, dept_b = case
    assert _rows(store, "priority_rating_history", pid) == [
        (YEARS[k], RATINGS[k], "Department", dept_a if k < 4 else dept_b) for k in range(8)
    ]


def test_the_centre_rating_a_return_gave_follows_the_priority(case):
    store, pid, dept_a, _ = case
    assert _rows(store, "priority_centre_rating_history", pid) == [(YEARS[2], CENTRE_RATING, "Centre", None)]
    with store.connect_read() as con:
        now = run_query(con, "centre_ratings_at", {"as_at": YEARS[7]})
    assert now[["priority_id", "centre_rag", "centre_reason"]].values.tolist() == [
        [pid, CENTRE_RATING, f"Given in {dept_a}'s return"]
    ]


def test_the_priority_page_shows_the_whole_history(case, monkeypatch):
    store, pid, _, _ = case
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    at = run_app("priority", priority=pid)
    assert not at.exception
    assert at.title[0].value == f"{pid}: Reduce reoffending"
    budget = at.dataframe[-1].value
    assert budget.values.tolist() == [
        [
            FINANCIAL_YEARS[k],
            f"£{100 + 10 * k:.1f}m",
            f"£{102 + 10 * k:.1f}m",
            f"£{(131 if k == 3 else 99 + 10 * k):.1f}m",
            "£2.0m",
            YEARS[4 if k == 3 else k],
        ]
        for k in range(8)
    ]
    assert (
        "Whole-life cost in the return for 31 Mar 2026: £800.0m at baseline, now forecast at £870.0m, 8.8% over "
        "baseline." in texts(at)
    )
    charts = _chart_rows(at)
    assert list(charts) == [HISTORY_TITLE, "Adults reoffending within a year", BUDGET_TITLE]
    # allocated, forecast and spent for each of the eight years
    assert len(charts[BUDGET_TITLE]) == 24 and len({p["financial_year"] for p in charts[BUDGET_TITLE]}) == 8
    indicator = charts["Adults reoffending within a year"]
    assert [p["value"] for p in indicator if p.get("series") == "Actual"] == [
        RESTATED_ACTUAL if k == 3 else ACTUALS[k] for k in range(8)
    ]
    plans = {p["series"] for p in indicator if "plan" in str(p.get("series"))}
    assert plans == {"Current plan"} | {f"Earlier plan ({d.day} {d:%b %Y})" for d in YEARS[:7]}
    assert [p["rag"] for p in charts[HISTORY_TITLE] if p.get("rated_by") == "Department"] == RATINGS
    assert [p["rag"] for p in charts[HISTORY_TITLE] if p.get("rated_by") == "Centre"] == [CENTRE_RATING]


def _chart_rows(at) -> dict[str, list[dict]]:
    """Each chart's title -> every data row it draws (Streamlit sends the datasets as Arrow)."""
    return {
        json.loads(c.proto.spec)["title"]["text"]: [
            row for d in c.proto.datasets for row in pa.ipc.open_stream(d.data.data).read_pandas().to_dict("records")
        ]
        for c in at.get("vega_lite_chart")
    }


def test_two_returns_for_one_period_the_page_and_the_history_take_the_same_one(tmp_path):
    """A contributing department (HO) reports budget rows for the priority for the same period as its lead
    (DfE), loaded in one batch: the priority's row and its history are the lead's alone (one owner per
    priority per period), so HO's rows neither replace DfE's nor add a year."""
    period = YEARS[7]

    def spec(dept: str, rag: str, budget: list[dict]) -> ReturnSpec:
        # only the lead gives the Priorities row (one owner per priority): the contributor reports its budget
        rows = (
            [_priority("EDU-09", "Catch-up tutoring", "Opportunity", dept, rag, contributing="HO")]
            if dept == "DfE"
            else []
        )
        return ReturnSpec(dept, period, {"Priorities": rows, "Budget": budget})

    store = build_store(
        tmp_path,
        [
            spec("DfE", "Amber", [_budget("EDU-09", "2025-26", 50 * M, 55 * M, 40 * M)]),
            spec(
                "HO",
                "Red",
                [_budget("EDU-09", "2025-26", 5 * M, 5 * M, 1 * M), _budget("EDU-09", "2024-25", 4 * M, 4 * M, 4 * M)],
            ),
        ],
    )
    assert _rows(store, "priority_budget", "EDU-09") == [("2025-26", 50 * M, 55 * M, 40 * M, period, None, None)]
    assert _rows(store, "priority_rating_history", "EDU-09") == [(period, "Amber", "Department", "DfE")]
    with store.connect_read() as con:
        detail = run_query(con, "priority_detail", {"as_at": period, "priority_id": "EDU-09"})
    assert detail[["department", "rag"]].values.tolist() == [["DfE", "Amber"]]
