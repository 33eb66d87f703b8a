"""Keep every run going through app.py's frame (filters, sign-in), even a shared link opened first.

An app with a ``pages/`` folder is run as an old-style multipage app until ``st.navigation`` is
first called in the process (and AppTest resets that before every run), so a shared link such
as ``/priority?priority=HEA-01`` opened as the first request after a restart would run the page
without app.py's frame: no filters, no sign-in check. Importing ``ui`` checks, and so do
``ui.frame.data.query``, ``current_filters`` and ``require``; when the old mode is on, it is
switched off and the run starts again, so app.py routes the link as usual.
"""

from __future__ import annotations

import streamlit as st

from ui.frame.streamlit_private import end_pages_directory_mode, in_pages_directory_mode, in_script_run


def navigation_only() -> None:
    """If Streamlit is in its old pages/-folder mode, switch it off and rerun through app.py."""
    if in_pages_directory_mode() and in_script_run():
        end_pages_directory_mode()
        st.rerun()
