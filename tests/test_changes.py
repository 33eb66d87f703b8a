"""What changed between two snapshots: commentary side by side, risks escalated and closed,
targets changed, centre ratings, and ids that repeat across departments."""

import datetime as dt

import pandas as pd
import pytest

from delivery.analysis import changes, tables
from delivery.analysis.milestone_status import classify_milestones
from delivery.analysis.seriousness import SERIOUSNESS, seriousness


def _prios(**over):
    row = {
        "priority_id": "P1",
        "title": "Cut waiting",
        "rag": "Amber",
        "centre_rag": None,
        "commentary": "On plan.",
        "target": "18 weeks",
        "target_date": pd.Timestamp("2027-12-31"),
    }
    return pd.DataFrame([row | over])


def _risks(rows):
    cols = ["priority_id", "priority_title", "risk_id", "kind", "description", "escalation", "status"]
    return pd.DataFrame(rows, columns=cols)


def _snap(prios, risks=None, milestones=None):
    empty = pd.DataFrame(columns=["priority_id", "indicator_id", "status"])
    return changes.Snapshot(
        prios,
        milestones if milestones is not None else pd.DataFrame(),
        risks if risks is not None else _risks([]),
        pd.DataFrame(),
        empty,
        pd.DataFrame(),
    )


def test_commentary_rewritten_keeps_old_and_new_side_by_side():
    out = changes.changes(_snap(_prios()), _snap(_prios(commentary="Behind: staff gap.")))
    assert out[["kind", "before", "after"]].values.tolist() == [
        ["Commentary rewritten", "On plan.", "Behind: staff gap."]
    ]


def test_the_changes_table_puts_old_and_new_commentary_side_by_side():
    out = changes.changes(_snap(_prios()), _snap(_prios(commentary="Behind: staff gap.")))
    out["since"] = "2026-03-31"
    table = tables.changes_table(out)
    assert list(table.columns) == ["Priority", "Title", "What changed", "Since", "Detail", "Before", "After"]
    assert table.drop(columns="Detail").values.tolist() == [
        ["P1", "Cut waiting", "Commentary rewritten", dt.date(2026, 3, 31), "On plan.", "Behind: staff gap."]
    ]


def test_targets_and_both_ratings():
    before = _snap(_prios(centre_rag="Amber"))
    now = _snap(_prios(rag="Red", centre_rag="Amber/Red", target="20 weeks", target_date=pd.Timestamp("2028-03-31")))
    assert sorted(changes.changes(before, now)["detail"]) == [
        "Centre's rating worsened: Amber to Amber/Red",
        "Department's rating worsened: Amber to Red",
        "Target changed from '18 weeks' to '20 weeks'",
        "Target date moved from 31 Dec 2027 to 31 Mar 2028",
    ]


def test_risks_opened_escalated_and_closed():
    before = _risks(
        [
            ["P1", "Cut waiting", "R1", "barrier", "Pay", "centre", "open"],
            ["P1", "Cut waiting", "R2", "risk", "Winter", "none", "open"],
        ]
    )
    now = _risks(
        [
            ["P1", "Cut waiting", "R1", "barrier", "Pay", "minister", "open"],
            ["P1", "Cut waiting", "R2", "risk", "Winter", "none", "closed"],
            ["P1", "Cut waiting", "R3", "issue", "Strike", "none", "open"],
        ]
    )
    out = changes.changes(_snap(_prios(), before), _snap(_prios(), now))
    assert out[["kind", "detail"]].values.tolist() == [  # most serious first: the escalation
        ["Barrier escalated", "Barrier escalated to the minister: Pay"],
        ["Risk closed", "Risk closed: Winter"],
        ["Issue opened", "Issue opened: Strike"],
    ]


MILESTONE_COLUMNS = [
    "priority_id",
    "priority_title",
    "milestone_id",
    "title",
    "baseline_date",
    "forecast_date",
    "completed_date",
]


def _milestones(rows, at, period_start=None):
    """classify_milestones of these rows (MILESTONE_COLUMNS) as at ``at``."""
    return classify_milestones(pd.DataFrame(rows, columns=MILESTONE_COLUMNS), at, period_start)


def test_a_milestone_id_used_by_two_priorities_is_two_milestones():
    ms = _milestones
    both = pd.concat([_prios(), _prios(priority_id="P2", title="Other")], ignore_index=True)
    before = ms(
        [
            ["P1", "Cut waiting", "M1", "Law passed", "2026-09-30", "2026-09-30", None],
            ["P2", "Other", "M1", "Contract", "2026-09-30", "2026-09-30", None],
        ],
        "2026-03-31",
    )
    now = ms(
        [
            ["P1", "Cut waiting", "M1", "Law passed", "2026-09-30", "2026-10-30", None],
            ["P2", "Other", "M1", "Contract", "2026-09-30", "2026-09-30", None],
        ],
        "2026-06-30",
    )
    out = changes.changes(_snap(both, milestones=before), _snap(both, milestones=now))
    assert out[["priority_id", "detail"]].values.tolist() == [
        ["P1", "Law passed: forecast moved 30 days, from 30 Sep 2026 to 30 Oct 2026"]
    ]


def test_no_earlier_period_means_no_changes():
    assert changes.changes(None, _snap(_prios())).empty


def _actuals(rows):
    return pd.DataFrame(rows, columns=["indicator_id", "period_end", "actual_value"]).assign(
        period_end=lambda f: pd.to_datetime(f["period_end"])
    )


