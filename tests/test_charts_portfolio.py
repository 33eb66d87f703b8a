"""The cross-government charts are pure: assert on their Vega-Lite specs."""

import datetime as dt

import pandas as pd

from delivery.analysis import milestone_status, trajectories
from delivery.charts import portfolio as C
from delivery.charts import timeline as timeline_charts
from delivery.reference.ratings import COLOURS, ink_for

AS_AT = dt.date(2026, 6, 30)
T = pd.Timestamp

MILESTONES = pd.DataFrame(
    {
        "priority_id": ["HEA-01", "HEA-01", "EDU-01"],
        "milestone_id": ["M1", "M2", "M3"],
        "title": ["Contract signed", "500 staff recruited", "Tutoring launched"],
        "baseline_date": [T("2026-05-15"), T("2026-05-31"), T("2026-09-01")],
        "forecast_date": [T("2026-05-15"), T("2026-05-31"), T("2026-10-01")],
        "completed_date": [T("2026-05-10"), pd.NaT, pd.NaT],
    }
)


def _layers(spec):
    return {
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]: layer for layer in spec["layer"]
    }


def _data(spec, chart):
    """The rows a layer draws (its own data, or the data shared by the whole chart)."""
    return spec["datasets"][(chart.get("data") or spec["data"])["name"]]


def test_milestone_timeline_marks_baseline_forecast_status_and_as_at():
    spec = timeline_charts.milestone_timeline_chart(MILESTONES, AS_AT, dt.date(2026, 3, 31)).to_dict()
    assert spec["title"]["text"] == ["Milestones: baseline and forecast", "dates"]
    assert spec["title"]["subtitle"][0] == "As at 30 Jun 2026. Black tick: baseline date;"
    slip, baseline, end, note, rule, rule_text = spec["layer"]
    assert slip["encoding"]["x"]["axis"]["title"] == "Date (month and year)"
    assert slip["encoding"]["x2"] == {"field": "slip_shown"}  # the date drawn, kept inside the window
    assert end["encoding"]["color"]["field"] == end["encoding"]["shape"]["field"] == "status"
    assert end["encoding"]["color"]["scale"]["range"][0] == COLOURS["Red"]  # Overdue
    rows = _data(spec, slip)
    assert [r["label"] for r in rows] == [
        "HEA-01 · Contract signed (M1)",
        "HEA-01 · 500 staff recruited (M2)",
        "EDU-01 · Tutoring launched (M3)",
    ]
    assert [r["note"] for r in rows] == ["Completed on time", "Overdue by 30 days", "Due in 93 days, slipped 30 days"]
    assert [r["status"] for r in rows] == [milestone_status.COMPLETED, milestone_status.OVERDUE, milestone_status.LATER]
    assert note["encoding"]["text"]["field"] == "note"
    assert _data(spec, rule_text)[0]["text"] == "As at 30 Jun 2026"


def test_milestone_timeline_counts_overdue_days_as_slippage():
    """One definition of slippage (classify_milestones): the timeline's line runs on to the as-at date for an
    overdue milestone, and its note names the slip only when a moved forecast makes it more than the days overdue."""
    moved = MILESTONES.copy()
    moved.loc[1, "baseline_date"] = T("2026-04-21")  # forecast 31 May: moved 40 days, then 30 days overdue
    spec = timeline_charts.milestone_timeline_chart(moved, AS_AT).to_dict()
    rows = {r["label"]: r for r in _data(spec, spec["layer"][0])}
    overdue = rows["HEA-01 · 500 staff recruited (M2)"]
    assert overdue["note"] == "Overdue by 30 days, slipped 70 days"
    assert (overdue["end_shown"][:10], overdue["slip_shown"][:10]) == ("2026-05-31", "2026-06-30")
    later = rows["EDU-01 · Tutoring launched (M3)"]
    assert (later["note"], later["slip_shown"][:10]) == ("Due in 93 days, slipped 30 days", "2026-10-01")
    unmoved = timeline_charts.milestone_timeline_chart(MILESTONES, AS_AT).to_dict()
    plain = _data(unmoved, unmoved["layer"][0])
    assert [r["note"] for r in plain][1] == "Overdue by 30 days"  # slipped 30 days: the days overdue, said once


def test_milestone_timeline_takes_the_priority_pages_columns_without_priority_id():
    spec = timeline_charts.milestone_timeline_chart(MILESTONES.drop(columns="priority_id"), AS_AT).to_dict()
    assert _data(spec, spec["layer"][0])[0]["label"] == "Contract signed (M1)"


