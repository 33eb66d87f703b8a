"""preview_return: what a return changes against the store, with exact values."""

from __future__ import annotations

import copy
import datetime as dt

import pandas as pd
import pytest

from delivery.returns.validate import check_return
from delivery.returns.workbook import write_return
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from delivery.upload.preview import preview_return
from delivery.upload.preview_sections import movement
from delivery.upload.preview_values import differs

D = dt.date
TODAY = D(2026, 11, 23)


def base_tables() -> dict:
    """DfE's return for 31 Mar 2026: two priorities, two milestones, one indicator."""
    return {
        "Priorities": [
            {
                "priority_id": "EDU-01",
                "title": "Reading at 11",
                "lead_department": "DfE",
                "rag": "Amber",
                "target": "90% reach the standard",
                "target_date": D(2028, 7, 31),
            },
            {"priority_id": "EDU-02", "title": "Teacher numbers", "lead_department": "DfE", "rag": "Green"},
        ],
        "Delivery chain": [
            {"priority_id": "EDU-01", "node_id": "N1", "name": "Schools minister", "level": "minister", "rag": "Green"},
        ],
        "Milestones": [
            {
                "priority_id": "EDU-01",
                "milestone_id": "M1",
                "title": "Tutors contracted",
                "baseline_date": D(2026, 5, 31),
                "forecast_date": D(2026, 6, 30),
                "rag": "Amber",
            },
            {
                "priority_id": "EDU-02",
                "milestone_id": "M2",
                "title": "Bursaries paid",
                "baseline_date": D(2026, 9, 30),
                "forecast_date": D(2026, 9, 30),
            },
        ],
        "Indicators": [
            {
                "priority_id": "EDU-01",
                "indicator_id": "I1",
                "name": "Pupils at standard",
                "unit": "%",
                "stage": "outcome",
                "direction": "up",
                "baseline_value": 70,
                "baseline_date": D(2025, 7, 31),
                "target_value": 90,
                "target_date": D(2028, 7, 31),
                "tolerance_pct": 5,
            },
        ],
        "Trajectory": [
            {"indicator_id": "I1", "period_end": D(2026, 3, 31), "planned_value": 74},
            {"indicator_id": "I1", "period_end": D(2026, 6, 30), "planned_value": 76},
        ],
        "Actuals": [
            {"indicator_id": "I1", "period_end": D(2025, 12, 31), "actual_value": 72},
            {"indicator_id": "I1", "period_end": D(2026, 3, 31), "actual_value": 73},
            {"indicator_id": "I1", "period_end": D(2026, 3, 31), "area_code": "E09", "actual_value": 60},
        ],
    }


def next_tables() -> dict:
    """The June return: EDU-01 worse, EDU-02 dropped, EDU-03 new, M1 slipped, history restated."""
    t = copy.deepcopy(base_tables())
    t["Priorities"][0]["rag"] = "Red"
    t["Priorities"][1] = {
        "priority_id": "EDU-03",
        "title": "School meals",
        "lead_department": "DfE",
        "rag": "Amber/Green",
    }
    t["Delivery chain"][0]["rag"] = "A/G"
    t["Milestones"][0] |= {"forecast_date": D(2026, 8, 29), "title": "Tutors contracted (all regions)"}
    t["Milestones"][1]["priority_id"] = "EDU-03"
    t["Indicators"][0] |= {"target_value": 85, "tolerance_pct": 10}
    t["Trajectory"][1]["planned_value"] = 75.5
    t["Trajectory"].append({"indicator_id": "I1", "period_end": D(2026, 9, 30), "planned_value": 78})
    t["Actuals"][1]["actual_value"] = 73.4
    t["Actuals"].append({"indicator_id": "I1", "period_end": D(2026, 6, 30), "actual_value": 74})
    return t


def about(period: dt.date) -> dict:
    return {"department": "DfE", "period_end": period, "prepared_by": "Ana Analyst"}


