"""What the What changed page computes, once per store version and view (see ui/views/portfolio.py).

The page's rows come from the brief's facts (ui/views/detail.py brief_data: the same changes the brief
says); this keeps only what the page draws, so a rerun costs a small cache lookup instead of unpickling
the whole picture and measuring every cell of a table of thousands of rows again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from delivery.analysis import changes, tables
from delivery.briefs import content
from ui.frame.components import date_columns
from ui.frame.widths import fitted
from ui.views.detail import brief_data
from ui.views.portfolio import ENTRIES


@dataclass(frozen=True)
class ChangesView:
    """The What changed page's words, counts and table for one scope and period."""

    restated: str | None  # a closed period's return loaded again (content.restated_text)
    compared: bool  # False in the first reporting period: nothing to compare with
    since: str | None  # the picture's since_text
    counts: dict  # changes.change_counts
    table: pd.DataFrame  # tables.changes_table
    fit: dict  # st.dataframe's arguments that fit the table to the page (ui.frame.widths.fitted)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def changes_view(version: str, scope, as_at, rules) -> ChangesView:
    """What changed in ``scope`` since each department's previous return, as the page draws it."""
    data = brief_data(version, scope, as_at, rules)
    rows, since = data.changes, data.picture.since_text()
    if not data.compared or rows.empty:
        return ChangesView(content.restated_text(data), data.compared, since, {}, pd.DataFrame(), {})
    table = tables.changes_table(rows)
    # Every row shows (up to 40), and Detail, Before and After wrap: cut at the page's edge, they said nothing.
    fit = fitted(table, wrap=("Title", "Detail", "Before", "After"), column_config=date_columns("Since"))
    return ChangesView(content.restated_text(data), data.compared, since, changes.change_counts(rows), table, fit)
