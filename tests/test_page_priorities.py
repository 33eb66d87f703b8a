"""The Priorities page on the sample government (tests/store_builder.py), driven with AppTest."""

import datetime as dt
import json

from tests.conftest import run_app, texts
from ui.frame.widths import TABLE_PX, header_px


def _table(at):
    return at.dataframe[0].value


def test_one_row_per_priority_with_rating_trend_history_and_trajectory(serve_sample):
    at = run_app("priorities")
    assert not at.exception
    assert at.title[0].value == "Priorities"
    table = _table(at)
    # Most concerning first (it was by ID): HO-01 not updated (last rated Red), then Amber/Red, Amber, Amber/Green.
    assert table[["ID", "Priority", "Rating", "Trend since last period", "Lead", "Contributing"]].values.tolist() == [
        # HO has not sent its 30 Jun return: HO-01 is shown as not updated, with its last rating in words.
        [
            "HO-01",
            "Halve knife crime",
            "Not updated since 31 Mar 2026",
            "Not updated since 31 Mar 2026 (last rated Red)",
            "HO",
            "",
        ],
        ["EDU-01", "Raise reading at age 11", "Amber/Red", "Green → Amber/Red", "DfE", "HO"],
        ["HEA-02", "Expand mental health support", "Amber", "New this period", "DHSC", ""],
        ["HEA-01", "Cut hospital waiting times", "Amber/Green", "Amber → Amber/Green", "DHSC", ""],
    ]
    assert table["Movement"].tolist() == ["Not reported this period", "Worsened", "New", "Improved"]
    # HO-01's rating and trend are longer than their columns: rows tall enough for three lines (they were cut),
    # and the columns fit the page (tests/e2e/test_screens.py checks every row shows).
    assert at.dataframe[0].proto.row_height == 72
    config = json.loads(at.dataframe[0].proto.columns)
    widths = {name: config[name]["width"] for name in at.dataframe[0].proto.column_order}
    assert sum(widths.values()) <= TABLE_PX - 32  # the page's width at 1400 px, less the tick boxes
    assert widths["Due"] >= header_px("Next milestone due")
    assert [list(h) for h in table["Rating history"]] == [[1], [5, 2], [3], [3, 4]]
    assert table["Score (1 Red–5 Green)"].fillna(0).tolist() == [0, 2, 3, 4]
    assert table["Next milestone"].tolist() == [
        "Strategy published",
        "Tutoring programme launched",
        "",
        "500 staff recruited",
    ]
    assert [str(d) for d in table["Due"]] == ["2026-12-31", "2026-09-01", "None", "2026-05-31"]
    assert table["Trajectory"].tolist() == [
        "On trajectory (1 of 1)",
        "Off trajectory (1 of 1)",
        "No indicators",
        "On trajectory (2 of 2)",
    ]
    assert (
        "4 of 4 priorities, as at 30 Jun 2026, most concerning first: worst rating first (a priority not "
        "updated this period by its last rating), then worsened or not updated, then off trajectory."
    ) in " ".join(texts(at))


def test_what_matters_shows_by_default_and_more_columns_open_on_request(serve_sample):
    at = run_app("priorities")
    frame = at.dataframe[0]
    assert list(frame.proto.column_order) == [
        "Open",
        "ID",
        "Priority",
        "Rating",
        "Trend since last period",
        "Trajectory",
        "Due",
    ]
    assert frame.proto.placeholder == "–"
    at.toggle(key="priorities_more_columns").set_value(True).run()
    assert list(at.dataframe[0].proto.column_order) == [
        "Open",
        "ID",
        "Priority",
        "Rating",
        "Trend since last period",
        "Trajectory",
        "Due",
        "Next milestone",
        "Rating history",
        "Score (1 Red–5 Green)",
        "Lead",
        "Contributing",
    ]
    assert at.dataframe[0].value["Open"].tolist()[0] == "priority?priority=HO-01&period=2026-06-30"


def test_concern_order_puts_the_worst_rating_first_then_worsened_then_off_trajectory():
    import pandas as pd

    from delivery.analysis.tables import priorities_table

    rows = pd.DataFrame(
        {
            "priority_id": ["A", "B", "C", "D", "E"],
            "title": list("abcde"),
            "rag": ["Amber", "Amber", "Amber", "Red", "Green"],
            "rag_before": ["Amber", "Green", "Amber", "Red", "Red"],
            "stale": [False, False, False, False, True],
            "last_return": pd.to_datetime(["2026-06-30"] * 4 + ["2026-03-31"]),
            "rag_history": [["Amber"]] * 5,
            "lead_department": ["X"] * 5,
            "contributing_departments": [None] * 5,
            "next_milestone": [None] * 5,
            "next_milestone_due": [None] * 5,
        }
    )
    table = priorities_table(rows, {"C": "Off trajectory (1 of 1)"}, list("12345"))
    # D Red; B Amber and worsened; C Amber, off trajectory; A Amber; E not updated, last rated Green.
    assert table["ID"].tolist() == ["D", "B", "C", "A", "E"]
    assert table["Open"].tolist() == ["4", "2", "3", "1", "5"]


