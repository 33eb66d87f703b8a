"""Pure Altair charts for the cross-government pages: chains and indicators (the milestone timeline: timeline.py).

No Streamlit here: each function takes DataFrames and the "as at" date and returns a
chart, so tests can assert on ``chart.to_dict()``. Every chart has a title that says
"as at", axis titles with units, and shows ratings and statuses as text as well as
colour (colour is never the only signal).
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from delivery.analysis import trajectories
from delivery.charts.priority import (
    LINE_PX,
    LINES_EXPR,
    as_at_label,
    chart_title,
    line_count,
    rating_scale,
    trajectory_chart,
    wrap,
)
from delivery.reference.ratings import ALL_RATINGS, COLOURS, ink_for
from delivery.returns.contract import LEVELS

ROW_PX = 26
PANEL_TITLE_CHARS = 26  # an indicator panel's name wraps at this many characters a line (two panels a row)
# A milestone (or priority) label wraps at this many characters a line, so it is never cut short; at 44 the
# labels took half of a 1024 px page's chart and left the dates a sliver.
MILESTONE_CHARS = 30
PANEL_PX = 280
# Fit the width of the page, but keep the height we ask for: plain "fit" would squeeze
# titles, axes and legends into that height and collapse the plot of a short chart.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")

INK = "#1a1a1a"  # chart text: Streamlit's default grey axis labels are too faint to read comfortably


def readable(chart, **legend):
    """The chart, just made here, with dark text for its title, axes and legend (it must be a top-level
    chart): set on the chart itself, as ``configure_axis``, ``configure_legend`` and ``configure_title``
    would on three copies (a copy of a layered chart copies every layer twice: ``priority.layered``).

    ``legend`` adds legend settings (e.g. orient="bottom").
    """
    config = alt.Config() if chart.config is alt.Undefined else chart.config
    config["axis"] = alt.AxisConfig(labelColor=INK, titleColor=INK)
    config["legend"] = alt.LegendConfig(labelColor=INK, titleColor=INK, **legend)
    config["title"] = alt.TitleConfig(color=INK, subtitleColor=INK)
    chart.config = config
    return chart


def status_css(status) -> str:
    """CSS for a table cell showing on or off trajectory, in the league table's colours."""
    colour = {trajectories.ON: COLOURS["Complete"], trajectories.OFF: COLOURS["Red"]}.get(status)
    return f"background-color: {colour}; color: #FFFFFF" if colour else ""


def chain_level_heatmap(worst: pd.DataFrame, as_at: dt.date, titles: dict | None = None) -> alt.LayerChart:
    """Ratings by delivery-chain level (columns) across priorities (rows), the rating in each cell.

    ``worst`` is chains.worst_by_level(chain): priority_id, level, rag, links;
    ``titles`` (priority_id -> title) names the rows. A column of Red shows a level
    that is breaking across government.
    """
    data = worst.copy()
    data["ink"] = [ink_for(r) for r in data["rag"]]
    titles = titles or {}
    data["priority"] = [f"{p} {titles[p]}" if titles.get(p) else p for p in data["priority_id"]]
    data["priority_lines"] = [wrap(p, MILESTONE_CHARS) for p in data["priority"]]
    # A two-part rating on two lines in its cell: 'Amber/Green' on one ran out of a 1024 px page's cells.
    data["rag_lines"] = [str(r).replace("/", "/\n") for r in data["rag"]]
    row_px = max(34, LINE_PX * line_count(data["priority_lines"]) + 8, LINE_PX * line_count(data["rag_lines"]) + 8)
    levels = [lv for lv in LEVELS if lv in set(data["level"])] + sorted(set(data["level"]) - set(LEVELS))
    x = alt.X(
        "level:N",
        sort=levels,
        title=["Level in the delivery chain", "(minister to front line)"],
        # Every level named: Vega dropped the headings that came close to each other at 1024 px.
        axis=alt.Axis(orient="top", labelAngle=0, labelOverlap=False, labelFontSize=10),
    )
    # The title sits above the names, level with the column headings: beside them it ran into the longest.
    y = alt.Y(
        "priority_lines:N",
        title="Priority",
        sort="ascending",
        axis=alt.Axis(
            labelExpr=LINES_EXPR,
            labelLimit=0,
            labelLineHeight=LINE_PX,
            titleAngle=0,
            titleAlign="right",
            titleBaseline="bottom",
            titleX=0,
            titleY=-8,
        ),
    )
    tip = [
        alt.Tooltip("priority:N", title="Priority"),
        alt.Tooltip("level:N", title="Level"),
        alt.Tooltip("rag:N", title="Weakest rating"),
        alt.Tooltip("links:Q", title="Links at this level"),
    ]
    base = alt.Chart(data).encode(x=x, y=y)
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "rag:N",
            title="Rating",
            scale=rating_scale(),
            legend=alt.Legend(
                values=[r for r in ALL_RATINGS if r in set(data["rag"])],
                orient="bottom",
                direction="horizontal",
                columns=1,  # it starts right of the priorities' names: three a row ran past a phone's edge
            ),
        ),
        tooltip=tip,
    )
    text = base.mark_text(fontSize=11, lineBreak="\n", lineHeight=LINE_PX).encode(
        text="rag_lines:N", color=alt.Color("ink:N", scale=None)
    )
    return readable(
        (cells + text).properties(
            title=chart_title(
                "Weakest rating at each level of each delivery chain",
                f"{as_at_label(as_at)}. Rating in words in every cell; blank: the chain has no link at that level.",
                anchor=None,
            ),
            height=max(row_px * data["priority_id"].nunique(), 60),
            width="container",
            autosize=FIT_WIDTH,
        )
    )


