"""Explanations a return must give (the reporting cycle): a priority rated Red or Amber/Red needs its
commentary, and a Budget row whose forecast differs from its allocation by more than the centre's
threshold (DELIVERY_BUDGET_VARIANCE_PCT, 5% by default: the UK rule) needs its variance narrative.

The centre chooses how a missing explanation counts (DELIVERY_EXPLANATIONS): a warning (the return loads,
and the problem is kept with the load for the review), an error (refused until given), or off. Each
problem is at the cell to fill in, like every other.
"""

from __future__ import annotations

from delivery import settings
from delivery.reference.ratings import AMBER_RED, RED
from delivery.returns.parsed import Collector

OFF, WARNING, ERROR = "off", "warning", "error"


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def _rows(c: Collector, table: str, *columns: str):
    frame = c.parsed.tables.get(table)
    if frame is None or frame.empty or any(col not in frame for col in columns):
        return []
    return zip(frame["_row"].tolist(), *(frame[col].tolist() for col in columns))


def check_explanations(c: Collector, mode: str | None = None, threshold_pct: float | None = None) -> None:
    """Add a problem for each explanation missing, as the settings say (``mode``, ``threshold_pct``: for tests)."""
    mode = mode or settings.get("DELIVERY_EXPLANATIONS")
    if mode == OFF:
        return
    warn = mode == WARNING
    for row, pid, rag, commentary in _rows(c, "priorities", "priority_id", "rag", "commentary"):
        if rag in (RED, AMBER_RED) and _blank(commentary):
            c.add(
                "priorities",
                "commentary",
                row,
                commentary,
                f"{pid} is rated {rag} with no commentary: say why, and what is being done about it.",
                warn,
            )
    limit = settings.get("DELIVERY_BUDGET_VARIANCE_PCT") if threshold_pct is None else threshold_pct
    columns = ("priority_id", "financial_year", "allocated", "forecast", "variance_narrative")
    for row, pid, year, allocated, forecast, narrative in _rows(c, "budget", *columns):
        if _blank(allocated) or _blank(forecast) or not allocated or not _blank(narrative):
            continue
        pct = (forecast - allocated) / abs(allocated) * 100
        if abs(pct) > limit:
            way = "over" if pct > 0 else "under"
            c.add(
                "budget",
                "variance_narrative",
                row,
                narrative,
                f"{pid}'s forecast for {year} is {abs(pct):.1f}% {way} its allocation, more than {limit:g}%: "
                "say why in the variance narrative.",
                warn,
            )
