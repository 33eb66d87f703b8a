"""Pages bound what they draw, and say what they left out, however much a return holds (AppTest).

The issue's return had a million actuals for one indicator: the Indicators page then sent a
pandas Styler of 7,000,042 cells and died with "styler.render.max_elements". This store adds
to the sample government, with SQL (a workbook that size would take minutes to write):
60,000 local areas and 60,000 daily national actuals for I2 (HEA-01), 2,000 milestones and
1,500 escalated risks for HEA-01, all in DHSC's 30 Jun 2026 load.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_app, texts
from tests.store_builder import sample_store

AREAS = DAYS = 60_000
AREA_TOTAL = AREAS + 3  # the sample's NE, NW and LDN too
NATIONAL_TOTAL = DAYS  # the days include 31 Mar and 30 Jun, which the sample had
MILESTONES, RISKS = 2_000, 1_500


@pytest.fixture(scope="module")
def large_root(tmp_path_factory):
    store = sample_store(tmp_path_factory.mktemp("large"), use_loader=False)
    with store.write() as con:
        load_id = con.execute(
            "SELECT load_id FROM loads WHERE department = 'DHSC' AND return_period = DATE '2026-06-30'"
        ).fetchone()[0]
        where = {"load_id": load_id}
        con.execute(
            """INSERT INTO actuals (department, return_period, load_id, indicator_id, period_end, area_code, actual_value)
                       SELECT 'DHSC', DATE '2026-06-30', $load_id, 'I2', DATE '2026-06-30', 'A' || lpad(i::VARCHAR, 6, '0'),
                              60 + (i % 35) FROM range($n) t(i)""",
            where | {"n": AREAS},
        )
        con.execute("""DELETE FROM actuals WHERE indicator_id = 'I2' AND area_code IS NULL
                       AND period_end = DATE '2026-06-30'""")
        con.execute(
            """INSERT INTO actuals (department, return_period, load_id, indicator_id, period_end, area_code, actual_value)
                       SELECT 'DHSC', DATE '2026-06-30', $load_id, 'I2', DATE '2026-06-30' - i::INTEGER, NULL, 77 - (i % 5)
                       FROM range($n) t(i)""",
            where | {"n": DAYS},
        )
        con.execute(
            """INSERT INTO milestones (department, return_period, load_id, priority_id, milestone_id, title, owner,
                                               baseline_date, forecast_date, completed_date, rag)
                       SELECT 'DHSC', DATE '2026-06-30', $load_id, 'HEA-01', 'X' || i, 'Extra milestone ' || i, 'Owner',
                              DATE '2026-01-01' + (i % 700)::INTEGER, DATE '2026-01-01' + (i % 700)::INTEGER, NULL, 'amber'
                       FROM range($n) t(i)""",
            where | {"n": MILESTONES},
        )
        con.execute(
            """INSERT INTO risks (department, return_period, load_id, priority_id, risk_id, kind, description, owner,
                                          likelihood, impact, escalation, status, raised_date, due_date, mitigation)
                       SELECT 'DHSC', DATE '2026-06-30', $load_id, 'HEA-01', 'RX' || i, 'risk', 'Extra risk ' || i, 'Owner',
                              '3', '3', 'centre', 'open', DATE '2026-01-15', DATE '2026-12-31', 'Mitigation'
                       FROM range($n) t(i)""",
            where | {"n": RISKS},
        )
    return store.root


@pytest.fixture
def serve_large(large_root, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(large_root))


def data_points(spec: dict) -> int:
    """How many data rows a Vega-Lite spec carries (its datasets)."""
    return sum(len(rows) for rows in spec.get("datasets", {}).values())


def test_indicators_page_draws_a_bounded_league_and_says_what_it_left_out(serve_large):
    at = run_app("indicators")
    assert not at.exception
    assert at.selectbox(key="indicators_league").value == f"I2 Diagnostic tests within 6 weeks ({AREA_TOTAL} areas)"
    said = texts(at)
    assert f"The chart shows the 20 best and the 20 furthest behind of {AREA_TOTAL:,} areas." in said
    assert f"The table shows the first 1,000 of {AREA_TOTAL:,} areas, best first." in said
    assert (
        f"The charts show the latest 500 of {NATIONAL_TOTAL:,} actuals of I2 Diagnostic tests within 6 weeks." in said
    )
    league = at.dataframe[1].value
    assert len(league) == 1000 and list(league["Rank"][:3]) == [1, 2, 3]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert max(data_points(s) for s in specs) < 1000  # no chart carries the series or the areas whole


def test_priority_page_draws_bounded_charts_and_tables_and_says_what_it_left_out(serve_large):
    at = run_app("priority", priority="HEA-01")
    assert not at.exception
    said = texts(at)
    assert f"The charts show the latest 500 of {NATIONAL_TOTAL:,} actuals of Diagnostic tests within 6 weeks." in said
    assert f"The timeline shows the 40 most urgent of {MILESTONES + 3:,} milestones." in said
    assert f"The table shows the first 1,000 of {MILESTONES + 3:,} milestones, most urgent first." in said
    assert f"The table shows the first 1,000 of {RISKS + 2:,} risks, issues and barriers." in said
    milestones, risks = at.dataframe[0].value, at.dataframe[1].value
    assert (len(milestones), len(risks)) == (1000, 1000)
    warning = next(w.value for w in at.warning if "open items escalated" in w.value)  # not the flags note
    assert warning.startswith(f"{RISKS + 1:,} open items escalated: barrier 'Radiographer shortage")
    assert warning.endswith(f"; and {RISKS + 1 - 20:,} more (see the table).")
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert max(data_points(s) for s in specs) < 1000