def test_each_row_links_to_its_priority_with_the_current_filters(serve_sample):
    at = run_app("priorities", department="HO", theme="Opportunity")
    table = _table(at)
    assert table["ID"].tolist() == ["EDU-01"]
    assert table["Open"].tolist() == ["priority?priority=EDU-01&period=2026-06-30&department=HO&theme=Opportunity"]


def test_department_filter_includes_priorities_it_contributes_to(serve_sample):
    at = run_app("priorities")
    at.selectbox(key="f_department").set_value("HO").run()
    assert _table(at)["ID"].tolist() == ["HO-01", "EDU-01"]
    at.selectbox(key="f_department").set_value("DHSC").run()
    assert _table(at)["ID"].tolist() == ["HEA-02", "HEA-01"]


def test_rating_and_movement_boxes_narrow_the_table(serve_sample):
    at = run_app("priorities")
    assert at.multiselect(key="priorities_rating").options == [
        "Red",
        "Amber/Red",
        "Amber",
        "Amber/Green",
        "Green",
        "Not reported this period",
    ]
    at.multiselect(key="priorities_rating").set_value(["Red", "Amber/Red"]).run()
    assert _table(at)["ID"].tolist() == ["EDU-01"]
    at.multiselect(key="priorities_rating").set_value(["Amber/Red", "Not reported this period"]).run()
    assert _table(at)["ID"].tolist() == ["HO-01", "EDU-01"]
    at.multiselect(key="priorities_movement").set_value(["Worsened"]).run()
    assert _table(at)["ID"].tolist() == ["EDU-01"]
    assert "1 of 4 priorities, as at 30 Jun 2026, most concerning first" in " ".join(texts(at))
    at.multiselect(key="priorities_movement").set_value(["New"]).run()
    assert not at.dataframe
    assert "No priority matches these choices; clear the Rating or Movement boxes to see them all." in texts(at)


def test_an_earlier_period(serve_sample):
    at = run_app("priorities", period="2026-03-31")
    table = _table(at)
    assert table[["ID", "Rating", "Trend since last period"]].values.tolist() == [
        ["HO-01", "Red", "New this period"],
        ["HEA-01", "Amber", "New this period"],
        ["EDU-01", "Green", "New this period"],
    ]
    assert table["Trajectory"].tolist() == [
        "On trajectory (1 of 1)",
        "On trajectory (2 of 2)",
        "On trajectory (1 of 1)",
    ]


def test_selecting_a_row_opens_the_priority(serve_sample):
    at = run_app("priorities", department="HO")
    at.session_state["priorities_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.title[0].value == "HO-01: Halve knife crime"
    assert dict(at.query_params) == {"priority": "HO-01", "period": "2026-06-30", "department": "HO"}


def test_a_department_with_no_data_says_so(serve_sample):
    at = run_app("priorities", department="MoJ")
    assert not at.exception and not at.dataframe
    assert (
        "There are no priorities as at 30 Jun 2026 led or contributed to by MoJ. The department may "
        "not have sent a return yet; choose another department, theme or period."
    ) in texts(at)


def test_the_priority_list_query_on_its_own(sample_store_root):
    from delivery.store.versions import Store, run_query

    con = Store(sample_store_root).connect_read()
    rows = run_query(con, "priority_list", {"as_at": dt.date(2026, 6, 30), "department": "HO", "theme": None})
    assert rows[["priority_id", "rag", "last_return"]].astype(str).values.tolist() == [
        ["EDU-01", "Amber/Red", "2026-06-30"],
        ["HO-01", "Red", "2026-03-31"],
    ]
    assert [list(h) for h in rows["rag_history"]] == [["Green", "Amber/Red"], ["Red"]]
    assert [[str(p)[:10] for p in h] for h in rows["rag_periods"]] == [["2026-03-31", "2026-06-30"], ["2026-03-31"]]
    # DfE's 31 Mar return has no Amber/Red or Amber/Green anywhere, so it reads as three-point.
    assert [list(h) for h in rows["rag_scales"]] == [["three-point", "five-point"], ["three-point"]]
    con.close()


def test_a_flat_rating_history_is_drawn_inside_its_cell(serve_sample):
    """The sparkline's scale reaches past Red (1) and Green (5), so an always-Green line is not on the cell's edge."""
    import json

    at = run_app("priorities")
    at.toggle(key="priorities_more_columns").set_value(True).run()
    config = json.loads(at.dataframe[0].proto.columns)["Rating history"]
    assert (config["type_config"]["y_min"], config["type_config"]["y_max"]) == (0.5, 5.5)
