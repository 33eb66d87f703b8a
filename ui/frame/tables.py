"""Coloured tables (a rating's words on its colour) made once and replayed on every rerun.

A pandas Styler is the one way to colour st.dataframe cells, and it is slow: Streamlit works
out a display value and a CSS rule for every cell on every run (``marshall_styler``). On the
national store that was about 100 ms of the Milestones page's 180 ms warm rerun (py-spy),
paid on every widget click for a table that had not changed.

``painted_table`` draws the table inside an ``st.cache_data`` function. Streamlit keeps the
element a cached function draws and, on a cache hit, sends that finished element again
without running the function (documented: "Using Streamlit commands in cached functions"),
so a rerun sends exactly what the first run's ``st.dataframe(styler, ...)`` sent, for the
cost of hashing the table. The key is the table's content and every argument, so a
different table, or the same one drawn differently, is made afresh: nothing stale is shown.
tests/test_tables.py fails if a replayed table differs from a live ``st.dataframe(styler)``.

Tables with a selection (``on_select``) are widgets, which a cached function may not draw:
they keep ``ui.frame.components.style_ratings``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from delivery.charts.portfolio import status_css
from ui.frame.components import rating_css
from ui.frame.streamlit_private import under_server

# How a column may be coloured, by name (a name, not a function, goes into the cache key).
PAINTS = {
    "rating": rating_css,  # a rating's colour behind its words, readable ink
    "trajectory": status_css,
}  # on trajectory blue, off trajectory red, white words
ENTRIES = 64  # tables kept: 0.54 MB for the national 1,000 milestones, so at most about 35 MB


def painted(frame: pd.DataFrame, paint: dict[str, str]):
    """A Styler colouring each column of ``paint`` ({column: paint name}) present in ``frame``; the words stay."""
    styler = frame.style
    for name, css in PAINTS.items():
        columns = [c for c, p in paint.items() if p == name and c in frame.columns]
        if columns:
            styler = styler.map(css, subset=columns)
    return styler


def painted_table(frame: pd.DataFrame, paint: dict[str, str], **dataframe_args) -> None:
    """``st.dataframe(painted(frame, paint), **dataframe_args)``, made once per content and arguments.

    ``paint`` names each coloured column's paint (a key of PAINTS). Not for tables with
    ``on_select``: those are widgets.
    """
    # Programming errors, caught by the tests of the page that makes them.
    unknown = set(paint.values()) - set(PAINTS)
    if unknown:
        raise ValueError(f"No paint named {sorted(unknown)}; the paints are {sorted(PAINTS)}.")
    if {"on_select", "key"} & set(dataframe_args):
        raise ValueError("A table with a selection is a widget, which cannot be replayed: use style_ratings.")
    if not under_server():  # bare Python: Streamlit records no element, so a cached entry would draw nothing
        st.dataframe(painted(frame, paint), **dataframe_args)
        return
    _draw(frame, paint, dataframe_args)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def _draw(frame: pd.DataFrame, paint: dict[str, str], dataframe_args: dict) -> None:
    # Streamlit records the element drawn here and replays it on a hit: this body runs once per key.
    st.dataframe(painted(frame, paint), **dataframe_args)