def test_milestone_timeline_names_the_priority_and_clamps_a_far_off_date():
    far = MILESTONES.assign(priority_title=["Cut waiting times", "Cut waiting times", "Raise reading"])
    far.loc[2, "forecast_date"] = pd.Timestamp("2061-01-01")
    spec = timeline_charts.milestone_timeline_chart(far, AS_AT).to_dict()
    rows = _data(spec, spec["layer"][0])
    assert [r["label"] for r in rows] == [
        "HEA-01 Cut waiting times · Contract signed (M1)",
        "HEA-01 Cut waiting times · 500 staff recruited (M2)",
        "EDU-01 Raise reading · Tutoring launched (M3)",
    ]
    assert rows[2]["end_date"].startswith("2061-01-01") and rows[2]["end_shown"].startswith("2031-06-30")
    assert rows[2]["note"] == "Due in 12604 days, slipped 12541 days (due 1 Jan 2061, beyond the chart)"
    assert " ".join(spec["title"]["subtitle"]).endswith(
        "with the status in words. 1 milestone falls after 30 Jun 2031 (the latest 1 Jan 2061): drawn at the "
        "right edge."
    )
    lo, hi = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert lo == "2026-04-25" and hi < "2034-01-01"  # not 2061


def test_milestone_timeline_with_no_milestones_still_draws():
    spec = timeline_charts.milestone_timeline_chart(MILESTONES.iloc[0:0], AS_AT).to_dict()
    assert spec["height"] == 60


def test_chain_heatmap_writes_the_rating_in_every_cell_in_readable_ink():
    worst = pd.DataFrame(
        {
            "priority_id": ["P1", "P1", "P2"],
            "level": ["local", "minister", "local"],
            "rag": ["Red", "Amber", "Red"],
            "links": [2, 1, 1],
        }
    )
    spec = C.chain_level_heatmap(worst, AS_AT, {"P1": "Cut waiting times"}).to_dict()
    cells, text = spec["layer"]
    assert [r["priority"] for r in _data(spec, cells)] == ["P1 Cut waiting times", "P1 Cut waiting times", "P2"]
    assert spec["title"]["subtitle"][0].startswith("As at 30 Jun 2026.")
    assert cells["encoding"]["x"]["sort"] == ["minister", "local"]
    assert cells["encoding"]["x"]["title"] == ["Level in the delivery chain", "(minister to front line)"]
    assert cells["encoding"]["x"]["axis"]["labelOverlap"] is False  # every level named, however narrow
    assert cells["encoding"]["color"]["legend"]["values"] == ["Red", "Amber"]
    assert (text["encoding"]["text"]["field"], text["mark"]["lineBreak"]) == ("rag_lines", "\n")
    assert [r["rag_lines"] for r in _data(spec, cells)] == ["Red", "Amber", "Red"]  # 'Amber/\nGreen' on two lines
    assert [(r["rag"], r["ink"]) for r in _data(spec, cells)] == [
        ("Red", "#FFFFFF"),
        ("Amber", "#000000"),
        ("Red", "#FFFFFF"),
    ]


def test_league_table_labels_each_area_with_gap_and_status():
    league = pd.DataFrame(
        {
            "rank": [1, 2],
            "area_code": ["NE", "LDN"],
            "area": ["NE", "LDN"],
            "period_end": [T("2026-06-30")] * 2,
            "actual_value": [80.0, 68.0],
            "planned_value": [76.0, 76.0],
            "gap_pct": [100 * 4 / 76, -100 * 8 / 76],
            "status": [trajectories.ON, trajectories.OFF],
            "direction": "up",
        }
    )
    spec = C.league_table_chart(league, AS_AT, "Diagnostic tests").to_dict()
    bars = spec["layer"][0]
    assert spec["title"]["text"] == ["Diagnostic tests: areas against", "trajectory"]
    # On lines: as one, Vega cut it with "…" at 1024 px.
    assert spec["title"]["subtitle"] == [
        "As at 30 Jun 2026. Latest actual for each area",
        "compared with the national trajectory's planned",
        "value for that period. Best first.",
    ]
    assert bars["encoding"]["y"]["title"] is None  # beside labels this long, a title ran into them
    assert bars["encoding"]["y"]["sort"] == [  # on lines: the area, then how far off it is
        "NE:\n5.3% above plan (better), on\ntrajectory",
        "LDN:\n10.5% below plan (worse), off\ntrajectory",
    ]
    assert bars["encoding"]["x"]["title"] == [
        "Difference from trajectory",
        "(% of planned value;",  # on two lines, the second ran past a phone's edge
        "positive is better)",
    ]


