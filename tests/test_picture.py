"""The picture's rules, with exact values: each department's own previous return, stale priorities
counted apart, priorities that leave, the scale rule in sentences, and ``python -m delivery picture``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from delivery.analysis import ended, milestone_status, picture
from delivery.briefs import content, text
from delivery.reference.calendar import read_calendar
from delivery.store.versions import Store
from tests.conftest import run_app
from tests.store_builder import ReturnSpec, _milestone, _priority, build_store
from tests.test_cli import run
from tests.worlds import world
from ui.frame.text import plain

SEP_2026 = dt.date(2026, 9, 30)


def _data(root, as_at, scope=content.Scope(), calendar=None) -> content.BriefData:
    rules = picture.Rules(read_calendar(calendar) if calendar else read_calendar(), today=dt.date(2026, 12, 6))
    with Store(root).connect_read() as con:
        return content.gather(content.asker(con), scope, as_at, rules)


@pytest.fixture(scope="module")
def demo(demo_store_root):
    """The demo as at 30 Sep 2026 (DfT monthly, DESNZ's 30 Sep return overdue) and its brief."""
    data = _data(demo_store_root, SEP_2026)
    return data, text.make_brief(data)


@pytest.fixture(scope="module")
def world_1(tmp_path_factory):
    return world(tmp_path_factory.mktemp("world-1"), 1)


def test_each_department_is_compared_with_its_own_previous_return(demo):
    data, brief = demo
    previous = dict(zip(data.priorities["priority_id"], data.priorities["previous_period"]))
    assert previous.pop("TRA-01") == dt.date(2026, 8, 31)  # DfT reports monthly
    assert set(previous.values()) == {dt.date(2026, 6, 30)}
    assert data.picture.since_text() == "each department's previous return"
    assert brief.changed_heading == "What changed since each department's previous return"
    since = data.changes.groupby("since")["priority_id"].agg(set).to_dict()
    assert since[dt.date(2026, 8, 31)] == {"TRA-01"} and "TRA-01" not in since[dt.date(2026, 6, 30)]


def test_desnz_reads_not_updated_since_30_june_and_is_never_compared_with_31_august(demo):
    data, brief = demo
    (ene,) = [s for s in brief.sections if s.priority_id == "ENE-01"]
    assert (
        ene.ratings == "Department's rating: Amber/Green, not updated since 30 Jun 2026. Centre's rating: not recorded."
    )
    assert ene.source == (
        "Lead: Department for Energy Security and Net Zero. From DESNZ's return as at 30 Jun 2026; "
        "its return for 30 Sep 2026 is overdue."
    )
    every_sentence = [
        brief.headline,
        *brief.minister,
        *brief.changed,
        *brief.wins,
        *(x for s in brief.sections for x in (s.ratings, s.source)),
    ]
    assert [x for x in every_sentence if "31 Aug 2026" in x] == [
        "Put 13,000 more police on the beat (HOM-01): First local pilots live: due 31 Aug 2026, now 30 days "
        "overdue.",  # a due date, not a comparison
        "Department's rating: Amber/Green (was Amber/Green at 31 Aug 2026). Centre's rating: not recorded.",
    ]  # TRA-01
    assert "DESNZ has not sent its return for 30 Sep 2026, so its figures are as at 30 Jun 2026." in brief.headline
    assert data.changes[data.changes["priority_id"] == "ENE-01"].empty  # nothing was reported, so nothing changed
    ene_milestones = data.milestones[data.milestones["priority_id"] == "ENE-01"]
    assert set(ene_milestones["status"]) == {milestone_status.NOT_UPDATED, milestone_status.COMPLETED}
    assert not ene_milestones["completed_this_period"].any()


def test_a_milestone_completed_in_august_is_this_period_for_a_quarterly_department(demo):
    data, _ = demo
    done = data.changes[(data.changes["priority_id"] == "EDU-02") & (data.changes["kind"] == "Milestone completed")]
    assert done[["detail", "since"]].values.tolist() == [
        ["Funding allocated to regions: completed 26 Aug 2026", dt.date(2026, 6, 30)]
    ]
    assert data.picture.facts()["milestones"]["completed"] == int((data.changes["kind"] == "Milestone completed").sum())


def test_a_priority_that_leaves_is_a_change_and_is_named(world_1):
    store, calendar = world_1
    data = _data(store.root, dt.date(2023, 3, 31), calendar=calendar)
    (left,) = data.ended.to_dict("records")
    assert (left["priority_id"], left["standing"], left["left_on"]) == ("HEA-02", picture.LEFT, dt.date(2023, 3, 31))
    assert left["detail"] == (
        f"Left the portfolio: DHSC's return for 31 Mar 2023 no longer lists it; last reported in "
        f"DHSC's return for 31 Dec 2022, rated {left['rag']}"
    )
    row = data.changes[data.changes["kind"] == picture.LEFT]
    assert row[["priority_id", "detail"]].values.tolist() == [["HEA-02", left["detail"]]]
    assert (
        f"Open community diagnostic hubs (HEA-02) left the portfolio this period (last rated {left['rag']})."
        in text.make_brief(data).headline
    )
    assert ended.ended_text(data.ended, data.as_at, 2) == (
        "Out of the picture as at 31 Mar 2023: HEA-02 (left the portfolio on 31 Mar 2023). A priority leaves the "
        "picture when its department has missed more than 2 reporting periods (DELIVERY_STALE_AFTER_PERIODS), or "
        "when no return in force reports it."
    )
    later = _data(store.root, dt.date(2023, 6, 30), calendar=calendar)
    assert later.changes[later.changes["kind"] == picture.LEFT].empty  # news once: DHSC's next quarter moved on


def test_a_silent_department_goes_stale_then_leaves_the_picture(world_1):
    store, calendar = world_1
    stale = _data(store.root, dt.date(2022, 12, 31), calendar=calendar)
    hom = stale.priorities.set_index("priority_id").loc["HOM-01"]
    assert (hom["standing"], hom["periods_missed"], hom["movement"]) == (picture.STALE, 1, picture.STALE)
    assert stale.picture.facts()["not_reported"] == 1
    miles = stale.milestones[stale.milestones["priority_id"] == "HOM-01"]
    assert set(miles["status"]) <= {milestone_status.NOT_UPDATED, milestone_status.COMPLETED}
    assert not miles["completed_this_period"].any()
    gone = _data(store.root, dt.date(2023, 6, 30), calendar=calendar)
    assert "HOM-01" not in set(gone.priorities["priority_id"]) and "HOM-01" not in set(gone.milestones["priority_id"])
    (ended,) = gone.ended[gone.ended["priority_id"] == "HOM-01"].to_dict("records")
    assert ended["detail"] == (
        f"HO has sent no return for 3 periods since 30 Sep 2022 (last rated {ended['rag']}); "
        "more than the 2 a priority stays in the picture for"
    )


def test_a_priority_transferred_out_of_an_abolished_department_stays_until_its_new_lead_reports(world_1):
    store, calendar = world_1
    march = _data(store.root, dt.date(2023, 3, 31), calendar=calendar).priorities.set_index("priority_id")
    assert march.loc["ENE-02", ["department", "lead_department", "standing"]].tolist() == [
        "BEIS",
        "DESNZ",
        picture.STALE,
    ]
    june = _data(store.root, dt.date(2023, 6, 30), calendar=calendar).priorities.set_index("priority_id")
    assert june.loc["ENE-02", ["department", "lead_department", "standing"]].tolist() == [
        "DESNZ",
        "DESNZ",
        picture.REPORTED,
    ]


def _scale_store(root):
    """MoJ rates JUS-01 on three points in 2022 (Green) and on five in 2023 (Amber/Green), annually."""
    three = ReturnSpec(
        "MoJ",
        dt.date(2022, 3, 31),
        {"Priorities": [_priority("JUS-01", "Fewer people reoffend", "Justice", "MoJ", "Green")]},
    )
    five = ReturnSpec(
        "MoJ",
        dt.date(2023, 3, 31),
        {
            "Priorities": [_priority("JUS-01", "Fewer people reoffend", "Justice", "MoJ", "Amber/Green")],
            "Milestones": [_milestone("JUS-01", "J1", "Act passed", "2023-01-31", "2023-01-31", rag="Amber/Red")],
        },
    )
    store = build_store(root, [three, five], use_loader=False)
    calendar = root / "calendar.csv"
    calendar.write_text("department,cadence,due_days\nMoJ,annual,60\n", encoding="utf-8")
    return store, calendar


def test_a_move_between_scales_is_said_as_one_everywhere(tmp_path):
    store, calendar = _scale_store(tmp_path)
    data = _data(store.root, dt.date(2023, 3, 31), calendar=calendar)
    brief = text.make_brief(data)
    assert data.picture.facts()["movement"] == {
        "Improved": 0,
        "Worsened": 0,
        "Unchanged": 0,
        "New": 0,
        "Scale changed": 1,
    }
    assert brief.headline == (  # a brief of one priority speaks of it, never "of 1 priority, 0 are"
        "As at 31 Mar 2023, Fewer people reoffend (JUS-01) is rated Amber/Green by its department, on a rating scale "
        "that cannot be compared with its earlier Green. 1 milestone is overdue. No barrier is escalated to the "
        "centre or the minister, and no stocktake action is overdue."
    )
    assert data.changes.loc[data.changes["kind"] == "Department's rating", "detail"].tolist() == [
        "Department's rating: Green → Amber/Green (scale changed from three-point to five-point: not comparable)"
    ]
    assert brief.minister == []  # not a worsening


def test_a_link_to_a_priority_that_left_says_when_and_shows_its_last_picture(world_1, monkeypatch):
    store, calendar = world_1
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    monkeypatch.setenv("DELIVERY_CALENDAR", str(calendar))
    at = run_app("priority", priority="HEA-02", period="2023-06-30")
    assert not at.exception
    assert at.title[0].value == "HEA-02: Open community diagnostic hubs"
    assert any(
        t.startswith(
            plain(
                "Left the portfolio: DHSC's return for 31 Mar 2023 no longer lists it; last reported "
                "in DHSC's return for 31 Dec 2022"
            )
        )
        and t.endswith("Shown below as it stood in its last return, as at 31 Dec 2022.")
        for t in at.warning.values
    )


def test_the_picture_command_prints_the_counts(sample_store_root, capsys):
    code, out, err = run(capsys, "picture", "--db", sample_store_root, "--period", "2026-06-30")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Whole government, as at 30 Jun 2026: 4 priorities in the picture, 3 reported this period, 1 not reported "
        "this period.",
        "Ratings: Red 0, Amber/Red 1, Amber 1, Amber/Green 1, Green 0.",
        "Since 31 Mar 2026: Improved 1, Worsened 1, Unchanged 0, New 1.",
        "Milestones: overdue 1, due 30 0, due 90 1, slipped 2, completed 1.",
        "Returns: 2 of 3 received, 1 overdue.",
    ]
    code, out, _ = run(
        capsys, "picture", "--db", sample_store_root, "--period", "2026-06-30", "--priority", "HO-01", "--json"
    )
    (ho,) = json.loads(out)["priorities"]
    assert {
        k: ho[k] for k in ("standing", "rating", "last_return", "expected_period", "periods_missed", "movement")
    } == {
        "standing": picture.STALE,
        "rating": "Red",
        "last_return": "2026-03-31",
        "expected_period": "2026-06-30",
        "periods_missed": 1,
        "movement": picture.STALE,
    }


