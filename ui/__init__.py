"""Streamlit helpers shared by the pages: data access, filters, components, sign-in.

``navigation_only()`` switches off Streamlit's old "pages/ folder" mode. An app with a
``pages/`` folder is run as an old-style multipage app until ``st.navigation`` is first
called in the process (and AppTest resets that before every run), so a shared link such
as ``/priority?priority=HEA-01`` opened as the first request after a restart would run
the page without app.py's frame: no filters, no sign-in check. Importing ``ui`` and every
``ui.data.query`` call check; when the old mode is on, it is switched off and the run
starts again, so app.py routes the link as usual.
"""


def navigation_only() -> None:
    """If Streamlit is in its old pages/-folder mode, switch it off and rerun through app.py."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # a Streamlit without the old mode: nothing to switch off
        return
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        import streamlit as st

        st.rerun()


navigation_only()
