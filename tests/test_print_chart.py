"""The printed brief's trajectory chart: its axis titles are printed whole, however long the indicator's
name and unit, never cut to the plot's height with an ellipsis."""

import json
import xml.etree.ElementTree as ET

import pandas as pd
import vl_convert

from delivery.briefs.print_chart import axis_title, trajectory_spec

NAME = "Residents who feel safe after dark in their own neighbourhood, by local authority"
UNIT = "% of residents surveyed"


def _svg_texts(spec: str) -> list[str]:
    """Each text of the chart as vl-convert draws it, its lines (tspans) joined by a space."""
    svg = ET.fromstring(vl_convert.vegalite_to_svg(spec))
    return [" ".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]


def _spec(name=NAME, unit=UNIT, width=620):
    indicator = {"name": name, "unit": unit, "target_value": 70, "target_date": "2029-03-31", "direction": "up"}
    plan = pd.DataFrame({"period_end": pd.date_range("2025-03-31", periods=16, freq="QE"), "planned_value": 60.0})
    actuals = pd.DataFrame({"period_end": pd.date_range("2025-03-31", periods=7, freq="QE"), "actual_value": 55.0})
    return trajectory_spec(indicator, plan, actuals, pd.Timestamp("2026-09-30"), width=width)


def test_a_long_axis_title_is_printed_whole_on_lines_above_the_plot():
    texts = _svg_texts(_spec())
    assert f"{NAME} ({UNIT})" in texts
    assert "Period end (date)" in texts
    assert not [t for t in texts if "\u2026" in t]  # nothing ellipsised


def test_the_title_is_broken_between_words_into_lines_as_wide_as_the_plot():
    assert axis_title(f"{NAME} ({UNIT})", 620) == [
        "Residents who feel safe after dark in their own neighbourhood, by local authority (% of residents",
        "surveyed)",
    ]
    assert axis_title("Waiting time (weeks)", 620) == ["Waiting time (weeks)"]
    assert axis_title("x" * 130, 310) == ["x" * 50, "x" * 50, "x" * 30]


def test_the_forecast_is_printed_dashed_with_its_band_as_the_pages_draw_it():
    import datetime as dt

    from delivery.analysis import forecast as fc
    from delivery.charts.forecast_layer import FORECAST_INK

    points = [(dt.date(2025, m, 28), 100 + 10 * (m - 1)) for m in range(1, 10)]  # 10 a month, nine months
    ahead = fc.forecast(points, "up", 300, dt.date(2027, 3, 31), dt.date(2025, 9, 30))
    indicator = {"name": "Nurses", "unit": "people", "target_value": 300, "target_date": dt.date(2027, 3, 31)}
    plan = pd.DataFrame({"period_end": [dt.date(2025, 1, 31), dt.date(2027, 3, 31)], "planned_value": [100, 300]})
    actuals = pd.DataFrame({"period_end": [d for d, _ in points], "actual_value": [v for _, v in points]})
    without = json.loads(trajectory_spec(indicator, plan, actuals, dt.date(2025, 9, 30)))
    spec = json.loads(trajectory_spec(indicator | {"forecast": ahead}, plan, actuals, dt.date(2025, 9, 30)))
    assert len(spec["layer"]) == len(without["layer"]) + 2
    band, line = spec["layer"][1], spec["layer"][2]
    assert (band["mark"]["type"], band["mark"]["color"]) == ("area", FORECAST_INK)
    assert (line["mark"]["type"], line["mark"]["strokeDash"]) == ("line", [6, 4])
    # from the latest actual (Sep 2025, 180) to the target date, rising 10 a month: 360 by Mar 2027
    assert (line["data"]["values"][0]["value"], line["data"]["values"][-1]["value"]) == (180.0, 360.0)
    assert spec["title"]["subtitle"][1] == "Dashed: the forecast at this rate, its 80% band shaded"
    assert "Forecast at this rate" in _svg_texts(json.dumps(spec))  # in the legend, in words
