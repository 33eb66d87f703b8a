"""The flags (delivery/analysis/flags.py, flag_series.py): each one firing, with its exact words, and not firing."""

import datetime as dt

import pandas as pd
import pytest

from delivery.analysis import flag_series as fs
from delivery.analysis import flags as fl
from delivery.store.versions import Store
from tests.store_builder import PERIOD_1, PERIOD_2, named_query

D = dt.date
OWNER = {"priority_id": "HEA-02", "lead_department": "DHSC"}


def prio(**kw) -> dict:
    base = {
        "priority_id": "HEA-02",
        "lead_department": "DHSC",
        "rag": "Green",
        "rag_before": "Green",
        "scale_before": "five-point",
        "scale_now": "five-point",
        "commentary": "On track.",
        "last_return": D(2026, 9, 30),
    }
    return base | kw


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def status(*rows) -> pd.DataFrame:
    return frame(
        *({"priority_id": "HEA-02", "indicator_id": i, "status": s, "forecast_verdict": v} for i, s, v in rows)
    )


EMPTY = pd.DataFrame()


def explanations(rows: list[dict]) -> list[str]:
    return [r["explanation"] for r in rows]


def test_a_green_with_its_data_off_is_flagged_with_every_reason():
    milestones = frame({"priority_id": "HEA-02", "milestone_id": "HEA-02-M3", "status": "Overdue"})
    barriers = frame({"priority_id": "HEA-02", "kind": "barrier", "risk_id": "HEA-02-R1"})
    rows = fl.rating_not_supported(
        frame(prio()),
        status(("HEA-02-I1", "Off trajectory", "off course"), ("HEA-02-I2", "Off trajectory", "at risk")),
        milestones,
        barriers,
    )
    assert explanations(rows) == [
        "Rated Green, but 2 indicators are off trajectory (HEA-02-I1, HEA-02-I2); 1 forecast is off course "
        "(HEA-02-I1); 1 milestone is overdue (HEA-02-M3); 1 barrier is open and escalated (HEA-02-R1)."
    ]
    assert rows[0] | {"explanation": ""} == {
        "rank": 1,
        "kind": fl.NOT_SUPPORTED,
        "priority_id": "HEA-02",
        "department": "DHSC",
        "period": D(2026, 9, 30),
        "subject": "",
        "explanation": "",
        "look_at": fs.RATINGS,
    }


def test_a_green_backed_by_its_data_or_an_amber_is_not_flagged():
    on = status(("HEA-02-I1", "On trajectory", "on course"))
    assert fl.rating_not_supported(frame(prio()), on, EMPTY, EMPTY) == []
    off = status(("HEA-02-I1", "Off trajectory", "off course"))
    assert fl.rating_not_supported(frame(prio(rag="Amber")), off, EMPTY, EMPTY) == []
    risk = frame({"priority_id": "HEA-02", "kind": "risk", "risk_id": "HEA-02-R1"})  # a risk is not a barrier
    assert fl.rating_not_supported(frame(prio()), on, EMPTY, risk) == []


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (prio(rag="Red", rag_before="Red", commentary=None), "Rated Red with no commentary to explain it."),
        (
            prio(rag="Amber/Red", rag_before="Amber/Red", commentary="  "),
            "Rated Amber/Red with no commentary to explain it.",
        ),
        (
            prio(rag="Amber", rag_before="Green", commentary=None),
            "The rating moved 2 steps, from Green to Amber, with no commentary to explain it.",
        ),
    ],
)
def test_a_red_or_a_jump_without_commentary_is_flagged(row, said):
    assert explanations(fl.unexplained_ratings(frame(row))) == [said]


@pytest.mark.parametrize(
    "row",
    [
        prio(rag="Red", commentary="Support needed."),  # explained
        prio(rag="Amber/Green", rag_before="Green", commentary=None),  # one step
        prio(rag="Amber", rag_before="Amber", commentary=None),  # no move, not red
    ],
)
def test_an_explained_rating_or_a_small_move_is_not_flagged(row):
    assert fl.unexplained_ratings(frame(row)) == []


