"""The start of a page that lists the priorities in scope: its header, then those priorities or a plain stop.

Unlike the rest of ui/views, this draws (the header, a caption, the stop): it is the one step
every such page (Overview, Priorities) takes before laying out its own view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.frame.components import empty_state, no_data_stop, nothing_in_scope, page_header
from ui.frame.data import store_version
from ui.frame.filters import current_filters
from ui.frame.text import plain
from ui.views.portfolio import in_scope


def current_priorities(f) -> pd.DataFrame:
    """priority_list in scope with the reporting calendar's view (stale, rating before), those that
    left the current picture dropped and named in a caption (computed once per version: ui/views/portfolio.py)."""
    found = in_scope(store_version(), f)
    if found.left_out:
        st.caption(plain(found.left_out))  # priority IDs are what a return typed
    return found.priorities


def priorities_in_scope(title: str):
    """Draw the page header, then return (filters, scope, priorities in scope as at the period).

    Stops the page with a plain message when the store is empty or nothing is in scope.
    ``scope`` holds the query parameters as_at, department and theme.
    """
    f = current_filters()
    page_header(title, f)
    no_data_stop(f)
    scope = {"as_at": f.as_at, "department": f.department, "theme": f.theme}
    priorities = current_priorities(f)
    if priorities.empty:
        empty_state(nothing_in_scope(f))
        st.stop()
    return f, scope, priorities
