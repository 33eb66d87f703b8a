"""The sidebar's page menu, drawn by the app itself.

Streamlit's own menu is switched off (``client.showSidebarNavigation`` in
.streamlit/config.toml): on a fresh server's first visit it showed the pages/ folder's file
names (app, chains, data, ...) for a moment before ``st.navigation`` replaced them, and a
click on one of those gave "Page not found". This menu is drawn only from the pages that
app.py passes to ``st.navigation``, so it is right from the first frame.
"""

from __future__ import annotations

import streamlit as st


def page_menu(sections: dict[str, list]) -> None:
    """A heading per section and a link per page that is not hidden, at the top of the sidebar."""
    with st.sidebar.container(key="page_menu"):
        for name, pages in sections.items():
            shown = [p for p in pages if p.visibility != "hidden"]
            if not shown:
                continue
            st.caption(name)
            for page in shown:
                st.page_link(page, label=page.title, icon=page.icon or None)
        st.divider()
