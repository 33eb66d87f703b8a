"""The Streamlit glue between pages/ and the domain package delivery/, in four parts.

- ``ui/frame/``: what every page stands on: the data door (named queries on the published
  store version), the sidebar filters, sign-in and roles, text shown as typed, page pieces and
  formatting, coloured and bounded tables, finished charts, guarded writes, the page menu, and
  the one adapter for Streamlit's private names (``streamlit_private``).
- ``ui/forms/``: the parts of pages that change the store: upload, transfers, the loads history
  and rollback, the centre's judgements.
- ``ui/brief/``: the brief on screen, its scope picker and its downloads.
- ``ui/views/``: the page bodies: what each page computes, cached per store version and view,
  and the thread that computes the default views after a load.

Imports point one way: frame <- forms <- brief <- views (each part imports only parts before
it); pages/ and app.py import ui and delivery; nothing in ui imports pages, app or bench
(tests/test_layout.py).

Importing ``ui`` switches off Streamlit's old "pages/ folder" mode (ui/frame/navigation.py).
"""

from ui.frame.navigation import navigation_only

navigation_only()
