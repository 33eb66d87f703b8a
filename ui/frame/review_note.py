"""The note at the top of the Browse pages once the store reviews returns: which returns in scope the
centre has not yet accepted, and whether these pages include them (the centre's draft picture) or not
(the agreed picture viewers see). The same words as the brief's (delivery/briefs/content.py)."""

from __future__ import annotations

import streamlit as st

from delivery.briefs.content import under_review_text
from ui.frame.data import query
from ui.frame.filters import current_filters
from ui.frame.text import plain


def show_unreviewed() -> None:
    """Say which returns are under review, as at the sidebar's period and in its department (none: nothing)."""
    f = current_filters()
    if f.as_at is None:
        return
    pending = query("returns_under_review", as_at=f.as_at)
    if f.department is not None and not pending.empty:
        pending = pending[pending["department"] == f.department]
    said = under_review_text(pending)
    if said:
        st.info(plain(said), icon=":material/rate_review:")