def chain_level_counts_chart(counts: pd.DataFrame, as_at: dt.date) -> alt.LayerChart:
    """How many priorities are at each rating (rows) at each chain level (columns), the count in each cell.

    ``counts`` is chains.level_rating_counts(...): level, rag, priorities. The summary
    for many chains, where one row per priority would be too tall to read.
    """
    data = counts.copy()
    data["ink"] = [ink_for(r) for r in data["rag"]]
    levels = [lv for lv in LEVELS if lv in set(data["level"])] + sorted(set(data["level"]) - set(LEVELS))
    ratings = [r for r in ALL_RATINGS if r in set(data["rag"])]
    x = alt.X(
        "level:N",
        sort=levels,
        title="Level in the delivery chain (minister to front line)",
        axis=alt.Axis(orient="top", labelAngle=0),
    )
    y = alt.Y("rag:N", sort=ratings, title="Weakest rating at that level")
    tip = [
        alt.Tooltip("level:N", title="Level"),
        alt.Tooltip("rag:N", title="Weakest rating"),
        alt.Tooltip("priorities:Q", title="Priorities"),
    ]
    base = alt.Chart(data).encode(x=x, y=y)
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("rag:N", scale=rating_scale(), legend=None), tooltip=tip
    )
    text = base.mark_text(fontSize=13).encode(text="priorities:Q", color=alt.Color("ink:N", scale=None))
    return readable(
        (cells + text).properties(
            title=chart_title(
                "Priorities by the weakest rating at each level of their delivery chain",
                f"{as_at_label(as_at)}. Each cell counts priorities; the rating is in the row label.",
                anchor=None,
            ),
            height=max(40 * len(ratings), 60),
            width="container",
            autosize=FIT_WIDTH,
        )
    )


