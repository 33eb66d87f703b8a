"""Tables for people on the Overview, Priorities and Priority pages (no Streamlit).

Plain headers, dates as dates, ratings as their words (pages add the colour), and a
link to each priority that carries the current filters, so a copied link opens the
same view.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pandas as pd

from delivery.analysis import movement
from delivery.analysis.differences import Wording, change_text
from delivery.analysis.reporting import NOT_REPORTED, stale_text
from delivery.reference import profile
from delivery.reference.calendar import date_text  # noqa: F401  (pages and briefs import it from here)
from delivery.reference.ratings import NOT_ASSESSED, score


def priority_link(
    priority_id: str, as_at: dt.date | None, department: str | None = None, theme: str | None = None
) -> str:
    """The relative URL of a priority's page with the filters: 'priority?priority=HEA-01&period=...'."""
    params = {
        "priority": priority_id,
        "period": as_at.isoformat() if as_at else None,
        "department": department,
        "theme": theme,
    }
    return "priority?" + urlencode({k: v for k, v in params.items() if v})


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 stocktake action', '2 stocktake actions' (never 'action(s)'); ``plural`` for irregular words."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def money_text(pounds) -> str:
    """Money in millions for people, in the profile's currency: '£1,350.0m', '−£162.0m' (a real minus before
    the £), '$1,350.0m' in a dollar profile; '' for blank."""
    if pounds is None or pd.isna(pounds):
        return ""
    return f"{'−' if pounds < 0 else ''}{profile.current().currency_symbol}{abs(pounds) / 1e6:,.1f}m"


DATE_FORMAT = "D MMM YYYY"  # st.column_config.DateColumn's format for '30 Sep 2026', as fmt_date writes
TIME_FORMAT = (
    "D MMM YYYY, HH:mm"  # st.column_config.DatetimeColumn's: '30 Sep 2026, 14:05', under a 'When (UTC)' heading
)


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.date


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


# The Priorities table's columns: those that matter fit at 1400 px; the rest open with "More columns".
PRIORITY_COLUMNS = ["Open", "ID", "Priority", "Rating", "Written as", "Trend since last period", "Trajectory", "Due"]
MORE_PRIORITY_COLUMNS = ["Next milestone", "Rating history", "Score (1 Red–5 Green)", "Lead", "Contributing"]
CONCERN_ORDER_TEXT = (
    "worst rating first (a priority not updated this period by its last rating), then "
    "worsened or not updated, then off trajectory"
)


def _concern_key(rating, stale: bool, movement_now: str, trajectory: str) -> tuple:
    """Sort key for concern: rating (1 Red to 5 Green; Not assessed, then Complete, last), then
    worsened or not updated this period, then off trajectory."""
    rank = movement.rank(rating)
    return (
        5.5 if rank is None else rank,
        not (stale or movement_now == movement.WORSENED),
        not trajectory.startswith("Off trajectory"),
    )


def priorities_table(priorities: pd.DataFrame, trajectory: dict[str, str], links: list[str]) -> pd.DataFrame:
    """One row per priority, most concerning first: rating and trend, history scores, departments,
    next milestone, trajectory (see CONCERN_ORDER_TEXT; ties by ID).

    A priority not reported this period shows 'Not updated since <date>' as its rating and
    has no score (its old rating is in the trend, in words).
    """
    p = movement.with_movement(priorities)
    stale = p["movement"] == NOT_REPORTED
    table = _priorities_rows(p, stale, trajectory, links)
    keys = [
        _concern_key(r, s, m, t) + (i,)
        for r, s, m, t, i in zip(p["rag"], stale, p["movement"], table["Trajectory"], table["ID"])
    ]
    return table.iloc[sorted(range(len(table)), key=keys.__getitem__)].reset_index(drop=True)


def _priorities_rows(p: pd.DataFrame, stale: pd.Series, trajectory: dict[str, str], links: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ID": p["priority_id"],
            "Priority": p["title"],
            "Rating": [
                stale_text(d) if s else (_text(r) or NOT_ASSESSED) for r, s, d in zip(p["rag"], stale, p["last_return"])
            ],
            "Score (1 Red–5 Green)": [None if s else score(r) for r, s in zip(p["rag"], stale)],
            # The return's own word when the rating vocabulary turned it into the rating ("No DCA").
            "Written as": [_text(w) for w in p.get("rag_as_written", pd.Series([None] * len(p), index=p.index))],
            "Trend since last period": p["trend"],
            "Movement": p["movement"],
            "Rating history": [movement.history_scores(h) for h in p["rag_history"]],
            "Lead": p["lead_department"],
            "Contributing": [_text(c) for c in p["contributing_departments"]],
            "Next milestone": [_text(m) for m in p["next_milestone"]],
            "Due": _dates(p["next_milestone_due"]),
            "Trajectory": [trajectory.get(pid, "No indicators") for pid in p["priority_id"]],
            "Open": links,
        }
    ).reset_index(drop=True)


