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
    judgements.record_action(
        s, CARA, "HEA-01", PERIOD_1, "Agree radiographer pay flexibility", "=HMT+DHSC", dt.date(2026, 5, 15)
    )
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
        "As at 30 Jun 2026, 1 of the 3 priorities reported this period is on track (rated Green or Amber/Green); "
        "1 is rated Amber/Red and 1 is rated Amber; 1 is not reported this period. Since 31 Mar 2026, ratings "
        "improved on 1 priority and worsened on 1: Raise reading at age 11 (EDU-01), from Green to Amber/Red, with "
        "its one indicator off trajectory; 1 priority is new. 2 decisions are needed (1 overdue stocktake action "
        "and 1 escalation to the centre); the first is on Cut hospital waiting times (HEA-01): Agree radiographer "
        "pay flexibility (agreed at the 31 Mar 2026 stocktake) is 46 days overdue. The centre rates 1 priority "
        "differently from its department: Cut hospital waiting times (HEA-01), Amber against Amber/Green. HO has "
        "not sent its return for 30 Jun 2026, so its figures are as at 31 Mar 2026."
    )
    # the annex follows the table: by concern (HO-01 is Red, though stale), not by ID
    assert [s.priority_id for s in brief.sections] == ["HO-01", "EDU-01", "HEA-01", "HEA-02"]


def test_the_one_page_table_is_ordered_by_concern(store):
    _, brief = _brief(store)
    assert [
        (r.priority, r.rating, r.centre, r.movement, r.trajectory, r.next_milestone, r.concern) for r in brief.table
    ] == [
        (
            "Halve knife crime (HO-01)",
            "Red",
            "Not recorded",
            "Not reported since 31 Mar 2026",
            "On: 1 of 1",
            "Strategy published, due 31 Dec 2026",
            "Red",
        ),
        (
            "Raise reading at age 11 (EDU-01)",
            "Amber/Red",
            "Not recorded",
            "Worsened from Green",
            "Off: 1 of 1",
            "Tutoring programme launched, due 1 Sep 2026",
            "Worsened",
        ),
        (
            "Cut hospital waiting times (HEA-01)",
            "Amber/Green",
            "Amber",
            "Improved from Amber",
            "On: 2 of 2",
            "500 staff recruited, due 31 May 2026 (overdue)",
            "Amber",
        ),
        (
            "Expand mental health support (HEA-02)",
            "Amber",
            "Not recorded",
            "New this period",
            "None judged",
            "None open",
            "Amber",
        ),
    ]


def test_decisions_needed_are_ordered_by_seriousness_with_owner_and_date(store):
    _, brief = _brief(store)
    assert brief.minister == [  # an overdue action before an escalation to the centre (agenda.DECISION_RULE)
        "Decision needed on Cut hospital waiting times (HEA-01): Agree radiographer pay flexibility (agreed at the "
        "31 Mar 2026 stocktake) is 46 days overdue (owner =HMT+DHSC; due 15 May 2026).",
        "Decision needed on Cut hospital waiting times (HEA-01): Barrier escalated to the centre: Radiographer "
        "shortage needs pay flexibility (owner Owner R1; raised 15 Jan 2026).",
    ]
    assert [a.line() for a in brief.actions] == [
        "Cut hospital waiting times (HEA-01): Agree radiographer pay flexibility (owner =HMT+DHSC; agreed 31 Mar 2026; "
        "due 15 May 2026): overdue by 46 days."
    ]