def league_table_chart(league: pd.DataFrame, as_at: dt.date, indicator: str) -> alt.LayerChart:
    """Areas ranked by how far they are from the indicator's trajectory (positive is better).

    ``league`` is trajectories.area_league(...): area_code, actual_value, planned_value,
    gap_pct (direction-aware), status, period_end, direction. Bars are placed by the signed
    gap (the axis says positive is better) and labelled with the gap and the status in words.
    """
    data = league.copy()
    # The gap and status are in the axis label, so they read without the colour.
    data["label"] = [
        f"{a}:\n{gap}, {s.lower()}"
        for a, gap, s in zip(data["area"], trajectories.differences_from_plan(data), data["status"])
    ]
    # No axis title: the labels name each area, and a title beside labels this long ran into them;
    # the subtitle says the order.
    # An area's words on lines (its name, then how far off it is), so a narrow page keeps room for the bars.
    data["label"] = ["\n".join(wrap(part, MILESTONE_CHARS) for part in v.split("\n")) for v in data["label"]]
    y = alt.Y(
        "label:N",
        sort=list(data["label"]),
        title=None,
        axis=alt.Axis(labelLimit=0, labelExpr=LINES_EXPR, labelLineHeight=LINE_PX),
    )
    # On three lines: on one, it ran past the chart's edge at 1024 px, on two at a phone's width.
    x = alt.X("gap_pct:Q", title=["Difference from trajectory", "(% of planned value;", "positive is better)"])
    colour = alt.Color(
        "status:N",
        title="Status",
        scale=alt.Scale(domain=[trajectories.ON, trajectories.OFF], range=[COLOURS["Complete"], COLOURS["Red"]]),
        # underneath, one a row: on the right, or two a row, it ran past a phone's edge
        legend=alt.Legend(orient="bottom", direction="vertical", columns=1),
    )
    tip = [
        alt.Tooltip("area:N", title="Area"),
        alt.Tooltip("actual_value:Q", title="Actual", format=",.4~g"),
        alt.Tooltip("planned_value:Q", title="Planned", format=",.4~g"),
        alt.Tooltip("gap_pct:Q", title="Difference % (+ is better)", format="+.1f"),
        alt.Tooltip("status:N", title="Status"),
    ]
    bars = alt.Chart(data).mark_bar().encode(x=x, y=y, color=colour, tooltip=tip)
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#252525").encode(x="zero:Q")
    return readable(
        alt.layer(bars, zero).properties(
            title=chart_title(
                f"{indicator}: areas against trajectory",
                f"{as_at_label(as_at)}. Latest actual for each area compared with the national "
                "trajectory's planned value for that period. Best first.",
                anchor=None,
            ),
            height=max(max(ROW_PX, LINE_PX * line_count(data["label"]) + 8) * len(data), 60),
            width="container",
            autosize=FIT_WIDTH,
        )
    )


def trajectory_panels(
    indicators: pd.DataFrame, trajectory: pd.DataFrame, actuals: pd.DataFrame, as_at: dt.date
) -> list[alt.LayerChart]:
    """Small multiples: one small trajectory chart per indicator, each on its own scale and unit.

    Each panel is the Priority page's trajectory chart (delivery.charts.priority.trajectory_chart:
    plan, tolerance band, actuals, target), shorter, titled with the indicator and
    whether it is on trajectory, in words, and "as at". The page lays them out in
    columns, so each fits its column's width. ``indicators`` is
    trajectories.trajectory_status(...) (indicator_id, name, unit, direction,
    target_date, target_value, tolerance_pct, status); ``trajectory`` has indicator_id,
    period_end, planned_value (the current plan); ``actuals`` has indicator_id,
    period_end, actual_value (national figures).
    """

    panels = []
    for ind in indicators.to_dict("records"):
        mine = trajectory[trajectory["indicator_id"] == ind["indicator_id"]]
        plans = mine.assign(plan="Current plan", current=True, plan_of=pd.Timestamp(as_at))
        better = "down is better" if ind["direction"] == "down" else "up is better"
        chart = trajectory_chart(ind, plans, actuals[actuals["indicator_id"] == ind["indicator_id"]], as_at)
        # Two panels a row leave about 280 px each at 1024 px: the name wraps (Vega cut it with "…")
        # and the legend takes two columns (its third entry, "Target", ran past the edge).
        # set on the chart just made (a copy, as .properties makes, copies every layer: priority.layered)
        chart.height, chart.autosize = PANEL_PX, FIT_WIDTH
        chart.title = chart_title(
            f"{ind['indicator_id']} {ind['name']}",
            [f"{ind.get('status') or 'No status'} · {better}", as_at_label(as_at)],
            chars=PANEL_TITLE_CHARS,
        )
        panels.append(readable(chart, orient="bottom", direction="horizontal", columns=2))
    return panels
