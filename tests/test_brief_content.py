"""A brief's numbers are the store's: counts, moves and dates for several scopes and periods,
an empty scope, a stale department, the centre's disagreements and overdue actions."""
import datetime as dt

import pytest

from delivery.analysis import picture
from delivery.auth import CENTRE_ANALYST, User
from delivery.briefs import content, text
from delivery.store import judgements
from tests.store_builder import PERIOD_1, PERIOD_2, build_store, sample_returns

CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The sample government, with the centre rating HEA-01 Amber (department: Amber/Green) for 30 Jun
    and one action agreed at the 31 Mar stocktake, due 15 May 2026 and still open."""
    s = build_store(tmp_path_factory.mktemp("brief"), sample_returns(), use_loader=False)
    judgements.record_rating(s, CARA, "HEA-01", PERIOD_2, "Amber", "Staff gap not closing")
    judgements.record_action(s, CARA, "HEA-01", PERIOD_1, "Agree radiographer pay flexibility", "=HMT+DHSC",
                             dt.date(2026, 5, 15))
    return s


RULES = picture.Rules(today=dt.date(2026, 12, 6))  # every sample return is due by then


def _brief(store, scope=content.Scope(), period=None):
    con = store.connect_read()
    try:
        ask = content.asker(con)
        data = content.gather(ask, scope, picture.resolve_as_at(ask, RULES, period), RULES)
    finally:
        con.close()
    return data, text.make_brief(data)


def _direct(store, sql, **params):
    con = store.connect_read()
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_whole_government_headline_equals_the_store(store):
    data, brief = _brief(store)
    assert data.as_at == PERIOD_2 and data.picture.since_text() == "31 Mar 2026"
    reds = _direct(store, "SELECT rag, count(*) FROM priorities_at($d) GROUP BY rag ORDER BY rag", d=PERIOD_2)
    assert reds == [("Amber", 1), ("Amber/Green", 1), ("Amber/Red", 1), ("Red", 1)]
    # HO-01's Red is from HO's 31 Mar return: not reported this period, so counted apart (as on the Overview)
    assert brief.headline == (
        "As at 30 Jun 2026, of 4 priorities in scope, 0 are rated Red, the same as at 31 Mar 2026; "
        "1 is rated Amber/Red, one more than at 31 Mar 2026; 1 is not reported this period. Since 31 Mar 2026, "
        "1 improved, 1 worsened and 1 is new; the rest are unchanged. The centre has rated 1 of them and disagrees "
        "with the department on 1 priority: HEA-01. Of 1 open stocktake action, 1 is overdue. 1 department has not "
        "sent its latest return, so its figures are older: HO (last return 31 Mar 2026; the return for 30 Jun 2026 "
        "is overdue).")
    assert [s.priority_id for s in brief.sections] == ["EDU-01", "HEA-01", "HEA-02", "HO-01"]


def test_what_needs_the_minister(store):
    _, brief = _brief(store)
    assert brief.minister == [  # HO-01 (Red at 31 Mar, not reported since) is named by its department's line
        "EDU-01 Raise reading at age 11: rated Amber/Red.",
        "EDU-01 Raise reading at age 11: worsened from Green to Amber/Red.",
        "HEA-01 Cut hospital waiting times: the department rates it Amber/Green, the centre Amber "
        "(30 Jun 2026: Staff gap not closing).",
        "HEA-01: action overdue by 46 days (due 15 May 2026, owner =HMT+DHSC): Agree radiographer pay flexibility.",
        "HO has not sent a return since 31 Mar 2026 (1 period missed).",
    ]


def test_what_changed_lists_every_move_with_its_numbers_shortest_first(store):
    data, brief = _brief(store)
    got = set(zip(data.changes["priority_id"], data.changes["kind"], data.changes["detail"]))
    assert got == {
        ("HEA-02", "New priority", "New this period, rated Amber"),
        ("HEA-01", "Centre's rating", "Centre's rating first given: Amber"),
        ("HEA-01", "Department's rating", "Department's rating improved: Amber to Amber/Green"),
        ("EDU-01", "Department's rating", "Department's rating worsened: Green to Amber/Red"),
        ("HEA-01", "Milestone completed", "Contract signed: completed 10 May 2026"),
        ("HEA-01", "Milestone newly overdue", "500 staff recruited: due 31 May 2026, now 30 days overdue"),
        ("HEA-01", "Milestone slipped", "Diagnostic centres open: forecast moved 92 days, from 30 Sep 2026 to 31 Dec 2026"),
        ("HEA-01", "Barrier opened", "Barrier opened: Radiographer shortage needs pay flexibility (escalated to the centre)"),
        ("EDU-01", "Issue opened", "Issue opened: Tutor recruitment behind plan"),
        ("EDU-01", "Crossed its trajectory", "Pupils meeting the expected reading standard: now off trajectory (was on trajectory)"),
        ("HEA-01", "New actuals", "Patients waiting over 18 weeks: 1 new actual, latest 352,000 people for 30 Jun 2026"),
        ("HEA-01", "New actuals", "Diagnostic tests within 6 weeks: 1 new actual, latest 77 % for 30 Jun 2026"),
        ("EDU-01", "New actuals", "Pupils meeting the expected reading standard: 1 new actual, latest 70 % for 30 Jun 2026"),
    }
    lengths = [len(line) for line in brief.changed]
    assert lengths == sorted(lengths)


def test_the_first_period_has_nothing_to_compare(store):
    data, brief = _brief(store, period=PERIOD_1)
    assert not data.compared and brief.changed == [] and data.changes.empty
    assert brief.headline.startswith("As at 31 Mar 2026, of 3 priorities in scope, 1 is rated Red; 0 are rated "
                                     "Amber/Red. This is the first reporting period in the store")
    assert "Of 1 open stocktake action, 0 are overdue." in brief.headline  # agreed 31 Mar, due 15 May


def test_a_stale_department_says_its_figures_are_older(store):
    data, brief = _brief(store, content.Scope(department="HO"))
    assert list(data.priorities["priority_id"]) == ["EDU-01", "HO-01"]  # HO contributes to EDU-01
    assert data.freshness[["department", "periods_missed"]].values.tolist() == [["DfE", 0], ["HO", 1]]
    ho = next(s for s in brief.sections if s.priority_id == "HO-01")
    assert ho.source == "Lead: Home Office. From HO's return as at 31 Mar 2026; its return for 30 Jun 2026 is overdue."
    assert ho.ratings == "Department's rating: Red, not updated since 31 Mar 2026. Centre's rating: not recorded."
    assert ho.trajectory == "Knife crime offences: 49,000 offences for 31 Mar 2026 against 48,000 planned: on trajectory."


def test_an_empty_scope_says_so(store):
    data, brief = _brief(store, content.Scope(department="MoJ"))
    assert data.empty and brief.sections == [] and brief.minister == []
    assert brief.headline == ("There are no priorities in this scope (Department: MoJ (leads or contributes)) "
                              "as at 30 Jun 2026, so there is nothing to report.")


def test_one_priority_section(store):
    _, brief = _brief(store, content.Scope(priority_id="HEA-01"))
    (sec,) = brief.sections
    assert sec.ratings == ("Department's rating: Amber/Green (was Amber at 31 Mar 2026). Centre's rating: Amber for "
                           "30 Jun 2026 (differs): Staff gap not closing.")
    assert sec.milestones == ["500 staff recruited: due 31 May 2026, OVERDUE by 30 days",
                              "Diagnostic centres open: due 31 Dec 2026 (slipped 92 days from 30 Sep 2026)"]
    assert sec.risks == ["Barrier: Radiographer shortage needs pay flexibility, escalated to the centre, likelihood 4 impact 4",
                         "Risk: Winter pressures, likelihood 3 impact 3"]
    assert sec.actions == ["Agree radiographer pay flexibility (owner =HMT+DHSC, due 15 May 2026, agreed 31 Mar 2026): "
                           "OVERDUE by 46 days"]
    assert sec.questions == []  # on trajectory, improving, not red: no off-track questions


def test_an_off_track_priority_gets_the_delivery_unit_questions(store):
    _, brief = _brief(store, content.Scope(priority_id="EDU-01"))
    (sec,) = brief.sections
    assert [q for q, _ in sec.questions] == list(text.QUESTIONS)
    assert sec.questions[0][1] == "Pupils meeting the expected reading standard is off trajectory: 9.1% below plan (worse)"


def test_a_down_is_better_indicator_off_trajectory_is_said_above_plan(tmp_path):
    """Knife crime offences at 52,000 against 48,000 planned: above plan, and worse (it read '−8.3%')."""
    returns = sample_returns()
    ho = next(r for r in returns if r.department == "HO")
    ho.tables["Actuals"] = [dict(row, actual_value=52000) for row in ho.tables["Actuals"]]
    _, brief = _brief(build_store(tmp_path, returns, use_loader=False), content.Scope(priority_id="HO-01"))
    (sec,) = brief.sections
    assert sec.questions[0][1] == "Knife crime offences is off trajectory: 8.3% above plan (worse)"


def test_an_unknown_period_is_refused_plainly(store):
    from delivery.errors import DeliveryError
    with pytest.raises(DeliveryError, match="There is no reporting period 2026-05-01 in the store; the latest are "
                                            "2026-06-30, 2026-03-31."):
        _brief(store, period=dt.date(2026, 5, 1))
