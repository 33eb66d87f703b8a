"""Pages draw a bounded amount, whatever a return holds, and say what they left out.

A return may carry a million actuals for one indicator (a million local areas, or a
daily series). Sent whole, a table of them is millions of cells (a pandas Styler refuses
past ``styler.render.max_elements``, and the browser would choke anyway) and a chart of
them is a million points. So tables show their first rows (callers sort them so the first
are the ones that matter) and charts their latest points, each with a caption saying how
many there were.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.frame.tables import painted_table
from ui.frame.text import plain

TABLE_ROWS = 1000  # rows of any one table; styled tables stay far below Styler's cell limit
CHART_POINTS = 500  # actuals drawn per indicator on a trajectory chart


def bounded_table(
    frame: pd.DataFrame,
    what: str,
    most: int = TABLE_ROWS,
    total: int | None = None,
    paint: dict[str, str] | None = None,
    **dataframe_args,
) -> None:
    """``st.dataframe`` of the first ``most`` rows of ``frame`` and, if there were more, a caption saying so.

    ``total`` is how many rows there were when the caller passed only the first ones;
    ``paint`` ({column: paint name}, see ui/frame/tables.py) colours the rows shown, made once and replayed.
    """
    total = len(frame) if total is None else total
    shown = frame.head(most)
    if total > len(shown):
        st.caption(f"The table shows the first {len(shown):,} of {total:,} {what}.")
    if paint:
        painted_table(shown, paint, **dataframe_args)
    else:
        st.dataframe(shown, **dataframe_args)


def latest_points(actuals: pd.DataFrame, most: int = CHART_POINTS) -> tuple[pd.DataFrame, dict[str, int]]:
    """Each indicator's latest ``most`` actuals, and {indicator_id: how many it had} for those cut."""
    if actuals.empty or len(actuals) <= most:
        return actuals, {}
    counts = actuals.groupby("indicator_id").size()
    cut = {str(k): int(v) for k, v in counts.items() if v > most}
    if not cut:
        return actuals, {}
    ordered = actuals.sort_values(["indicator_id", "period_end"])
    kept = ordered.groupby("indicator_id", group_keys=False).tail(most)
    return kept, cut


def points_note(cut: dict[str, int], names: dict[str, str], most: int = CHART_POINTS) -> str | None:
    """'The charts show the latest 500 of 60,000 actuals of I2 Diagnostic tests.' for the indicators cut."""
    if not cut:
        return None
    parts = [f"{total:,} actuals of {plain(names.get(i, i))}" for i, total in sorted(cut.items())]
    return f"The charts show the latest {most:,} of {'; of '.join(parts)}."
