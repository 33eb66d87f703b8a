"""Shared fixtures: clean Streamlit caches for every test, and the stores the AppTests serve;
and the summary line saying how many real-world workbooks the tests read.

Pages read the store named by DELIVERY_DB through cached connections and results, and
Streamlit's caches outlive one AppTest, so every test starts with them empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from delivery.store.versions import Store
from tests import real_workbooks
from tests.store_builder import sample_store
from tests.tiers import add_fast_option, report_tier, select_tier

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--fast`` (tests/tiers.py)."""
    add_fast_option(parser)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow tests ``slow``; with ``--fast``, leave them and the end-to-end tests out (tests/tiers.py)."""
    select_tier(config, items)


@pytest.hookimpl(trylast=True)  # after the slowest durations, so the lines stand just above pytest's last
def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Say how many real-world workbooks the tests read (tests/real_workbooks.py), or where they looked;
    with ``--fast``, how many tests ran and how many were left out."""
    for line in real_workbooks.summary(terminalreporter.stats):
        terminalreporter.write_line(line)
    report_tier(terminalreporter, config)


@pytest.fixture(autouse=True)
def clear_streamlit_caches():
    """Empty st.cache_data and st.cache_resource before and after each test."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def sample_store_root(tmp_path_factory) -> Path:
    """The sample government (tests/store_builder.py), built once per test run; read-only."""
    return sample_store(tmp_path_factory.mktemp("sample-government")).root


@pytest.fixture(scope="session")
def demo_store_root(tmp_path_factory) -> Path:
    """The small demo government as the app's first start loads it (returns and transfers); read-only."""
    from delivery.demo.bootstrap import ensure_demo_store

    store = Store(tmp_path_factory.mktemp("demo-government") / "store")
    ensure_demo_store(store)
    return store.root


@pytest.fixture
def serve_sample(sample_store_root, monkeypatch) -> Path:
    """Point the app at the sample government."""
    monkeypatch.setenv("DELIVERY_DB", str(sample_store_root))
    return sample_store_root


@pytest.fixture
def serve_empty(tmp_path, monkeypatch) -> Path:
    """Point the app at a store published with no returns in it (so no demo is loaded)."""
    store = Store(tmp_path / "empty-store")
    with store.write():
        pass
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    return store.root


@pytest.fixture
def no_store(tmp_path, monkeypatch) -> str:
    """Point DELIVERY_DB at a folder with no store in it (so ``validate`` checks no reporting rights,
    whatever store this machine has); the line ``validate`` then prints first."""
    root = tmp_path / "no-store"
    monkeypatch.setenv("DELIVERY_DB", str(root))
    return (
        f"Reporting rights not checked: there is no store at {root} (nothing has been loaded there). "
        "Give --db STORE to check them against a store."
    )


def run_app(page: str | None = None, **url) -> AppTest:
    """Run app.py as a link with these query parameters would, then switch to ``pages/<page>.py``."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in url.items():
        at.query_params[key] = value if isinstance(value, list) else str(value)  # a list: a repeated parameter
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    return at


def texts(at: AppTest) -> list[str]:
    """Every title, markdown, caption, info, warning and error text on the page."""
    kinds = ("title", "markdown", "caption", "info", "warning", "error", "subheader", "header")
    return [e.value for kind in kinds for e in getattr(at, kind)]


def chart_specs(at: AppTest) -> list[dict]:
    """The Vega-Lite specs of the page's charts."""
    import json

    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


@pytest.fixture
def menus(monkeypatch) -> list[dict]:
    """Every menu app.py gives st.navigation, as {section: [visible page titles]}."""
    seen = []
    real = st.navigation

    def spy(pages, **kwargs):
        seen.append({section: [p.title for p in ps if p.visibility == "visible"] for section, ps in pages.items()})
        return real(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    return seen
