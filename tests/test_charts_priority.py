"""The pure chart functions (delivery/priority_charts.py): titles, "as at", axis titles, ratings as words."""

import datetime as dt

import pandas as pd

from delivery.analysis import chain_tree, trajectories
from delivery.charts import priority as priority_charts

AS_AT = dt.date(2026, 6, 30)
D = pd.to_datetime


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _data(chart) -> list[dict]:
    """Every row of every inline dataset of a chart."""
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _joined(lines) -> str:
    """A title's lines (Vega-Lite takes a string or a list of lines) as one line."""
    return " ".join(lines) if isinstance(lines, list) else lines


def _titles(spec: dict) -> tuple[str, list[str]]:
    """The title and the subtitle, each as one line (chart_title wraps them to fit a narrow chart)."""
    return _joined(spec["title"]["text"]), [_joined(spec["title"]["subtitle"])]


def _axis_titles(spec: dict) -> set[str]:
    found = set()
    for layer in _layers(spec):
        for channel in ("x", "y"):
            enc = layer.get("encoding", {}).get(channel, {})
            if enc.get("title"):
                found.add(enc["title"])
            if isinstance(enc.get("axis"), dict) and enc["axis"].get("title"):
                found.add(enc["axis"]["title"])
    return found


def test_rating_history_chart():
    history = pd.DataFrame(
        {
            "return_period": D(["2026-03-31", "2026-06-30"]),
            "rag": ["Amber", "Amber/Green"],
            "rated_by": ["Department", "Department"],
        }
    )
    spec = priority_charts.rating_history_chart(history, AS_AT).to_dict()
    assert _titles(spec) == ("Delivery confidence each period", ["As at 30 Jun 2026"])
    assert _axis_titles(spec) == {"Reporting period (end date)", "Delivery confidence (rating)"}
    assert [(r["rag"], r["score"]) for r in _data(priority_charts.rating_history_chart(history, AS_AT))] == [
        ("Amber", 3),
        ("Amber/Green", 4),
    ]
    labels = [layer for layer in _layers(spec) if layer["mark"]["type"] == "text"]
    assert labels[0]["encoding"]["text"]["field"] == "rag"  # the rating's words sit on each point


def _plans():
    versions = pd.DataFrame(
        {
            "plan_of": D(["2026-03-31"] * 2 + ["2026-06-30"] * 2),
            "period_end": D(["2026-06-30", "2026-12-31"] * 2),
            "planned_value": [340000.0, 270000.0, 350000.0, 300000.0],
        }
    )
    return trajectories.trajectory_versions(versions)


INDICATOR = {
    "name": "Patients waiting over 18 weeks",
    "unit": "people",
    "direction": "down",
    "tolerance_pct": 5.0,
    "target_value": 200000.0,
    "target_date": dt.date(2027, 12, 31),
}


def test_trajectory_chart_keeps_the_earlier_plan_and_shows_band_actuals_target():
    actuals = pd.DataFrame({"period_end": D(["2026-03-31", "2026-06-30"]), "actual_value": [370000.0, 352000.0]})
    chart = priority_charts.trajectory_chart(INDICATOR, _plans(), actuals, AS_AT, "On trajectory")
    spec = chart.to_dict()
    assert _titles(spec) == (
        "Patients waiting over 18 weeks",
        ["As at 30 Jun 2026 · down is better · shaded band: plan ±5% · On trajectory"],
    )
    assert _axis_titles(spec) == {"Period end (date)", "Patients waiting over 18 weeks (people)"}
    rows = _data(chart)
    series = {r["series"] for r in rows if "series" in r}
    assert series == {"Earlier plan (31 Mar 2026)", "Current plan", "Actual", "Target"}
    band = [r for r in rows if "low" in r]
    assert [(r["low"], r["high"]) for r in band] == [(332500.0, 367500.0), (285000.0, 315000.0)]
    assert {"value": 200000.0, "series": "Target"}.items() <= next(
        r for r in rows if r.get("series") == "Target"
    ).items()


def test_trajectory_chart_with_no_actuals_yet():
    spec = priority_charts.trajectory_chart(INDICATOR, _plans(), pd.DataFrame(), AS_AT).to_dict()
    assert spec["title"]["text"] == "Patients waiting over 18 weeks"


def test_trajectory_chart_keeps_its_title_inside_its_box():
    """Issue 11, seen in Chromium: a one-line axis title longer than the plot (the Brief) and a target label
    above the top value (the Priority page's second chart, after a resize) lifted the chart's title out
    of its SVG, which cut it in half. The long axis title wraps; the plot keeps room above and below."""
    reading = {**INDICATOR, "name": "Pupils meeting the expected reading standard", "unit": "%"}
    spec = priority_charts.trajectory_chart(reading, _plans(), pd.DataFrame(), AS_AT).to_dict()
    y = next(layer["encoding"]["y"] for layer in spec["layer"] if layer["encoding"]["y"].get("title"))
    assert y["title"] == ["Pupils meeting the expected reading", "standard (%)"]
    assert y["scale"] == {"zero": False, "padding": 20}
    short = priority_charts.trajectory_chart(INDICATOR, _plans(), pd.DataFrame(), AS_AT).to_dict()
    assert _axis_titles(short) >= {"Patients waiting over 18 weeks (people)"}  # short titles stay one line


