"""The Overview / Priorities / Priority arithmetic (delivery/movement.py, delivery/analysis/tables.py)."""

import datetime as dt

import pandas as pd
import pytest

from delivery.analysis import attention, chain_tree, movement, tables, trajectories


def _priorities(rows):
    cols = ["priority_id", "title", "rag", "rag_before"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


SAMPLE = _priorities(
    [
        ("EDU-01", "Raise reading", "Amber/Red", "Green"),
        ("HEA-01", "Cut waiting", "Amber/Green", "Amber"),
        ("HEA-02", "Mental health", "Amber", None),
        ("HO-01", "Knife crime", "Red", "Red"),
    ]
)


@pytest.mark.parametrize(
    "before, now, expected",
    [
        ("Amber", "Amber/Green", "Improved"),
        ("Green", "Amber/Red", "Worsened"),
        ("Red", "Red", "Unchanged"),
        (None, "Amber", "New"),
        (float("nan"), "Amber", "New"),
        ("Green", "Complete", "Improved"),
        ("Amber", "Green", "Improved"),  # three-point Amber and Green share the crosswalk
        ("Not assessed", "Red", "Changed"),
    ],
)
def test_movement(before, now, expected):
    assert movement.movement(before, now) == expected


@pytest.mark.parametrize(
    "before, now, expected",
    [
        ("Amber", "Amber/Green", "Amber → Amber/Green"),
        ("Red", "Red", "Red (no change)"),
        (None, "Amber", "New this period"),
    ],
)
def test_trend_text(before, now, expected):
    assert movement.trend_text(before, now) == expected


def test_rating_counts_include_zeros_and_other_ratings_present():
    counts = movement.rating_counts(["Red", "Amber", "Red", "Complete", None])
    assert counts.to_dict("records") == [
        {"rating": "Red", "priorities": 2},
        {"rating": "Amber/Red", "priorities": 0},
        {"rating": "Amber", "priorities": 1},
        {"rating": "Amber/Green", "priorities": 0},
        {"rating": "Green", "priorities": 0},
        {"rating": "Complete", "priorities": 1},
        {"rating": "Not assessed", "priorities": 1},
    ]


def test_movement_counts_of_the_sample():
    assert movement.movement_counts(SAMPLE) == {"Improved": 1, "Worsened": 1, "Unchanged": 1, "New": 1}


def test_transition_table_counts_from_before_to_now():
    table = movement.transition_table(SAMPLE)
    assert table.index.name == "Rating before"
    assert list(table.index) == ["New", "Red", "Amber", "Green"]
    assert list(table.columns) == ["Red", "Amber/Red", "Amber", "Amber/Green"]
    assert table.loc["Green", "Amber/Red"] == 1
    assert table.loc["Amber", "Amber/Green"] == 1
    assert table.loc["New", "Amber"] == 1
    assert table.loc["Red", "Red"] == 1
    assert int(table.to_numpy().sum()) == 4


def test_transition_table_of_nothing_is_empty():
    assert movement.transition_table(SAMPLE.iloc[0:0]).empty


def test_history_scores_use_the_crosswalk():
    # Ratings with no place on the scale are left out: a None broke the table's sparkline (",3", ",,,,,").
    assert movement.history_scores(["Green", "Amber/Red", "Complete"]) == [5, 2]
    assert movement.history_scores(["Not assessed", "Amber", None, "Not assessed", "Red"]) == [3, 1]
    assert movement.history_scores(None) == []


def test_exceptions_list_every_kind_with_evidence():
    milestones = pd.DataFrame(
        {
            "priority_id": ["HEA-01", "HEA-01"],
            "priority_title": ["Cut waiting"] * 2,
            "title": ["500 staff recruited", "Contract signed"],
            "status": ["Overdue", "Completed"],
            "due_date": pd.to_datetime(["2026-05-31", "2026-05-15"]),
            "days_overdue": [30, None],
            "completed_date": pd.to_datetime([None, "2026-05-10"]),
            "completed_this_period": [False, True],
        }
    )
    status = pd.DataFrame(
        {
            "priority_id": ["EDU-01"],
            "priority_title": ["Raise reading"],
            "name": ["Pupils reading"],
            "actual_value": [70.0],
            "planned_value": [77.0],
            "gap_pct": [-9.09],
            "direction": ["up"],
            "status": ["Off trajectory"],
        }
    )
    escalations = pd.DataFrame(
        {
            "priority_id": ["HEA-01"],
            "priority_title": ["Cut waiting"],
            "kind": ["barrier"],
            "description": ["Radiographer shortage"],
            "escalation": ["centre"],
        }
    )
    found = attention.exceptions(SAMPLE, milestones, status, escalations)
    assert found.values.tolist() == [
        ["EDU-01", "Raise reading", "Rated Amber/Red", "Rated Amber/Red by its department"],
        ["EDU-01", "Raise reading", "Worsened", "Rating went from Green to Amber/Red"],
        ["HO-01", "Knife crime", "Rated Red", "Rated Red by its department"],
        ["HEA-01", "Cut waiting", "Overdue milestone", "500 staff recruited: due 31 May 2026, 30 days overdue"],
        ["EDU-01", "Raise reading", "Off trajectory", "Pupils reading: 70 against 77 planned, 9.1% below plan (worse)"],
        ["HEA-01", "Cut waiting", "Escalated barrier", "Radiographer shortage (escalated to the centre)"],
    ]
    wins = attention.small_wins(SAMPLE, milestones)
    assert wins.values.tolist() == [
        ["HEA-01", "Cut waiting", "Rating improved", "From Amber to Amber/Green"],
        ["HEA-01", "Cut waiting", "Milestone completed", "Contract signed: completed 10 May 2026"],
    ]


def test_nothing_to_flag_gives_empty_tables():
    calm = _priorities([("A-1", "Calm", "Green", "Green")])
    assert attention.exceptions(calm, pd.DataFrame(), pd.DataFrame(), pd.DataFrame()).empty
    assert attention.small_wins(calm, pd.DataFrame()).empty


def test_trajectory_by_priority_counts_off_and_judged():
    status = pd.DataFrame(
        {
            "priority_id": ["A", "A", "B", "C"],
            "status": ["Off trajectory", "On trajectory", "On trajectory", "No actuals yet"],
        }
    )
    assert attention.trajectory_by_priority(status) == {
        "A": "Off trajectory (1 of 2)",
        "B": "On trajectory (1 of 1)",
        "C": "No actuals yet",
    }


def test_freshness_says_overdue_in_words():
    fresh = pd.DataFrame({"periods_missed": [0, 1, 3]})
    assert attention.freshness(fresh)["status"].tolist() == [
        "Up to date",
        "Overdue: 1 period missed",
        "Overdue: 3 periods missed",
    ]


def _chain(rows):
    return pd.DataFrame(rows, columns=["node_id", "parent_node_id", "name", "level", "rag"])


def test_chain_layout_places_parents_over_children_and_marks_the_weakest():
    chain = _chain(
        [
            ("M", None, "Minister", "minister", "Green"),
            ("D", "M", "Dept", "department", "Amber"),
            ("R1", "D", "North", "region", "Red"),
            ("R2", "D", "South", "region", "Amber/Green"),
            ("L", "R1", "Local", "local", None),
        ]
    )
    out = chain_tree.chain_layout(chain).set_index("node_id")
    assert out["depth"].to_dict() == {"M": 0, "D": 1, "R1": 2, "R2": 2, "L": 3}
    assert out["x"].to_dict() == {"M": 0.5, "D": 0.5, "R1": 0.0, "R2": 1.0, "L": 0.0}
    assert out.loc["R1", ["parent_x", "parent_depth"]].tolist() == [0.5, 1]
    assert out["weakest"].to_dict() == {"M": False, "D": False, "R1": True, "R2": False, "L": False}
    assert out.loc["L", "rag"] == "Not assessed"


def test_chain_layout_survives_a_missing_parent_and_a_cycle():
    chain = _chain(
        [("A", "B", "A", "agency", "Red"), ("B", "A", "B", "region", "Red"), ("C", "GONE", "C", "local", "Amber")]
    )
    out = chain_tree.chain_layout(chain)
    assert sorted(out["node_id"]) == ["A", "B", "C"]
    assert set(chain_tree.weakest_nodes(chain)) == {"A", "B"}


def test_no_weakest_link_when_every_link_has_the_same_rating():
    chain = _chain(
        [("A", None, "A", "minister", "Red"), ("B", "A", "B", "local", "Red"), ("C", "A", "C", "local", None)]
    )
    assert chain_tree.weakest_nodes(chain) == set()


def test_trajectory_versions_keep_only_real_rebaselines():
    d = pd.to_datetime
    versions = pd.DataFrame(
        {
            "plan_of": d(["2026-03-31"] * 2 + ["2026-06-30"] * 2 + ["2026-09-30"] * 2),
            "period_end": d(["2026-06-30", "2026-12-31"] * 3),
            "planned_value": [340000.0, 270000.0, 350000.0, 300000.0, 350000.0, 300000.0],
        }
    )
    out = trajectories.trajectory_versions(versions)
    assert out["plan"].tolist() == ["Earlier plan (31 Mar 2026)"] * 2 + ["Current plan"] * 2
    assert out["planned_value"].tolist() == [340000.0, 270000.0, 350000.0, 300000.0]
    assert trajectories.trajectory_versions(versions.iloc[0:0]).empty


def test_priority_link_carries_the_filters():
    assert (
        tables.priority_link("HEA-01", dt.date(2026, 6, 30), "DfE", "Health")
        == "priority?priority=HEA-01&period=2026-06-30&department=DfE&theme=Health"
    )
    assert tables.priority_link("A&B", None) == "priority?priority=A%26B"


def test_filter_priorities_by_rating_and_movement():
    table = pd.DataFrame(
        {"ID": ["A", "B", "C"], "Rating": ["Red", "Green", "Red"], "Movement": ["New", "Worsened", "Worsened"]}
    )
    assert tables.filter_priorities(table, [], [])["ID"].tolist() == ["A", "B", "C"]
    assert tables.filter_priorities(table, ["Red"], [])["ID"].tolist() == ["A", "C"]
    assert tables.filter_priorities(table, ["Red"], ["Worsened"])["ID"].tolist() == ["C"]


def test_an_optimistic_rating_is_flagged_with_evidence():
    status = pd.DataFrame({"priority_id": ["A", "A"], "status": ["Off trajectory", "On trajectory"]})
    assert (
        attention.optimism_note("Green", status)
        == "Rated Green by its department, but 1 of 2 of its indicators is off trajectory."
    )
    assert attention.optimism_note("Amber", status) is None
    assert attention.optimism_note("Green", status.assign(status="On trajectory")) is None
    found = attention.exceptions(
        _priorities([("A", "Alpha", "Amber/Green", "Amber/Green")]),
        pd.DataFrame(),
        status.assign(
            priority_title="Alpha", name="x", actual_value=1.0, planned_value=2.0, gap_pct=-50.0, direction="up"
        ),
        pd.DataFrame(),
    )
    assert found["why"].tolist() == ["Rating looks optimistic", "Off trajectory"]


def test_number_text_never_uses_exponents():
    assert [attention.number_text(v) for v in (352000.0, 70.0, 7.25, 1234.6)] == ["352,000", "70", "7.25", "1,235"]


def test_many_overdue_milestones_and_off_trajectory_indicators_make_one_line_per_priority():
    milestones = pd.DataFrame(
        {
            "priority_id": ["A", "A", "A"],
            "priority_title": ["Alpha"] * 3,
            "title": ["m1", "m2", "m3"],
            "status": ["Overdue", "Overdue", "Completed"],
            "due_date": pd.to_datetime(["2026-05-01", "2026-03-01", None]),
            "days_overdue": [60, 121, None],
        }
    )
    status = pd.DataFrame(
        {
            "priority_id": ["A", "A"],
            "priority_title": ["Alpha"] * 2,
            "name": ["i1", "i2"],
            "actual_value": [10.0, 5.0],
            "planned_value": [11.0, 10.0],
            "gap_pct": [-9.1, -50.0],
            "direction": "up",
            "status": ["Off trajectory", "Off trajectory"],
        }
    )
    found = attention.exceptions(_priorities([("A", "Alpha", "Amber", "Amber")]), milestones, status, pd.DataFrame())
    assert found["detail"].tolist() == [
        "2 overdue milestones; the longest overdue is m2: due 1 Mar 2026, 121 days overdue",
        "2 indicators off trajectory; the furthest behind is i2: 5 against 10 planned, 50.0% below plan (worse)",
    ]


@pytest.mark.parametrize(
    "direction, actual, planned, said",
    [
        ("down", 52000.0, 48000.0, "Knife crime: 52,000 against 48,000 planned, 8.3% above plan (worse)"),
        ("up", 70.0, 77.0, "Knife crime: 70 against 77 planned, 9.1% below plan (worse)"),
        ("down", 1059.0, 0.0, "Knife crime: 1,059 against 0 planned, 1,059 above a plan of 0 (worse)"),
        ("down", 1059.0, 5.0, "Knife crime: 1,059 against 5 planned, 1,054 above a plan of 5 (worse)"),
    ],
)
def test_an_off_trajectory_indicator_says_above_or_below_plan(direction, actual, planned, said):
    status = pd.DataFrame(
        {
            "priority_id": ["HO-01"],
            "priority_title": ["Halve knife crime"],
            "name": ["Knife crime"],
            "direction": [direction],
            "actual_value": [actual],
            "planned_value": [planned],
            "gap_pct": [None],
            "status": ["Off trajectory"],
        }
    )
    found = attention.exceptions(
        _priorities([("HO-01", "Halve knife crime", "Red", "Red")]), pd.DataFrame(), status, pd.DataFrame()
    )
    assert found.loc[found["why"] == "Off trajectory", "detail"].tolist() == [said]


def test_ratings_off_the_chart_scale_are_listed_in_words():
    history = pd.DataFrame(
        {
            "return_period": pd.to_datetime(["2026-03-31", "2026-06-30", "2026-09-30"]),
            "rag": ["Green", "Complete", None],
        }
    )
    assert (
        movement.off_scale_note(history)
        == "Not on the chart's scale: 30 Jun 2026: Complete; 30 Sep 2026: Not assessed."
    )
    assert movement.off_scale_note(history.iloc[:1]) is None


@pytest.mark.parametrize(
    "before, now, scale_before, scale_now, expected",
    [
        ("Amber/Red", "Amber", "five-point", "three-point", "Scale changed"),  # a three-point Amber may be Amber/Red
        ("Amber", "Amber/Green", "three-point", "five-point", "Scale changed"),
        ("Green", "Amber/Green", "three-point", "five-point", "Scale changed"),  # not a worsening
        ("Green", "Green", "three-point", "five-point", "Scale changed"),
        ("Red", "Green", "five-point", "three-point", "Improved"),  # a real move on any reading
        ("Red", "Amber/Green", "three-point", "five-point", "Improved"),
        ("Green", "Amber", "five-point", "three-point", "Worsened"),
        ("Amber", "Amber/Green", "five-point", "five-point", "Improved"),  # same scale: as before
        ("Amber", "Amber/Green", None, "five-point", "Improved"),  # scale unknown: as before
        ("Not assessed", "Amber", "three-point", "five-point", "Changed"),
    ],
)
def test_moves_between_three_and_five_point_scales(before, now, scale_before, scale_now, expected):
    assert movement.movement(before, now, scale_before, scale_now) == expected


def test_scale_changed_and_not_reported_in_counts_transition_and_trend():
    rows = pd.DataFrame(
        {
            "priority_id": ["A", "B", "C"],
            "title": ["a", "b", "c"],
            "rag": ["Amber", "Green", "Red"],
            "rag_before": ["Amber/Red", "Amber", "Red"],
            "scale_before": ["five-point", "five-point", "five-point"],
            "scale_now": ["three-point", "five-point", "five-point"],
            "stale": [False, False, True],
            "last_return": pd.to_datetime(["2026-06-30", "2026-06-30", "2026-03-31"]),
        }
    )
    moved = movement.with_movement(rows)
    assert moved["movement"].tolist() == ["Scale changed", "Improved", "Not reported this period"]
    assert moved["trend"].tolist() == [
        "Amber/Red → Amber (scale changed from five-point to three-point: not comparable)",
        "Amber → Green",
        "Not updated since 31 Mar 2026 (last rated Red)",
    ]
    assert movement.movement_counts(movement.current(rows)) == {
        "Improved": 1,
        "Worsened": 0,
        "Unchanged": 0,
        "New": 0,
        "Scale changed": 1,
    }
    assert movement.transition_table(rows).to_dict("index") == {
        "Scale changed": {"Amber": 1, "Green": 0},
        "Amber": {"Amber": 0, "Green": 1},
    }
    assert movement.not_reported(rows) == 1


def test_reasons_are_gathered_into_one_row_per_priority():
    rows = pd.DataFrame(
        [
            ["A", "Alpha", "Rated Red", "Rated Red by its department"],
            ["B", "Beta", "Worsened", "Rating went from Green to Amber"],
            ["A", "Alpha", "Overdue milestone", "m1: due 1 May 2026, 60 days overdue"],
        ],
        columns=["priority_id", "priority", "why", "detail"],
    )
    assert attention.by_priority(rows).values.tolist() == [
        [
            "A",
            "Alpha",
            "Rated Red · Overdue milestone",
            "Rated Red by its department · m1: due 1 May 2026, 60 days overdue",
        ],
        ["B", "Beta", "Worsened", "Rating went from Green to Amber"],
    ]
    assert attention.by_priority(rows.iloc[0:0]).empty
