"""The Priority page (opened by ?priority=ID) on the sample government, driven with AppTest."""

import datetime as dt
import json

from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.conftest import chart_specs, run_app, texts
from tests.store_builder import ReturnSpec, write_workbooks


def _chart_titles(at) -> list[str]:
    """Each chart's title as one line (long titles are drawn on several)."""
    return [" ".join(t) if isinstance(t := s["title"]["text"], list) else t for s in chart_specs(at)]


def test_deep_link_opens_the_priority_with_its_facts(serve_sample):
    at = run_app("priority", priority="HEA-01")
    assert not at.exception
    assert at.title[0].value == "HEA-01: Cut hospital waiting times"
    assert at.selectbox(key="priority_pick").value == "HEA-01"
    said = texts(at)
    assert (
        "**Department's rating:** :green-badge[Amber/Green] · **Centre's rating:** not recorded · **Since 31 Mar 2026:** Amber → Amber/Green · "
        "from DHSC's return as at 30 Jun 2026"
    ) in said
    assert (
        "- **Outcome:** Outcome of cut hospital waiting times\n"
        "- **Target:** No one waits more than 18 weeks, by 31 Dec 2027\n"
        "- **Lead department:** Department of Health and Social Care (DHSC)\n"
        "- **Contributing departments:** No other department\n"
        "- **Senior responsible owner:** Dr Jane Smith\n"
        "- **Co-lead in the centre:** Co-lead HEA-01\n"
        "- **Theme:** Health"
    ) in said


def test_every_section_is_drawn_with_as_at(serve_sample):
    at = run_app("priority", priority="HEA-01")
    assert _chart_titles(at) == [
        "Delivery confidence each period",
        "Links from minister to front line",
        "Patients waiting over 18 weeks",
        "Diagnostic tests within 6 weeks",
        "Milestones: baseline and forecast dates",
        "Allocated, forecast and spent",
    ]
    for spec in chart_specs(at):
        assert "As at 30 Jun 2026" in spec["title"]["subtitle"][0], spec["title"]["text"]
    subtitles = dict(zip(_chart_titles(at), (" ".join(s["title"]["subtitle"]) for s in chart_specs(at))))
    assert (
        subtitles["Patients waiting over 18 weeks"]
        == "As at 30 Jun 2026 · down is better · shaded band: plan ±5% · On trajectory"
    )
    # A chart under a heading says what it draws: "Budget" over "Budget" said nothing twice.
    assert set(_chart_titles(at)) & {h.value for h in at.header} == set()
    assert [s.value for s in at.header] == [
        "The centre's note for the brief",
        "Rating history",
        "Stocktake actions",
        "Delivery chain",
        "Indicators against trajectory",
        "Milestones",
        "Risks, issues and barriers",
        "Budget",
    ]


def test_milestones_risks_and_budget_tables(serve_sample):
    at = run_app("priority", priority="HEA-01")
    milestones, risks, budget = (d.value for d in at.dataframe)
    # A milestone not yet completed shows a dash, not the word 'None'; every table shows each of its rows.
    assert [d.proto.placeholder for d in at.dataframe] == ["–", "–", "–"]
    assert sorted(milestones[["Milestone", "Status", "Slippage (days)", "Rating"]].values.tolist()) == [
        ["500 staff recruited", "Overdue", 30, "Red"],
        ["Contract signed", "Completed", -5, "Green"],  # overdue is slippage
        ["Diagnostic centres open", "Due later", 92, "Amber"],
    ]
    assert risks[["Kind", "Description", "Escalated to", "Status"]].values.tolist() == [
        ["Barrier", "Radiographer shortage needs pay flexibility", "The centre", "Open"],
        ["Risk", "Winter pressures", "Not escalated", "Open"],
    ]
    assert "1 open item escalated: barrier 'Radiographer shortage needs pay flexibility' to the centre" in [
        w.value for w in at.warning
    ]
    # Money as '−£2.0m' (a real minus before the £; the format string wrote '£-2.0m'), dates as '30 Jun 2026'.
    assert list(budget.columns) == [
        "Financial year",
        "Allocated",
        "Forecast",
        "Spent",
        "Forecast over (+) or under (−) allocation",
        "Last reported in the return for",
    ]
    assert budget.values.tolist() == [
        ["2025-26", "£100.0m", "£98.0m", "£97.0m", "−£2.0m", dt.date(2026, 6, 30)],
        ["2026-27", "£120.0m", "£130.0m", "£30.0m", "£10.0m", dt.date(2026, 6, 30)],
    ]
    formats = [
        {
            c: v["type_config"].get("format")
            for c, v in json.loads(d.proto.columns).items()
            if v.get("type_config", {}).get("format")
        }
        for d in at.dataframe
    ]
    assert formats == [
        dict.fromkeys(["Baseline date", "Forecast date", "Completed"], "D MMM YYYY"),
        {"Due": "D MMM YYYY"},
        {"Last reported in the return for": "D MMM YYYY"},
    ]


def test_a_priority_with_no_indicators_chain_milestones_or_budget_says_so(serve_sample):
    at = run_app("priority", priority="HEA-02")
    assert not at.exception
    said = texts(at)
    for message in [
        "No delivery chain has been reported for HEA-02 as at 30 Jun 2026.",
        "HEA-02 has no indicators as at 30 Jun 2026, so there are no trajectories to show.",
        "No milestones have been reported for HEA-02 as at 30 Jun 2026.",
        "No risks, issues or barriers have been reported for HEA-02 as at 30 Jun 2026.",
        "No budget has been reported for HEA-02 as at 30 Jun 2026.",
    ]:
        assert message in said
    assert _chart_titles(at) == ["Delivery confidence each period"]


