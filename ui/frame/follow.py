"""The priorities a person follows ("my priorities"), kept in the link like the sidebar's filters.

``?follow=HEA-01&follow=EDU-02`` (one parameter per priority ID: an ID may hold a comma) opens the
Priorities page listing only those, so a shared link shows the same list. The link is read once
into the box's state, like ui/frame/filters.py does; an ID in it that is not a priority as at the
period is said in plain words and left out, and changes nothing else. Moving between pages clears
the link, so the choice is also kept in the session and put back.
"""

from __future__ import annotations

import streamlit as st

from ui.frame.text import plain

PARAM = "follow"
KEY = "f_follow"
KEPT = "_kept_follow"
MOST = 100  # IDs a link may ask to follow; more is not a person's list
SHOWN = 40  # characters of an unknown ID quoted back


def _quoted(raw: str) -> str:
    return plain(raw if len(raw) <= SHOWN else raw[:SHOWN] + "…")


def _from_link(choices: list[str]) -> list[str]:
    """The IDs the link asks for that are priorities; say plainly which are not, and leave them out."""
    asked = list(dict.fromkeys(st.query_params.get_all(PARAM)))
    if len(asked) > MOST:
        st.warning(
            f"The link asks to follow {len(asked):,} priorities, more than the {MOST} a link may name; "
            "it is shown as if it named none."
        )
        return []
    unknown = [a for a in asked if a not in choices]
    if unknown:
        names = ", ".join(f"'{_quoted(u)}'" for u in unknown)
        what = "is not a priority" if len(unknown) == 1 else "are not priorities"
        st.warning(f"The link asks to follow {names}, which {what} in the store as at this period; left out.")
    return [a for a in asked if a in choices]


def followed_priorities(choices: dict[str, str]) -> list[str]:
    """Draw the "Priorities I follow" box and return the IDs chosen; keeps the link in step.

    ``choices`` is every priority as at the period, ID -> title.
    """
    ids = list(choices)
    if KEY not in st.session_state:
        seed = _from_link(ids) if PARAM in st.query_params else st.session_state.get(KEPT, [])
        st.session_state[KEY] = [i for i in seed if i in choices]
    else:  # another period may not have them all
        st.session_state[KEY] = [i for i in st.session_state[KEY] if i in choices]
    chosen = st.multiselect(
        "Priorities I follow",
        ids,
        key=KEY,
        format_func=lambda i: f"{i} · {choices[i]}",
        placeholder="All priorities",
        help="List only these. The link keeps them, so a copied link shows the same list.",
    )
    st.session_state[KEPT] = chosen
    if chosen:
        st.query_params[PARAM] = chosen
    else:
        st.query_params.pop(PARAM, None)
    return chosen