def test_chain_tree_chart_shows_every_rating_in_words_and_the_weakest_link():
    chain = pd.DataFrame(
        [
            ("H1", None, "Secretary of State", "minister", "Green"),
            ("H2", "H1", "Directorate", "department", "Amber"),
            ("H3", "H2", "Local trusts", "local", "Red"),
        ],
        columns=["node_id", "parent_node_id", "name", "level", "rag"],
    )
    chart = priority_charts.chain_tree_chart(chain_tree.chain_layout(chain), AS_AT)
    spec = chart.to_dict()
    assert _titles(spec) == (
        "Links from minister to front line",
        ["As at 30 Jun 2026 · the weakest link is outlined in black"],
    )
    assert _axis_titles(spec) == {"Level in the chain (minister to front line)"}
    labels = sorted({(r["name"], r["label"]) for r in _data(chart)})
    assert labels == [("Directorate", "Amber"), ("Local trusts", "Red · WEAKEST LINK"), ("Secretary of State", "Green")]


def test_budget_chart_in_pounds_million_with_labels():
    budget = pd.DataFrame({"financial_year": ["2026-27"], "allocated": [120e6], "forecast": [130e6], "spent": [30e6]})
    chart = priority_charts.budget_chart(budget, AS_AT)
    spec = chart.to_dict()
    assert _titles(spec) == ("Allocated, forecast and spent", ["As at 30 Jun 2026"])
    assert _axis_titles(spec) == {"Financial year", "Pounds (£ million)"}
    # on two lines, so the longest bar's words stay inside a phone's width
    assert [r["text"] for r in _data(chart)] == ["Allocated\n£120.0m", "Forecast\n£130.0m", "Spent\n£30.0m"]


def test_a_withheld_allocation_has_no_bar_and_no_nought():
    budget = pd.DataFrame(
        {
            "financial_year": ["2026-27", "2027-28"],
            "allocated": [float("nan")] * 2,
            "forecast": [130e6, float("nan")],
            "spent": [30e6, float("nan")],
        }
    )
    assert [r["text"] for r in _data(priority_charts.budget_chart(budget, AS_AT))] == [
        "Forecast\n£130.0m",
        "Spent\n£30.0m",
    ]


def test_ratings_by_department_heatmap():
    counts = pd.DataFrame(
        {
            "department": ["", "", "DfE", "HO", "HO"],
            "department_name": ["All priorities (each counted once)"] * 2
            + ["Education (DfE)", "Home (HO)", "Home (HO)"],
            "rag": ["Amber/Red", "Not reported this period", "Amber/Red", "Not reported this period", "Amber/Red"],
            "priorities": [1, 1, 1, 1, 1],
        }
    )
    chart = priority_charts.ratings_by_department_heatmap(counts, AS_AT)
    spec = chart.to_dict()
    assert _titles(spec) == (
        "Ratings by department",
        ["As at 30 Jun 2026 · priorities each department leads or contributes to"],
    )
    assert _axis_titles(spec) == {"Delivery confidence rating", "Department"}
    x = spec["layer"][0]["encoding"]["x"]
    assert x["sort"] == ["Red", "Amber/Red", "Amber", "Amber/Green", "Green", "Not reported this period"]
    assert spec["layer"][0]["encoding"]["y"]["sort"] == [
        "All priorities (each counted once)",
        "Education (DfE)",
        "Home (HO)",
    ]
    assert [(r["who"], r["rag"], r["ink"]) for r in _data(chart)][2:] == [
        ("Education (DfE)", "Amber/Red", "#000000"),
        ("Home (HO)", "Not reported this period", "#000000"),
        ("Home (HO)", "Amber/Red", "#000000"),
    ]


def test_chain_tree_chart_says_when_no_link_is_weakest():
    chain = pd.DataFrame(
        [("A", None, "Minister", "minister", "Green"), ("B", "A", "Agency", "agency", "Green")],
        columns=["node_id", "parent_node_id", "name", "level", "rag"],
    )
    spec = priority_charts.chain_tree_chart(chain_tree.chain_layout(chain), AS_AT).to_dict()
    assert _titles(spec)[1] == ["As at 30 Jun 2026 · no link is rated weaker than the others"]


# Text cut off and overlaps (issue 11): long names wrap onto lines instead of ending in "…".
LONG_DEPARTMENT = "Ministry of Housing, Communities and Local Government (MHCLG)"


