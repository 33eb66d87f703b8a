"""The Upload page's choice of layout: our return template, or a department's own form read through one
of the datamaps in the reference folder (delivery/forms/registry.py). A user who uploads for one
department starts on the datamap registered for it, if there is one."""

from __future__ import annotations

import streamlit as st

from delivery import auth
from delivery.errors import DeliveryError
from delivery.forms.datamap import Datamap
from delivery.forms.registry import datamap_named, datamap_names, registered
from ui.frame.text import plain

OURS = "Our return template"


def pick_layout(user: auth.User) -> Datamap | None:
    """The datamap the analyst's files are read through, or None for our own template."""
    names = datamap_names()
    if not names:
        return None
    by_name = {name: dept for dept, name in registered().items()}
    options = [OURS, *names]
    mine = auth.allowed_departments(user)
    own = [registered()[d] for d in sorted(mine or ()) if d in registered()]
    choice = st.selectbox(
        "Layout of the files",
        options,
        index=options.index(own[0]) if len(own) == 1 else 0,
        format_func=lambda n: n if n == OURS else f"{by_name[n]}'s own form ({n})" if n in by_name else f"A form ({n})",
        key="upload_layout",
        help="A department's own form is read through its datamap; problems are shown at the form's own cells.",
    )
    if choice == OURS:
        return None
    try:
        return datamap_named(choice)
    except DeliveryError as error:
        st.error(plain(error), icon=":material/error:")
        st.stop()
