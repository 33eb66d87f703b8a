"""Keep every run going through app.py's frame (filters, sign-in), even a shared link opened first.

An app with a ``pages/`` folder is run as an old-style multipage app until ``st.navigation`` is
first called in the process (and AppTest resets that before every run), so a shared link such
as ``/priority?priority=HEA-01`` opened as the first request after a restart would run the page
without app.py's frame: no filters, no sign-in check. Importing ``ui`` checks, and so do
``ui.frame.data.query``, ``current_filters`` and ``require``; when the old mode is on, it is
switched off and the run starts again, so app.py routes the link as usual. The page name the
address asked for is kept across that restart (Streamlit's own restart forgets it), so that
``requested_page`` can tell app.py's router which page the address named.
"""

from __future__ import annotations

import streamlit as st

from ui.frame.streamlit_private import (
    end_pages_directory_mode,
    in_pages_directory_mode,
    in_script_run,
    requested_page_name,
)
from ui.frame.text import plain

ASKED = "requested_page"  # session_state: the page name asked for before the restart below


def navigation_only() -> None:
    """If Streamlit is in its old pages/-folder mode, switch it off and rerun through app.py."""
    if in_pages_directory_mode() and in_script_run():
        st.session_state[ASKED] = requested_page_name()
        end_pages_directory_mode()
        st.rerun()


def requested_page() -> str | None:
    """The page name the address asked for in this run ('nonsense' for /nonsense; '' or None for the root).

    Called once a run by app.py, before its router: what was kept across the restart above is read once.
    """
    kept = st.session_state.pop(ASKED, None)
    return kept or requested_page_name()


def page_not_found(asked: str, home) -> None:
    """Say plainly that the address names no page, with a link to ``home`` (an st.Page)."""
    st.title("Page not found")
    st.markdown(
        f"There is no page at /{plain(asked)} in this dashboard: the address may be mistyped, or from an older "
        "version of the dashboard. Choose a page from the menu, or go to the Overview."
    )
    st.page_link(home, label="Go to the Overview", icon=":material/dashboard:")
