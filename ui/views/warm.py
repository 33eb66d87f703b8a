"""Compute the default view of the busiest pages as soon as a new store version is published.

A load (command line, upload page, rollback, a centre judgement) publishes a new store
version, and every page's cached view (ui/views.py) is keyed by version, so the first visitor
after a load would pay for computing it. A background thread in each app process looks at
the published version every few seconds and, when it changes, computes what a new visitor
sees first (all departments, the default period) on the Overview, Priorities, Milestones,
Delivery chains, Indicators, What changed and Brief pages, so that visitor, and a shared link,
finds it ready. Only under a real ``streamlit run``: tests (AppTest) and the command line
start no thread.
"""
from __future__ import annotations

import threading
import time

import streamlit as st
from streamlit.logger import get_logger

POLL_SECONDS = 5.0
log = get_logger(__name__)  # Streamlit's logger: shown at --logger.level info


def warm(version: str) -> None:
    """Compute the default view of each busy page for ``version`` (into ui/views.py's caches)."""
    from delivery.briefs import content
    from ui import views, views_detail
    from ui.filters import default_filters

    f = default_filters()
    if f.as_at is None:
        return
    views.overview(version, f)
    views.priorities_table(version, f)
    views.milestone_selection(version, f, "current")
    views.chains(version, f)
    views_detail.trajectory_panels(version, f, None)
    found = views_detail.indicators(version, f)
    if found.league_rows:
        from ui.data import area_names

        views_detail.area_league(version, f, found.league_rows[0], area_names())
    from ui.components import government_name

    # the Brief opens on the whole government; its facts are What changed's too (brief_data)
    views_detail.brief(version, content.Scope(), f.as_at, f.rules, government_name())


def _watch() -> None:
    from ui.data import store_version

    warmed = None
    while True:
        try:
            version = store_version()
            if version is not None and version != warmed:
                warmed = version  # tried once per version: a failure is not retried every 5 s
                started = time.perf_counter()
                warm(version)
                log.info("Caches warmed for %s in %.1f s", version, time.perf_counter() - started)
        except Exception:  # never let the thread die: the pages compute on demand as before
            log.exception("Warming the caches failed; pages will compute on demand")
        time.sleep(POLL_SECONDS)


@st.cache_resource(show_spinner=False)
def _watcher() -> threading.Thread:
    thread = threading.Thread(target=_watch, name="warm-caches", daemon=True)
    thread.start()
    return thread


def start() -> None:
    """Start this process's warming thread once (only under ``streamlit run``, not in tests)."""
    from streamlit import runtime

    # AppTest installs a stand-in Runtime (a MagicMock), so a test never starts the thread.
    if runtime.exists() and type(runtime.get_instance()) is runtime.Runtime:
        _watcher()