def test_trajectory_panels_one_per_indicator_with_status_in_words():
    inds = pd.DataFrame(
        {
            "indicator_id": ["I1", "I2"],
            "name": ["Waiting", "Reading"],
            "unit": ["people", "%"],
            "direction": ["down", "up"],
            "baseline_date": [T("2025-12-31")] * 2,
            "baseline_value": [400.0, 70.0],
            "target_date": [T("2027-12-31")] * 2,
            "target_value": [200.0, 90.0],
            "status": [trajectories.ON, trajectories.OFF],
        }
    )
    traj = pd.DataFrame(
        {"indicator_id": ["I1", "I2"], "period_end": [T("2026-06-30")] * 2, "planned_value": [350.0, 76.0]}
    )
    actuals = pd.DataFrame({"indicator_id": ["I1"], "period_end": [T("2026-06-30")], "actual_value": [352.0]})
    panels = [p.to_dict() for p in C.trajectory_panels(inds, traj, actuals, AS_AT)]
    assert [p["title"]["text"] for p in panels] == ["I1 Waiting", "I2 Reading"]
    assert [p["title"]["subtitle"] for p in panels] == [
        ["On trajectory · down is better", "As at 30 Jun 2026"],
        ["Off trajectory · up is better", "As at 30 Jun 2026"],
    ]
    assert [p["layer"][1]["encoding"]["y"]["title"] for p in panels] == ["Waiting (people)", "Reading (%)"]
    assert [p["height"] for p in panels] == [280, 280]


def test_trajectory_panels_wrap_a_long_name_and_keep_the_legend_inside_a_narrow_panel():
    """At 1024 px a panel is about 280 px wide: 'I3 Pupils meeting the expected …' was cut, and the
    legend's 'Target' ran past the right edge (issue 11)."""
    long = pd.DataFrame(
        {
            "indicator_id": ["I3"],
            "name": ["Pupils meeting the expected reading standard"],
            "unit": ["%"],
            "direction": ["up"],
            "target_date": [T("2028-03-31")],
            "target_value": [90.0],
            "tolerance_pct": [None],
            "status": [trajectories.OFF],
        }
    )
    trajectory = pd.DataFrame({"indicator_id": ["I3"], "period_end": [T("2026-06-30")], "planned_value": [77.0]})
    actuals = pd.DataFrame({"indicator_id": ["I3"], "period_end": [T("2026-06-30")], "actual_value": [70.0]})
    (panel,) = [p.to_dict() for p in C.trajectory_panels(long, trajectory, actuals, AS_AT)]
    assert panel["title"]["text"] == ["I3 Pupils meeting the", "expected reading standard"]
    assert panel["config"]["legend"]["columns"] == 2


def test_ink_is_readable_on_every_rating_colour():
    assert {r: ink_for(r) for r in COLOURS} == {
        "Red": "#FFFFFF",
        "Amber/Red": "#000000",
        "Amber": "#000000",
        "Amber/Green": "#000000",
        "Green": "#000000",
        "Complete": "#000000",
        "Not assessed": "#000000",
    }


def test_chain_level_counts_chart_counts_in_cells_ratings_in_words():
    counts = pd.DataFrame(
        {"level": ["local", "local", "minister"], "rag": ["Red", "Green", "Green"], "priorities": [40, 3, 43]}
    )
    spec = C.chain_level_counts_chart(counts, AS_AT).to_dict()
    cells, text = spec["layer"]
    assert spec["title"]["subtitle"][0].startswith("As at 30 Jun 2026.")
    assert cells["encoding"]["x"]["sort"] == ["minister", "local"]
    assert cells["encoding"]["y"]["sort"] == ["Red", "Green"]
    assert cells["encoding"]["y"]["title"] == "Weakest rating at that level"
    assert text["encoding"]["text"]["field"] == "priorities"


