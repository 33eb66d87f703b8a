"""The one place pages get data: named queries on the published store version, cached.

Results are cached by store version, query name and parameters, so a load (which
publishes a new version) is seen on the next rerun and nothing stale is served.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import streamlit as st

from delivery.store.versions import Store, run_query
from ui import navigation_only


@st.cache_resource
def get_store() -> Store:
    """The store this app serves ($DELIVERY_DB or data/store)."""
    return Store()


@st.cache_resource(max_entries=4)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True)


def store_version() -> str | None:
    """The published version the app is showing, or None for an empty store."""
    return get_store().version()


@st.cache_data(max_entries=1000, show_spinner=False)
def _cached(version: str, name: str, params: tuple) -> pd.DataFrame:
    path = get_store().versions / version
    cur = _connection(str(path)).cursor()
    try:
        return run_query(cur, name, dict(params))
    finally:
        cur.close()


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with named parameters on the published store version."""
    navigation_only()  # a page run without app.py (see ui/__init__.py) restarts through it
    version = store_version()
    if version is None:
        return pd.DataFrame()
    clean = tuple(sorted((k, _param(v)) for k, v in params.items()))
    return _cached(version, name, clean).copy()


def _param(value):
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def area_names() -> dict[str, str]:
    """Area code -> name from data/areas.csv, read again when the file changes."""
    from delivery.errors import DeliveryError
    from delivery.reference.areas import AREAS_CSV

    try:
        return _area_names(AREAS_CSV.stat().st_mtime_ns)
    except (DeliveryError, OSError) as e:  # areas are shown by code rather than not at all
        st.warning(f"Area names could not be read, so areas are shown by their codes: {e}")
        return {}


@st.cache_data(max_entries=2, show_spinner=False)
def _area_names(mtime_ns: int) -> dict[str, str]:
    from delivery.reference.areas import read_areas

    return read_areas()
