"""The delivery dashboard: the frame and router, nothing else.

Sets the page up, makes sure the store is ready (upgraded, and the small demo loaded
into an empty store on first start), shows the government's name and the latest
"as at" date, draws the global filters for the Browse pages, and runs the chosen page.
"""
import logging

import streamlit as st

from delivery.demo.bootstrap import ensure_demo_store
from delivery.errors import DeliveryError
from ui.auth import current_user, data_pages_for, guard_page, sign_in_widget
from ui.components import fmt_date, government_name
from ui.data import get_store, query
from ui.filters import sidebar_filters

st.set_page_config(page_title="Delivery dashboard", page_icon=":material/flag:", layout="wide")

OVERVIEW = st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True)
PRIORITY = st.Page("pages/priority.py", title="Priority", icon=":material/flag:", url_path="priority",
                   visibility="hidden")  # reached by ?priority=ID or by a row of the Priorities table
BROWSE_PAGES = [
    OVERVIEW,
    st.Page("pages/priorities.py", title="Priorities", icon=":material/list:", url_path="priorities"),
    PRIORITY,
    st.Page("pages/milestones.py", title="Milestones", icon=":material/event:", url_path="milestones"),
    st.Page("pages/chains.py", title="Delivery chains", icon=":material/account_tree:", url_path="chains"),
    st.Page("pages/indicators.py", title="Indicators", icon=":material/monitoring:", url_path="indicators"),
    st.Page("pages/changes.py", title="What changed", icon=":material/difference:", url_path="changes"),
    st.Page("pages/brief.py", title="Brief", icon=":material/description:", url_path="brief"),
]
# ---- The "Data" section (upload returns, loads history): the upload issue adds its pages here.
DATA_PAGES: list = [
    st.Page("pages/upload.py", title="Upload returns", icon=":material/upload_file:", url_path="upload"),
    st.Page("pages/data.py", title="Loads and history", icon=":material/history:", url_path="loads"),
]


@st.cache_resource(show_spinner="Preparing the data store…")
def _prepare_store(root: str) -> None:
    """Upgrade the store to this code's schema and load the demo into an empty store, once per process."""
    store = get_store()
    store.upgrade()
    ensure_demo_store(store)


def prepare_store() -> None:
    """Prepare the store, or say plainly why not (the pages then show an empty dashboard)."""
    try:
        _prepare_store(str(get_store().root))
    except DeliveryError as e:
        st.warning(f"The data store could not be prepared: {e}")
    except Exception:  # first start must never show a traceback; the log keeps the detail
        logging.getLogger(__name__).exception("Preparing the store failed")
        st.warning("The demo data could not be loaded into the empty store. "
                   "Load returns from the Data section or with `python -m delivery load FILE`.")


def show_masthead() -> None:
    """The government's name and the latest data's date, at the top of the sidebar."""
    periods = query("reporting_periods")
    latest = f"Latest data as at {fmt_date(periods['return_period'].iloc[0])}" if not periods.empty else "No data loaded yet"
    with st.sidebar:
        st.markdown(f"**{government_name()}**  \nDelivery dashboard · {latest}")


# Data pages are hidden from the menu for viewers; guard_page refuses them by direct URL.
data_pages = data_pages_for(current_user(), DATA_PAGES)
sections = {"Browse": BROWSE_PAGES} | ({"Data": data_pages} if data_pages else {})
page = st.navigation(sections)
prepare_store()
show_masthead()
if page in BROWSE_PAGES:
    sidebar_filters()  # kept in st.session_state["filters"] for the page
    if page is OVERVIEW and "priority" in st.query_params:  # a shared link /?priority=ID
        st.switch_page(PRIORITY, query_params=st.query_params.to_dict())
user = sign_in_widget()  # who you are, Sign in / Sign out, or the local-mode notice
guard_page(page, data_pages, user)
page.run()
