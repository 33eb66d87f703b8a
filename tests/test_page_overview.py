"""The Overview page on the sample government (tests/store_builder.py), driven with AppTest."""

import datetime as dt
import json
import re

from tests.conftest import chart_specs, run_app, texts

MARCH = dt.date(2026, 3, 31)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _tables(at):
    """transition, needs attention, small wins, freshness."""
    return [d.value for d in at.dataframe]


def _kinds(node) -> list:
    """The page's elements in order, by kind; a container as (its key's end, [its elements' kinds])."""
    out = []
    for child in node.children.values():
        if type(child).__name__ == "Block":
            out.append((child.proto.id.rsplit("-", 2)[-2:] if child.proto.id else "", _kinds(child)))
        else:
            out.append(type(child).__name__ if type(child).__name__ != "UnknownElement" else child.type)
    return out


def test_the_first_screen_says_what_is_off_track_and_why_before_any_table_or_chart(serve_sample):
    at = run_app()
    assert not at.exception
    # The first screen: the worst priorities in the brief's order of concern, each with why and a link, then
    # the counts; "Needs attention" was the fourth heading, about 1,300 px down, in a table cut at 1024 px.
    assert _kinds(at.main)[:5] == [
        "Title",
        "Caption",
        (["first", "screen"], ["Header", "Markdown", "Markdown"]),  # light elements only, drawn first
        "Header",
        "Markdown",
    ]
    assert [h.value for h in at.header][:2] == [
        "What is off track, as at 30 Jun 2026",
        "Delivery confidence, as at 30 Jun 2026",
    ]
    assert at.markdown[0].value == "3 of 4 priorities need attention, the most serious first:"
    assert at.markdown[1].value.split("\n") == [
        "1. **[Halve knife crime (HO-01)](priority?priority=HO-01&period=2026-06-30)** :red-badge[Red] — "
        "No return since 31 Mar 2026 (last rated Red).",
        "2. **[Raise reading at age 11 (EDU-01)](priority?priority=EDU-01&period=2026-06-30)** "
        ":orange-badge[Amber/Red] — Rating went from Green to Amber/Red; Pupils meeting the expected reading "
        "standard\\: 70 against 77 planned, 9.1% below plan (worse).",
        "3. **[Cut hospital waiting times (HEA-01)](priority?priority=HEA-01&period=2026-06-30)** "
        ":green-badge[Amber/Green] — 500 staff recruited\\: due 31 May 2026, 30 days overdue; Radiographer "
        "shortage needs pay flexibility (escalated to the centre).",
    ]


def test_the_first_screen_links_keep_the_filters_and_says_when_nothing_is_off_track(serve_sample):
    at = run_app(theme="Health")
    assert at.markdown[0].value == "1 of 2 priorities needs attention:"
    assert at.markdown[1].value.startswith(
        "1. **[Cut hospital waiting times (HEA-01)](priority?priority=HEA-01&period=2026-06-30&theme=Health)**"
    )
    at = run_app(period=MARCH.isoformat(), theme="Health")
    assert [s.value for s in at.success] == [
        "Nothing is off track for this selection: no priority is rated Red or Amber/Red, worsened, off trajectory "
        "or late with its return, and none has an overdue milestone or an escalation."
    ]


def test_counts_movement_and_transition_as_at_the_latest_period(serve_sample):
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Overview"
    # HO-01's latest return is for 31 Mar: not reported this period, counted apart, no movement.
    assert _metrics(at) == {
        ":red-badge[Red]": "0",
        ":orange-badge[Amber/Red]": "1",
        ":yellow-badge[Amber]": "1",
        ":green-badge[Amber/Green]": "1",
        ":green-badge[Green]": "0",
        "Not reported this period": "1",
        "Improved": "1",
        "Worsened": "1",
        "Unchanged": "0",
        "New": "1",
    }
    assert [s.value for s in at.header][1:3] == ["Delivery confidence, as at 30 Jun 2026", "Movement since 31 Mar 2026"]
    assert "2 of 3 returns received; 1 overdue." in texts(at)
    transition = _tables(at)[0]
    assert transition.index.tolist() == ["New", "Amber", "Green"]
    assert transition.to_dict("index") == {
        "New": {"Amber/Red": 0, "Amber": 1, "Amber/Green": 0},
        "Amber": {"Amber/Red": 0, "Amber": 0, "Amber/Green": 1},
        "Green": {"Amber/Red": 1, "Amber": 0, "Amber/Green": 0},
    }


