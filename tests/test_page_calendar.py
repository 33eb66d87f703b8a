"""What the pages show for a messy reporting world, driven with AppTest.

The world (today is 15 Aug 2026; calendar: DfT monthly due in 20 days, the rest quarterly due in 30):

  DHSC  31 Mar and 30 Jun 2026. HEA-01 "Cut waiting times" Amber/Red -> Amber/Green (improved);
        HEA-02 "Mental health" Not assessed -> Amber (its history holds Not assessed).
        HEA-01's indicator I1 "Cases waiting over a year" (down is better) is planned at 0 for
        30 Jun and was 1,059. Its milestone M1 is forecast for 1 Jan 2061. Budget: 2025-26 in the
        March return only, 2026-27 in the June return.
  DfT   monthly, 30 Apr to 31 Jul 2026. TRA-01 "Trains on time" Amber/Green every month.
  HO    31 Mar 2026 only: HO-01 "Knife crime" Green. Its 30 Jun return is late.
  MoJ   31 Mar (three-point: Amber) and 30 Jun 2026 (five-point: Amber/Green): JUS-01 "Court backlog".
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import chart_specs, run_app, texts
from tests.store_builder import ReturnSpec, build_store
from ui.frame.text import plain

D = dt.date
TODAY = D(2026, 8, 15)
MAR, APR, MAY, JUN, JUL = D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 31), D(2026, 6, 30), D(2026, 7, 31)


def _priority(pid, title, lead, rag) -> dict:
    return {"priority_id": pid, "title": title, "lead_department": lead, "rag": rag, "theme": "Tests"}


def _dhsc(period) -> ReturnSpec:
    june = period == JUN
    tables = {
        "Priorities": [
            _priority("HEA-01", "Cut waiting times", "DHSC", "Amber/Green" if june else "Amber/Red"),
            _priority("HEA-02", "Mental health", "DHSC", "Amber" if june else "Not assessed"),
        ],
        "Budget": [
            {
                "priority_id": "HEA-01",
                "financial_year": "2026-27" if june else "2025-26",
                "allocated": 50e6 if june else 40e6,
                "forecast": 52e6 if june else 41e6,
                "spent": 1e6,
                "whole_life_cost_baseline": 1200e6 if june else None,
                "whole_life_cost_forecast": 1350e6 if june else None,
            }
        ],
    }
    if june:
        tables["Indicators"] = [
            {
                "priority_id": "HEA-01",
                "indicator_id": "I1",
                "name": "Cases waiting over a year",
                "unit": "cases",
                "stage": "outcome",
                "direction": "down",
                "baseline_value": 2000,
                "baseline_date": D(2025, 12, 31),
                "target_value": 0,
                "target_date": D(2027, 12, 31),
            }
        ]
        tables["Trajectory"] = [{"indicator_id": "I1", "period_end": JUN, "planned_value": 0}]
        tables["Actuals"] = [{"indicator_id": "I1", "period_end": JUN, "actual_value": 1059}]
        tables["Milestones"] = [
            {
                "priority_id": "HEA-01",
                "milestone_id": "M1",
                "title": "New hospitals open",
                "baseline_date": D(2030, 1, 1),
                "forecast_date": D(2061, 1, 1),
                "rag": "Red",
            }
        ]
    return ReturnSpec("DHSC", period, tables)


def _returns() -> list[ReturnSpec]:
    out = [
        _dhsc(MAR),
        _dhsc(JUN),
        ReturnSpec("HO", MAR, {"Priorities": [_priority("HO-01", "Knife crime", "HO", "Green")]}),
        ReturnSpec("MoJ", MAR, {"Priorities": [_priority("JUS-01", "Court backlog", "MoJ", "Amber")]}),
        ReturnSpec("MoJ", JUN, {"Priorities": [_priority("JUS-01", "Court backlog", "MoJ", "Amber/Green")]}),
    ]
    out += [
        ReturnSpec("DfT", p, {"Priorities": [_priority("TRA-01", "Trains on time", "DfT", "Amber/Green")]})
        for p in (APR, MAY, JUN, JUL)
    ]
    return out


@pytest.fixture(scope="module")
def world_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("calendar-world")
    store = build_store(root, _returns())
    (root / "calendar.csv").write_text(
        "department,cadence,due_days\nDfT,monthly,20\nHO,quarterly,30\n", encoding="utf-8"
    )
    return root, store.root


@pytest.fixture
def world(world_root, monkeypatch):
    root, store = world_root
    monkeypatch.setenv("DELIVERY_DB", str(store))
    monkeypatch.setenv("DELIVERY_CALENDAR", str(root / "calendar.csv"))
    monkeypatch.delenv("DELIVERY_STALE_AFTER_PERIODS", raising=False)
    monkeypatch.setattr("ui.frame.filters.today", lambda: TODAY)
    return root


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_as_at_choices_follow_the_calendar_and_the_default_is_the_latest_period_due(world):
    at = run_app()
    assert not at.exception
    assert at.selectbox(key="f_period").options == [
        "31 Jul 2026",
        "30 Jun 2026",
        "31 May 2026",
        "30 Apr 2026",
        "31 Mar 2026",
    ]
    assert at.selectbox(key="f_period").value == JUN  # DfT's July return is not due until 20 Aug


def test_overview_counts_stale_apart_and_marks_the_scale_change(world):
    at = run_app()
    assert "3 of 4 returns received; 1 overdue." in texts(at)
    assert _metrics(at) == {
        ":red-badge[Red]": "0",
        ":orange-badge[Amber/Red]": "0",
        ":yellow-badge[Amber]": "1",
        ":green-badge[Amber/Green]": "3",
        ":green-badge[Green]": "0",
        "Not reported this period": "1",
        "Improved": "1",
        "Worsened": "0",
        "Unchanged": "1",
        "New": "0",
        "Scale changed": "1",
        "Changed": "1",
    }
    assert "Movement since each department's previous return" in [h.value for h in at.header]
    transition = at.dataframe[0].value
    assert transition.to_dict("index") == {
        "Scale changed": {"Amber": 0, "Amber/Green": 1},
        "Amber/Red": {"Amber": 0, "Amber/Green": 1},
        "Amber/Green": {"Amber": 0, "Amber/Green": 1},
        "Not assessed": {"Amber": 1, "Amber/Green": 0},
    }
    needs = at.dataframe[1].value
    said = needs[["ID", "Why", "Detail"]].values.tolist()
    assert ["HO-01", "Not reported this period", "No return since 31 Mar 2026 (last rated Green)"] in said
    assert [
        "HEA-01",
        "Rating looks optimistic · Off trajectory",
        "Rated Amber/Green by its department, but 1 of 1 of its indicators is off trajectory. · "
        "Cases waiting over a year: 1,059 against 0 planned, 1,059 above a plan of 0 (worse)",
    ] in said  # one row per priority
    fresh = at.dataframe[-1].value
    assert fresh[["Department", "Return expected for", "Status"]].astype(str).values.tolist() == [
        ["Home Office (HO)", "2026-06-30", "Overdue: 1 period missed (the return for 30 Jun 2026 was due 30 Jul 2026)"],
        ["Department of Health and Social Care (DHSC)", "2026-06-30", "Up to date"],
        ["Department for Transport (DfT)", "2026-06-30", "Up to date"],
        ["Ministry of Justice (MoJ)", "2026-06-30", "Up to date"],
    ]


def test_a_monthly_return_makes_no_quarterly_department_late(world):
    at = run_app(period="2026-07-31")
    assert not at.exception
    fresh = at.dataframe[-1].value
    assert dict(zip(fresh["Department"], fresh["Status"])) == {
        "Home Office (HO)": "Overdue: 1 period missed (the return for 30 Jun 2026 was due 30 Jul 2026)",
        "Department for Transport (DfT)": "Up to date",
        "Department of Health and Social Care (DHSC)": "Up to date",
        "Ministry of Justice (MoJ)": "Up to date",
    }
    assert _metrics(at)["Not reported this period"] == "1"  # only HO-01


def test_priorities_table_shows_stale_scale_change_and_a_history_with_not_assessed(world):
    at = run_app("priorities")
    table = at.dataframe[0].value
    # Most concerning first: Amber; Amber/Green off trajectory, then the others; HO-01 last rated Green.
    assert table[["ID", "Rating", "Trend since last period", "Movement"]].values.tolist() == [
        ["HEA-02", "Amber", "Not assessed → Amber", "Changed"],
        ["HEA-01", "Amber/Green", "Amber/Red → Amber/Green", "Improved"],
        [
            "JUS-01",
            "Amber/Green",
            "Amber → Amber/Green (scale changed from three-point to five-point: not comparable)",
            "Scale changed",
        ],
        ["TRA-01", "Amber/Green", "Amber/Green (no change)", "Unchanged"],
        [
            "HO-01",
            "Not updated since 31 Mar 2026",
            "Not updated since 31 Mar 2026 (last rated Green)",
            "Not reported this period",
        ],
    ]
    assert [list(h) for h in table["Rating history"]] == [[3], [2, 4], [3, 4], [4, 4, 4], [5]]
    assert table["Trajectory"].tolist()[1] == "Off trajectory (1 of 1)"
    assert at.multiselect(key="priorities_movement").options == [
        "Improved",
        "Worsened",
        "Unchanged",
        "New",
        "Scale changed",
        "Changed",
        "Not reported this period",
    ]


def test_a_priority_whose_department_missed_too_many_periods_leaves_the_picture(world, monkeypatch):
    monkeypatch.setenv("DELIVERY_STALE_AFTER_PERIODS", "0")
    at = run_app("priorities")
    assert at.dataframe[0].value["ID"].tolist() == ["HEA-02", "HEA-01", "JUS-01", "TRA-01"]  # by concern
    assert plain(
        "Out of the picture as at 30 Jun 2026: HO-01 (no return since 31 Mar 2026). A priority leaves the "
        "picture when its department has missed more than 0 reporting periods (DELIVERY_STALE_AFTER_PERIODS), "
        "or when no return in force reports it."
    ) in texts(at)


def test_the_priority_page_of_a_stale_priority_says_so(world):
    at = run_app("priority", priority="HO-01")
    assert not at.exception
    assert (
        "Not updated since 31 Mar 2026: HO has not sent its return for 30 Jun 2026, so everything below is "
        "from its return as at 31 Mar 2026."
    ) in [w.value for w in at.warning]
    assert (
        "**Department's rating:** Not updated since 31 Mar 2026 (last rated :green-badge[Green]) · **Centre's rating:** not recorded"
        in texts(at)
    )


def test_the_priority_page_shows_every_financial_year_reported(world):
    at = run_app("priority", priority="HEA-01")
    budget = at.dataframe[-1].value
    assert budget.values.tolist() == [
        ["2025-26", "£40.0m", "£41.0m", "£1.0m", "£1.0m", MAR],  # money_text (issue 11)
        ["2026-27", "£50.0m", "£52.0m", "£1.0m", "£2.0m", JUN],
    ]
    assert (
        "Whole-life cost in the return for 30 Jun 2026: £1,200.0m at baseline, now forecast at £1,350.0m, "
        "12.5% over baseline."
    ) in texts(at)


def test_a_zero_plan_shows_the_absolute_difference(world):
    at = run_app("indicators")
    table = at.dataframe[0].value
    assert table[["Indicator", "Status", "Actual", "Planned", "Difference from plan"]].values.tolist() == [
        ["I1 Cases waiting over a year", "Off trajectory", "1,059", "0", "1,059 above a plan of 0 (worse)"]
    ]


def test_milestones_name_their_priority_and_a_far_off_date_does_not_stretch_the_axis(world):
    at = run_app("milestones")
    at.selectbox(key="milestones_show").set_value("All, with earlier completions").run()
    table = at.dataframe[0].value
    assert table[["Priority", "Priority title", "Milestone"]].values.tolist() == [
        ["HEA-01", "Cut waiting times", "New hospitals open"]
    ]
    (spec,) = chart_specs(at)
    assert " ".join(spec["title"]["subtitle"]).endswith(
        "1 milestone falls after 30 Jun 2031 (the latest 1 Jan 2061): drawn at the right edge."
    )
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"][1] < "2034-01-01"


@pytest.mark.parametrize("period", ["2026-03-31", "2026-04-30", "2026-06-30", "2026-07-31"])
def test_counts_agree_across_overview_priorities_and_heatmap(world, period):
    assert_counts_agree(period)


def heatmap_rows(at) -> list[dict]:
    """The rows the 'Ratings by department' heatmap draws (Streamlit sends them as Arrow)."""
    import json

    import pyarrow as pa

    for chart in at.get("vega_lite_chart"):
        if json.loads(chart.proto.spec)["title"]["text"] == "Ratings by department":
            return pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas().to_dict("records")
    raise AssertionError("no heatmap on the page")


def assert_counts_agree(period: str) -> dict[str, int]:
    """Overview rating counts = the Priorities table's ratings = the heatmap's 'All priorities' row."""
    overview = run_app(period=period)
    assert not overview.exception
    shown = {
        m.label.split("[")[-1].rstrip("]"): int(m.value)
        for m in overview.metric
        if "badge" in m.label or m.label == "Not reported this period"
    }
    shown = {k: v for k, v in shown.items() if v}
    rows = heatmap_rows(overview)
    heatmap = {r["rag"]: r["priorities"] for r in rows if r["who"] == "All priorities (each counted once)"}
    table = run_app("priorities", period=period).dataframe[0].value
    listed = table["Rating"].where(table["Movement"] != "Not reported this period", "Not reported this period")
    assert shown == heatmap == listed.value_counts().to_dict()
    return shown


def test_a_link_to_a_period_not_in_the_calendar_shows_the_default(world):
    at = run_app(period="2026-07-15")
    assert at.selectbox(key="f_period").value == JUN
    assert (
        "The link asks for the reporting period '2026-07-15', which is not one in the store; "
        "showing 30 Jun 2026 instead."
    ) in [w.value for w in at.warning]
