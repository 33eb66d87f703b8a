"""Pure Altair charts for the Overview and Priority pages (no Streamlit).

Each function takes DataFrames and the "as at" date and returns a chart, so tests can
assert on ``chart.to_dict()``. Every chart has a title, "As at <date>" in its subtitle,
axis titles with units, and shows ratings as words beside their colour.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping

import altair as alt
import pandas as pd

from delivery.analysis.movement import ALL_PRIORITIES, rating_order
from delivery.analysis.reporting import NOT_REPORTED
from delivery.reference import profile
from delivery.reference.ratings import ALL_RATINGS, COLOURS, SCORE, ink_for

PLAN, ACTUAL, TARGET = "#0072B2", "#000000", "#D55E00"  # Okabe-Ito: safe for colour-blind readers
EARLIER_PLAN = "#8C8C8C"
STALE_COLOUR = "#EEEEEE"  # not reported this period: no rating colour, the words say why
BUDGET_COLOURS = {"Allocated": "#0072B2", "Forecast": "#E69F00", "Spent": "#009E73"}
BUDGET_YEAR_PX = 132  # three bars a year, each tall enough that its words (two lines) clear the next bar's
BUDGET_ROOM = 1.45  # the budget axis runs this far past the largest amount, for the bar labels
NODE_PX, LEVEL_PX, ROW_PX, LABEL_PX = 400, 160, 62, 150
LINE_PX = 14  # one line of 11-12 px chart text
NAME_CHARS = 22  # a chain link's name wraps at this many characters, to stay within its level's column
RATING_CHARS = 12  # a rating column's heading wraps at this many ("Not reported / this period")
DEPARTMENT_CHARS = 34  # a department's name wraps at this many characters on the heatmap's axis
# Axis labels whose text holds line breaks are drawn as several lines instead of being cut short.
LINES_EXPR = "split(datum.label, '\\n')"


# Room inside the plot, above the highest value and below the lowest, for the target's label (drawn
# 14 px above its diamond): at the top edge it lifted the chart's title out of its box after a resize.
TARGET_ROOM_PX = 20
# The Priority page's headings say "Rating history", "Delivery chain" and "Budget": the charts under
# them say what they draw instead of repeating the heading.
HISTORY_TITLE = "Delivery confidence each period"
CHAIN_TITLE = "Links from minister to front line"
BUDGET_TITLE = "Allocated, forecast and spent"
TITLE_CHARS = 34  # a chart title wraps at this many characters a line: it fits a chart on a 390 px phone
SUBTITLE_CHARS = 48  # and its subtitle, in smaller type, at this many
AXIS_TITLE_CHARS = 40  # a trajectory chart's value axis title wraps at this many characters a line


def wrap(text, chars: int) -> str:
    """``text`` broken at spaces into lines of about ``chars`` characters, joined by newlines.

    Words are never split, so a name stays whole; charts draw the lines instead of cutting
    the name short with an ellipsis.
    """
    return "\n".join(textwrap.wrap(str(text), chars, break_long_words=False, break_on_hyphens=False)) or str(text)


def lines_expr(values, chars: int) -> str:
    """A Vega label expression drawing each of ``values`` wrapped onto lines (see :func:`wrap`)."""
    tests = [f"datum.value == {json.dumps(str(v))} ? {json.dumps(wrap(v, chars).split(chr(10)))}" for v in values]
    return " : ".join([*tests, "datum.label"])


def line_count(texts) -> int:
    """The most lines any of ``texts`` (wrapped with :func:`wrap`) takes; 1 for none."""
    return max((str(t).count("\n") + 1 for t in texts), default=1)


def as_at_label(as_at) -> str:
    """'As at 30 Jun 2026'."""
    if as_at is None:
        return "As at: no data loaded"
    d = pd.Timestamp(as_at)
    return f"As at {d.day} {d:%b %Y}"


def _day(d: pd.Timestamp) -> alt.DateTime:
    """A calendar day for an axis tick, in the viewer's time zone like the data's dates."""
    return alt.DateTime(year=d.year, month=d.month, date=d.day)


def one_line(text) -> str:
    """``text`` with every run of whitespace, line breaks included, as one space: a title is one line of words."""
    return " ".join(str(text).split())


def title_lines(text, chars: int) -> str | list[str]:
    """``text`` on one line, wrapped at words into lines of about ``chars`` (a list when more than one)."""
    lines = wrap(one_line(text), chars).split("\n")
    return lines if len(lines) > 1 else lines[0]


def chart_title(text, subtitle=(), *, chars: int = TITLE_CHARS, anchor: str | None = "start") -> alt.TitleParams:
    """A chart's title and subtitle lines, wrapped at words to fit the narrowest chart on screen.

    Vega cuts a title longer than its chart with "…", and draws a line break typed in a return
    as a break: so every line break becomes a space, and lines wrap at ``chars`` (the subtitle at
    SUBTITLE_CHARS), which fits a chart on a 390 px phone.
    """
    parts = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    lines = [line for part in parts if part for line in wrap(one_line(part), SUBTITLE_CHARS).split("\n")]
    extra = {"anchor": anchor} if anchor else {}
    return alt.TitleParams(title_lines(text, chars), subtitle=lines, **extra)


def layered(layers, **properties) -> alt.LayerChart:
    """``alt.layer(*layers).properties(**properties)``, made without Altair's copies. A LayerChart deep-copies
    every layer twice whenever it is made or copied (``.properties``, ``.configure_*``), to merge shared data
    and selection parameters, which these charts do not have: at twelve charts that was half a second of
    a cold Indicators page. The spec is the same (tests check every kind with Altair's schema)."""
    chart = alt.LayerChart()
    chart.layer = list(layers)
    for key, value in properties.items():
        setattr(chart, key, value)
    return chart


def _title(text: str, as_at, *more: str) -> alt.TitleParams:
    return chart_title(text, [" · ".join([as_at_label(as_at), *[m for m in more if m]])])


def rating_scale(ratings=ALL_RATINGS) -> alt.Scale:
    """The rating colour scale for Altair, in scale order, every rating its own colour."""
    ratings = list(ratings)
    return alt.Scale(domain=ratings, range=[COLOURS.get(r, "#BDBDBD") for r in ratings])


def _score_axis() -> alt.Axis:
    names = {v: k for k, v in SCORE.items()}
    expr = " : ".join(f"datum.value == {v} ? '{names[v]}'" for v in sorted(names)) + " : ''"
    return alt.Axis(values=sorted(names), labelExpr=expr, title="Delivery confidence (rating)")


RATED_BY_DASH = {"Department": [1, 0], "Centre": [6, 4]}  # the department's line solid, the centre's dashed


def rating_history_chart(history: pd.DataFrame, as_at, title: str = HISTORY_TITLE) -> alt.LayerChart:
    """Each rating a priority was given, period by period, as a line on the 1-5 scale.

    ``history`` has return_period, rag and rated_by ('Department', later 'Centre').
    Points carry the rating's colour and its words; Complete and Not assessed, which
    have no place on the scale, are left off the line.
    """
    df = history.assign(score=[SCORE.get(r) for r in history["rag"]]).dropna(subset=["score"])
    ticks = [_day(d) for d in pd.to_datetime(df["return_period"]).drop_duplicates()]
    base = alt.Chart(df).encode(
        x=alt.X(
            "return_period:T",
            title="Reporting period (end date)",
            axis=alt.Axis(values=ticks, format="%-d %b %Y", labelAngle=0),
        ),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0.5, 5.5]), axis=_score_axis()),
        tooltip=[
            alt.Tooltip("return_period:T", title="Period", format="%-d %b %Y"),
            alt.Tooltip("rag:N", title="Rating"),
            alt.Tooltip("rated_by:N", title="Rated by"),
        ],
    )
    # Fixed, not by alphabet: the caption says the department's line is solid and the centre's dashed,
    # and a scale left to Vega made "Centre" (first in the alphabet) solid once it appeared.
    dashes = alt.Scale(domain=list(RATED_BY_DASH), range=list(RATED_BY_DASH.values()))
    line = base.mark_line(color="#555555").encode(
        strokeDash=alt.StrokeDash("rated_by:N", title="Rated by", scale=dashes)
    )
    points = base.mark_point(filled=True, size=160, stroke="#333333", strokeWidth=1).encode(
        color=alt.Color("rag:N", scale=rating_scale(), legend=None)
    )
    labels = base.mark_text(dy=-14, fontSize=12).encode(text="rag:N")
    return alt.layer(line, points, labels).properties(title=_title(title, as_at), height=220)