def test_new_actuals_count_per_indicator_and_name_the_latest():
    inds = pd.DataFrame(
        [
            ["P1", "Cut waiting", "I1", "Waiting over 18 weeks", "%", 10.0, pd.Timestamp("2027-12-31")],
            ["P1", "Cut waiting", "I2", "Clinics open", "clinics", 400.0, pd.Timestamp("2027-12-31")],
        ],
        columns=["priority_id", "priority_title", "indicator_id", "name", "unit", "target_value", "target_date"],
    )
    empty = pd.DataFrame(columns=["priority_id", "indicator_id", "status"])
    before = changes.Snapshot(
        _prios(),
        pd.DataFrame(),
        _risks([]),
        inds,
        empty,
        _actuals([["I1", "2026-03-31", 14.0], ["I2", "2026-03-31", 250.0]]),
    )
    now = changes.Snapshot(
        _prios(),
        pd.DataFrame(),
        _risks([]),
        inds,
        empty,
        _actuals(
            [
                ["I1", "2026-05-31", 12.5],
                ["I1", "2026-03-31", 14.0],
                ["I1", "2026-04-30", 13.25],
                ["I2", "2026-03-31", 250.0],
                ["I9", "2026-06-30", 1.0],
            ]
        ),
    )  # I9: not an indicator in scope
    assert changes.changes(before, now)[["priority_id", "kind", "detail"]].values.tolist() == [
        ["P1", "New actuals", "Waiting over 18 weeks: 2 new actuals, latest 12.5 % for 31 May 2026"]
    ]


def test_milestones_completed_slipped_and_newly_overdue():
    def ms(rows, at):
        return _milestones(rows, at, pd.Timestamp("2026-03-31") if at == "2026-06-30" else None)

    before = ms(
        [
            ["P1", "Cut waiting", "M1", "Law passed", "2026-05-31", "2026-05-31", None],
            ["P1", "Cut waiting", "M2", "Contract signed", "2026-04-30", "2026-04-30", None],
            ["P1", "Cut waiting", "M3", "Staff hired", "2026-06-15", "2026-06-15", None],
            ["P1", "Cut waiting", "M4", "Beds open", "2026-09-30", "2026-09-30", None],
        ],
        "2026-03-31",
    )
    now = ms(
        [
            ["P1", "Cut waiting", "M1", "Law passed", "2026-05-31", "2026-05-31", "2026-05-20"],
            ["P1", "Cut waiting", "M2", "Contract signed", "2026-04-30", "2026-04-30", None],
            ["P1", "Cut waiting", "M3", "Staff hired", "2026-06-15", "2026-06-20", None],
            ["P1", "Cut waiting", "M4", "Beds open", "2026-09-30", "2026-09-30", None],
            ["P1", "Cut waiting", "M5", "New one", "2026-05-01", "2026-05-01", None],
        ],
        "2026-06-30",
    )
    assert sorted(
        changes.changes(_snap(_prios(), milestones=before), _snap(_prios(), milestones=now))[
            ["kind", "detail"]
        ].values.tolist()
    ) == [
        ["Milestone completed", "Law passed: completed 20 May 2026"],
        ["Milestone newly overdue", "Contract signed: due 30 Apr 2026, now 61 days overdue"],
        ["Milestone newly overdue", "Staff hired: due 20 Jun 2026, now 10 days overdue"],
        ["Milestone slipped", "Staff hired: forecast moved 5 days, from 15 Jun 2026 to 20 Jun 2026"],
    ]


@pytest.mark.parametrize(
    "kind, detail, tier",
    [
        ("Department's rating", "Department's rating worsened: Amber to Red", "A rating worsened to Red or Amber/Red"),
        ("Centre's rating", "Centre's rating worsened: Green to Amber/Red", "A rating worsened to Red or Amber/Red"),
        ("Left the portfolio", "Left the portfolio on 30 Jun 2026", "Left the portfolio"),
        ("Department's rating", "Department's rating worsened: Green to Amber", "Another rating worsened"),
        ("Risk opened", "Risk opened: Pay (escalated to the minister)", "A risk, issue or barrier escalated"),
        ("Barrier escalated", "Barrier escalated to the centre: Pay", "A risk, issue or barrier escalated"),
        ("Crossed its trajectory", "X: now off trajectory (was on trajectory)", "An indicator now off trajectory"),
        ("Milestone completed", "X: completed 10 May 2026", SERIOUSNESS[10]),
        ("Department's rating", "Department's rating improved: Red to Amber", SERIOUSNESS[10]),
        ("Crossed its trajectory", "X: now on trajectory (was off trajectory)", SERIOUSNESS[10]),
        ("Risk opened", "Risk opened: winter", SERIOUSNESS[11]),
        ("New actuals", "X: 1 new actual", SERIOUSNESS[11]),
    ],
)
def test_seriousness_of_a_change(kind, detail, tier):
    assert SERIOUSNESS[seriousness(kind, detail)] == tier


def test_a_priority_worsening_to_red_comes_before_milestone_completions():
    rows = pd.DataFrame(
        [
            ["P1", "One", "Milestone completed", "A: completed 1 May 2026", None, None],
            ["P2", "Two", "Milestone completed", "B: completed 2 May 2026", None, None],
            ["P3", "Three", "Department's rating", "Department's rating worsened: Amber/Red to Red", None, None],
        ],
        columns=changes.COLUMNS,
    )
    assert changes.in_order(rows)["priority_id"].tolist() == ["P3", "P1", "P2"]
