"""The printed brief's trajectory chart: its axis titles are printed whole, however long the indicator's
name and unit, never cut to the plot's height with an ellipsis."""

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
