"""The headline a minister reads first, as exact sentences, in the situations a stocktake meets: all green,
one red, a move between rating scales, a stale department, a priority that left, and a brief of one priority.
Each store is built here from a few returns (tests/store_builder.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from delivery.analysis import picture
from delivery.briefs import content, summary, text
from tests.store_builder import PERIOD_1, PERIOD_2, ReturnSpec, _milestone, _priority, _risk, build_store

RULES = picture.Rules(today=dt.date(2026, 12, 6))  # every return below is due by then


def _returns(
    department: str,
    ratings: dict[str, tuple[str | None, str | None]],
    titles: dict[str, str],
    extra: dict | None = None,
) -> list[ReturnSpec]:
    """``department``'s returns for 31 Mar and 30 Jun 2026: each priority's (March, June) rating; None leaves
    it out of that return. ``extra``: more rows for the June return, by sheet."""
    out = []
    for n, period in enumerate((PERIOD_1, PERIOD_2)):
        rows = [
            _priority(pid, titles[pid], "Health", department, pair[n])
            for pid, pair in ratings.items()
            if pair[n] is not None
        ]
        out.append(ReturnSpec(department, period, {"Priorities": rows, **((extra or {}) if n else {})}))
    return out


def _data(tmp_path, returns, scope=content.Scope()) -> content.BriefData:
    store = build_store(tmp_path, returns, use_loader=False)
    with store.connect_read() as con:
        return content.gather(content.asker(con), scope, PERIOD_2, RULES)


def _headline(tmp_path, returns, scope=content.Scope()) -> str:
    return text.make_brief(_data(tmp_path, returns, scope)).headline


TITLES = {"HEA-01": "Cut waiting lists.", "HEA-02": "Open diagnostic hubs", "HEA-03": "Recruit nurses"}


def test_all_green(tmp_path):
    returns = _returns(
        "DHSC",
        {"HEA-01": ("Green", "Green"), "HEA-02": ("Amber/Green", "Green"), "HEA-03": ("Green", "Amber/Green")},
        TITLES,
    )
    assert _headline(tmp_path, returns) == (
        "As at 30 Jun 2026, all 3 priorities in scope are on track (rated Green or Amber/Green). Since 31 Mar 2026, "
        "ratings improved on 1 priority and worsened on 1: Recruit nurses (HEA-03), from Green to Amber/Green. "
        "No barrier is escalated to the centre or the minister, and no stocktake action is overdue."
    )


def test_one_red_with_why_and_the_decision_it_needs(tmp_path):
    extra = {
        "Milestones": [_milestone("HEA-01", "M1", "Staff recruited", "2026-06-01", "2026-06-29")],
        "Risks": [_risk("HEA-01", "R1", "barrier", "Pay rules block recruitment.", "minister", "open")],
    }
    returns = _returns(
        "DHSC", {"HEA-01": ("Amber", "Red"), "HEA-02": ("Green", "Green"), "HEA-03": ("Green", "Green")}, TITLES, extra
    )
    assert _headline(tmp_path, returns) == (
        "As at 30 Jun 2026, 2 of the 3 priorities in scope are on track (rated Green or Amber/Green); 1 is rated "
        "Red. Since 31 Mar 2026, ratings worsened on 1 priority and improved on none: Cut waiting lists (HEA-01), "
        "from Amber to Red, with 1 milestone overdue. 1 decision is needed, on Cut waiting lists (HEA-01): Barrier "
        "escalated to the minister: Pay rules block recruitment."
    )


def test_a_move_between_rating_scales_is_not_news(tmp_path):
    """March on three points, June on five: Green to Amber/Green and Amber to Amber/Red cannot be compared."""
    returns = _returns("DHSC", {"HEA-01": ("Green", "Amber/Green"), "HEA-02": ("Amber", "Amber/Red")}, TITLES)
    assert _headline(tmp_path, returns) == (
        "As at 30 Jun 2026, 1 of the 2 priorities in scope is on track (rated Green or Amber/Green); 1 is rated "
        "Amber/Red. Since 31 Mar 2026, no rating improved or worsened; 2 priorities moved between the three-point "
        "and five-point rating scales, which cannot be compared. No barrier is escalated to the centre or the "
        "minister, and no stocktake action is overdue."
    )


def test_a_stale_department_is_named_with_the_date_of_its_figures(tmp_path):
    returns = _returns("DHSC", {"HEA-01": ("Green", "Green"), "HEA-02": ("Amber", "Amber")}, TITLES)
    returns.append(
        ReturnSpec("HO", PERIOD_1, {"Priorities": [_priority("HO-01", "Halve knife crime", "Safety", "HO", "Red")]})
    )
    assert _headline(tmp_path, returns) == (
        "As at 30 Jun 2026, 1 of the 2 priorities reported this period is on track (rated Green or Amber/Green); "
        "1 is rated Amber; 1 is not reported this period. Since 31 Mar 2026, no rating improved or worsened. No "
        "barrier is escalated to the centre or the minister, and no stocktake action is overdue. HO has not sent its "
        "return for 30 Jun 2026, so its figures are as at 31 Mar 2026."
    )


def test_a_priority_that_left_is_named_by_its_title(tmp_path):
    returns = _returns(
        "DHSC", {"HEA-01": ("Green", "Green"), "HEA-02": ("Amber", None), "HEA-03": ("Red", "Amber")}, TITLES
    )
    data = _data(tmp_path, returns)
    assert summary.picture_text(data).splitlines()[-1] == (
        "Out of the picture: Open diagnostic hubs (HEA-02): Left the portfolio: DHSC's return for 30 Jun 2026 no "
        "longer lists it; last reported in DHSC's return for 31 Mar 2026, rated Amber."
    )
    assert text.make_brief(data).headline == (
        "As at 30 Jun 2026, 1 of the 2 priorities in scope is on track (rated Green or Amber/Green); 1 is rated "
        "Amber. Since 31 Mar 2026, ratings improved on 1 priority and worsened on none. No barrier is escalated to "
        "the centre or the minister, and no stocktake action is overdue. Open diagnostic hubs (HEA-02) left the "
        "portfolio this period (last rated Amber)."
    )


@pytest.mark.parametrize("scope", [content.Scope(priority_id="HEA-01"), content.Scope(department="DHSC")])
def test_a_brief_of_one_priority_speaks_of_it(tmp_path, scope):
    returns = _returns(
        "DHSC",
        {"HEA-01": ("Amber", "Red")},
        TITLES,
        {"Milestones": [_milestone("HEA-01", "M1", "Staff recruited", "2026-06-01", "2026-06-29")]},
    )
    assert _headline(tmp_path, returns, scope) == (
        "As at 30 Jun 2026, Cut waiting lists (HEA-01) is rated Red by its department, worsened from Amber at "
        "31 Mar 2026. 1 milestone is overdue. No barrier is escalated to the centre or the minister, and no "
        "stocktake action is overdue."
    )
