"""The minister's brief for a scope and period: on screen, and as PDF, PowerPoint or an Excel pack."""

import streamlit as st

from ui.brief import controls, screen
from ui.forms import notes
from ui.frame import components as ui
from ui.frame.data import store_version
from ui.frame.filters import current_filters
from ui.views import detail as views

f = current_filters()
ui.page_header("Brief", f)
ui.no_data_stop(f)
st.caption(
    "The brief a delivery unit writes before a stocktake, made from the data: the period is the "
    "sidebar's 'As at'. Every figure is as at its return's date."
)
scope = controls.scope_picker(f)
notes.covering_note(scope, f.as_at)
made = views.brief(store_version(), scope, f.as_at, f.rules, ui.government_name())
controls.downloads(views.brief_data(store_version(), scope, f.as_at, f.rules), made.text)
screen.show(made.screen, made.charts)