def _series(indicator: Mapping, plans: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """The lines of a trajectory chart in long form: series, period_end, value."""
    frames = [plans.assign(series=plans["plan"], value=plans["planned_value"])[["series", "period_end", "value"]]]
    if not actuals.empty:
        frames.append(actuals.assign(series="Actual", value=actuals["actual_value"])[["series", "period_end", "value"]])
    if pd.notna(indicator.get("target_value")) and pd.notna(indicator.get("target_date")):
        frames.append(
            pd.DataFrame(
                {"series": ["Target"], "period_end": [indicator["target_date"]], "value": [indicator["target_value"]]}
            )
        )
    out = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    out["period_end"] = pd.to_datetime(out["period_end"])
    return out


def _series_scale(series: list[str]) -> tuple[alt.Scale, alt.Scale]:
    colours = [
        PLAN if s == "Current plan" else ACTUAL if s == "Actual" else TARGET if s == "Target" else EARLIER_PLAN
        for s in series
    ]
    dashes = [[6, 4] if s.startswith("Earlier") else [1, 0] for s in series]
    return alt.Scale(domain=series, range=colours), alt.Scale(domain=series, range=dashes)


def trajectory_chart(
    indicator: Mapping, plans: pd.DataFrame, actuals: pd.DataFrame, as_at, status: str | None = None
) -> alt.LayerChart:
    """One indicator: planned path (earlier plans dashed), tolerance band, actuals, target.

    ``indicator`` is a row of priority_indicators; ``plans`` comes from
    dashboard.trajectory_versions; ``actuals`` has period_end and actual_value (national).
    """
    unit = indicator.get("unit") or ""
    tol = indicator.get("tolerance_pct")
    tol = 5.0 if tol is None or pd.isna(tol) else float(tol)
    data = _series(indicator, plans, actuals)
    names = list(dict.fromkeys(data["series"]))
    colour, dash = _series_scale(names)
    legend = alt.Legend(orient="bottom", direction="horizontal", symbolStrokeWidth=2, labelLimit=260)
    x = alt.X(
        "period_end:T",
        title="Period end (date)",
        # flush, thinned and bound: a forecast to 2032 put the last month's label past the chart's edge
        axis=alt.Axis(
            format="%b %Y",
            tickCount={"interval": "month", "step": 3},
            labelAngle=0,
            labelFlush=True,
            labelOverlap="greedy",
            labelBound=True,
        ),
    )
    # A long axis title goes on two lines: on one it was taller than the plot, and Vega pushed the
    # chart's own title up out of its box (the Brief showed it cut in half).
    y_title = wrap(f"{indicator.get('name', 'Value')} ({unit})", AXIS_TITLE_CHARS).split("\n")
    y = alt.Y(
        "value:Q",
        title=y_title if len(y_title) > 1 else y_title[0],
        scale=alt.Scale(zero=False, padding=TARGET_ROOM_PX),
        axis=alt.Axis(titleLimit=320),
    )
    tip = [
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("period_end:T", title="Period", format="%-d %b %Y"),
        alt.Tooltip("value:Q", title=unit or "Value", format=",.4~r"),
    ]
    current = plans[plans["current"]].assign(period_end=lambda d: pd.to_datetime(d["period_end"]))
    band = (
        alt.Chart(
            current.assign(
                low=current["planned_value"] * (1 - tol / 100), high=current["planned_value"] * (1 + tol / 100)
            )
        )
        .mark_area(opacity=0.18, color=PLAN)
        .encode(x=x, y="low:Q", y2="high:Q")
    )
    lines = (
        alt.Chart(data[data["series"] != "Target"])
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series:N", scale=colour, title="Series", legend=legend),
            strokeDash=alt.StrokeDash("series:N", scale=dash, title="Series", legend=legend),
            tooltip=tip,
        )
    )
    target = (
        alt.Chart(data[data["series"] == "Target"])
        .mark_point(shape="diamond", size=160, filled=True)
        .encode(x=x, y=y, color=alt.Color("series:N", scale=colour, title="Series", legend=legend), tooltip=tip)
    )
    target_label = target.mark_text(dy=-14, fontSize=11, color=TARGET).encode(text=alt.Text("value:Q", format=",.4~r"))
    better = "down is better" if indicator.get("direction") == "down" else "up is better"
    more = [better, f"shaded band: plan ±{tol:g}%", status]
    return layered(
        [band, lines, target, target_label],
        title=_title(str(indicator.get("name", "Indicator")), as_at, *more),
        height=260,
    )


