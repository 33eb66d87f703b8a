"""The delivery dashboard: the frame and router, nothing else.

Sets the page up, makes sure the store is ready (upgraded, and the small demo loaded
into an empty store on first start), shows the government's name and the latest
"as at" date, draws the global filters for the Browse pages, and runs the chosen page.
"""

import logging
from pathlib import Path

import streamlit as st

from delivery.auth import can_see_settings
from delivery.demo.bootstrap import ensure_demo_store
from delivery.errors import DeliveryError
from ui.frame.auth import current_user, data_pages_for, error_text, guard_page, sign_in_widget
from ui.frame.components import fmt_date, government_name
from ui.frame.data import get_store, query, show_store_warning
from ui.frame.filters import sidebar_filters
from ui.frame.menu import page_menu
from ui.frame.navigation import page_not_found, requested_page
from ui.frame.reference import show_reference_check, use_reference_setting
from ui.frame.review_note import show_unreviewed
from ui.frame.text import plain
from ui.views import warm

# The icon is served by the app itself: a Material icon here would be fetched from an outside host.
FAVICON = str(Path(__file__).resolve().parent / "ui" / "favicon.png")
st.set_page_config(page_title="Delivery dashboard", page_icon=FAVICON, layout="wide")
use_reference_setting()  # before anything reads the reference folder (departments, calendar, profile)

OVERVIEW = st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview")
PRIORITY = st.Page(
    "pages/priority.py", title="Priority", icon=":material/flag:", url_path="priority", visibility="hidden"
)  # reached by ?priority=ID or by a row of the Priorities table


def _home() -> None:
    """The app's root: a shared link /?priority=ID opens that priority, anything else the Overview; an address
    naming no page says so (it silently showed the Overview)."""
    named = {p.url_path: p for pages in sections.values() for p in pages}
    if ASKED and ASKED != "home":  # "home": the router itself
        if ASKED not in named:
            page_not_found(ASKED, OVERVIEW)
            return
        st.switch_page(named[ASKED], query_params=_params())  # a link opened first after a restart
    target = PRIORITY if "priority" in st.query_params else OVERVIEW
    st.switch_page(target, query_params=_params())


def _params() -> dict[str, list[str]]:
    """The link's parameters, every value: to_dict keeps only the last of a repeated one (?follow=A&follow=B)."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


# "/" is a hidden router, so that the Overview has a name of its own in links (/overview).
HOME = st.Page(_home, title="Overview", url_path="home", default=True, visibility="hidden")
BROWSE_PAGES = [
    OVERVIEW,
    st.Page("pages/priorities.py", title="Priorities", icon=":material/list:", url_path="priorities"),
    PRIORITY,
    st.Page("pages/milestones.py", title="Milestones", icon=":material/event:", url_path="milestones"),
    st.Page("pages/chains.py", title="Delivery chains", icon=":material/account_tree:", url_path="chains"),
    st.Page("pages/indicators.py", title="Indicators", icon=":material/monitoring:", url_path="indicators"),
    st.Page("pages/changes.py", title="What changed", icon=":material/difference:", url_path="changes"),
    st.Page("pages/data_quality.py", title="Data quality", icon=":material/fact_check:", url_path="data-quality"),
    st.Page("pages/brief.py", title="Brief", icon=":material/description:", url_path="brief"),
]
# Help for everyone; not a view of the data, so it has no sidebar filters.
ABOUT = st.Page("pages/about.py", title="About this data", icon=":material/help:", url_path="about")

# ---- The "Data" section (upload returns, loads history): the upload issue adds its pages here.
# Given as st.Page's arguments: data_pages_for makes them, shown in the menu or hidden from it.
DATA_PAGES: list[dict] = [
    {"page": "pages/upload.py", "title": "Upload returns", "icon": ":material/upload_file:", "url_path": "upload"},
    {"page": "pages/loads.py", "title": "Loads and history", "icon": ":material/history:", "url_path": "loads"},
    {"page": "pages/due.py", "title": "Returns due", "icon": ":material/schedule_send:", "url_path": "due"},
]
# How the app is set up (setting names, paths): admins only; the page refuses anyone else by direct URL.
SETTINGS_PAGE = {"page": "pages/settings.py", "title": "Settings", "icon": ":material/tune:", "url_path": "settings"}


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
        st.warning(f"The data store could not be prepared: {error_text(e)}")
    except Exception:  # first start must never show a traceback; the log keeps the detail
        logging.getLogger(__name__).exception("Preparing the store failed")
        st.warning(
            "The demo data could not be loaded into the empty store. "
            "Load returns from the Data section or with `python -m delivery load FILE`."
        )


def show_masthead() -> None:
    """The government's name and the latest data's date, at the top of the sidebar."""
    periods = query("reporting_periods")
    latest = (
        f"Latest data as at {fmt_date(periods['return_period'].iloc[0])}" if not periods.empty else "No data loaded yet"
    )
    with st.sidebar:
        st.markdown(f"**{plain(government_name())}**  \nDelivery dashboard · {latest}")


# Data pages are hidden from the menu for viewers; guard_page refuses them by direct URL.
data_pages = data_pages_for(current_user(), DATA_PAGES)
settings_page = st.Page(**SETTINGS_PAGE, visibility="visible" if can_see_settings(current_user()) else "hidden")
sections = {"Browse": [HOME, *BROWSE_PAGES, ABOUT], "Data": [*data_pages, settings_page]}
page = st.navigation(sections, position="hidden")
ASKED = requested_page()  # the page name the address asked for: _home says when it names no page
page_menu(sections)
show_reference_check()  # the reference folder's problems, in one sentence
prepare_store()
warm.start()  # the default views are computed as soon as a load publishes, not by the first visitor
show_store_warning()  # a damaged store: what is shown instead, and how to repair it
show_masthead()
if page in BROWSE_PAGES:
    sidebar_filters()  # kept in st.session_state["filters"] for the page
    show_unreviewed()  # the reporting cycle: returns in scope not yet accepted, and whether shown
user = sign_in_widget()  # who you are, Sign in / Sign out, or the local-mode notice
guard_page(page, data_pages, user)
page.run()