def history(*rows) -> pd.DataFrame:
    return frame(*({"priority_id": "HEA-02", "return_period": p, "rag": r, "commentary": c} for p, r, c in rows))


def test_commentary_copied_while_the_rating_moved_is_flagged():
    h = history((D(2026, 6, 30), "Amber/Green", "On track."), (D(2026, 9, 30), "Green", "On track."))
    assert explanations(fl.copied_commentary(frame(prio()), h)) == [
        "The commentary is word for word the same as in the return of 30 Jun 2026, while the rating moved "
        "from Amber/Green to Green."
    ]


def test_commentary_copied_while_the_rating_held_or_rewritten_is_not_flagged():
    held = history((D(2026, 6, 30), "Green", "On track."), (D(2026, 9, 30), "Green", "On track."))
    rewritten = history((D(2026, 6, 30), "Amber", "Slow."), (D(2026, 9, 30), "Green", "On track."))
    assert fl.copied_commentary(frame(prio()), held) == [] == fl.copied_commentary(frame(prio()), rewritten)


def milestone_history(forecasts, baselines=None, completed=None) -> pd.DataFrame:
    periods = [D(2025, 12, 31), D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30)][: len(forecasts)]
    baselines = baselines or [D(2026, 1, 31)] * len(forecasts)
    return frame(
        *(
            {
                "priority_id": "HEA-02",
                "milestone_id": "HEA-02-M1",
                "return_period": p,
                "title": "Contract signed",
                "baseline_date": b,
                "forecast_date": f,
                "completed_date": completed if i == len(forecasts) - 1 else None,
            }
            for i, (p, f, b) in enumerate(zip(periods, forecasts, baselines))
        )
    )


CURRENT = frame({"priority_id": "HEA-02", "milestone_id": "HEA-02-M1"})
PRIOS = frame(prio())


def test_a_milestone_slipping_in_three_returns_is_flagged_with_its_days():
    h = milestone_history([D(2026, 1, 31), D(2026, 3, 2), D(2026, 4, 1), D(2026, 5, 1)])
    assert explanations(fl.milestone_dates(h, PRIOS, CURRENT, fl.FlagRules())) == [
        "HEA-02-M1 (Contract signed): its forecast date moved later in 3 returns, 90 days in all "
        "(from 31 Jan 2026 to 1 May 2026)."
    ]


def test_two_slips_a_completed_milestone_or_a_departed_one_is_not_flagged():
    two = milestone_history([D(2026, 1, 31), D(2026, 3, 2), D(2026, 4, 1), D(2026, 4, 1)])
    assert fl.milestone_dates(two, PRIOS, CURRENT, fl.FlagRules()) == []
    done = milestone_history([D(2026, 1, 31), D(2026, 3, 2), D(2026, 4, 1), D(2026, 5, 1)], completed=D(2026, 5, 1))
    assert fl.milestone_dates(done, PRIOS, CURRENT, fl.FlagRules()) == []
    slipping = milestone_history([D(2026, 1, 31), D(2026, 3, 2), D(2026, 4, 1), D(2026, 5, 1)])
    assert fl.milestone_dates(slipping, PRIOS, CURRENT.iloc[0:0], fl.FlagRules()) == []
    assert len(fl.milestone_dates(two, PRIOS, CURRENT, fl.FlagRules(slips=2))) == 1


def test_a_rebaselined_milestone_is_flagged():
    baselines = [D(2026, 1, 31), D(2026, 1, 31), D(2026, 6, 30)]
    h = milestone_history([D(2026, 1, 31)] * 3, baselines)
    rows = fl.milestone_dates(h, PRIOS, CURRENT, fl.FlagRules())
    assert [(r["kind"], r["period"]) for r in rows] == [(fl.REBASELINED, D(2026, 6, 30))]
    assert rows[0]["explanation"] == (
        "HEA-02-M1 (Contract signed): the return of 30 Jun 2026 moved its baseline date from 31 Jan 2026 to "
        "30 Jun 2026, so its slippage is now counted from the new date."
    )


