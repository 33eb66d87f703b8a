"""Both shipped profiles make their demo, and every page opens without error on each (AppTest): the UK
(data/) and the US federal government (data/profiles/us-federal: its agencies, month-first dates,
dollars, an October fiscal year written FY2027)."""

from __future__ import annotations

import pytest
from streamlit import config

from delivery import ROOT
from delivery.demo.bootstrap import ensure_demo_store
from delivery.store.versions import Store
from tests.conftest import run_app, texts

PROFILES = {"uk": ROOT / "data", "us-federal": ROOT / "data" / "profiles" / "us-federal"}
BROWSE = ["overview", "priorities", "priority", "milestones", "chains", "indicators", "changes", "brief", "about"]
DATA = ["upload", "loads", "settings"]


@pytest.fixture(scope="module", params=list(PROFILES))
def profile_store(request, tmp_path_factory):
    """(profile name, the demo store made on that profile, as the app's first start makes it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DELIVERY_REFERENCE", str(PROFILES[request.param]))
        mp.delenv("DELIVERY_CALENDAR", raising=False)
        store = Store(tmp_path_factory.mktemp(f"demo-{request.param}") / "store")
        assert ensure_demo_store(store)
    return request.param, store.root


@pytest.fixture
def serve_profile(profile_store, monkeypatch):
    name, root = profile_store
    monkeypatch.setenv("DELIVERY_REFERENCE", str(PROFILES[name]))
    for setting in ("DELIVERY_CALENDAR", "DELIVERY_GOVERNMENT_NAME", "DELIVERY_LOCAL_MODE", "DELIVERY_LOCAL_ROLE"):
        monkeypatch.delenv(setting, raising=False)
    monkeypatch.setenv("DELIVERY_DB", str(root))
    address = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")  # local mode: the one user is an admin, every page open
    yield name
    config.set_option("server.address", address)


def test_every_page_opens_without_an_error_on_each_profile(serve_profile):
    at = run_app(priority="HEA-01")
    for page in BROWSE + DATA:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (serve_profile, page)
        assert not at.error, (serve_profile, page, [e.value for e in at.error])
        assert at.title, (serve_profile, page)


def test_the_us_demo_is_told_with_its_agencies_dollars_and_fiscal_years(serve_profile):
    if serve_profile != "us-federal":
        pytest.skip("the US profile's own words")
    at = run_app(priority="HEA-01")
    assert at.sidebar.markdown[0].value == (
        "**United States Government (example)**  \nDelivery dashboard · Latest data as at 30 Sep 2026"
    )
    assert at.title[0].value == "HEA-01: Cut elective waiting times"
    [budget] = [df.value for df in at.dataframe if "Financial year" in df.value.columns]
    assert budget[["Financial year", "Allocated", "Forecast", "Spent"]].values.tolist() == [
        ["FY2025", "$1,200.0m", "$1,188.0m", "$1,188.0m"],  # October 2024 to September 2025
        ["FY2026", "$1,260.0m", "$1,247.4m", "$1,247.4m"],
    ]
    assert "HHS" in " ".join(texts(at))  # health's priority is led by Health and Human Services
