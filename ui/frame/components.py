"""Small pieces every page uses: the page header, "as at" captions, ratings as text and colour.

Ratings are never shown by colour alone: tables show the rating's words on its colour,
markdown shows a coloured badge with the words in it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from delivery import auth, settings
from delivery.analysis.tables import DATE_FORMAT, TIME_FORMAT, priority_link
from delivery.analysis.tables import date_text as fmt_date  # fmt_date: pages import it from here
from delivery.reference import profile
from delivery.reference.ratings import (
    AMBER,
    AMBER_GREEN,
    AMBER_RED,
    COLOURS,
    COMPLETE,
    GREEN,
    NOT_ASSESSED,
    RED,
    ink_for,
)
from delivery.returns.inert import csv_bytes
from ui.frame.auth import current_user, secrets
from ui.frame.text import plain

# Streamlit's markdown badge colours closest to each rating's colour; the words go inside.
BADGE = {
    RED: "red",
    AMBER_RED: "orange",
    AMBER: "yellow",
    AMBER_GREEN: "green",
    GREEN: "green",
    COMPLETE: "blue",
    NOT_ASSESSED: "gray",
}
NO_DATA = "No returns have been loaded yet, so there is nothing to show."
# the next step, in the words of who is reading: only an admin can run a command on the server
NEXT_STEP = {
    "viewer": "The delivery unit loads departments' returns; this page fills in when the first is loaded.",
    "loader": "Load a department's return on the Upload returns page to begin.",
    "admin": "Load a department's return on the Upload returns page, "
    "or with `python -m delivery load FILE` on the server, to begin.",
}


def no_data_text(user: auth.User) -> str:
    """The empty store's message for ``user``: the next step they can take themselves."""
    if user.role == auth.ADMIN:
        return f"{NO_DATA} {NEXT_STEP['admin']}"
    return f"{NO_DATA} {NEXT_STEP['loader' if auth.can_see_data_pages(user) else 'viewer']}"


def government_name() -> str:
    """The government's name: the DELIVERY_GOVERNMENT_NAME setting, else the profile's."""
    try:
        return profile.government_name(secrets())
    except Exception:  # secrets or profile not readable: the name is cosmetic, never worth an error box
        return settings.get("DELIVERY_GOVERNMENT_NAME") or "Government"


def as_at_text(as_at: dt.date | None) -> str:
    """'as at 30 Jun 2026' (or a plain note when nothing is loaded)."""
    return f"as at {fmt_date(as_at)}" if as_at else "no data loaded yet"


def scope_text(filters) -> str:
    """What the sidebar filters select, in words: 'Department: DfE · Theme: Health'."""
    parts = [
        f"Department: {plain(filters.department)} (leads or contributes)" if filters.department else "All departments",
        f"Theme: {plain(filters.theme)}" if filters.theme else "all themes",
    ]
    return " · ".join(parts)


def page_header(title: str, filters) -> None:
    """The page title, and a caption with the government, the "as at" date and the scope.

    ``title`` is Markdown: a caller that puts data in it escapes that part with ``plain()``.
    """
    st.title(title)
    when = as_at_text(filters.as_at)
    st.caption(f"{plain(government_name())} · {when[0].upper()}{when[1:]} · {scope_text(filters)}")


def rating_badge(rating: str | None) -> str:
    """Markdown for a rating: a coloured badge with its words (':red-badge[Red]')."""
    if not rating or (not isinstance(rating, str) and pd.isna(rating)):
        return ":gray-badge[Not rated]"
    return f":{BADGE.get(rating, 'gray')}-badge[{plain(rating)}]"


def rating_css(value) -> str:
    """CSS for a table cell holding a rating: its colour behind its words, readable ink."""
    if not isinstance(value, str) or value not in COLOURS:
        return ""
    return f"background-color: {COLOURS[value]}; color: {ink_for(value)}"


def style_ratings(df: pd.DataFrame, columns: list[str]):
    """A Styler that paints the rating columns (the words stay; colour is added)."""
    present = [c for c in columns if c in df.columns]
    return df.style.map(rating_css, subset=present) if present else df.style


def empty_state(message: str) -> None:
    """A plain-words note that there is nothing to show here, and why."""
    st.info(message)


