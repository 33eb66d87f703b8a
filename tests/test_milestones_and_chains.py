"""Cross-government arithmetic: milestone statuses and counts, chain levels, weakest links, shared bodies."""

import datetime as dt

import pandas as pd
import pytest

from delivery.analysis import chains, milestone_status

AS_AT = dt.date(2026, 6, 30)
PREVIOUS = dt.date(2026, 3, 31)


def _ms(rows):
    frame = pd.DataFrame(
        rows,
        columns=[
            "priority_id",
            "milestone_id",
            "title",
            "owner",
            "baseline_date",
            "forecast_date",
            "completed_date",
            "rag",
        ],
    )
    for col in ("baseline_date", "forecast_date", "completed_date"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


MILESTONES = _ms(
    [
        ("P1", "A", "Done this period", "o", "2026-05-15", "2026-05-15", "2026-05-10", "Green"),
        ("P1", "B", "Overdue", "o", "2026-05-31", "2026-05-31", None, "Red"),
        ("P1", "C", "Slipped, later", "o", "2026-09-30", "2026-12-31", None, "Amber"),
        ("P2", "D", "Due in 30", "o", "2026-07-30", None, None, None),
        ("P2", "E", "Due in 90", "o", "2026-09-28", "2026-09-28", None, "Amber"),
        ("P2", "F", "Done last period", "o", "2026-01-31", "2026-02-28", "2026-03-01", "Complete"),
        ("P2", "G", "Done after as-at", "o", "2026-06-01", "2026-06-01", "2026-07-05", "Green"),
    ]
)


def test_classify_milestones_against_the_as_at_date():
    out = milestone_status.classify_milestones(MILESTONES, AS_AT, PREVIOUS).set_index("milestone_id")
    assert list(out["status"]) == [
        milestone_status.COMPLETED,
        milestone_status.OVERDUE,
        milestone_status.LATER,
        milestone_status.DUE_30,
        milestone_status.DUE_90,
        milestone_status.COMPLETED,
        milestone_status.OVERDUE,
    ]
    # Overdue days count as slippage (one definition for tables, counts, timeline and brief): B and G
    # were never re-forecast yet are 30 and 29 days overdue, so they slipped 30 and 29 days (it read 0).
    assert list(out["slippage_days"]) == [-5, 30, 92, 0, 0, 29, 29]
    assert out["days_overdue"].tolist() == [pd.NA, 30, pd.NA, pd.NA, pd.NA, pd.NA, 29]
    assert list(out["completed_this_period"]) == [True, False, False, False, False, False, False]
    assert out.loc["D", "due_date"] == pd.Timestamp("2026-07-30")  # no forecast: the baseline


def test_milestone_counts_and_selections_agree():
    out = milestone_status.classify_milestones(MILESTONES, AS_AT, PREVIOUS)
    counts = milestone_status.milestone_counts(out)
    # F slipped but was completed last period: history, not news.
    assert counts == {"overdue": 2, "due_30": 1, "due_90": 2, "slipped": 3, "completed": 1}  # B and G overdue: slipped
    for key, n in counts.items():
        assert len(milestone_status.select_milestones(out, key)) == n
    assert list(milestone_status.select_milestones(out, "slipped")["milestone_id"]) == ["B", "C", "G"]
    assert list(milestone_status.select_milestones(out, "current")["milestone_id"]) == ["A", "B", "C", "D", "E", "G"]
    assert len(milestone_status.select_milestones(out, "all")) == 7


def test_without_an_earlier_period_every_completion_counts_as_this_period():
    out = milestone_status.classify_milestones(MILESTONES, AS_AT, None)
    assert milestone_status.milestone_counts(out)["completed"] == 2


def test_no_milestones():
    out = milestone_status.classify_milestones(MILESTONES.iloc[0:0], AS_AT, PREVIOUS)
    assert out.empty
    assert milestone_status.milestone_counts(out) == {
        "overdue": 0,
        "due_30": 0,
        "due_90": 0,
        "slipped": 0,
        "completed": 0,
    }


def test_milestone_table_for_people():
    table = milestone_status.milestone_table(milestone_status.classify_milestones(MILESTONES, AS_AT, PREVIOUS))
    assert list(table.columns) == [
        "Priority",
        "Milestone",
        "Status",
        "Rating",
        "Owner",
        "Baseline date",
        "Forecast date",
        "Completed",
        "Slippage (days)",
        "Overdue (days)",
    ]
    assert list(table["Milestone"]) == [
        "Overdue",
        "Done after as-at",
        "Due in 30",
        "Due in 90",
        "Slipped, later",
        "Done this period",
        "Done last period",
    ]
    # Overdue days are slippage: B (30 days) and G (29) were never re-forecast, yet they slipped (it read 0).
    assert list(table["Slippage (days)"]) == [30, 29, 0, 0, 92, -5, 29]
    assert table.set_index("Milestone").loc["Due in 30", "Rating"] == "Not assessed"


CHAIN = pd.DataFrame(
    [
        ("P1", "1", "Minister", "minister", "Green"),
        ("P1", "2", "NHS England", "agency", "Amber"),
        ("P1", "3", "Local councils", "local", "Red"),
        ("P1", "4", "Trust A", "local", "Amber"),
        ("P2", "1", "Minister", "minister", "Amber/Red"),
        ("P2", "2", "local councils ", "local", "Red"),
        ("P2", "3", "Schools", "frontline", None),
        ("P3", "1", "Home Secretary", "minister", None),
        ("P4", "1", "Agency X", "agency", "Amber/Red"),
        ("P4", "2", "Region Y", "region", "Amber/Red"),
    ],
    columns=["priority_id", "node_id", "name", "level", "rag"],
)


def test_worst_by_level_takes_the_weakest_rating_at_each_level():
    worst = chains.worst_by_level(CHAIN)
    got = [tuple(r) for r in worst[worst["priority_id"].isin(["P1", "P2"])].itertuples(index=False)]
    assert got == [
        ("P1", "minister", "Green", 1),
        ("P1", "agency", "Amber", 1),
        ("P1", "local", "Red", 2),
        ("P2", "minister", "Amber/Red", 1),
        ("P2", "local", "Red", 1),
        ("P2", "frontline", "Not assessed", 1),
    ]


def test_level_breaks_count_priorities_red_at_each_level():
    breaks = chains.level_breaks(CHAIN)
    assert [tuple(r) for r in breaks.itertuples(index=False)] == [
        ("local", 2, "P1, P2", 2),
        ("minister", 1, "P2", 3),
        ("agency", 1, "P4", 2),
        ("region", 1, "P4", 1),
        ("frontline", 0, "", 1),
    ]


def test_weakest_link_of_every_chain_lists_ties_and_unrated_chains():
    weakest = chains.weakest_links(CHAIN)
    assert [tuple(r) for r in weakest.itertuples(index=False)] == [
        ("P1", "Red", "Local councils", "local"),
        ("P2", "Red", "local councils ", "local"),
        ("P3", "Not assessed", "No link is rated", ""),
        ("P4", "Amber/Red", "Agency X; Region Y", "agency, region"),
    ]


def test_shared_bodies_match_names_ignoring_case_and_spaces():
    shared = chains.shared_bodies(CHAIN)
    assert [tuple(r) for r in shared.itertuples(index=False)] == [
        ("Local councils", 2, "P1: Red; P2: Red", "Red"),
        ("Minister", 2, "P1: Green; P2: Amber/Red", "Amber/Red"),
    ]


def test_a_departments_own_tiers_are_different_bodies_when_names_match():
    """Each department's "North East region" is its own regional tier; councils are shared."""
    regions = pd.DataFrame(
        [
            ("P3", "2", "North East region", "region", "Red"),
            ("P4", "3", "North East region", "region", "Green"),
            ("P4", "4", "Local councils", "local", "Amber"),
        ],
        columns=list(CHAIN.columns),
    )
    chain = pd.concat([CHAIN, regions], ignore_index=True)
    chain["department"] = chain["priority_id"].map({"P1": "DfE", "P2": "DfE", "P3": "DHSC", "P4": "HO"})
    shared = chains.shared_bodies(chain)
    assert [tuple(r) for r in shared.itertuples(index=False)] == [
        ("Local councils", 3, "P1: Red; P2: Red; P4: Amber", "Red"),
        ("Minister (DfE)", 2, "P1: Green; P2: Amber/Red", "Amber/Red"),
    ]


@pytest.mark.parametrize("fn", [chains.worst_by_level, chains.level_breaks, chains.weakest_links, chains.shared_bodies])
def test_chain_functions_on_no_links(fn):
    assert fn(CHAIN.iloc[0:0]).empty


def test_level_rating_counts_summarise_many_chains():
    counts = chains.level_rating_counts(chains.worst_by_level(CHAIN))
    got = {(r.level, r.rag): r.priorities for r in counts.itertuples()}
    assert got == {
        ("agency", "Amber"): 1,
        ("agency", "Amber/Red"): 1,
        ("frontline", "Not assessed"): 1,
        ("local", "Red"): 2,
        ("minister", "Amber/Red"): 1,
        ("minister", "Green"): 1,
        ("minister", "Not assessed"): 1,
        ("region", "Amber/Red"): 1,
    }


@pytest.mark.parametrize(
    "ids, expected",
    [
        ("", ""),
        ("A", "A"),
        ("A, B, C", "A, B, C"),
        (", ".join(f"P{i}" for i in range(10)), "P0, P1, P2, P3, P4, P5, P6, P7, … and 2 more"),
    ],
)
def test_id_list_is_shortened_for_many(ids, expected):
    assert chains.id_list(ids) == expected