# Text cut off and overlaps (issue 11).
def test_milestone_timeline_wraps_long_labels_and_keeps_notes_clear_of_the_as_at_line():
    long = MILESTONES.assign(
        priority_title=["Cut waiting times"] * 2 + ["Raise reading at age 11 in every school in the north of England"]
    )
    long.loc[1, "forecast_date"] = long.loc[1, "baseline_date"] = T("2025-10-31")  # overdue by 242 days
    spec = timeline_charts.milestone_timeline_chart(long, AS_AT).to_dict()
    slip, _, _, note, _, _ = spec["layer"]
    y = slip["encoding"]["y"] if "y" in slip["encoding"] else spec["encoding"]["y"]
    assert (y["field"], y["axis"]["labelLimit"], y["axis"]["labelExpr"]) == ("row", 0, "split(datum.label, '\\n')")
    rows = _data(spec, slip)
    assert [r["row"] for r in rows] == [
        "HEA-01 Cut waiting times\n500 staff recruited (M2)",
        "HEA-01 Cut waiting times\nContract signed (M1)",
        "EDU-01 Raise reading at age 11\nin every school in the north\nof England\nTutoring launched (M3)",
    ]
    assert y["sort"] == [r["row"] for r in rows]
    assert spec["height"] == 3 * (4 * 14 + 8)  # four lines of the longest label in every row
    # Notes of milestones before the as-at date start at the dashed line, not across it.
    assert note["encoding"]["x"]["field"] == "note_at"
    assert [(r["note"], r["note_at"][:10]) for r in rows] == [
        ("Overdue by 242 days", "2026-06-30"),
        ("Completed on time", "2026-06-30"),
        ("Due in 93 days, slipped 30 days", "2026-10-01"),
    ]
    # The legend sits underneath: on the right it squeezed the dates and sat on the notes; one a row, as it
    # starts right of the milestones' names (two a row ran past a phone's edge: tests/e2e/test_screens.py).
    assert (spec["config"]["legend"]["orient"], spec["config"]["legend"]["columns"]) == ("bottom", 1)
    # The words beside the latest dates and the last month's label stay inside the chart.
    assert spec["padding"]["right"] == 140 and slip["encoding"]["x"]["axis"]["labelFlush"] is True


def test_chain_heatmap_wraps_long_priority_names_and_puts_its_axis_title_above_them():
    worst = pd.DataFrame(
        {"priority_id": ["P1", "P2"], "level": ["local", "local"], "rag": ["Red", "Amber"], "links": [1, 1]}
    )
    spec = C.chain_level_heatmap(worst, AS_AT, {"P1": "Raise reading at age 11 in every school in the north"}).to_dict()
    y = spec["layer"][0]["encoding"]["y"]
    assert [r["priority_lines"] for r in _data(spec, spec["layer"][0])] == [
        "P1 Raise reading at age 11 in\nevery school in the north",
        "P2",
    ]
    assert (y["axis"]["labelLimit"], y["axis"]["labelExpr"]) == (0, "split(datum.label, '\\n')")
    # Level with the column headings, not rotated beside the names where it ran into the first.
    assert (y["title"], y["axis"]["titleAngle"], y["axis"]["titleY"]) == ("Priority", 0, -8)


def test_one_priority_s_timeline_does_not_repeat_its_id_on_every_label():
    mine = MILESTONES[MILESTONES["priority_id"] == "HEA-01"].assign(priority_title="Cut waiting times")
    spec = timeline_charts.milestone_timeline_chart(mine, AS_AT).to_dict()
    assert [r["label"] for r in _data(spec, spec["layer"][0])] == ["Contract signed (M1)", "500 staff recruited (M2)"]


def test_a_note_starts_right_of_the_slippage_line_of_a_milestone_forecast_before_its_baseline():
    early = MILESTONES.iloc[[2]].assign(baseline_date=T("2027-03-31"))  # forecast 1 Oct 2026, baseline after it
    spec = timeline_charts.milestone_timeline_chart(early, AS_AT).to_dict()
    (row,) = _data(spec, spec["layer"][0])
    assert (row["end_shown"][:10], row["baseline_shown"][:10], row["note_at"][:10]) == (
        "2026-10-01",
        "2027-03-31",
        "2027-03-31",
    )


def test_a_line_break_typed_in_a_name_never_reaches_a_chart_title():
    from delivery.charts.priority import chart_title

    title = chart_title("Pupils meeting\nthe standard", ["As at 30 Jun 2026 ·\r\n up is better"]).to_dict()
    assert title == {
        "text": "Pupils meeting the standard",
        "subtitle": ["As at 30 Jun 2026 · up is better"],
        "anchor": "start",
    }
