"""Tables for people on the Overview, Priorities and Priority pages (no Streamlit).

Plain headers, dates as dates, ratings as their words (pages add the colour), and a
link to each priority that carries the current filters, so a copied link opens the
same view.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pandas as pd

from delivery.analysis import attention, movement
from delivery.returns.ratings import NOT_ASSESSED, score


def priority_link(priority_id: str, as_at: dt.date | None, department: str | None = None,
                  theme: str | None = None) -> str:
    """The relative URL of a priority's page with the filters: 'priority?priority=HEA-01&period=...'."""
    params = {"priority": priority_id, "period": as_at.isoformat() if as_at else None,
              "department": department, "theme": theme}
    return "priority?" + urlencode({k: v for k, v in params.items() if v})


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.date


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def priorities_table(priorities: pd.DataFrame, trajectory: dict[str, str], links: list[str]) -> pd.DataFrame:
    """One row per priority: rating and trend, history scores, departments, next milestone, trajectory."""
    p = movement.with_movement(priorities)
    return pd.DataFrame({
        "ID": p["priority_id"], "Priority": p["title"],
        "Rating": p["rag"].fillna(NOT_ASSESSED), "Score (1 Red–5 Green)": [score(r) for r in p["rag"]],
        "Trend since last period": p["trend"], "Movement": p["movement"],
        "Rating history": [movement.history_scores(h) for h in p["rag_history"]],
        "Lead": p["lead_department"], "Contributing": [_text(c) for c in p["contributing_departments"]],
        "Next milestone": [_text(m) for m in p["next_milestone"]], "Due": _dates(p["next_milestone_due"]),
        "Trajectory": [trajectory.get(pid, "No indicators") for pid in p["priority_id"]],
        "Open": links,
    }).reset_index(drop=True)


def attention_table(rows: pd.DataFrame, links: list[str]) -> pd.DataFrame:
    """Exceptions or small wins (from attention.exceptions / small_wins) with a link to each priority."""
    return pd.DataFrame({"ID": rows["priority_id"], "Priority": rows["priority"], "Why": rows["why"],
                         "Detail": rows["detail"], "Open": links}).reset_index(drop=True)


def freshness_table(fresh: pd.DataFrame) -> pd.DataFrame:
    """Per department: last return, when it was loaded, and whether a return is overdue."""
    f = attention.freshness(fresh)
    return pd.DataFrame({
        "Department": f["department_name"] + " (" + f["department"] + ")",
        "Last return (period end)": _dates(f["last_return"]),
        "Loaded on": _dates(f["last_loaded_at"]), "Status": f["status"]}).reset_index(drop=True)


def risks_table(risks: pd.DataFrame) -> pd.DataFrame:
    """Risks, issues and barriers: escalations first, in plain words."""
    return pd.DataFrame({
        "Kind": risks["kind"].str.capitalize(), "Description": risks["description"], "Owner": risks["owner"],
        "Likelihood (1-5)": risks["likelihood"], "Impact (1-5)": risks["impact"],
        "Escalated to": [{"none": "Not escalated", "centre": "The centre", "minister": "The minister"}.get(e, e)
                         for e in risks["escalation"]],
        "Status": risks["status"].str.capitalize(), "Due": _dates(risks["due_date"]),
        "Mitigation": risks["mitigation"]}).reset_index(drop=True)


def budget_table(budget: pd.DataFrame) -> pd.DataFrame:
    """Money by financial year in £ million, with forecast minus allocated."""
    m = budget[["allocated", "forecast", "spent"]] / 1e6
    return pd.DataFrame({
        "Financial year": budget["financial_year"], "Allocated (£m)": m["allocated"],
        "Forecast (£m)": m["forecast"], "Spent (£m)": m["spent"],
        "Forecast over (+) or under (−) allocation (£m)": m["forecast"] - m["allocated"]}).reset_index(drop=True)


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


def priority_facts(detail: pd.Series, lead_history: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """The key facts of a priority as (label, text) pairs, blanks said plainly."""
    target_date = pd.Timestamp(detail["target_date"]) if pd.notna(detail["target_date"]) else None
    return [
        ("Outcome", _text(detail["outcome"]) or "Not stated"),
        ("Target", (_text(detail["target"]) or "Not stated")
         + (f", by {target_date.day} {target_date:%b %Y}" if target_date is not None else "")),
        ("Lead department", f"{detail['lead_department_name']} ({detail['lead_department']})"
                            + lead_since(detail, lead_history)),
        ("Contributing departments", _text(detail["contributing_departments"]) or "None"),
        ("Senior responsible owner", _text(detail["senior_responsible_owner"]) or "Not named"),
        ("Co-lead in the centre", _text(detail["centre_co_lead"]) or "Not named"),
        ("Theme", _text(detail["theme"]) or "None"),
    ]


def filter_priorities(table: pd.DataFrame, ratings: list[str], movements: list[str]) -> pd.DataFrame:
    """The rows of priorities_table with one of ``ratings`` and ``movements`` (empty list: any)."""
    keep = pd.Series(True, index=table.index)
    if ratings:
        keep &= table["Rating"].isin(ratings)
    if movements:
        keep &= table["Movement"].isin(movements)
    return table[keep].reset_index(drop=True)
