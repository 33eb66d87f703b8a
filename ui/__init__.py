"""Streamlit helpers shared by the pages: data access, filters, components, sign-in.

Importing this package also switches off Streamlit's old "pages/ folder" mode. An app
with a ``pages/`` folder is treated as an old-style multipage app until ``st.navigation``
is first called in the process, so a shared link such as ``/priority?priority=HEA-01``
opened as the first request after a restart would run that page without app.py's frame
(no filters, no sign-in check). Every page imports ``ui``, so the first run notices,
switches the old mode off and reruns, and app.py routes the link as usual.
"""


def _navigation_only() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # a Streamlit without the old mode: nothing to switch off
        return
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        import streamlit as st

        st.rerun()


_navigation_only()