def chain_tree_chart(layout: pd.DataFrame, as_at, title: str = CHAIN_TITLE) -> alt.LayerChart:
    """The delivery chain as a tree, minister on the left, front line on the right.

    ``layout`` comes from dashboard.chain_layout. Every link shows its name and its
    rating in words beside its colour; the weakest link(s) get a thick black outline
    and the words "WEAKEST LINK". Left to right, so a chain with many local bodies
    grows downwards instead of overflowing the page.
    """
    df = layout.copy()
    df["label"] = [f"{r}" + (" · WEAKEST LINK" if w else "") for r, w in zip(df["rag"], df["weakest"])]
    df["name_lines"] = [wrap(n, NAME_CHARS) for n in df["name"]]
    lines = line_count(df["name_lines"])
    levels = df.groupby("depth")["level"].agg(lambda s: " / ".join(dict.fromkeys(s)))
    expr = " : ".join(f"datum.value == {d} ? '{lv}'" for d, lv in levels.items()) + " : ''"
    depth_max, leaves = int(df["depth"].max()), int(df["x"].max()) + 1
    x = alt.X(
        "depth:Q",
        scale=alt.Scale(domain=[-0.5, depth_max + 0.5]),
        axis=alt.Axis(
            values=list(levels.index),
            labelExpr=expr,
            title="Level in the chain (minister to front line)",
            orient="top",
            grid=False,
            labelFontWeight="bold",
        ),
    )
    y = alt.Y("x:Q", axis=None, scale=alt.Scale(domain=[-0.4, leaves - 0.1], reverse=True))
    edges = (
        alt.Chart(df.dropna(subset=["parent_x"]))
        .mark_rule(color="#777777", strokeWidth=1.5)
        .encode(x=x, y=y, x2="parent_depth:Q", y2="parent_x:Q")
    )
    tip = [
        alt.Tooltip("name:N", title="Link"),
        alt.Tooltip("level:N", title="Level"),
        alt.Tooltip("rag:N", title="Rating"),
        alt.Tooltip("owner:N", title="Owner"),
    ]
    nodes = (
        alt.Chart(df)
        .mark_square(size=NODE_PX, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("rag:N", scale=rating_scale(), legend=None),
            stroke=alt.condition("datum.weakest", alt.value("#000000"), alt.value("#FFFFFF")),
            strokeWidth=alt.condition("datum.weakest", alt.value(4), alt.value(1)),
            tooltip=tip,
        )
    )
    # Words under each link, so the lines between links never cross them.
    # A long name wraps onto more lines (never cut short); the rating sits under the longest.
    names = (
        alt.Chart(df)
        .mark_text(
            align="center",
            baseline="top",
            dy=13,
            fontSize=11,
            fontWeight="bold",
            lineBreak="\n",
            lineHeight=LINE_PX,
            limit=0,
        )
        .encode(x=x, y=y, text="name_lines:N", tooltip=tip)
    )
    ratings = (
        alt.Chart(df)
        .mark_text(align="center", baseline="top", dy=13 + LINE_PX * lines, fontSize=11, limit=0)
        .encode(
            x=x, y=y, text="label:N", color=alt.condition("datum.weakest", alt.value("#000000"), alt.value("#444444"))
        )
    )
    return alt.layer(edges, nodes, names, ratings).properties(
        title=_title(
            title,
            as_at,
            "the weakest link is outlined in black"
            if df["weakest"].any()
            else "no link is rated weaker than the others",
        ),
        width=LEVEL_PX * (depth_max + 1),
        height=max(60, int(ROW_PX + 1.5 * LINE_PX * (lines - 1)) * leaves),
    )