def parse(path):
    parsed, problems = check_return(path, {"DfE", "HO"}, TODAY)
    assert problems == []
    return parsed


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    path = write_return(tmp_path / "DfE-2026-03.xlsx", about(D(2026, 3, 31)), base_tables())
    report = load_returns(store, [path], "test", today=TODAY)
    assert report.ok, report.problems
    return store


@pytest.fixture
def june(store, tmp_path):
    path = write_return(tmp_path / "DfE-2026-06.xlsx", about(D(2026, 6, 30)), next_tables())
    return preview_return(store, parse(path))


def records(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_new_changed_and_removed_items(june):
    assert june.compared_with == D(2026, 3, 31)
    assert not june.replaces
    assert records(june.items) == [
        ("Priorities", "EDU-01", "Reading at 11", "changed", "rating"),
        ("Priorities", "EDU-03", "School meals", "new", ""),
        ("Priorities", "EDU-02", "Teacher numbers", "removed", ""),
        ("Milestones", "M1", "Tutors contracted (all regions)", "changed", "title, forecast date"),
        ("Milestones", "M2", "Bursaries paid", "changed", "priority ID"),
        ("Indicators", "I1", "Pupils at standard", "changed", "target value, tolerance in per cent"),
    ]


def test_rating_changes_with_arrows_and_direction(june):
    assert records(june.ratings) == [
        ("Priorities", "EDU-01", "Reading at 11", "Amber", "Red", "Amber → Red", "worsened"),
        (
            "Delivery chain",
            "EDU-01 / N1",
            "Schools minister",
            "Green",
            "Amber/Green",
            "Green → Amber/Green",
            "worsened",
        ),
    ]


def test_milestone_forecasts_that_slipped_in_days(june):
    assert records(june.slipped) == [
        ("M1", "Tutors contracted (all regions)", D(2026, 6, 30), D(2026, 8, 29), 60, 90),
    ]


def test_history_restated_points_to_the_cells_in_the_workbook(june):
    assert records(june.restated_actuals) == [("I1", D(2026, 3, 31), "", 73.0, 73.4, pytest.approx(0.4), "Actuals!D3")]
    assert records(june.restated_trajectory) == [("I1", D(2026, 6, 30), 76.0, 75.5, -0.5, "Trajectory!C3")]
    assert records(june.restated_targets) == [
        ("Indicators", "I1", "target value", 90.0, 85.0, "Indicators!J2"),
        ("Indicators", "I1", "tolerance in per cent", 5.0, 10.0, "Indicators!L2"),
    ]
    assert june.restatements == 4
    assert june.needs_reason


def test_headline_in_plain_words(june):
    assert june.headline() == (
        "This adds DfE's return for 30 Jun 2026, compared here with its return for 31 Mar 2026: "
        "1 new, 4 changed, 1 removed priorities, milestones and indicators; 1 new actual; it restates 4 values "
        "already loaded, so a reason is needed."
    )


def test_same_file_again_changes_nothing_and_needs_no_reason(store, tmp_path):
    path = write_return(tmp_path / "again.xlsx", about(D(2026, 3, 31)), base_tables())
    preview = preview_return(store, parse(path))
    assert preview.replaces
    for frame in (
        preview.items,
        preview.ratings,
        preview.slipped,
        preview.new_actuals,
        preview.restated_actuals,
        preview.restated_trajectory,
        preview.restated_targets,
        preview.risks,
    ):
        assert frame.empty
    assert not preview.needs_reason
    assert preview.headline() == (
        "This replaces DfE's return for 31 Mar 2026: 0 new, 0 changed, 0 removed priorities, milestones and indicators."
    )


def test_new_actuals_only_need_no_reason(store, tmp_path):
    tables = base_tables()
    tables["Actuals"] = [{"indicator_id": "I1", "period_end": D(2026, 6, 30), "actual_value": 74}]
    preview = preview_return(store, parse(write_return(tmp_path / "q2.xlsx", about(D(2026, 6, 30)), tables)))
    assert preview.restated_actuals.empty
    assert records(preview.new_actuals) == [("I1", D(2026, 6, 30), "", 74.0, "Actuals!D2")]
    assert not preview.needs_reason
    assert preview.headline().endswith("priorities, milestones and indicators; 1 new actual.")


def test_an_empty_store_shows_everything_as_new(tmp_path):
    path = write_return(tmp_path / "first.xlsx", about(D(2026, 3, 31)), base_tables())
    preview = preview_return(Store(tmp_path / "empty"), parse(path))
    assert preview.compared_with is None
    assert list(preview.items["Change"]) == ["new"] * 5
    assert not preview.needs_reason
    assert preview.headline().startswith("This adds DfE's return for 31 Mar 2026, its first return in the store: 5 new")


def test_a_milestone_baseline_moved_is_a_restatement(store, tmp_path):
    tables = base_tables()
    tables["Milestones"][0]["baseline_date"] = D(2026, 7, 31)
    preview = preview_return(store, parse(write_return(tmp_path / "moved.xlsx", about(D(2026, 3, 31)), tables)))
    assert records(preview.restated_targets) == [
        ("Milestones", "M1", "baseline date", D(2026, 5, 31), D(2026, 7, 31), "Milestones!F2")
    ]


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (
            [None, "Red", " Red", "Red"],
            [None, "Red", "Red", "Amber"],
            [False, False, True, True],
        ),  # text: stripped before
        (
            [1.0, 0.1 + 0.2, 1.0, float("nan"), 2.0],
            [1.0, 0.3, 1.001, float("nan"), float("nan")],
            [False, False, True, False, True],
        ),
        (
            pd.to_datetime(["2026-03-31", None, "2026-03-31"]),
            pd.to_datetime(["2026-03-31", None, None]),
            [False, False, True],
        ),
    ],
)
def test_differs(a, b, expected):
    assert differs(pd.Series(a), pd.Series(b)).tolist() == expected