def attention_table(rows: pd.DataFrame, links: list[str]) -> pd.DataFrame:
    """Exceptions or small wins (from attention.exceptions / small_wins) with a link to each priority."""
    return pd.DataFrame(
        {
            "ID": rows["priority_id"],
            "Priority": rows["priority"],
            "Why": rows["why"],
            "Detail": rows["detail"],
            "Open": links,
        }
    ).reset_index(drop=True)


def freshness_table(status: pd.DataFrame) -> pd.DataFrame:
    """Per department (from reporting.returns_status): the period expected, its last return, when
    that was loaded, and whether it is up to date, not yet due or overdue. Overdue first."""
    f = status.sort_values(["periods_missed", "received", "department"], ascending=[False, True, True])
    return pd.DataFrame(
        {
            "Department": f["department_name"] + " (" + f["department"] + ")",
            "Return expected for": _dates(f["expected_period"]),
            "Due": _dates(f["due_date"]),
            "Last return (period end)": _dates(f["last_return"]),
            "Loaded on": _dates(f["last_loaded_at"]),
            "Status": f["status"],
        }
    ).reset_index(drop=True)


def risks_table(risks: pd.DataFrame) -> pd.DataFrame:
    """Risks, issues and barriers: escalations first, in plain words."""
    return pd.DataFrame(
        {
            "Kind": risks["kind"].str.capitalize(),
            "Description": risks["description"],
            "Owner": risks["owner"],
            "Likelihood (1-5)": risks["likelihood"],
            "Impact (1-5)": risks["impact"],
            "Escalated to": [
                {"none": "Not escalated", "centre": "The centre", "minister": "The minister"}.get(e, e)
                for e in risks["escalation"]
            ],
            "Status": risks["status"].str.capitalize(),
            "Due": _dates(risks["due_date"]),
            "Mitigation": risks["mitigation"],
        }
    ).reset_index(drop=True)


def budget_table(budget: pd.DataFrame) -> pd.DataFrame:
    """Money by financial year as money_text ('−£2.0m'), with forecast minus allocated, and the return
    each year was last reported in (from priority_budget: every financial year reported up to the period)."""
    money = {c: [money_text(v) for v in budget[c]] for c in ("allocated", "forecast", "spent")}
    out = pd.DataFrame(
        {
            "Financial year": budget["financial_year"],
            "Allocated": money["allocated"],
            "Forecast": money["forecast"],
            "Spent": money["spent"],
            "Forecast over (+) or under (−) allocation": [
                money_text(v) for v in budget["forecast"] - budget["allocated"]
            ],
        }
    )
    if "reported_in" in budget:
        out["Last reported in the return for"] = _dates(budget["reported_in"])
    return out.reset_index(drop=True)


# Over a cost's baseline is worse by the word itself, so no (worse); a baseline that small is
# most likely a return in £ where £m was meant (or a blank written as 0): the return is checked.
WHOLE_LIFE_COST = Wording(
    against="baseline",
    more="over",
    less="under",
    judged=False,
    tiny_note="the baseline looks like a units error; check the return",
    zero_note="a baseline of 0 gives no percentage; check the return",
)


def whole_life_cost_text(budget: pd.DataFrame) -> str | None:
    """'Whole-life cost in the return for 30 Jun 2026: £1,200.0m at baseline, now forecast at £1,350.0m,
    12.5% over baseline.', from the latest return that gives it (priority_budget rows), or None when
    no return does. The change is differences.change_text with WHOLE_LIFE_COST's words."""
    if budget.empty or "whole_life_cost_baseline" not in budget:
        return None
    given = budget[budget["whole_life_cost_baseline"].notna() | budget["whole_life_cost_forecast"].notna()]
    if given.empty:
        return None
    row = given.sort_values("reported_in").iloc[-1]
    base, now = row["whole_life_cost_baseline"], row["whole_life_cost_forecast"]
    parts = [f"{money_text(base)} at baseline" if pd.notna(base) else "no baseline given"]
    if pd.notna(now):
        parts.append(f"now forecast at {money_text(now)}")
        if pd.notna(base):
            parts.append(change_text(now, base, "down", WHOLE_LIFE_COST, money_text))
    when = pd.Timestamp(row["reported_in"])
    return f"Whole-life cost in the return for {when.day} {when:%b %Y}: {', '.join(parts)}."


