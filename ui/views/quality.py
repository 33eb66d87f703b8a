"""What the Data quality page computes, once per store version and view (see ui/views/portfolio.py).

Every flag of the filters' scope as at the period (delivery/analysis/flags.py), from the cached
picture, with a link to each flag's priority; the thresholds come from the settings.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from delivery.analysis import flags
from delivery.errors import DeliveryError
from ui.frame.auth import secrets
from ui.frame.components import priority_links
from ui.frame.data import query
from ui.views.portfolio import ENTRIES, picture


def flag_rules() -> flags.FlagRules:
    """The flags' thresholds (DELIVERY_FLAG_*); a bad value falls back to its default (the Settings page says why)."""
    try:
        return flags.rules_from_settings(secrets())
    except DeliveryError:
        return flags.FlagRules()


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def all_flags(version: str, f, rules: flags.FlagRules) -> pd.DataFrame:
    """Every flag of the filters' scope as at the period, most serious first, with an Open link."""
    found = flags.gather(query, picture(version, f), rules)
    return found.assign(link=priority_links(found["priority_id"], f))


def flag_counts(version: str, f) -> dict[str, int]:
    """How many flags each priority of the scope has: what the Overview and the Priority page show."""
    found = all_flags(version, f, flag_rules())
    return found["priority_id"].value_counts().to_dict() if len(found) else {}


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
