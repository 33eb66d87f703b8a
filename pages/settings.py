"""Settings (admins only): how this dashboard is set up, with the names to change each thing by.

Viewers read plain words in the sidebar; the setting names, file paths and the server's address
are here, for whoever runs the server.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from delivery import auth, settings
from delivery.local_mode import is_loopback_host
from delivery.reference import profile
from delivery.reference.files import reference_files
from ui.frame.auth import require, secrets, sign_in_configured
from ui.frame.data import get_store
from ui.frame.text import plain, text_table

require(auth.SETTINGS)
rows = {r["name"]: r for r in settings.describe(secrets())}


def named(name: str) -> str:
    """'`DELIVERY_DB`, set by the environment' (or 'unusable: why'), for a line of the page."""
    row = rows[name]
    said = f"`{name}`, set by {row['source']}"
    return f"{said}; **cannot be used**: {plain(row['problem'])}" if row["problem"] else said


def named_or_profile(name: str, key: str) -> str:
    """named(), or 'the profile's `government_name`' when the setting is left blank."""
    return named(name) if rows[name]["value"].strip() else f"the profile's `{key}`, as `{name}` is blank"


st.title("Settings")
st.caption(
    "How this dashboard is set up on its server. A setting is read from the environment, then from "
    ".streamlit/secrets.toml, then its default; change it there and restart the app."
)

st.header("Sign-in")
if sign_in_configured():
    st.markdown(
        "**Sign-in**: OpenID Connect, from the `[auth]` section of .streamlit/secrets.toml.  \n"
        f"**Roles file**: {plain(rows['DELIVERY_ROLES']['value'])} ({named('DELIVERY_ROLES')}): "
        "who may upload, roll back or administer; anyone else signed in is a viewer."
    )
else:
    address = st.get_option("server.address") or ""
    local_only = is_loopback_host(address)
    st.markdown(
        "**Sign-in**: none (no `[auth]` section in .streamlit/secrets.toml), so this is a local copy.  \n"
        f"**Local mode**: {plain(rows['DELIVERY_LOCAL_MODE']['value'])} ({named('DELIVERY_LOCAL_MODE')}): "
        "'auto' makes the one local user its admin; 'off' makes everyone a viewer.  \n"
        f"**Server address**: {plain(address) or 'empty: every network interface'} (`--server.address`, "
        f"or `server.address` in .streamlit/config.toml): "
        + ("this computer only." if local_only else "reachable from other computers, so everyone is a viewer.")
    )

st.header("Store")
store = get_store()
st.markdown(
    f"**Store folder**: {plain(store.root)} ({named('DELIVERY_DB')}).  \n"
    f"**Version served**: {plain(store.version() or 'none yet')}."
)

st.header("Briefs")
st.markdown(
    f"**Protective marking** on every page of every brief: {plain(profile.protective_marking(secrets()))} "
    f"({named_or_profile('DELIVERY_PROTECTIVE_MARKING', 'protective_marking')}).  \n"
    f"**Government name**: {plain(profile.government_name(secrets()))} "
    f"({named_or_profile('DELIVERY_GOVERNMENT_NAME', 'government_name')})."
)

st.header("Reference files")
st.caption("Edit a file to change what every page reads; it is read again when it changes.")
try:
    calendar = profile.calendar_path(secrets())
except settings.SettingError:
    calendar = None  # said in the table of settings below
files = reference_files(calendar)
text_table(
    pd.DataFrame(
        {
            "File": [f.name for f in files],
            "Holds": [f.holds for f in files],
            "Path": [str(f.path) if f.path else "none: every department reports quarterly" for f in files],
            "Setting": [f.setting for f in files],
            "Entries": [f.entries for f in files],
            "Problem": [f.problem for f in files],
        }
    )
)

st.header("Every setting")
table = pd.DataFrame(
    {
        "Setting": [r["name"] for r in rows.values()],
        "Value": [r["value"] for r in rows.values()],
        "Set by": [r["source"] for r in rows.values()],
        "Default": [r["default"] for r in rows.values()],
        "What it does": [f"{r['help']} Accepts {r['accepts']}." for r in rows.values()],
        "Problem": [r["problem"] for r in rows.values()],
    }
)
text_table(table if table["Problem"].any() else table.drop(columns="Problem"))
