"""The reference folder on start: the app says in one sentence when its government profile has problems
or warnings (``python -m delivery check-reference`` lists each), instead of a blank page later."""

from __future__ import annotations

import streamlit as st

from delivery import settings
from delivery.auth import ADMIN
from delivery.reference.check import FILES, check_reference
from delivery.reference.profile import reference_folder
from ui.frame.auth import current_user, error_text, secrets


def use_reference_setting() -> None:
    """DELIVERY_REFERENCE from the secrets file, when the environment does not set it: the domain reads the
    environment (the reader's child processes inherit it), so a secrets-file value is copied there once."""
    settings.export_from_secrets("DELIVERY_REFERENCE", secrets())  # an unusable one: show_reference_check says why


def show_reference_check() -> None:
    """One sentence in the sidebar when the reference folder has problems (for everyone: pages may be
    wrong) or only warnings (for admins, who can mend it)."""
    try:
        settings.get("DELIVERY_REFERENCE", secrets())
        folder = reference_folder()
    except settings.SettingError as error:
        st.sidebar.error(error_text(error))
        return
    stamps = tuple(_stamp(folder / name) for name in FILES)
    checked = _checked(str(folder), stamps)
    if checked.problems:
        st.sidebar.error(error_text(checked.sentence()))
    elif checked.warnings and current_user().role == ADMIN:
        st.sidebar.warning(error_text(checked.sentence()))


def _stamp(path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


@st.cache_data(max_entries=4, show_spinner=False)
def _checked(folder: str, stamps: tuple):
    """The folder's check, again only when one of its files changes."""
    return check_reference(folder)
