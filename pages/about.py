"""About this data: what every rating word and every column means, what a return holds, and the
accessibility statement. For everyone; the words come from delivery.analysis.dictionary, which
reads them from the rating scale, the rating vocabulary file and the return's contract."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from delivery.analysis import dictionary
from delivery.returns.contract import ABOUT_SHEET, SHEETS
from ui.frame.text import text_table as table

STATEMENT = Path(__file__).resolve().parent.parent / "docs" / "accessibility.md"


st.title("About this data")
st.markdown(
    "Every figure on these pages comes from the returns that departments send the delivery unit each "
    "month or quarter, as they stood at the period chosen in the sidebar (the 'as at' date). Nothing is "
    "typed in here: a figure changes when a department sends a new return."
)

st.header("Ratings")
st.caption(
    "Delivery confidence ratings, worst first. Some departments rate on five points and some on three; "
    "the score puts both on one scale."
)
table(dictionary.rating_scale())
st.subheader("Other words returns use")
st.caption("Words a return may use instead of a rating, and how the dashboard reads them.")
table(dictionary.rating_words())

st.header("What the columns mean")
st.caption(dictionary.ORDER_NOTE)
columns = dictionary.page_columns()
for page, rows in columns.groupby("Page", sort=False):
    with st.expander(page):
        table(rows.drop(columns="Page"))

st.header("What a return holds")
st.caption(
    "The columns of a department's return workbook, sheet by sheet, as its template explains them. "
    "'Must be filled': yes, or the return is refused; expected, a blank is kept with a warning; no, it may be blank."
)
held = dictionary.return_columns()
for name, help_text in [(ABOUT_SHEET, "About this return."), *((s.name, s.help) for s in SHEETS)]:
    with st.expander(name):
        st.caption(help_text)
        table(held[held["Sheet"] == name].drop(columns="Sheet"))

# The statement is docs/accessibility.md, the same words in the repository and here; its headings
# move one level down, under this page's title.
try:
    st.markdown(re.sub(r"(?m)^#", "##", STATEMENT.read_text(encoding="utf-8")))
except OSError:  # a copy deployed without docs/: say so, never a traceback
    st.header("Accessibility statement")
    st.info("The accessibility statement is missing from this copy of the dashboard: ask the delivery unit for it.")
