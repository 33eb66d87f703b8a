import streamlit as st

from ui.components import page_header
from ui.filters import current_filters

page_header("priority", current_filters())
