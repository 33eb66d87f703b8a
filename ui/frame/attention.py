"""Exceptions and small wins as a table: one row per priority, the link first, why and the detail in words.

The columns get widths from their words (ui/frame/widths.fitted), so at 1024 px the Detail column, the
"why" a reader came for, wraps inside the page instead of running off it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from delivery.analysis.attention import by_priority
from delivery.analysis.tables import attention_table
from ui.frame.components import empty_state, link_column, priority_links
from ui.frame.widths import fitted

# The link first, so it never scrolls out of view behind long details.
COLUMNS = ["Open", "ID", "Priority", "Why", "Detail"]


def attention_list(rows: pd.DataFrame, filters, none_message: str, most_rows: int) -> None:
    """A list of priorities with why each is there (exceptions, small wins), or a plain 'none'.

    One row per priority, its reasons together ('Rated Red · Worsened'), each column as wide as its words
    allow, the long ones wrapped, and the table tall enough for every row (up to ``most_rows``).
    """
    if rows.empty:
        empty_state(none_message)
        return
    rows = by_priority(rows)
    table = attention_table(rows, priority_links(rows["priority_id"], filters))
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        placeholder="–",
        column_order=COLUMNS,
        **fitted(
            table,
            wrap=("Priority", "Why", "Detail"),
            # the priority's name and the reasons capped, so the detail (the "why" in full) has the most room
            column_config={"Open": link_column(short=True), "Priority": {"width": 190}, "Why": {"width": 170}},
            most_rows=most_rows,
            columns=COLUMNS,
        ),
    )
