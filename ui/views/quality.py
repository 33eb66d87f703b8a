"""What the Data quality page computes, once per store version and view (see ui/views/portfolio.py).

Every flag of the filters' scope as at the period (delivery/analysis/flags.py), from the cached
picture, with a link to each flag's priority; the thresholds come from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from delivery.analysis import flags
from delivery.analysis import picture as pictures
from delivery.errors import DeliveryError
from ui.frame.auth import secrets
from ui.frame.bounded import TABLE_ROWS
from ui.frame.components import date_columns, link_column, priority_links
from ui.frame.data import query
from ui.frame.text import plain
from ui.frame.widths import fitted
from ui.views.portfolio import ENTRIES, picture


def flag_rules() -> flags.FlagRules:
    """The flags' thresholds (DELIVERY_FLAG_*); a bad value falls back to its default (the Settings page says why)."""
    try:
        return flags.rules_from_settings(secrets())
    except DeliveryError:
        return flags.FlagRules()


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def all_flags(version: str, f, rules: flags.FlagRules) -> pd.DataFrame:
    """Every flag of the filters' scope as at the period, most serious first."""
    return flags.gather(query, picture(version, f), rules)


@dataclass(frozen=True)
class FlagCounts:
    """How many flags there are for one choice of kinds, and where: what the Overview says of them."""

    total: int  # flags shown
    priorities: int  # priorities they are on
    kinds: list  # every kind found (the filter's choices)
    by_department: pd.DataFrame
    by_kind: pd.DataFrame


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def flag_counts(version: str, f, rules: flags.FlagRules, kinds: tuple = ()) -> FlagCounts:
    """The flags of the filters' scope (only ``kinds``, when any are chosen), counted."""
    found = all_flags(version, f, rules)
    shown = found[found["kind"].isin(kinds)] if kinds else found
    return FlagCounts(
        len(shown),
        shown["priority_id"].nunique(),
        sorted(found["kind"].unique()),
        flags.counts(shown, "department").rename(columns={"department": "Department", "flags": "Flags"}),
        flags.counts(shown, "kind").rename(columns={"kind": "Flag", "flags": "Flags"}),
    )


@dataclass(frozen=True)
class QualityView(FlagCounts):
    """What the Data quality page draws for one choice of kinds: small, so a rerun costs a cache lookup."""

    table: pd.DataFrame  # the first TABLE_ROWS flags, for people (flag_table)
    fit: dict  # st.dataframe's arguments that fit the table to the page (ui.frame.widths.fitted)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def quality_view(version: str, f, rules: flags.FlagRules, kinds: tuple = ()) -> QualityView:
    """The flags of the filters' scope (only ``kinds``, when any are chosen), counted and tabled (the table and
    its links only for the rows shown: 4,000 flags at national scale)."""
    c = flag_counts(version, f, rules, kinds)
    found = all_flags(version, f, rules)
    head = (found[found["kind"].isin(kinds)] if kinds else found).head(TABLE_ROWS)
    table = flag_table(head.assign(link=priority_links(head["priority_id"], f)))
    return QualityView(
        c.total,
        c.priorities,
        c.kinds,
        c.by_department,
        c.by_kind,
        table,
        fitted(
            table,
            wrap=("Flag", "What the data says", "Look at"),
            column_config={"Open": link_column(short=True), **date_columns("Period")},
        ),
    )


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def priority_flags(version: str, f, pid: str, rules: flags.FlagRules) -> pd.DataFrame:
    """The flags of one priority as at the period, whatever the sidebar's department or theme."""
    return flags.gather(query, pictures.gather(query, pictures.Scope(priority_id=pid), f.as_at, f.rules), rules)


def priority_flags_note(version: str, f, pid: str) -> None:
    """The Priority page's flags: how many, each in a line, and the way to the Data quality page."""
    found = priority_flags(version, f, pid, flag_rules())
    if found.empty:
        return
    n = len(found)
    lines = "\n".join(f"- **{plain(r.kind)}:** {plain(r.explanation)}" for r in found.itertuples())
    st.warning(
        f"**{n} flag{'' if n == 1 else 's'} to check against the data**\n\n{lines}", icon=":material/fact_check:"
    )
    st.page_link("pages/data_quality.py", label="All flags: Data quality", icon=":material/fact_check:")


def overview_note(version: str, f) -> None:
    """The Overview's line on the flags: how many, on how many priorities, of which kinds, and the way to them."""
    v = flag_counts(version, f, flag_rules())
    if not v.total:
        st.caption("No flags: every check of the ratings, targets, milestones and figures passed.")
        return
    said = "; ".join(f"{plain(kind).lower()}: {n}" for kind, n in zip(v.by_kind["Flag"], v.by_kind["Flags"]))
    n, p = v.total, v.priorities
    st.markdown(
        f"**{n} flag{'' if n == 1 else 's'}** on {p} priorit{'y' if p == 1 else 'ies'}: claims to check against "
        f"the data ({said})."
    )
    st.page_link("pages/data_quality.py", label="See every flag: Data quality", icon=":material/fact_check:")


def forecast_caption(verdict: str | None, sentence: str | None) -> str:
    """'**Forecast: off course.** At this rate ...', said under a trajectory chart."""
    if not sentence:
        return ""
    return (f"**Forecast: {plain(verdict)}.** " if verdict else "**Forecast:** ") + plain(sentence)


FORECAST_KEY = (
    "Dashed purple line: where each indicator lands at its current rate (a Theil–Sen trend through its recent "
    "figures), with the range 8 in 10 projections fall in shaded; 'on course', 'at risk' and 'off course' say how "
    "many of them reach the target by its date."
)


def flag_table(found: pd.DataFrame) -> pd.DataFrame:
    """The flags as a table for people."""
    return pd.DataFrame(
        {
            "Priority": found["priority_id"],
            "Flag": found["kind"],
            "Department": found["department"],
            "Period": found["period"],
            "What the data says": found["explanation"],
            "Look at": found["look_at"],
            "Open": found["link"],
        }
    ).reset_index(drop=True)
