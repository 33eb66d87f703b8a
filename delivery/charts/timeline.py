"""The milestone timeline (Overview, Milestones and Priority pages): baseline and forecast dates, slippage and
status in words, as a pure Altair chart (no Streamlit).

Every status differs by colour and shape and is written beside its mark, so colour is never the only signal.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from delivery.analysis import milestone_status
from delivery.charts.portfolio import FIT_WIDTH, MILESTONE_CHARS, ROW_PX, readable
from delivery.charts.priority import LINE_PX, LINES_EXPR, as_at_label, chart_title, line_count, wrap
from delivery.reference.ratings import COLOURS

# Room right of the timeline's plot, in pixels, for the words beside the latest dates: a share
# of the dates alone leaves too little on a narrow page.
NOTE_ROOM = {"left": 5, "top": 5, "bottom": 5, "right": 140}

# Milestone statuses: colour and shape both differ, and each mark carries a text label.
STATUS_COLOURS = {
    milestone_status.OVERDUE: COLOURS["Red"],
    milestone_status.DUE_30: COLOURS["Amber/Red"],
    milestone_status.DUE_90: "#B8860B",
    milestone_status.LATER: "#636363",
    milestone_status.COMPLETED: COLOURS["Complete"],
    milestone_status.NOT_UPDATED: "#9E9E9E",
}
STATUS_SHAPES = {
    milestone_status.OVERDUE: "cross",
    milestone_status.DUE_30: "triangle-up",
    milestone_status.DUE_90: "diamond",
    milestone_status.LATER: "circle",
    milestone_status.COMPLETED: "square",
    milestone_status.NOT_UPDATED: "triangle-down",
}


def _milestone_note(row) -> str:
    slip = row.slippage_days if pd.notna(row.slippage_days) else 0
    slipped = f", slipped {slip} days" if slip > 0 else ""
    if row.status == milestone_status.COMPLETED:
        return "Completed on time" if slip <= 0 else f"Completed {slip} days late"
    if row.status == milestone_status.NOT_UPDATED:
        return "Not updated: return overdue"
    if row.status == milestone_status.OVERDUE:  # overdue days are slippage: name the slip only when it is more
        return f"Overdue by {row.days_overdue} days{slipped if slip != row.days_overdue else ''}"
    return f"Due in {(row.due_date - pd.Timestamp(row.as_at)).days} days{slipped}"


def milestone_frame(df: pd.DataFrame, as_at: dt.date, period_start: dt.date | None = None) -> pd.DataFrame:
    """The rows milestone_timeline_chart draws: label, baseline_date, end_date, status, note.

    ``df`` already classified (it has a status column, as the picture's milestones do) is drawn as it is.
    """
    out = df.copy() if "status" in df else milestone_status.classify_milestones(df, as_at, period_start)
    if out.empty:
        return out
    out["as_at"] = pd.Timestamp(as_at)
    out["end_date"] = out["completed_date"].where(out["status"] == milestone_status.COMPLETED, out["due_date"])
    # Say which priority each milestone serves only when there is more than one: one priority's
    # chart (the Priority page) repeated "EDU-01" on every label.
    several = "priority_id" in out and out["priority_id"].nunique() > 1
    prefix = out["priority_id"].astype(str) + " · " if several else ""
    if several and "priority_title" in out:  # across government, with the priority's title
        prefix = out["priority_id"].astype(str) + " " + out["priority_title"].astype(str) + " · "
    out["label"] = prefix + out["title"].astype(str) + " (" + out["milestone_id"].astype(str) + ")"
    out["note"] = [_milestone_note(r) for r in out.itertuples()]
    # Only what the chart draws: less to serialise and send to the browser.
    keep = ["label", "baseline_date", "end_date", "status", "note"]
    return out.sort_values(["end_date", "label"])[keep].reset_index(drop=True)


def milestone_timeline_chart(
    df: pd.DataFrame,
    as_at: dt.date,
    period_start: dt.date | None = None,
    title: str = "Milestones: baseline and forecast dates",
) -> alt.LayerChart:
    """Milestones on a timeline: baseline date, forecast (or completion) date, slippage, status.

    ``df`` has one row per milestone with columns milestone_id, title, baseline_date,
    forecast_date, completed_date (dates or NaT) and, optionally, priority_id (shown
    before the title). Statuses are worked out against ``as_at`` (see
    milestone_status.classify_milestones). A black tick marks the baseline date, a line the
    slippage, a coloured mark of a distinct shape the forecast or completion date, with
    the status in words beside it; a dashed rule marks the as-at date.
    """
    rows = milestone_frame(df, as_at, period_start)
    sort = list(dict.fromkeys(rows["label"])) if not rows.empty else []
    rows, beyond = clamp_to_window(rows, as_at)
    # A note starts right of the as-at line and right of the baseline tick, so neither the dashed line
    # nor the slippage line of a milestone forecast before its baseline date runs through its words.
    # The slippage line of an overdue milestone runs on to the as-at date: overdue time is slippage.
    rows = rows.assign(
        row=[label_lines(v) for v in rows.get("label", [])],
        note_at=rows[["end_shown", "baseline_shown"]].max(axis=1).clip(lower=pd.Timestamp(as_at)),
        slip_shown=rows["end_shown"].where(
            rows.get("status") != milestone_status.OVERDUE, rows["end_shown"].clip(lower=pd.Timestamp(as_at))
        ),
    )
    row_px = max(ROW_PX, LINE_PX * line_count(rows["row"]) + 8)
    lo, hi = _date_domain(rows, as_at)
    x_scale = alt.Scale(domain=[lo.isoformat(), hi.isoformat()])
    # No axis title: the labels name the milestones, and a title would collide with long labels.
    y = alt.Y(
        "row:N",
        sort=[label_lines(v) for v in sort],
        title=None,
        axis=alt.Axis(labelExpr=LINES_EXPR, labelLimit=0, labelLineHeight=LINE_PX),
    )
    tip = [
        alt.Tooltip("label:N", title="Milestone"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("baseline_date:T", title="Baseline", format="%-d %b %Y"),
        alt.Tooltip("end_date:T", title="Forecast or completed", format="%-d %b %Y"),
        alt.Tooltip("note:N", title="Note"),
    ]
    base = alt.Chart(rows).encode(y=y)
    months = max(1, round((hi - lo).days / 30))
    # Whole months only (a tick every fortnight would print "Jun 2026" twice), about eight ticks.
    ticks = alt.TimeIntervalStep(interval="month", step=max(1, -(-months // 8)))
    # Flush: the last month's label ends at the plot's edge instead of running past it.
    # Greedy: on a narrow page, months whose labels would touch are left unlabelled.
    x_axis = alt.Axis(
        format="%b %Y",
        title="Date (month and year)",
        tickCount=ticks,
        labelFlush=True,
        labelOverlap="greedy",
        labelSeparation=6,
    )
    slip = base.mark_rule(color="#636363", strokeWidth=2).encode(
        x=alt.X("baseline_shown:T", scale=x_scale, axis=x_axis), x2="slip_shown:T"
    )
    baseline = base.mark_tick(color="#252525", thickness=2, size=18).encode(x="baseline_shown:T", tooltip=tip)
    status = alt.Color(
        "status:N", title="Status", scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))
    )
    shape = alt.Shape(
        "status:N", title="Status", scale=alt.Scale(domain=list(STATUS_SHAPES), range=list(STATUS_SHAPES.values()))
    )
    end = base.mark_point(filled=True, size=150, opacity=1).encode(
        x="end_shown:T", color=status, shape=shape, tooltip=tip
    )
    note = base.mark_text(align="left", dx=10, fontSize=11, color="#252525").encode(x="note_at:T", text="note:N")
    when = alt.Chart(pd.DataFrame({"as_at": [pd.Timestamp(as_at)], "text": [as_at_label(as_at)]}))
    rule = when.mark_rule(strokeDash=[4, 4], color="#252525").encode(x="as_at:T")
    rule_text = when.mark_text(align="left", dx=4, dy=-6, baseline="bottom", fontSize=11).encode(
        x="as_at:T", y=alt.value(0), text="text:N"
    )
    # The legend goes underneath, one a row, so on a narrow page it neither squeezes the dates nor sits on
    # the notes nor runs off the right edge (it starts where the plot does, right of the milestones' names:
    # two a row ran past a phone's edge, three past a 1024 px page's).
    return readable(
        alt.layer(slip, baseline, end, note, rule, rule_text).properties(
            title=chart_title(
                title,
                [
                    f"{as_at_label(as_at)}. Black tick: baseline date; line: slippage; coloured mark: forecast "
                    "date (or completion date), with the status in words.",
                    *beyond,
                ],
                anchor=None,
            ),
            height=max(row_px * len(rows), 60),
            width="container",
            autosize=FIT_WIDTH,
            padding=NOTE_ROOM,
        ),
        orient="bottom",
        direction="horizontal",
        columns=1,
    )


def label_lines(label: str) -> str:
    """A milestone's label on lines for the axis: its priority, then the milestone, each wrapped."""
    return "\n".join(wrap(part, MILESTONE_CHARS) for part in str(label).split(" · "))


# The timeline shows at most this window around the as-at date; one milestone due in 2061
# must not squeeze every other into a sliver. Dates beyond sit at the edge, said in words.
YEARS_BEFORE, YEARS_AFTER = 2, 5


def clamp_to_window(rows: pd.DataFrame, as_at: dt.date) -> tuple[pd.DataFrame, list[str]]:
    """``rows`` with baseline_shown and end_shown kept inside the window, and a sentence on what lies beyond."""
    at = pd.Timestamp(as_at)
    lo, hi = at - pd.DateOffset(years=YEARS_BEFORE), at + pd.DateOffset(years=YEARS_AFTER)
    out = rows.copy()
    if out.empty:
        return out.assign(
            baseline_shown=pd.Series(dtype="datetime64[us]"), end_shown=pd.Series(dtype="datetime64[us]")
        ), []
    for col in ("baseline_date", "end_date"):
        out[col.replace("_date", "_shown")] = pd.to_datetime(out[col]).clip(lower=lo, upper=hi)
    late = pd.to_datetime(out["end_date"]) > hi
    early = pd.to_datetime(out["baseline_date"]) < lo
    out.loc[late, "note"] = [
        f"{n} (due {d.day} {d:%b %Y}, beyond the chart)"
        for n, d in zip(out.loc[late, "note"], pd.to_datetime(out.loc[late, "end_date"]))
    ]
    said = []
    if late.any():
        last = pd.to_datetime(out["end_date"]).max()
        said.append(
            f"{int(late.sum())} milestone{'s' if late.sum() > 1 else ''} fall{'s' if late.sum() == 1 else ''} "
            f"after {hi.day} {hi:%b %Y} (the latest {last.day} {last:%b %Y}): drawn at the right edge."
        )
    if early.any():
        said.append(
            f"{int(early.sum())} baseline date{'s' if early.sum() > 1 else ''} before {lo.day} {lo:%b %Y}: "
            "drawn at the left edge."
        )
    return out, said


def _date_domain(rows: pd.DataFrame, as_at: dt.date) -> tuple[dt.date, dt.date]:
    """The x range: every date shown and the as-at date, with room on the right for the notes."""
    dates = [pd.Timestamp(as_at)]
    if not rows.empty:
        dates += list(rows["baseline_shown"].dropna()) + list(rows["end_shown"].dropna())
    lo, hi = min(dates), max(dates)
    span = max((hi - lo).days, 60)
    return (lo - pd.Timedelta(days=15)).date(), (hi + pd.Timedelta(days=int(span * 0.45) + 20)).date()