@pytest.mark.parametrize(
    "was, now, expected",
    [
        ("Amber", "Red", "worsened"),
        ("Red", "Amber/Red", "improved"),
        ("Green", "Complete", "changed"),
        (None, "Green", "changed"),
    ],
)
def test_movement(was, now, expected):
    assert movement(was, now) == expected


def risk(risk_id: str, **changes) -> dict:
    """An open risk on EDU-01, with no escalation, likelihood 3 and no mitigation, unless changed."""
    row = {
        "priority_id": "EDU-01",
        "risk_id": risk_id,
        "kind": "risk",
        "description": "Tutor supply",
        "likelihood": "3",
        "impact": "4",
        "escalation": "none",
        "status": "open",
    }
    return row | changes


def test_risks_escalated_rescored_mitigated_opened_and_closed(tmp_path):
    store = Store(tmp_path / "store")
    march = base_tables() | {"Risks": [risk("R1"), risk("R2", description="Exam reform", kind="issue")]}
    path = write_return(tmp_path / "march.xlsx", about(D(2026, 3, 31)), march)
    assert load_returns(store, [path], "test", today=TODAY).ok
    june = base_tables() | {
        "Risks": [
            risk("R1", escalation="centre", likelihood="4", mitigation="Extra tutors from the national pool"),
            risk("R2", description="Exam reform", kind="issue", status="closed"),
            risk("R3", description="Pay award", kind="barrier", escalation="minister"),
        ]
    }
    preview = preview_return(store, parse(write_return(tmp_path / "june.xlsx", about(D(2026, 6, 30)), june)))
    assert records(preview.risks) == [
        ("EDU-01", "R1", "Tutor supply", "escalated", "none", "centre"),
        ("EDU-01", "R1", "Tutor supply", "likelihood raised", "3", "4"),
        ("EDU-01", "R1", "Tutor supply", "mitigation added", "", "Extra tutors from the national pool"),
        ("EDU-01", "R2", "Exam reform", "closed", "open", "closed"),
        ("EDU-01", "R3", "Pay award", "opened", "", "open, escalated to the minister"),
    ]