def test_an_unknown_priority_gives_a_plain_message(serve_sample):
    at = run_app("priority", priority="nonsense")
    assert not at.exception
    assert "There is no priority 'nonsense' as at 30 Jun 2026. Choose one from the list." in [
        w.value for w in at.warning
    ]
    assert "Choose a priority to see its outcome, chain, trajectories, milestones, risks and budget." in [
        i.value for i in at.info
    ]
    assert at.selectbox(key="priority_pick").options == [
        "EDU-01: Raise reading at age 11",
        "HEA-01: Cut hospital waiting times",
        "HEA-02: Expand mental health support",
        "HO-01: Halve knife crime",
    ]


def test_a_priority_not_yet_reported_at_an_earlier_period(serve_sample):
    at = run_app("priority", priority="HEA-02", period="2026-03-31")
    assert not at.exception
    assert "There is no priority 'HEA-02' as at 31 Mar 2026. Choose one from the list." in [w.value for w in at.warning]


def test_choosing_another_priority_updates_the_page_and_the_link(serve_sample):
    at = run_app("priority", priority="HEA-01")
    at.selectbox(key="priority_pick").set_value("EDU-01").run()
    assert at.title[0].value == "EDU-01: Raise reading at age 11"
    assert at.query_params["priority"] == ["EDU-01"] or at.query_params["priority"] == "EDU-01"
    subtitles = dict(zip(_chart_titles(at), (" ".join(s["title"]["subtitle"]) for s in chart_specs(at))))
    assert subtitles["Pupils meeting the expected reading standard"].endswith("Off trajectory")


def test_as_at_an_earlier_period_the_earlier_state_shows(serve_sample):
    at = run_app("priority", priority="HEA-01", period="2026-03-31")
    said = texts(at)
    assert (
        "**Department's rating:** :yellow-badge[Amber] · **Centre's rating:** not recorded · **Since 31 Dec 2025:** New this period · "
        "from DHSC's return as at 31 Mar 2026"
    ) in said
    milestones = at.dataframe[0].value
    assert sorted(milestones["Status"]) == ["Due in 31 to 90 days", "Due in 31 to 90 days", "Due later"]


def test_a_green_rating_with_its_own_numbers_off_trajectory_is_questioned(tmp_path, monkeypatch):
    import datetime as dt

    from tests.store_builder import ReturnSpec, build_store

    d = dt.date.fromisoformat
    spec = ReturnSpec(
        "DfT",
        d("2026-06-30"),
        {
            "Priorities": [
                {"priority_id": "TRA-09", "title": "Trains on time", "lead_department": "DfT", "rag": "Green"}
            ],
            "Indicators": [
                {
                    "priority_id": "TRA-09",
                    "indicator_id": "T1",
                    "name": "Trains on time",
                    "unit": "%",
                    "stage": "outcome",
                    "direction": "up",
                    "baseline_value": 80,
                    "baseline_date": d("2025-12-31"),
                    "target_value": 95,
                    "target_date": d("2027-12-31"),
                }
            ],
            "Trajectory": [{"indicator_id": "T1", "period_end": d("2026-06-30"), "planned_value": 90}],
            "Actuals": [{"indicator_id": "T1", "period_end": d("2026-06-30"), "actual_value": 81}],
        },
    )
    monkeypatch.setenv("DELIVERY_DB", str(build_store(tmp_path, [spec]).root))
    at = run_app("priority", priority="TRA-09")
    assert not at.exception
    assert "Check this rating: Rated Green by its department, but 1 of 1 of its indicators is off trajectory." in [
        w.value for w in at.warning
    ]


def test_a_withheld_allocation_shows_blank_not_nought_in_the_budget_table(tmp_path, monkeypatch):
    # A real return withholds the allocation: the return loads with a warning, and the page shows a blank.
    june = dt.date(2026, 6, 30)
    spec = ReturnSpec(
        "DHSC",
        june,
        {
            "Priorities": [
                {"priority_id": "HEA-01", "title": "Cut waiting times", "lead_department": "DHSC", "rag": "Amber"}
            ],
            "Budget": [
                {
                    "priority_id": "HEA-01",
                    "financial_year": "2026-27",
                    "allocated": None,
                    "forecast": 130e6,
                    "spent": 30e6,
                },
                {"priority_id": "HEA-01", "financial_year": "2027-28", "allocated": None},
            ],
        },
    )
    store = Store(tmp_path / "store")
    report = load_returns(store, write_workbooks(tmp_path / "returns", [spec]), "tests", today=dt.date(2026, 7, 1))
    assert (report.ok, [(p.where, p.severity) for p in report.problems]) == (
        True,
        [("Budget!C2", "warning"), ("Budget!C3", "warning")],
    )
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    at = run_app("priority", priority="HEA-01")
    assert not at.exception
    assert at.dataframe[-1].value.values.tolist() == [
        ["2026-27", "", "£130.0m", "£30.0m", "", june],
        ["2027-28", "", "", "", "", june],
    ]
    assert "Allocated, forecast and spent" in _chart_titles(at)  # its bars: tests/test_charts_priority.py


def test_contributing_departments_are_named_as_the_lead_is(serve_sample):
    at = run_app("priority", priority="EDU-01")
    facts = next(t for t in texts(at) if t.startswith("- **Outcome:**"))
    assert "- **Lead department:** Department for Education (DfE)\n" in facts
    assert "- **Contributing departments:** Home Office (HO)\n" in facts  # was the bare code 'HO'