def no_data_stop(filters) -> None:
    """Stop the page with a plain message when the store has no returns at all."""
    if filters.as_at is None:
        empty_state(no_data_text(current_user()))
        st.stop()


def nothing_in_scope(filters, what: str = "priorities") -> str:
    """'There are no priorities as at 30 Jun 2026 led or contributed to by MoJ. ...' in plain words."""
    where = [
        f"led or contributed to by {plain(filters.department)}" if filters.department else "",
        f"in the theme {plain(filters.theme)}" if filters.theme else "",
    ]
    scope = " ".join(w for w in where if w)
    return (
        f"There are no {what} {as_at_text(filters.as_at)}{' ' + scope if scope else ''}. "
        "The department may not have sent a return yet; choose another department, theme or period."
    )


def priority_links(priority_ids, filters) -> list[str]:
    """Links to each priority's page carrying the current filters."""
    return [priority_link(p, filters.as_at, filters.department, filters.theme) for p in priority_ids]


def csv_download(frame: pd.DataFrame, label: str, file_name: str, key: str) -> None:
    """A '<label> as CSV' button: the table with every cell a spreadsheet would run made inert.

    Every CSV the app offers goes through delivery.returns.inert.csv_bytes (st.dataframe's own
    CSV export is switched off in .streamlit/config.toml because it writes cells raw).
    """
    # The bytes are made when the button is clicked, not on every rerun (a 1,000-row table's CSV
    # was a quarter of the Milestones page's warm rerun).
    st.download_button(
        f"{label} as CSV",
        lambda: csv_bytes(frame),
        file_name,
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )


ROW_PX = 35  # st.dataframe's default row (and header) height


def table_height(rows: int, most: int = 40, row_px: int = ROW_PX) -> int:
    """Pixels for st.dataframe to show ``rows`` rows (up to ``most``) of ``row_px`` each without scrolling."""
    return ROW_PX + row_px * min(rows, most) + 3


def link_column(short: bool = False) -> st.column_config.LinkColumn:
    """The 'Open' column of a table of priorities (a link to each priority's page)."""
    return st.column_config.LinkColumn(
        "Open",
        display_text="Open" if short else "Open priority",
        help="Opens the priority's page",
        width=60 if short else 110,  # its words, not the link's address, set its width
    )


def date_columns(*names: str) -> dict:
    """column_config showing these date columns as '30 Sep 2026' (they stay dates, so they sort as dates)."""
    return {name: st.column_config.DateColumn(format=DATE_FORMAT) for name in names}


def time_columns(*names: str) -> dict:
    """column_config showing these columns of UTC times as '30 Sep 2026, 14:05' (headed 'When (UTC)')."""
    return {name: st.column_config.DatetimeColumn(format=TIME_FORMAT) for name in names}


def chosen_priority(choices: pd.DataFrame) -> str | None:
    """The priority the link asks for (?priority=ID), if it exists as at this period."""
    wanted = st.query_params.get("priority")
    return wanted if not choices.empty and wanted in set(choices["priority_id"]) else None


def priority_picker(choices: pd.DataFrame, current: str | None) -> None:
    """A box to choose another priority; the choice goes into the URL."""
    ids = list(choices["priority_id"]) if not choices.empty else []
    titles = dict(zip(ids, choices["title"])) if ids else {}
    st.session_state["priority_pick"] = current
    st.selectbox(
        "Choose a priority",
        ids,
        key="priority_pick",
        format_func=lambda p: f"{p}: {titles[p]}",
        placeholder="Choose a priority",
        on_change=_priority_to_url,
    )


def no_priority_stop(choices: pd.DataFrame, filters) -> None:
    """Say why no priority is shown (unknown id, none chosen, none at all) and stop the page."""
    wanted = st.query_params.get("priority")
    if wanted:
        st.warning(f"There is no priority '{plain(wanted)}' {as_at_text(filters.as_at)}. Choose one from the list.")
    if choices.empty:
        empty_state(f"There are no priorities {as_at_text(filters.as_at)}.")
    else:
        st.info("Choose a priority to see its outcome, chain, trajectories, milestones, risks and budget.")
    st.stop()


def _priority_to_url() -> None:
    if st.session_state.get("priority_pick"):
        st.query_params["priority"] = st.session_state["priority_pick"]