def test_exceptions_small_wins_and_freshness(serve_sample):
    at = run_app()
    needs, wins, fresh = _tables(at)[1:]
    # One row per priority, its reasons together (it was one row per reason: EDU-01 three times), in the
    # first screen's and the brief's order of concern (it was the order the reasons were found in: EDU-01 first).
    assert needs[["ID", "Why"]].values.tolist() == [
        ["HO-01", "Not reported this period"],
        ["EDU-01", "Rated Amber/Red · Worsened · Off trajectory"],
        ["HEA-01", "Overdue milestone · Escalated barrier"],
    ]
    first = re.findall(r"\(([A-Z]+-\d+)\)\]", at.markdown[1].value)  # the first screen's list, on the same run
    assert needs["ID"].tolist() == first
    assert needs["Detail"].tolist() == [
        "No return since 31 Mar 2026 (last rated Red)",
        "Rated Amber/Red by its department · Rating went from Green to Amber/Red · "
        "Pupils meeting the expected reading standard: 70 against 77 planned, 9.1% below plan (worse)",
        "500 staff recruited: due 31 May 2026, 30 days overdue · "
        "Radiographer shortage needs pay flexibility (escalated to the centre)",
    ]
    assert needs["Open"].tolist()[0] == "priority?priority=HO-01&period=2026-06-30"
    # Rows tall enough for the longest detail (166 characters) to wrap in full in the room the Detail
    # column gets (ui/frame/widths.fitted): three lines.
    assert at.dataframe[1].proto.row_height == 72
    assert at.dataframe[2].proto.row_height == 66  # small wins: 67 characters, two lines
    assert wins[["ID", "Why", "Detail"]].values.tolist() == [
        [
            "HEA-01",
            "Rating improved · Milestone completed",
            "From Amber to Amber/Green · Contract signed: completed 10 May 2026",
        ]
    ]
    assert fresh[["Department", "Status"]].values.tolist() == [
        ["Home Office (HO)", "Overdue: 1 period missed (the return for 30 Jun 2026 was due 30 Jul 2026)"],
        ["Department of Health and Social Care (DHSC)", "Up to date"],
        ["Department for Education (DfE)", "Up to date"],
    ]
    assert [str(d) for d in fresh["Last return (period end)"]] == ["2026-03-31", "2026-06-30", "2026-06-30"]
    # Dates read '30 Jun 2026' as everywhere else (they showed as 2026-06-30); blanks as a dash.
    config = json.loads(at.dataframe[-1].proto.columns)
    dates = ["Return expected for", "Due", "Last return (period end)", "Loaded on"]
    assert {c: config[c]["type_config"]["format"] for c in dates} == dict.fromkeys(dates, "D MMM YYYY")
    assert at.dataframe[-1].proto.placeholder == "–" and at.dataframe[1].proto.placeholder == "–"


def test_heatmap_of_ratings_by_department(serve_sample):
    at = run_app()
    (spec,) = chart_specs(at)
    assert spec["title"]["text"] == "Ratings by department"
    assert spec["title"]["subtitle"] == ["As at 30 Jun 2026 · priorities each department", "leads or contributes to"]
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Department"


def test_a_contributing_department_sees_the_priorities_it_contributes_to(serve_sample):
    at = run_app(department="HO")
    assert _metrics(at)[":red-badge[Red]"] == "0"
    assert _metrics(at)["Not reported this period"] == "1"  # HO-01, from HO's 31 Mar return
    assert _metrics(at)[":orange-badge[Amber/Red]"] == "1"  # EDU-01, led by DfE, HO contributes
    assert _metrics(at)[":yellow-badge[Amber]"] == "0"
    fresh = _tables(at)[-1]
    assert fresh["Department"].tolist() == ["Home Office (HO)"]


def test_theme_filter(serve_sample):
    at = run_app()
    at.selectbox(key="f_theme").set_value("Health").run()
    assert _metrics(at)[":yellow-badge[Amber]"] == "1" and _metrics(at)[":red-badge[Red]"] == "0"
    assert {"Improved": "1", "Worsened": "0", "Unchanged": "0", "New": "1"}.items() <= _metrics(at).items()


def test_an_earlier_period_shows_the_dashboard_as_it_stood(serve_sample):
    at = run_app()
    at.selectbox(key="f_period").set_value(MARCH).run()
    assert not at.exception
    assert _metrics(at) == {
        ":red-badge[Red]": "1",
        ":orange-badge[Amber/Red]": "0",
        ":yellow-badge[Amber]": "1",
        ":green-badge[Amber/Green]": "0",
        ":green-badge[Green]": "1",
        "Improved": "0",
        "Worsened": "0",
        "Unchanged": "0",
        "New": "3",
    }
    assert (
        "This is the first reporting period in the store, so every priority is new; "
        "movement shows from the next period on."
    ) in texts(at)
    fresh = _tables(at)[-1]
    assert set(fresh["Status"]) == {"Up to date"}


def test_a_department_with_no_data_says_so(serve_sample):
    at = run_app(department="MoJ")
    assert not at.exception
    assert not at.metric
    assert (
        "There are no priorities as at 30 Jun 2026 led or contributed to by MoJ. "
        "The department may not have sent a return yet; choose another department, theme or period."
    ) in texts(at)


def test_heatmap_counts_from_the_store(sample_store_root):
    from delivery.store.versions import Store, run_query

    con = Store(sample_store_root).connect_read()
    rows = run_query(con, "department_ratings", {"as_at": dt.date(2026, 6, 30), "department": None, "theme": None})
    assert rows[["department", "rag", "priorities"]].values.tolist() == [
        ["DHSC", "Amber", 1],
        ["DHSC", "Amber/Green", 1],
        ["DfE", "Amber/Red", 1],
        ["HO", "Amber/Red", 1],
        ["HO", "Red", 1],
    ]
    con.close()
