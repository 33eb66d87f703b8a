"""Compute the default view of the busiest pages as soon as a new store version is published.

A load (command line, upload page, rollback, a centre judgement) publishes a new store
version, and every page's cached view (ui/views/) is keyed by version, so the first visitor
after a load would pay for computing it. A background thread in each app process looks at
the published version every few seconds and, when it changes, computes what a new visitor
sees first (all departments, the default period) on the Overview, Priorities, Milestones,
Delivery chains, Indicators, Data quality, What changed and Brief pages, so that visitor, and a shared link,
finds it ready. Only under a real ``streamlit run``: tests (AppTest) and the command line
start no thread.
"""

from __future__ import annotations

import threading
import time

import streamlit as st

from delivery.briefs import content, render
from ui.frame.components import government_name
from ui.frame.data import area_names, store_version
from ui.frame.filters import default_filters
from ui.frame.streamlit_private import logger, under_real_server
from ui.views import changes, detail, portfolio, quality

POLL_SECONDS = 5.0
log = logger(__name__)  # Streamlit's logger: shown at --logger.level info


def warm(version: str) -> None:
    """Compute the default view of each busy page for ``version`` (into ui/views' caches)."""
    f = default_filters()
    if f.as_at is None:
        return
    portfolio.first_screen(version, f)
    portfolio.overview(version, f)
    quality.quality_view(version, f, quality.flag_rules())  # the Overview's flag count and the Data quality page
    portfolio.priorities_table(version, f)
    portfolio.milestone_selection(version, f, "current")
    portfolio.chains(version, f)
    detail.trajectory_panels(version, f, None)
    found = detail.indicators(version, f)
    if found.league_rows:
        detail.area_league(version, f, found.league_rows[0], area_names())
    # the Brief opens on the whole government; its facts are What changed's too (brief_data)
    detail.brief(version, content.Scope(), f.as_at, f.rules, government_name())
    changes.changes_view(version, content.Scope(), f.as_at, f.rules)
    render.pdf_problem()  # the Brief's PDF button asks it: imports WeasyPrint (~0.45 s), once a process


def _watch() -> None:
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
    if under_real_server():  # not under AppTest, whose Runtime is a stand-in: a test never starts the thread
        _watcher()