def test_chain_tree_wraps_long_names_onto_lines_and_never_cuts_them():
    chain = pd.DataFrame(
        [
            ("A", None, "Minister", "minister", "Green"),
            ("B", "A", "Neighbourhood teams, North East and Yorkshire region", "local", "Red"),
        ],
        columns=["node_id", "parent_node_id", "name", "level", "rag"],
    )
    chart = priority_charts.chain_tree_chart(chain_tree.chain_layout(chain), AS_AT)
    spec = chart.to_dict()
    names, ratings = [layer for layer in _layers(spec) if layer["mark"]["type"] == "text"]
    assert names["encoding"]["text"]["field"] == "name_lines"
    assert (names["mark"]["lineBreak"], names["mark"]["limit"], ratings["mark"]["limit"]) == ("\n", 0, 0)
    assert sorted({r["name_lines"] for r in _data(chart)}) == [
        "Minister",
        "Neighbourhood teams,\nNorth East and\nYorkshire region",
    ]
    # The rating goes under the third line of the longest name, not over it.
    assert ratings["mark"]["dy"] == names["mark"]["dy"] + 3 * priority_charts.LINE_PX
    assert spec["height"] >= 62 + 2 * priority_charts.LINE_PX


def test_heatmap_wraps_a_long_department_name_instead_of_cutting_it():
    counts = pd.DataFrame(
        {
            "department": ["", "MHCLG"],
            "department_name": ["All priorities (each counted once)", LONG_DEPARTMENT],
            "rag": ["Amber", "Not reported this period"],
            "priorities": [1, 1],
        }
    )
    chart = priority_charts.ratings_by_department_heatmap(counts, AS_AT)
    spec = chart.to_dict()
    y = spec["layer"][0]["encoding"]["y"]
    assert y["sort"] == [
        "All priorities (each counted once)",
        "Ministry of Housing, Communities\nand Local Government (MHCLG)",
    ]
    assert (y["axis"]["labelLimit"], y["axis"]["labelExpr"]) == (0, "split(datum.label, '\\n')")
    assert [r["who"] for r in _data(chart)] == ["All priorities (each counted once)", LONG_DEPARTMENT]
    x_axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert x_axis["labelLimit"] == 0
    assert '"Not reported this period" ? ["Not reported", "this period"]' in x_axis["labelExpr"]
    assert spec["height"] >= 2 * (2 * priority_charts.LINE_PX)


def test_budget_labels_have_room_and_the_legend_is_underneath():
    budget = pd.DataFrame({"financial_year": ["2026-27"], "allocated": [900e6], "forecast": [130e6], "spent": [30e6]})
    spec = priority_charts.budget_chart(budget, AS_AT).to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["color"]["legend"]["orient"] == "bottom"
    assert bars["x"]["scale"]["domainMax"] == 900 * priority_charts.BUDGET_ROOM  # words right of £900.0m fit
    two = pd.concat([budget, budget.assign(financial_year="2027-28")])
    # A bar's words, two lines of 12 px, clear the next bar's: 44 px a bar (at 70 px a year one line overlapped,
    # and at 32 px a bar two lines did: tests/e2e/test_layout.py).
    assert priority_charts.budget_chart(two, AS_AT).to_dict()["height"] == 2 * 3 * 44


def test_chart_text_wraps_at_spaces_and_keeps_long_words_whole():
    assert priority_charts.wrap("Neighbourhood teams, North East", 22) == "Neighbourhood teams,\nNorth East"
    assert priority_charts.wrap("Supercalifragilisticexpialidocious", 10) == "Supercalifragilisticexpialidocious"
    assert priority_charts.line_count(["a", "b\nc\nd"]) == 3


def test_a_finished_trajectory_spec_is_the_checked_one():
    """ui/frame/charts.chart_spec skips Altair's schema check: the layered chart's spec is the same as with it."""
    from ui.frame.charts import chart_spec
    from ui.frame.streamlit_private import altair_to_vega_lite

    actuals = pd.DataFrame({"period_end": D(["2026-03-31", "2026-06-30"]), "actual_value": [370000.0, 352000.0]})
    chart = priority_charts.trajectory_chart(INDICATOR, _plans(), actuals, AS_AT, "On trajectory")
    checked, finished = altair_to_vega_lite(chart), chart_spec(chart).spec
    assert checked.pop("datasets").keys() == finished.pop("datasets").keys()
    assert finished == checked and len(finished["layer"]) == len(_layers(checked))


def test_rating_history_draws_the_department_solid_and_the_centre_dashed_as_its_caption_says():
    history = pd.DataFrame(
        {
            "return_period": D(["2026-03-31", "2026-06-30", "2026-06-30"]),
            "rag": ["Amber", "Amber/Green", "Amber"],
            "rated_by": ["Department", "Department", "Centre"],
        }
    )
    for rows in (history, history.head(2)):  # with and without a centre rating: the same styles
        spec = priority_charts.rating_history_chart(rows, AS_AT).to_dict()
        dash = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "line")["encoding"]["strokeDash"]
        assert dash["scale"] == {"domain": ["Department", "Centre"], "range": [[1, 0], [6, 4]]}
