"""On or off trajectory (direction-aware, with tolerance), and areas ranked against trajectory."""

import pandas as pd
import pytest

from delivery.analysis import trajectories as S

T = pd.Timestamp


def _indicators(*rows):
    return pd.DataFrame(
        [
            dict(
                zip(
                    [
                        "department",
                        "priority_id",
                        "indicator_id",
                        "name",
                        "unit",
                        "direction",
                        "baseline_value",
                        "baseline_date",
                        "target_value",
                        "target_date",
                        "tolerance_pct",
                    ],
                    r,
                )
            )
            for r in rows
        ]
    )


INDICATORS = _indicators(
    ("D", "P1", "UP", "Reading", "%", "up", 70.0, T("2025-12-31"), 90.0, T("2027-12-31"), 5.0),
    ("D", "P1", "DOWN", "Waiting", "people", "down", 400.0, T("2025-12-31"), 200.0, T("2027-12-31"), None),
    ("D", "P2", "NONE", "No actuals", "%", "up", 1.0, T("2025-12-31"), 2.0, T("2027-12-31"), 5.0),
)
TRAJECTORY = pd.DataFrame(
    {
        "department": "D",
        "indicator_id": ["UP", "UP", "DOWN", "DOWN"],
        "period_end": pd.to_datetime(["2026-03-31", "2026-06-30", "2026-03-31", "2026-06-30"]),
        "planned_value": [72.0, 80.0, 380.0, 350.0],
    }
)


def test_planned_value_is_the_point_or_a_straight_line_between_points():
    up = TRAJECTORY[TRAJECTORY["indicator_id"] == "UP"]
    assert S.planned_value_at(up, "2026-06-30") == 80.0
    assert S.planned_value_at(up, "2026-05-15") == pytest.approx(72 + 8 * 45 / 91)
    assert S.planned_value_at(up, "2026-02-14", (T("2025-12-31"), 70.0)) == pytest.approx(70 + 2 * 45 / 90)
    assert S.planned_value_at(up, "2026-07-31") is None
    assert S.planned_value_at(up.iloc[0:0], "2026-06-30") is None


@pytest.mark.parametrize(
    "actual, planned, direction, tolerance, expected",
    [
        (76.0, 80.0, "up", 5.0, (-5.0, S.ON)),  # exactly at the tolerance: still on
        (75.9, 80.0, "up", 5.0, (-5.125, S.OFF)),
        (90.0, 80.0, "up", 5.0, (12.5, S.ON)),
        (367.5, 350.0, "down", None, (-5.0, S.ON)),  # down is better: above plan is worse; default 5 %
        (368.0, 350.0, "down", None, (-100 * 18 / 350, S.OFF)),
        (300.0, 350.0, "down", 0.0, (100 * 50 / 350, S.ON)),
        (None, 350.0, "down", 5.0, (None, S.NO_ACTUALS)),
        (300.0, None, "down", 5.0, (None, S.NO_TRAJECTORY)),
    ],
)
def test_judge_is_direction_aware(actual, planned, direction, tolerance, expected):
    gap, status = S.judge(actual, planned, direction, tolerance)
    assert status == expected[1]
    assert gap == (pytest.approx(expected[0]) if expected[0] is not None else None)


def test_a_league_against_a_tiny_plan_gives_its_spread_in_units():
    league = pd.DataFrame(
        {
            "area": ["A", "B"],
            "actual_value": [3.0, 1059.0],
            "planned_value": [5.0, 5.0],
            "gap_pct": [40.0, -21080.0],
            "direction": "down",
            "status": [S.ON, S.OFF],
        }
    )
    assert S.league_summary(league) == (
        "2 areas, each compared with the national trajectory for its period: "
        "1 on trajectory, 1 off. Best A, 40.0% below plan (better); furthest behind B, "
        "1,054 above a plan of 5 (worse): a spread of 1,056."
    )