def targets(*rows, direction="up") -> pd.DataFrame:
    return frame(
        *(
            {
                "priority_id": "HEA-02",
                "indicator_id": "HEA-02-I1",
                "return_period": p,
                "name": "Patients seen",
                "unit": "patients",
                "direction": direction,
                "target_value": v,
                "target_date": d,
            }
            for p, v, d in rows
        )
    )


INDICATORS = frame({"priority_id": "HEA-02", "indicator_id": "HEA-02-I1"})


def test_a_target_lowered_and_put_back_is_flagged_twice():
    h = targets((D(2026, 3, 31), 5000, D(2028, 3, 31)), (D(2026, 6, 30), 4500, D(2029, 3, 31)))
    rows = fl.target_changes(h, PRIOS, INDICATORS)
    assert [(r["kind"], r["rank"], r["period"]) for r in rows] == [
        (fl.LOWERED, 1, D(2026, 6, 30)),
        (fl.PUT_BACK, 2, D(2026, 6, 30)),
    ]
    assert explanations(rows) == [
        "HEA-02-I1 (Patients seen): the return of 30 Jun 2026 lowered its target from 5,000 to 4,500 (patients).",
        "HEA-02-I1 (Patients seen): the return of 30 Jun 2026 put its target date back from 31 Mar 2028 to "
        "31 Mar 2029, 365 days later.",
    ]


def test_a_target_raised_or_brought_forward_is_not_flagged_and_lower_is_better_is_respected():
    harder = targets((D(2026, 3, 31), 5000, D(2028, 3, 31)), (D(2026, 6, 30), 5500, D(2027, 12, 31)))
    assert fl.target_changes(harder, PRIOS, INDICATORS) == []
    down = targets((D(2026, 3, 31), 1000, D(2028, 3, 31)), (D(2026, 6, 30), 1200, D(2028, 3, 31)), direction="down")
    assert explanations(fl.target_changes(down, PRIOS, INDICATORS)) == [
        "HEA-02-I1 (Patients seen): the return of 30 Jun 2026 raised its target (lower is better) from 1,000 "
        "to 1,200 (patients)."
    ]


IND = {"priority_id": "HEA-02", "indicator_id": "HEA-02-I1", "name": "Patients seen", "department": "DHSC"}
OWNERS = fs._owners(frame(IND | {"source": "NHS England"}), PRIOS)


def actuals(values, months=None) -> pd.DataFrame:
    months = months or list(range(1, len(values) + 1))
    return frame(
        *(
            {
                "department": "DHSC",
                "indicator_id": "HEA-02-I1",
                "period_end": pd.Timestamp(2026, m, 1) + pd.offsets.MonthEnd(0),
                "area_code": None,
                "actual_value": v,
            }
            for m, v in zip(months, values)
        )
    )


def plan(values, months) -> pd.DataFrame:
    return frame(
        *(
            {
                "department": "DHSC",
                "indicator_id": "HEA-02-I1",
                "period_end": pd.Timestamp(2026, m, 1) + pd.offsets.MonthEnd(0),
                "planned_value": v,
            }
            for m, v in zip(months, values)
        )
    )


def test_figures_exactly_on_a_quarterly_plan_four_times_running_are_too_good_to_be_true():
    # monthly figures against a quarterly plan: judged at Mar, Jun, Sep and Dec only
    acts = actuals([10, 11, 12.5, 13, 14, 15.2, 16, 17, 18.1, 19, 20, 21.4], list(range(1, 13)))
    rows = fs.exact_runs(acts, plan([12.5, 15.2, 18.1, 21.4], [3, 6, 9, 12]), OWNERS, 4)
    assert explanations(rows) == [
        "HEA-02-I1 (Patients seen): the latest 4 figures the trajectory plans (31 Mar 2026 to 31 Dec 2026) equal "
        "it exactly, to the last digit: real data scatters, so ask how they are measured."
    ]
    assert rows[0]["period"] == D(2026, 12, 31)