def lead_since(detail: pd.Series, history: pd.DataFrame | None) -> str:
    """', since 31 Mar 2027; before: BEIS' when the lead department changed, else ''.

    ``history`` comes from priority_lead_history (since, lead_department, oldest first).
    """
    if history is None or history.empty:
        return ""
    leads = history["lead_department"].tolist()
    lead = detail["lead_department"]
    if lead not in leads or set(leads) == {lead}:
        return ""
    start = len(leads)
    while start > 0 and leads[start - 1] == lead:
        start -= 1
    if start == len(leads):
        return ""
    since = pd.Timestamp(history["since"].iloc[start])
    before = list(dict.fromkeys(reversed([d for d in leads[:start] if d != lead])))
    return f", since {since.day} {since:%b %Y}; before: {', '.join(before)}" if before else ""


def departments_text(codes, names: dict[str, str]) -> str:
    """'Department for Culture, Media and Sport (DCMS); Home Office (HO)' for 'DCMS, HO': named as the lead is,
    a code with no name as it is; '' for none."""
    listed = [c.strip() for c in _text(codes).split(",") if c.strip()]
    return "; ".join(f"{names[c]} ({c})" if names.get(c) and names[c] != c else c for c in listed)


def priority_facts(
    detail: pd.Series, lead_history: pd.DataFrame | None = None, names: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """The key facts of a priority as (label, text) pairs, blanks said plainly; ``names`` ({code: name})
    names the contributing departments as the lead is named."""
    target_date = pd.Timestamp(detail["target_date"]) if pd.notna(detail["target_date"]) else None
    return [
        ("Outcome", _text(detail["outcome"]) or "Not stated"),
        (
            "Target",
            (_text(detail["target"]) or "Not stated")
            + (f", by {target_date.day} {target_date:%b %Y}" if target_date is not None else ""),
        ),
        (
            "Lead department",
            f"{detail['lead_department_name']} ({detail['lead_department']})" + lead_since(detail, lead_history),
        ),
        (
            "Contributing departments",
            departments_text(detail["contributing_departments"], names or {}) or "No other department",
        ),
        ("Senior responsible owner", _text(detail["senior_responsible_owner"]) or "Not named"),
        ("Co-lead in the centre", _text(detail["centre_co_lead"]) or "Not named"),
        ("Theme", _text(detail["theme"]) or "Not stated"),
    ]


def rating_choices(table: pd.DataFrame) -> list[str]:
    """The Rating filter's choices: the ratings present (worst first), then 'Not reported this period'."""
    stale = table["Movement"] == NOT_REPORTED
    return movement.rating_order(table.loc[~stale, "Rating"]) + ([NOT_REPORTED] if stale.any() else [])


def movement_choices(table: pd.DataFrame) -> list[str]:
    """The Movement filter's choices: the four movements, then any others present."""
    extra = [m for m in (movement.SCALE_CHANGED, movement.CHANGED, NOT_REPORTED) if m in set(table["Movement"])]
    return list(movement.MOVEMENTS) + extra


def filter_priorities(table: pd.DataFrame, ratings: list[str], movements: list[str]) -> pd.DataFrame:
    """The rows of priorities_table with one of ``ratings`` and ``movements`` (empty list: any).

    The rating 'Not reported this period' picks the priorities not updated this period.
    """
    keep = pd.Series(True, index=table.index)
    if ratings:
        keep &= table["Rating"].isin(ratings) | ((table["Movement"] == NOT_REPORTED) & (NOT_REPORTED in ratings))
    if movements:
        keep &= table["Movement"].isin(movements)
    return table[keep].reset_index(drop=True)


def changes_table(rows: pd.DataFrame) -> pd.DataFrame:
    """What changed (analysis/changes.py's rows) as a table people read: old and new commentary side by side."""
    return pd.DataFrame(
        {
            "Priority": rows["priority_id"],
            "Title": rows["priority"],
            "What changed": rows["kind"],
            "Since": pd.to_datetime(rows["since"]).dt.date,
            "Detail": rows["detail"],
            "Before": rows["before"],
            "After": rows["after"],
        }
    )
