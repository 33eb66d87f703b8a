"""The small demo's calendar stories on the pages: DfT monthly, DESNZ late, MHCLG changing scale.

Today is taken as 23 Nov 2026 (the demo's own "today"), with the calendar shipped in data/.
"""

from __future__ import annotations

import datetime as dt

import pytest

from delivery.demo import returns as demo
from delivery.store import loader
from delivery.store.versions import Store
from tests.conftest import run_app, texts
from tests.test_page_calendar import assert_counts_agree

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo-calendar")
    store = Store(root / "store")
    loader.load_returns(store, demo.generate("small", root / "returns"), loaded_by="tests")
    return store.root


@pytest.fixture
def serve_demo(demo_store, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(demo_store))
    monkeypatch.delenv("DELIVERY_CALENDAR", raising=False)
    monkeypatch.delenv("DELIVERY_STALE_AFTER_PERIODS", raising=False)
    monkeypatch.setattr("ui.frame.filters.today", lambda: TODAY)


def test_the_default_is_the_latest_quarter_and_desnz_is_late(serve_demo):
    at = run_app()
    assert not at.exception
    assert at.selectbox(key="f_period").value == dt.date(2026, 9, 30)
    assert len(at.selectbox(key="f_period").options) == 22  # DfT's month ends, 31 Dec 2024 to 30 Sep 2026
    assert "7 of 8 returns received; 1 overdue." in texts(at)
    assert {m.label: m.value for m in at.metric}["Not reported this period"] == "1"
    fresh = at.dataframe[-1].value
    assert fresh[["Department", "Status"]].values.tolist()[0] == [
        "Department for Energy Security and Net Zero (DESNZ)",
        "Overdue: 1 period missed (the return for 30 Sep 2026 was due 30 Oct 2026)",
    ]


def test_ene01_is_not_updated_and_hou02_changed_scale(serve_demo):
    table = run_app("priorities").dataframe[0].value.set_index("ID")
    assert table.loc["ENE-01", "Rating"] == "Not updated since 30 Jun 2026"
    assert table.loc["ENE-01", "Movement"] == "Not reported this period"
    june = run_app("priorities", period="2026-06-30").dataframe[0].value.set_index("ID")
    assert june.loc["HOU-02", "Movement"] == "Scale changed"
    assert june.loc["HOU-02", "Trend since last period"] == (
        "Green → Amber/Green (scale changed from three-point to five-point: not comparable)"
    )
    assert june.loc["ENE-01", "Rating"] == "Amber/Green"


def test_a_month_end_between_quarters(serve_demo):
    at = run_app(period="2026-08-31")
    assert "8 of 8 returns received." in texts(at)
    assert "Not reported this period" not in {m.label for m in at.metric}
    assert "Movement since each department's previous return" in [h.value for h in at.header]


@pytest.mark.parametrize(
    "period, expected",
    [
        (
            "2026-09-30",
            {"Red": 1, "Amber/Red": 1, "Amber": 2, "Amber/Green": 2, "Green": 5, "Not reported this period": 1},
        ),
        ("2026-08-31", {"Amber/Red": 2, "Amber": 2, "Amber/Green": 5, "Green": 3}),
        ("2026-06-30", {"Amber/Red": 2, "Amber": 2, "Amber/Green": 5, "Green": 3}),
        ("2025-12-31", None),
    ],
)
def test_counts_agree_across_pages_in_the_demo(serve_demo, period, expected):
    shown = assert_counts_agree(period)
    assert sum(shown.values()) == 12
    if expected is not None:
        assert shown == expected