def test_figures_off_the_plan_once_in_four_are_not_too_good():
    acts = actuals([12.5, 15.2, 18.2, 21.4], [3, 6, 9, 12])
    assert fs.exact_runs(acts, plan([12.5, 15.2, 18.1, 21.4], [3, 6, 9, 12]), OWNERS, 4) == []


def test_a_figure_repeated_four_periods_running_is_flagged():
    rows = fs.exact_runs(actuals([480, 500, 500, 500, 500]), EMPTY, OWNERS, 4)
    assert explanations(rows) == [
        "HEA-02-I1 (Patients seen): the same figure, 500, for the latest 4 periods (28 Feb 2026 to 31 May 2026): "
        "carried forward rather than measured?"
    ]
    assert fs.exact_runs(actuals([500, 500, 500, 510]), EMPTY, OWNERS, 4) == []


def test_a_figure_a_thousand_times_its_series_is_a_likely_units_error():
    rows = fs.units_errors(actuals([74.6, 74.9, 75100, 75.3]), OWNERS)
    assert explanations(rows) == [
        "HEA-02-I1 (Patients seen): the figure for 31 Mar 2026, 75,100, is about 1,000 times the series' median "
        "(75.1): entered in the wrong units?"
    ]
    small = fs.units_errors(actuals([2_000_000, 2_100_000, 2.05, 2_050_000]), OWNERS)
    assert [r["subject"] for r in small] == ["HEA-02-I1"] and "1,000,000 times smaller than" in small[0]["explanation"]


def test_a_figure_ten_times_its_series_is_not_a_units_error():
    assert fs.units_errors(actuals([70, 75, 750, 80]), OWNERS) == []


def test_restated_figures_are_counted_with_an_example():
    restated = frame(
        *(
            {
                "priority_id": "HEA-02",
                "indicator_id": "HEA-02-I1",
                "period_end": D(2026, m, 28),
                "return_period": D(2026, 6, 30),
                "department": "DHSC",
                "was": w,
                "now": n,
            }
            for m, w, n in ((1, 74.6, 70.9), (2, 74.3, 70.6))
        )
    )
    assert explanations(fs.restatements(restated, OWNERS)) == [
        "HEA-02-I1 (Patients seen): the return of 30 Jun 2026 restated 2 past figures (28 Jan 2026 to 28 Feb 2026); "
        "for example 28 Jan 2026 from 74.6 to 70.9."
    ]
    assert fs.restatements(restated.iloc[0:0], OWNERS) == []


def test_an_indicator_without_a_source_is_flagged():
    inds = frame(IND | {"source": "  "})
    owners = fs._owners(inds, PRIOS)
    assert explanations(fs.no_source(inds, owners)) == [
        "HEA-02-I1 (Patients seen) has no source recorded, so nobody can check where its figures come from."
    ]
    sourced = frame(IND | {"source": "NHS England"})
    assert fs.no_source(sourced, owners) == []


def test_counts_by_kind_most_first():
    flags = frame({"kind": "A", "department": "X"}, {"kind": "B", "department": "X"}, {"kind": "B", "department": "Y"})
    assert fl.counts(flags, "kind").to_dict("records") == [{"kind": "B", "flags": 2}, {"kind": "A", "flags": 1}]


def test_the_milestone_date_history_holds_only_the_asked_priorities_milestones_whose_dates_moved(sample_store_root):
    # HEA-01's M3 slipped (forecast 30 Sep -> 31 Dec 2026); its M1 and M2, EDU-01's M4 and HO-01's M5 never moved
    store = Store(sample_store_root)
    h = named_query(store, "milestone_date_history", as_at=PERIOD_2, ids=["HEA-01", "EDU-01", "HO-01"])
    assert [
        (r.priority_id, r.milestone_id, r.return_period.date(), r.forecast_date.date()) for r in h.itertuples()
    ] == [
        ("HEA-01", "M3", PERIOD_1, D(2026, 9, 30)),
        ("HEA-01", "M3", PERIOD_2, D(2026, 12, 31)),
    ]
    assert named_query(store, "milestone_date_history", as_at=PERIOD_2, ids=["EDU-01", "HO-01"]).empty
