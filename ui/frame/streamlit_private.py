"""Every name the app takes from Streamlit's internals, in one place, each behind a public function.

Written for streamlit 1.67.0 (pinned in requirements.txt). Streamlit may move or rename any
of these in any release; tests/test_private_apis.py then fails, naming the name and this file.
Each has a safe fallback, so a moved name costs speed or a convenience, never an error box:

- ``PagesManager.uses_pages_directory`` (streamlit.runtime.pages_manager): the old "pages/
  folder" mode that a shared link opened first after a restart runs in (ui/frame/navigation.py).
  No public switch: only ``st.navigation`` turns it off, and only once a run reaches app.py.
  Fallback: nothing to switch off.
- ``PagesManager.intended_page_name`` (streamlit.runtime.pages_manager): the page name the address
  asked for (``nonsense`` for ``/nonsense``), so the router can say that a page does not exist
  instead of showing the Overview. Fallback: nothing asked (the Overview, as before).
- ``get_script_run_ctx`` (streamlit.runtime.scriptrunner): is this thread running a page script
  (the warming thread is not)? Fallback: no.
- ``_convert_altair_to_vega_lite_spec`` (streamlit.elements.vega_charts): the spec
  ``st.altair_chart`` sends (datasets as Arrow, Streamlit's theme), made once and cached
  (ui/frame/charts.py). ``st.altair_chart`` only draws; nothing public returns the spec.
  Fallback: Altair's own ``to_dict`` (data inline in the spec: the same chart, sent larger).
- ``runtime.exists`` and ``runtime.Runtime`` (streamlit.runtime): under a server, and under a real
  ``streamlit run`` rather than AppTest's stand-in. Fallback: not a server (tables are drawn
  without the replay cache; no warming thread: pages compute on demand).
- ``get_logger`` (streamlit.logger): a logger shown at ``--logger.level``. Fallback: the standard one.

``st.Page``'s private ``_page`` was used to copy a page hidden; app.py now makes the Data pages
with the visibility they need (ui/frame/auth.py: ``data_pages_for``), so that one is gone.
"""

from __future__ import annotations

import importlib
import logging

WRITTEN_FOR = "1.67.0"
# (module, attribute path) of each private name, as they are in streamlit WRITTEN_FOR.
NAMES = {
    "PagesManager.uses_pages_directory": ("streamlit.runtime.pages_manager", "PagesManager.uses_pages_directory"),
    "PagesManager.intended_page_name": ("streamlit.runtime.pages_manager", "PagesManager.intended_page_name"),
    "get_script_run_ctx": ("streamlit.runtime.scriptrunner", "get_script_run_ctx"),
    "_convert_altair_to_vega_lite_spec": ("streamlit.elements.vega_charts", "_convert_altair_to_vega_lite_spec"),
    "runtime.exists": ("streamlit.runtime", "exists"),
    "runtime.Runtime": ("streamlit.runtime", "Runtime"),
    "runtime.get_instance": ("streamlit.runtime", "get_instance"),
    "get_logger": ("streamlit.logger", "get_logger"),
}
MISSING = object()


def lookup(module_name: str, path: str):
    """``module_name``'s attribute at ``path`` ('PagesManager.uses_pages_directory'), or MISSING."""
    try:
        found = importlib.import_module(module_name)
    except ImportError:
        return MISSING
    for part in path.split("."):
        found = getattr(found, part, MISSING)
        if found is MISSING:
            return MISSING
    return found


def find(name: str):
    """The private name ``name`` (a key of NAMES) as this Streamlit has it, or MISSING."""
    return lookup(*NAMES[name])


_pages = lookup("streamlit.runtime.pages_manager", "PagesManager")
_asked = find("PagesManager.intended_page_name") is not MISSING
_pages = _pages if find("PagesManager.uses_pages_directory") is not MISSING else None
_run_ctx = find("get_script_run_ctx")
_convert = find("_convert_altair_to_vega_lite_spec")
_exists, _runtime, _instance = find("runtime.exists"), find("runtime.Runtime"), find("runtime.get_instance")
_logger = find("get_logger")


def in_script_run() -> bool:
    """Is this thread running a page script (not the warming thread, not bare Python)?"""
    return _run_ctx is not MISSING and _run_ctx() is not None


def in_pages_directory_mode() -> bool:
    """Is Streamlit running this process as an old-style pages/-folder app (st.navigation not yet called)?"""
    return _pages is not None and bool(_pages.uses_pages_directory)


def end_pages_directory_mode() -> None:
    """Switch the old pages/-folder mode off, as ``st.navigation`` does when it is first called."""
    if _pages is not None:
        _pages.uses_pages_directory = False


def requested_page_name() -> str | None:
    """The page name this run's address asked for ('nonsense' for /nonsense; '' or None for the root)."""
    if not _asked or _run_ctx is MISSING:
        return None
    manager = getattr(_run_ctx(), "pages_manager", None)
    name = getattr(manager, "intended_page_name", None)
    return name if isinstance(name, str) else None


def altair_to_vega_lite(chart) -> dict:
    """The Vega-Lite spec ``st.altair_chart`` would send for ``chart`` (any object with Altair's ``to_dict``)."""
    if _convert is MISSING:
        return chart.to_dict()
    return _convert(chart)


def under_server() -> bool:
    """Is a Streamlit server (or AppTest's stand-in for one) running in this process?"""
    return _exists is not MISSING and bool(_exists())


def under_real_server() -> bool:
    """Is this a real ``streamlit run`` server (AppTest installs a stand-in Runtime, a MagicMock)?"""
    if MISSING in (_runtime, _instance) or not under_server():
        return False
    return type(_instance()) is _runtime


def logger(name: str) -> logging.Logger:
    """A logger shown at Streamlit's ``--logger.level`` (the standard one if Streamlit's moved)."""
    return logging.getLogger(name) if _logger is MISSING else _logger(name)