def test_trajectory_status_uses_the_latest_national_actual():
    actuals = pd.DataFrame(
        {
            "department": "D",
            "indicator_id": ["UP", "UP", "UP", "DOWN"],
            "area_code": [None, None, "NE", None],
            "period_end": pd.to_datetime(["2026-03-31", "2026-06-30", "2026-06-30", "2026-03-31"]),
            "actual_value": [73.0, 70.0, 95.0, 370.0],
        }
    )
    out = S.trajectory_status(INDICATORS, TRAJECTORY, actuals)
    assert list(out["status"]) == [S.OFF, S.ON, S.NO_ACTUALS]
    assert list(out["actual_value"][:2]) == [70.0, 370.0]
    assert list(out["planned_value"][:2]) == [80.0, 380.0]
    assert list(S.worst_first(out)["indicator_id"]) == ["UP", "NONE", "DOWN"]
    table = S.status_table(out)
    assert list(table.iloc[0]) == [
        "UP Reading",
        S.OFF,
        "P1",
        "%",
        "higher",
        T("2026-06-30").date(),
        "70",
        "80",
        "12.5% below plan (worse)",
    ]
    assert table.iloc[1]["Difference from plan"] == "2.6% below plan (better)"  # down is better
    assert list(table.iloc[2][["Actual", "Difference from plan", "Status"]]) == ["", "", S.NO_ACTUALS]


def test_area_league_ranks_areas_best_first_for_down_is_better():
    actuals = pd.DataFrame(
        {
            "department": "D",
            "indicator_id": "DOWN",
            "area_code": ["A", "B", "C", "A"],
            "period_end": pd.to_datetime(["2026-06-30", "2026-06-30", "2026-06-30", "2026-03-31"]),
            "actual_value": [360.0, 330.0, 400.0, 1.0],
        }
    )
    league = S.area_league(INDICATORS.iloc[1], TRAJECTORY, actuals)
    assert list(league["area_code"]) == ["B", "A", "C"]
    assert list(league["rank"]) == [1, 2, 3]
    assert list(league["status"]) == [S.ON, S.ON, S.OFF]
    assert list(S.league_table(league)["Difference from plan"]) == [
        "5.7% below plan (better)",
        "2.9% above plan (worse)",
        "14.3% above plan (worse)",
    ]
    assert S.league_summary(league) == (
        "3 areas, each compared with the national trajectory for its period: "
        "2 on trajectory, 1 off. Best B, 5.7% below plan (better); furthest behind C, "
        "14.3% above plan (worse): a spread of 20.0 percentage points."
    )


def test_area_league_names_the_areas_it_knows():
    actuals = pd.DataFrame(
        {
            "department": "D",
            "indicator_id": "DOWN",
            "area_code": ["E09000033", "X1"],
            "period_end": pd.to_datetime(["2026-06-30", "2026-06-30"]),
            "actual_value": [330.0, 400.0],
        }
    )
    league = S.area_league(INDICATORS.iloc[1], TRAJECTORY, actuals, {"E09000033": "Westminster"})
    assert list(league["area"]) == ["Westminster (E09000033)", "X1"]
    assert list(S.league_table(league)["Area"]) == ["Westminster (E09000033)", "X1"]
    assert (
        "Best Westminster (E09000033), 5.7% below plan (better); furthest behind X1, 14.3% above plan (worse)"
        in S.league_summary(league)
    )


def test_area_league_without_area_figures_is_empty():
    assert S.area_league(INDICATORS.iloc[0], TRAJECTORY, pd.DataFrame(columns=["indicator_id", "area_code"])).empty


def test_league_options_offer_indicators_with_areas_first():
    counts = pd.DataFrame({"department": ["D"], "indicator_id": ["DOWN"], "areas": [3]})
    options = S.league_options(INDICATORS, counts)
    assert list(options) == [
        "DOWN Waiting (3 areas)",
        "UP Reading (no area figures)",
        "NONE No actuals (no area figures)",
    ]


def test_status_groups_put_no_actuals_and_no_plan_together():
    status = pd.DataFrame(
        {"indicator_id": ["A", "B", "C", "D"], "status": [S.ON, S.OFF, S.NO_ACTUALS, S.NO_TRAJECTORY]}
    )
    groups = S.status_groups(status)
    assert {k: list(v["indicator_id"]) for k, v in groups.items()} == {
        S.ON: ["A"],
        S.OFF: ["B"],
        S.NOT_JUDGED: ["C", "D"],
    }