@pytest.mark.parametrize(
    "args, message",
    [
        (["--priority", "NOPE-01"], "Error: There is no priority 'NOPE-01' in the store as at 30 Jun 2026."),
        (
            ["--period", "2026-05-01"],
            "Error: There is no reporting period 2026-05-01 in the store; the latest are 2026-06-30, 2026-03-31.",
        ),
        (["--department", "XYZ"], "Error: There is no department 'XYZ'"),
    ],
)
def test_the_picture_command_refuses_what_the_store_does_not_know(sample_store_root, args, message, capsys):
    code, out, err = run(capsys, "picture", "--db", sample_store_root, *args)
    assert code == 1 and out == "" and err.startswith(message)


def test_the_picture_command_on_an_empty_store(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "picture", "--db", tmp_path / "empty")
    assert code == 1 and err == f"Error: The store at {tmp_path / 'empty'} is empty: load returns first.\n"
    code, _, err = run(capsys, "picture", "--db", tmp_path / "none")
    assert code == 1 and err == (
        f"Error: There is no store at {tmp_path / 'none'}: that folder does not exist. "
        "Check --db (or the DELIVERY_DB setting).\n"
    )


def test_the_page_of_a_priority_no_longer_reported_says_so_and_marks_its_milestones(world_1, monkeypatch):
    store, calendar = world_1
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    monkeypatch.setenv("DELIVERY_CALENDAR", str(calendar))
    at = run_app("priority", priority="HOM-01", period="2023-06-30")
    assert not at.exception
    assert any(
        w.startswith(plain("HO has sent no return for 3 periods since 30 Sep 2022"))
        and w.endswith("It is out of the current picture: in no count, list or brief.")
        for w in at.warning.values
    )
    statuses = set(at.dataframe[0].value["Status"])  # the milestones table: nothing due or overdue from 2022's news
    assert (
        statuses <= {milestone_status.NOT_UPDATED, milestone_status.COMPLETED}
        and milestone_status.NOT_UPDATED in statuses
    )