def test_what_changed_is_condensed_to_material_changes_with_titles(store):
    _, brief = _brief(store)
    assert brief.changed == [  # the most serious first, then the priority of most concern; routine ones counted
        "Raise reading at age 11 (EDU-01): department's rating worsened: Green to Amber/Red.",
        "Cut hospital waiting times (HEA-01): barrier opened: Radiographer shortage needs pay flexibility "
        "(escalated to the centre).",
        "Cut hospital waiting times (HEA-01): 500 staff recruited: due 31 May 2026, now 30 days overdue.",
        "Raise reading at age 11 (EDU-01): Pupils meeting the expected reading standard: now off trajectory (was on "
        "trajectory).",
        "Cut hospital waiting times (HEA-01): Diagnostic centres open: forecast moved 92 days, from 30 Sep 2026 to "
        "31 Dec 2026.",
        "Expand mental health support (HEA-02): new this period, rated Amber.",
        "Cut hospital waiting times (HEA-01): centre's rating first given: Amber.",
        "Cut hospital waiting times (HEA-01): Contract signed: completed 10 May 2026.",
        "Cut hospital waiting times (HEA-01): department's rating improved: Amber to Amber/Green.",
        "Routine changes, not listed: new actuals for 3 indicators; 1 risk or issue opened or closed without "
        "escalation (the Excel pack and the What changed page list each one).",
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
        (
            "HEA-01",
            "Milestone slipped",
            "Diagnostic centres open: forecast moved 92 days, from 30 Sep 2026 to 31 Dec 2026",
        ),
        (
            "HEA-01",
            "Barrier opened",
            "Barrier opened: Radiographer shortage needs pay flexibility (escalated to the centre)",
        ),
        ("EDU-01", "Issue opened", "Issue opened: Tutor recruitment behind plan"),
        (
            "EDU-01",
            "Crossed its trajectory",
            "Pupils meeting the expected reading standard: now off trajectory (was on trajectory)",
        ),
        (
            "HEA-01",
            "New actuals",
            "Patients waiting over 18 weeks: 1 new actual, latest 352,000 people for 30 Jun 2026",
        ),
        ("HEA-01", "New actuals", "Diagnostic tests within 6 weeks: 1 new actual, latest 77 % for 30 Jun 2026"),
        (
            "EDU-01",
            "New actuals",
            "Pupils meeting the expected reading standard: 1 new actual, latest 70 % for 30 Jun 2026",
        ),
    }


def test_the_first_period_has_nothing_to_compare(store):
    data, brief = _brief(store, period=PERIOD_1)
    assert not data.compared and brief.changed == [] and data.changes.empty
    assert brief.headline == (  # the action agreed 31 Mar is due 15 May: on time, so no decision is asked
        "As at 31 Mar 2026, 1 of the 3 priorities in scope is on track (rated Green or Amber/Green); 1 is rated Red "
        "and 1 is rated Amber. This is the first reporting period in the store, so there is no earlier period to "
        "compare with. No barrier is escalated to the centre or the minister, and no stocktake action is overdue."
    )
    assert [a.status for a in brief.actions] == ["On time"]


def test_a_stale_department_says_its_figures_are_older(store):
    data, brief = _brief(store, content.Scope(department="HO"))
    assert list(data.priorities["priority_id"]) == ["EDU-01", "HO-01"]  # HO contributes to EDU-01
    assert data.freshness[["department", "periods_missed"]].values.tolist() == [["DfE", 0], ["HO", 1]]
    ho = next(s for s in brief.sections if s.priority_id == "HO-01")
    assert ho.source == "Lead: Home Office. From HO's return as at 31 Mar 2026; its return for 30 Jun 2026 is overdue."
    assert ho.ratings == "Department's rating: Red, not updated since 31 Mar 2026. Centre's rating: not recorded."
    assert (
        ho.trajectory == "Knife crime offences: 49,000 offences for 31 Mar 2026 against 48,000 planned: on trajectory."
    )


def test_an_empty_scope_says_so(store):
    data, brief = _brief(store, content.Scope(department="MoJ"))
    assert data.empty and brief.sections == [] and brief.minister == []
    assert brief.headline == (
        "There are no priorities in this scope (Department: MoJ (leads or contributes)) "
        "as at 30 Jun 2026, so there is nothing to report."
    )


