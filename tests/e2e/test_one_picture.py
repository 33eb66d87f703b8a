"""One picture in a real browser: the Overview, What changed and the Brief give the sample's same numbers.

The sample government as at 30 Jun 2026 (tests/store_builder.py): HO's 30 Jun return is overdue, so
HO-01 (Red in HO's 31 Mar return) is not reported this period and counted apart everywhere.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import WAIT_MS, open_page, sync_api

pytestmark = pytest.mark.e2e
expect = sync_api.expect


def _metric(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def test_the_overview_what_changed_and_the_brief_agree(chromium, dashboard_url):
    overview = open_page(chromium, dashboard_url, "/", "Overview", "Cut hospital waiting times")
    expect(overview.get_by_role("heading", name="Movement since 31 Mar 2026")).to_be_visible(timeout=WAIT_MS)
    expect(_metric(overview, "Not reported this period")).to_have_text("1", timeout=WAIT_MS)
    expect(_metric(overview, "Improved")).to_have_text("1")
    expect(_metric(overview, "Worsened")).to_have_text("1")
    overview.close()

    changes = open_page(chromium, dashboard_url, "/changes", "What changed", "Expand mental health support")
    expect(changes.get_by_role("heading", name="Since 31 Mar 2026")).to_be_visible(timeout=WAIT_MS)
    changes.close()

    brief = open_page(chromium, dashboard_url, "/brief", "Brief", "Cut hospital waiting times")
    expect(
        brief.get_by_text(
            "As at 30 Jun 2026, 1 of the 3 priorities reported this period is on track (rated Green or "
            "Amber/Green); 1 is rated Amber/Red and 1 is rated Amber; 1 is not reported this period. Since "
            "31 Mar 2026, ratings improved on 1 priority and worsened on 1",
            exact=False,
        )
    ).to_be_visible(timeout=WAIT_MS)
    brief.close()
