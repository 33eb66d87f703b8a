"""Shared set-up for the AppTests of the Milestones, Delivery chains and Indicators pages.

The sample government (tests/store_builder.py) is built once per test module; each test
points the app at it with DELIVERY_DB and starts with empty Streamlit caches.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from delivery.store import Store
from tests.store_builder import sample_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory) -> Path:
    """The sample government's store directory, built once for the module."""
    return sample_store(tmp_path_factory.mktemp("sample")).root


@pytest.fixture(autouse=True)
def clean_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def sample(sample_root, monkeypatch) -> Path:
    """Serve the sample government."""
    monkeypatch.setenv("DELIVERY_DB", str(sample_root))
    return sample_root


@pytest.fixture
def empty(tmp_path, monkeypatch) -> Path:
    """Serve a store that has been published with no returns in it (so no demo is loaded)."""
    store = Store(tmp_path / "empty")
    with store.write():
        pass
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    return store.root


def open_page(page: str, **url) -> AppTest:
    """Open ``pages/<page>.py`` as a shared link would, with filters in the URL (period, department, theme).

    The filters are set through the URL because AppTest does not show the sidebar
    widgets that app.py draws once the page is not the default one.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in url.items():
        at.query_params[key] = str(value)
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    return at


def texts(at: AppTest) -> list[str]:
    """Every markdown, caption, info, success and warning text on the page, in order of kind."""
    return [e.value for kind in ("markdown", "caption", "info", "success", "warning") for e in getattr(at, kind)]


def metrics(at: AppTest) -> dict[str, str]:
    """The page's metrics: label -> value."""
    return {m.label: m.value for m in at.metric}