def test_one_priority_section(store):
    _, brief = _brief(store, content.Scope(priority_id="HEA-01"))
    (sec,) = brief.sections
    assert sec.ratings == (
        "Department's rating: Amber/Green (was Amber at 31 Mar 2026). Centre's rating: Amber for "
        "30 Jun 2026 (differs): Staff gap not closing."
    )
    assert sec.milestones == [
        "500 staff recruited: due 31 May 2026, OVERDUE by 30 days",
        "Diagnostic centres open: due 31 Dec 2026 (slipped 92 days from 30 Sep 2026)",
    ]
    assert sec.risks == [
        "Barrier: Radiographer shortage needs pay flexibility, escalated to the centre, likelihood 4 impact 4",
        "Risk: Winter pressures, likelihood 3 impact 3",
    ]
    assert sec.actions == [
        "Agree radiographer pay flexibility (owner =HMT+DHSC, due 15 May 2026, agreed 31 Mar 2026): OVERDUE by 46 days"
    ]
    # on trajectory, improving, not red: not off track, but its own data do not bear out its Amber/Green
    assert sec.asked_because == "flagged by the data checks"
    assert sec.questions[0] == (
        "What is the problem?",
        "The data checks question the return: Rated Amber/Green, but 1 milestone is overdue (M2); 1 barrier is "
        "open and escalated (R1).",
    )


def test_an_off_track_priority_gets_the_delivery_unit_questions(store):
    _, brief = _brief(store, content.Scope(priority_id="EDU-01"))
    (sec,) = brief.sections
    assert [q for q, _ in sec.questions] == list(text.QUESTIONS)
    assert (
        sec.questions[0][1] == "Pupils meeting the expected reading standard is off trajectory: 9.1% below plan (worse)"
    )


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

    with pytest.raises(
        DeliveryError,
        match="There is no reporting period 2026-05-01 in the store; the latest are 2026-06-30, 2026-03-31.",
    ):
        _brief(store, period=dt.date(2026, 5, 1))


def test_a_priority_on_track_but_flagged_is_questioned_with_the_flags_evidence(tmp_path):
    """HEA-01 is on trajectory and improving, but its Amber/Green is not borne out by its milestones and its
    commentary is copied word for word while its rating moved: the data checks' flags (the Data quality
    page's), most serious first, are the problem the questions put to DHSC."""
    returns = sample_returns()
    for r in returns:
        if r.department == "DHSC":
            r.tables["Priorities"][0]["commentary"] = "Recruitment is on plan."
    _, brief = _brief(build_store(tmp_path, returns, use_loader=False), content.Scope(priority_id="HEA-01"))
    (sec,) = brief.sections
    assert sec.asked_because == "flagged by the data checks"
    assert sec.questions[:2] == [
        (
            "What is the problem?",
            "The data checks question the return: Rated Amber/Green, but 1 milestone is overdue (M2); 1 barrier "
            "is open and escalated (R1).",
        ),
        (
            "How do you know?",
            "0 indicators off trajectory and 1 overdue milestone as at 30 Jun 2026. The data checks raise 2 flags: "
            "Rating not supported by its data (1), Commentary copied while the rating moved (1).",
        ),
    ]


def test_flags_are_said_by_kind_most_serious_first():
    from delivery.briefs.sections import flags_text

    flagged = [
        {"kind": "Rating not supported by its data", "explanation": "Rated Green, but 2 milestones are overdue."},
        {"kind": "Milestone slipped again and again", "explanation": "M1 slipped 3 times."},
        {"kind": "Milestone slipped again and again", "explanation": "M2 slipped 4 times."},
    ]
    assert flags_text([]) == ""
    assert flags_text(flagged) == (
        " The data checks raise 3 flags: Rating not supported by its data (1), Milestone slipped again and again "
        "(2); the most serious: Rated Green, but 2 milestones are overdue."
    )
    assert flags_text(flagged[1:2], evidence=False) == (
        " The data checks raise 1 flag: Milestone slipped again and again (1)."
    )


def test_the_brief_reads_the_same_flags_as_the_flags_command(store, capsys):
    """One question, one answer: the brief's flags are `flags --json`'s, for the whole government and for
    one department."""
    import json

    from delivery import cli

    for department in (None, "DHSC"):
        data, _ = _brief(store, content.Scope(department=department))
        argv = ["flags", "--db", str(store.root), "--json"] + (["--department", department] if department else [])
        assert cli.main(argv) == 0
        listed = json.loads(capsys.readouterr().out)["flags"]
        assert listed  # the sample's HEA-01 is flagged
        said = [(f["priority_id"], f["kind"], f["explanation"]) for f in listed]
        assert said == list(data.flags[["priority_id", "kind", "explanation"]].itertuples(index=False, name=None))
