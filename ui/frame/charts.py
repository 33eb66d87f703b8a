"""Charts as finished Vega-Lite specifications, so that a page draws a cached chart for free.

Building an Altair chart and turning it into Vega-Lite (Altair validates the whole spec
against its JSON schema) was most of the Priority and Indicators pages' script time: about
0.1 s a chart on this machine, paid on every rerun. ``chart_spec`` does that conversion once,
exactly as ``st.altair_chart`` does it (Streamlit's own converter, which puts each dataset in
Arrow form), without Altair's schema check, and the result can be kept in ``st.cache_data`` beside the data it was drawn
from (ui/views/). ``draw`` then hands the finished spec to ``st.vega_lite_chart``, which
only serialises it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

# Streamlit's own converter from an Altair chart to the spec st.altair_chart sends (a private name:
# tests/test_private_apis.py and tests/test_views.py fail if it moves or its output changes).
from ui.frame.streamlit_private import altair_to_vega_lite

# Room for an Altair chart's title, subtitle and x axis. Streamlit 1.67 squeezes a
# chart into its spec's height when no height is passed, clipping the title.
CHART_CHROME_PX = 120


class _Unchecked:
    """An Altair chart whose ``to_dict`` skips Altair's check of the spec against the Vega-Lite schema.

    The check was about a quarter of a cold Indicators page (twelve charts) and of a
    department brief's charts (py-spy), and gives the same spec. The charts are built by
    delivery/charts, whose tests call ``to_dict()`` with the check on for every kind of chart,
    so a chart that breaks the schema still fails there.
    """

    def __init__(self, chart) -> None:
        self.chart = chart

    def to_dict(self, **kwargs) -> dict:
        return self.chart.to_dict(validate=False, **kwargs)


@dataclass(frozen=True)
class ChartSpec:
    """A chart ready to draw: its Vega-Lite spec (datasets in Arrow form), width and height."""

    spec: dict
    width: str = "stretch"
    height: int | str = "content"


def chart_height(chart, extra_px: int = 0) -> int:
    """Pixels for a chart at full height: plot, titles, axes (and ``extra_px`` for a legend below)."""
    plot = chart.height if isinstance(getattr(chart, "height", None), int) else 300
    title = getattr(chart, "title", None)
    subtitle, text = getattr(title, "subtitle", None), getattr(title, "text", None)
    lines = len(subtitle) if isinstance(subtitle, list) else 1
    title_lines = (
        len(text) if isinstance(text, list) else 1
    )  # a long title wraps (delivery.charts.priority.chart_title)
    return plot + CHART_CHROME_PX + 16 * max(0, lines - 1) + 20 * max(0, title_lines - 1) + extra_px


def chart_spec(chart, *, stretch: bool = True, extra_px: int = 0, fit: bool = False) -> ChartSpec:
    """The finished spec of an Altair chart (the costly step: build and validate once, then cache).

    By default the chart is drawn at its full height (``chart_height``); ``fit=True`` is for a
    chart that sizes its own height (portfolio charts with FIT_WIDTH), drawn at its content's height.
    """
    height = "content" if fit else chart_height(chart, extra_px)
    return ChartSpec(altair_to_vega_lite(_Unchecked(chart)), "stretch" if stretch else "content", height)


def draw(chart: ChartSpec, where=st) -> None:
    """Draw a finished chart in ``where`` (the page, or a column)."""
    where.vega_lite_chart(spec=chart.spec, width=chart.width, height=chart.height)