def budget_chart(budget: pd.DataFrame, as_at, title: str = BUDGET_TITLE) -> alt.Chart:
    """Allocated, forecast and spent, in £ million, each bar labelled."""
    long = budget.melt(
        id_vars="financial_year", value_vars=["allocated", "forecast", "spent"], var_name="measure", value_name="pounds"
    ).dropna(subset=["pounds"])
    long["measure"] = long["measure"].str.capitalize()
    long["millions"] = long["pounds"] / 1e6
    locale = profile.current()
    long["label"] = [f"{locale.currency_symbol}{m:,.1f}m" for m in long["millions"]]
    long["text"] = long["measure"] + "\n" + long["label"]  # on two lines: on one it ran past a phone's edge
    order = list(BUDGET_COLOURS)
    # Room right of the longest bar for its words ("Allocated £900.0m"), so they never run off the plot.
    top = max(float(long["millions"].max()) if not long.empty else 0.0, 0.0) * BUDGET_ROOM or 1.0
    base = alt.Chart(long).encode(
        y=alt.Y("financial_year:N", title="Financial year"),
        yOffset=alt.YOffset("measure:N", sort=order),
        x=alt.X(
            "millions:Q",
            title=f"{locale.currency_name.capitalize()} ({locale.currency_symbol} million)",
            scale=alt.Scale(domainMax=top),
        ),
        tooltip=[
            alt.Tooltip("financial_year:N", title="Year"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("label:N", title="Amount"),
        ],
    )
    # The legend goes underneath: on the right it sat where the longest bar's words end.
    bars = base.mark_bar().encode(
        color=alt.Color(
            "measure:N",
            title="Measure",
            sort=order,
            scale=alt.Scale(domain=order, range=list(BUDGET_COLOURS.values())),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        )
    )
    text = base.mark_text(align="left", dx=4, fontSize=11, lineBreak="\n", lineHeight=12).encode(
        text=alt.Text("text:N")
    )
    years = long["financial_year"].nunique()
    return alt.layer(bars, text).properties(title=_title(title, as_at), height=max(120, BUDGET_YEAR_PX * years))


def ratings_by_department_heatmap(counts: pd.DataFrame, as_at) -> alt.LayerChart:
    """Departments by rating: each cell the rating's colour with the number of priorities in it.

    ``counts`` comes from movement.ratings_by_department (department, department_name, rag,
    priorities): its first row counts every priority once; 'Not reported this period' is
    the last column, in light grey.
    """
    order = rating_order(r for r in counts["rag"] if r != NOT_REPORTED)
    order += [NOT_REPORTED] if NOT_REPORTED in set(counts["rag"]) else []
    colours = [COLOURS.get(r, STALE_COLOUR if r == NOT_REPORTED else "#BDBDBD") for r in order]
    df = counts.assign(ink=[ink_for(r) for r in counts["rag"]], who=counts["department_name"])
    rows = sorted(set(df["who"]) - {ALL_PRIORITIES})
    rows = ([ALL_PRIORITIES] if ALL_PRIORITIES in set(df["who"]) else []) + rows
    # Long department names wrap onto lines; the full name stays in the tooltip.
    df["who_lines"] = [wrap(w, DEPARTMENT_CHARS) for w in df["who"]]
    row_px = max(34, LINE_PX * line_count(df["who_lines"]) + 12)
    base = alt.Chart(df).encode(
        x=alt.X(
            "rag:N",
            title="Delivery confidence rating",
            sort=order,
            scale=alt.Scale(domain=order),
            axis=alt.Axis(
                orient="top",
                labelAngle=0,
                labelLimit=0,
                labelLineHeight=LINE_PX,
                labelExpr=lines_expr(order, RATING_CHARS),
            ),
        ),
        y=alt.Y(
            "who_lines:N",
            title="Department",
            sort=[wrap(r, DEPARTMENT_CHARS) for r in rows],
            axis=alt.Axis(
                labelExpr=LINES_EXPR,
                labelLimit=0,
                labelLineHeight=LINE_PX,
                titleAngle=0,
                titleAlign="right",
                titleX=0,
                titleY=-8,
            ),
        ),
        tooltip=[
            alt.Tooltip("who:N", title="Department"),
            alt.Tooltip("rag:N", title="Rating"),
            alt.Tooltip("priorities:Q", title="Priorities"),
        ],
    )
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=2).encode(
        color=alt.Color("rag:N", scale=alt.Scale(domain=order, range=colours), legend=None)
    )
    text = base.mark_text(fontSize=14, fontWeight="bold").encode(
        text="priorities:Q", color=alt.Color("ink:N", scale=None)
    )
    return alt.layer(cells, text).properties(
        title=_title("Ratings by department", as_at, "priorities each department leads or contributes to"),
        height=max(120, row_px * df["who"].nunique()),
    )
