"""Time the ways of drawing the Milestones table with its ratings in colour, side by side in one run.

    python scripts/bench_table_styles.py [--store data/demo/national-store] [--runs 10]

On the store's 1,000 most urgent open milestones (the Milestones page's default table), each
AppTest rerun times, in the same script run: ``st.dataframe`` of the Styler (as the page did),
of the plain table (no colour), of the table with the rating as a coloured
``MultiselectColumn`` pill, and ``ui.frame.tables.painted_table`` (made once, replayed from the
cache). Prints the median milliseconds of each. A manual command: not run in CI.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCRIPT = """
import time
import streamlit as st
from delivery.reference.ratings import COLOURS
from ui.frame.components import link_column, style_ratings
from ui.frame.data import store_version
from ui.frame.filters import default_filters
from ui.frame.tables import painted_table
from ui.views import portfolio as views

table = views.milestone_selection(store_version(), default_filters(), "current").table
config = {"Open": link_column(short=True)}
pills = table.assign(Rating=table["Rating"].map(lambda r: [r]))
options = list(COLOURS)
ways = {
    "Styler, every run": lambda: st.dataframe(style_ratings(table, ["Rating"]), hide_index=True, column_config=config),
    "plain table (no colour)": lambda: st.dataframe(table, hide_index=True, column_config=config),
    "MultiselectColumn pill": lambda: st.dataframe(pills, hide_index=True, column_config={
        **config, "Rating": st.column_config.MultiselectColumn(options=options, color=[COLOURS[o] for o in options])}),
    "painted_table (replayed)": lambda: painted_table(
        table, {"Rating": "rating"}, hide_index=True, column_config=config
    ),
}
times = {}
for name, draw in ways.items():
    started = time.perf_counter()
    draw()
    times[name] = time.perf_counter() - started
st.session_state.setdefault("times", []).append(times)
"""


def main() -> None:
    """Run the comparison and print one line per way of drawing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=str(ROOT / "data" / "demo" / "national-store"))
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.environ["DELIVERY_DB"] = args.store
    os.chdir(ROOT)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(SCRIPT, default_timeout=300)
    for _ in range(args.runs + 1):
        at.run()
    if at.exception:
        raise SystemExit(at.exception[0].message)
    runs = at.session_state["times"][1:]  # the first run computes the view and the painted table
    print(f"{len(runs)} reruns, median ms, table of {len(at.dataframe[0].value):,} rows:")
    for name in runs[0]:
        print(f"  {name:28} {1000 * statistics.median(r[name] for r in runs):8.1f}")


if __name__ == "__main__":
    main()
