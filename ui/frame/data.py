"""The one place pages get data: named queries on the published store version, cached.

Results are cached by store version, query name and parameters, so a load (which
publishes a new version) is seen on the next rerun and nothing stale is served.

A damaged store (pointer missing or junk, version missing, empty, not DuckDB's, with a corrupt
block, or holding no loads while the archive's log has some) is served from its newest good
version instead, and ``show_store_warning`` says so once at the top of every page; the command
line refuses such a store and says how to repair it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from delivery import auth
from delivery.errors import DeliveryError
from delivery.reference.areas import areas_csv, read_areas
from delivery.store import recovery
from delivery.store.versions import Store, reviewing, run_query, show_picture
from ui.frame.auth import current_user, error_text, setting
from ui.frame.navigation import navigation_only
from ui.frame.streamlit_private import in_script_run

AGREED_KEY = "#agreed"  # store_version's mark of the agreed picture
REPAIR = "To repair it, an administrator runs `python -m delivery rebuild` on the server."


@st.cache_resource
def get_store() -> Store:
    """The store this app serves: the DELIVERY_DB setting, from the environment, then the secrets file."""
    return Store(setting("DELIVERY_DB"))


@st.cache_resource(max_entries=4)
def _connection(root: str, version: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per version, opened by the store (``root`` keys the cache: tests serve several)."""
    return get_store().open_version(version)


@st.cache_resource(max_entries=8, show_spinner=False)
def _reviewing(root: str, version: str) -> bool:
    """Has the store switched review on in this version (so its agreed picture may differ from the draft)?"""
    cur = _connection(root, version).cursor()
    try:
        return reviewing(cur)
    finally:
        cur.close()


def _sees_draft() -> bool:
    """The centre sees every return as loaded; viewers, departments' analysts and the thread that warms the
    caches (no session) see the agreed picture."""
    return in_script_run() and auth.can_see_unreviewed(current_user())


@st.cache_resource
def _damaged() -> dict[str, str]:
    """Version files found damaged while serving (name -> why): shared by every session, tried once."""
    return {}


@st.cache_resource(max_entries=8, show_spinner=False)
def _newest_good(root: str, stamp: tuple, skip: tuple) -> tuple[str, int] | None:
    """(name, newest load) of the newest version that reads; cached by the store's version stamp."""
    good = get_store().good_versions(skip)
    return good[0] if good else None


def _serving() -> tuple[str | None, str | None]:
    """(the version to serve, why the published one cannot be) for this store now."""
    store, bad = get_store(), _damaged()
    problem, name = store.problem(), store.version()
    if not problem and name not in bad:
        return name, None
    why = problem or f"its published version {name} is damaged ({bad[name]})"
    good = _newest_good(str(store.root), store.version_stamp(), tuple(sorted(bad)))
    return (good[0] if good else None), why


def store_version() -> str | None:
    """The version the app shows (the published one, or the newest good one if that is damaged), and which
    picture of it: ``v0007.duckdb#agreed`` once the store reviews returns and this session sees only what the
    centre accepted. Every cache of query results and views is keyed by it, so the two never mix."""
    name = _serving()[0]
    if name is None or not _reviewing(str(get_store().root), name) or _sees_draft():
        return name
    return f"{name}{AGREED_KEY}"


def store_warning() -> str | None:
    """One plain paragraph when the store is damaged: what is wrong, what is shown instead, the way out."""
    name, why = _serving()
    if why is None:
        return None
    if name is None:
        return f"The data store needs repair: {why}, and no good version is left, so there is no data to show. {REPAIR}"
    store = get_store()
    last, logged = store.last_load(name), store.logged_last_load()
    held = "every load" if last is not None and last >= logged else f"loads up to {last} of {logged}"
    return f"The data store needs repair: {why}. These pages show the newest good version, {name} ({held}). {REPAIR}"


def show_store_warning() -> None:
    """Say once, at the top of the page, that the store is damaged and what is shown instead."""
    text = store_warning()
    if text:
        st.warning(text, icon=":material/warning:")


@st.cache_data(max_entries=1000, show_spinner=False)
def _cached(version: str, name: str, params: tuple) -> pd.DataFrame:
    file = version.removesuffix(AGREED_KEY)
    cur = _connection(str(get_store().root), file).cursor()
    try:
        show_picture(cur, agreed=file != version)
        return run_query(cur, name, dict(params))
    finally:
        cur.close()


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with named parameters on the version the app shows.

    A version found damaged by a query is set aside and the page runs again, on the newest
    good version, with the warning at its top.
    """
    navigation_only()  # a page run without app.py (see ui/frame/navigation.py) restarts through it
    version = store_version()
    if version is None:
        return pd.DataFrame()
    clean = tuple(sorted((k, _param(v)) for k, v in params.items()))
    try:
        # Already the caller's own: st.cache_data keeps pickled bytes and hands out a new object each
        # call, so a .copy() here only doubled every result in memory.
        return _cached(version, name, clean)
    except duckdb.Error as error:
        if not recovery.is_damage(error):
            raise
        _damaged()[version.removesuffix(AGREED_KEY)] = recovery.first_line(error)
    st.rerun()


def _param(value):
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def area_names() -> dict[str, str]:
    """Area code -> name from the reference folder's areas.csv, read again when the file changes."""
    try:
        return _area_names(str(areas_csv()), areas_csv().stat().st_mtime_ns)
    except (DeliveryError, OSError) as e:  # areas are shown by code rather than not at all
        # error_text: escaped, and the file's path for admins only
        st.warning(f"Area names could not be read, so areas are shown by their codes: {error_text(e)}")
        return {}


@st.cache_data(max_entries=2, show_spinner=False)
def _area_names(path: str, mtime_ns: int) -> dict[str, str]:
    return read_areas(Path(path))
