"""Coloured tables are made once and replayed (ui/frame/tables.py): what a rerun sends is exactly what
``st.dataframe(styler, ...)`` sends, the colours are the ratings' own, and a changed table is made afresh."""

from __future__ import annotations

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from ui.frame import tables

# Draws the same small table live (st.dataframe of the Styler) and through painted_table; the
# session state says which frame to draw, so a test can change the table between runs.
SCRIPT = """
import datetime as dt
import pandas as pd
import streamlit as st
from ui.frame.components import link_column, style_ratings
from ui.frame.tables import painted_table

FRAMES = {
    "first": pd.DataFrame({"Priority": ["HEA-01", "EDU-01", "HO-01"], "Rating": ["Red", "Amber/Green", "Not assessed"],
                           "Due": [dt.date(2026, 5, 31), dt.date(2026, 9, 1), None], "Slippage (days)": [30, 0, None],
                           "Open": ["priority?priority=HEA-01", "priority?priority=EDU-01", "priority?priority=HO-01"]}),
    "second": pd.DataFrame({"Priority": ["HEA-01"], "Rating": ["Green"], "Due": [dt.date(2026, 5, 31)],
                            "Slippage (days)": [-5], "Open": ["priority?priority=HEA-01"]}),
}
frame = FRAMES[st.session_state.get("frame", "first")]
ARGS = dict(hide_index=True, width="stretch", placeholder="–", column_config={
    "Open": link_column(short=True), "Due": st.column_config.DateColumn(format="D MMM YYYY")})
st.dataframe(style_ratings(frame, ["Rating"]), **ARGS)
painted_table(frame, {"Rating": "rating"}, **ARGS)
with st.container(border=True):
    painted_table(frame, {"Rating": "rating"}, **ARGS)
"""


@pytest.fixture
def sent(monkeypatch) -> list:
    """Every (delta type, element proto, layout config) the script enqueues, in order."""
    calls, real = [], DeltaGenerator._enqueue

    def recorded(self, delta_type, element_proto, *args, **kwargs):
        calls.append((delta_type, element_proto, kwargs.get("layout_config")))
        return real(self, delta_type, element_proto, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "_enqueue", recorded)
    return calls


def _tables(sent: list) -> list:
    return [(proto, layout) for kind, proto, layout in sent if kind == "dataframe"]


def _same_but_uuid(painted, live) -> None:
    """The two protos are equal once the Styler's uuid (Streamlit's hash of the element's place) is set aside."""
    painted_uuid, live_uuid = painted.arrow_data.styler.uuid, live.arrow_data.styler.uuid
    copy = type(painted)()
    copy.CopyFrom(painted)
    copy.arrow_data.styler.uuid = live_uuid
    copy.arrow_data.styler.styles = painted.arrow_data.styler.styles.replace(f"#T_{painted_uuid}_", f"#T_{live_uuid}_")
    assert copy == live


def test_the_first_run_and_every_rerun_send_what_st_dataframe_of_the_styler_sends(sent):
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert not at.exception and not at.warning
    (live, live_layout), (first, first_layout), _ = _tables(sent)
    _same_but_uuid(first, live)
    assert first_layout == live_layout
    sent.clear()
    at.run()  # a widget click: the painted tables are replayed from the cache
    (live_again, _), (replayed, replayed_layout), _ = _tables(sent)
    assert replayed.SerializeToString() == first.SerializeToString()  # byte for byte what the first run sent
    assert replayed_layout == first_layout
    _same_but_uuid(replayed, live_again)


def test_the_rating_cells_are_painted_in_the_ratings_colours_with_their_words(sent):
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    at.run()
    painted = at.dataframe[1].proto
    uuid = painted.arrow_data.styler.uuid
    assert painted.arrow_data.styler.styles == "\n".join(
        [
            f"#T_{uuid}_row0_col1 {{ background-color: #C0392B; color: #FFFFFF }}",
            f"#T_{uuid}_row1_col1 {{ background-color: #9ACD32; color: #000000 }}",
            f"#T_{uuid}_row2_col1 {{ background-color: #BDBDBD; color: #000000 }}",
        ]
    )
    assert list(at.dataframe[1].value["Rating"]) == ["Red", "Amber/Green", "Not assessed"]  # the words, not only colour


def test_a_rerun_does_not_style_the_table_again(monkeypatch):
    calls, real = [], tables.painted

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tables, "painted", counted)
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert len(calls) == 1  # the table in the container has the same content and arguments: made once
    at.run()
    at.run()
    assert len(calls) == 1
    assert len(at.dataframe) == 3


def test_a_replayed_table_stays_in_its_container():
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    at.run()
    assert len(at.main.children) == 3  # the live table, the painted one, and the container
    assert [type(e).__name__ for e in at.main.children.values()] == ["Dataframe", "Dataframe", "Block"]
    assert list(at.main.children[2].children[0].value["Rating"]) == ["Red", "Amber/Green", "Not assessed"]


def test_a_changed_table_is_made_afresh_not_served_stale():
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    at.session_state["frame"] = "second"
    at.run()
    painted = at.dataframe[1]
    assert list(painted.value["Rating"]) == ["Green"] and list(painted.value["Slippage (days)"]) == [-5]
    uuid = painted.proto.arrow_data.styler.uuid
    assert (
        painted.proto.arrow_data.styler.styles == f"#T_{uuid}_row0_col1 {{ background-color: #1A9850; color: #000000 }}"
    )
    at.session_state["frame"] = "first"
    at.run()
    assert list(at.dataframe[1].value["Rating"]) == ["Red", "Amber/Green", "Not assessed"]


def test_trajectory_status_is_painted_blue_on_and_red_off():
    import pandas as pd

    from delivery.analysis import trajectories

    frame = pd.DataFrame(
        {"Indicator": ["I1", "I3", "I4"], "Status": [trajectories.ON, trajectories.OFF, "No trajectory"]}
    )
    css = tables.painted(frame, {"Status": "trajectory"})._compute().ctx
    assert dict(css) == {
        (0, 1): [("background-color", "#2C7BB6"), ("color", "#FFFFFF")],
        (1, 1): [("background-color", "#C0392B"), ("color", "#FFFFFF")],
    }


def test_a_column_missing_from_the_table_is_left_alone():
    import pandas as pd

    frame = pd.DataFrame({"Priority": ["HEA-01"], "Rating": ["Red"]})
    assert dict(tables.painted(frame, {"Weakest rating": "rating"})._compute().ctx) == {}


@pytest.mark.parametrize(
    ("paint", "args", "message"),
    [
        ({"Rating": "colourful"}, {}, "No paint named ['colourful']; the paints are ['rating', 'trajectory']."),
        (
            {"Rating": "rating"},
            {"on_select": "rerun", "key": "t"},
            "A table with a selection is a widget, which cannot be replayed: use style_ratings.",
        ),
    ],
)
def test_what_cannot_be_replayed_is_refused(paint, args, message):
    import re

    import pandas as pd

    with pytest.raises(ValueError, match=re.escape(message)):
        tables.painted_table(pd.DataFrame({"Rating": ["Red"]}), paint, **args)


RED, AMBER, GREEN = "#C0392B; color: #FFFFFF", "#F1C40F; color: #000000", "#1A9850; color: #000000"
ON, OFF = "#2C7BB6; color: #FFFFFF", "#C0392B; color: #FFFFFF"


@pytest.mark.parametrize(
    ("page", "url", "index", "column", "words", "styles"),
    [
        (
            "priority",
            {"priority": "HEA-01"},
            0,
            "Rating",
            ["Red", "Amber", "Green"],
            [
                "row0_col2 { background-color: %s }" % RED,
                "row1_col2 { background-color: %s }" % AMBER,
                "row2_col2 { background-color: %s }" % GREEN,
            ],
        ),
        (
            "indicators",
            {},
            0,
            "Status",
            ["Off trajectory", "On trajectory", "On trajectory", "On trajectory"],
            [
                "row0_col1 { background-color: %s }" % OFF,
                "row1_col1, {u}row2_col1, {u}row3_col1 { background-color: %s }" % ON,
            ],
        ),
        (
            "indicators",
            {},
            1,
            "Status",
            ["On trajectory", "On trajectory", "Off trajectory"],
            ["row0_col2, {u}row1_col2 { background-color: %s }" % ON, "row2_col2 { background-color: %s }" % OFF],
        ),
        (
            "chains",
            {},
            0,
            "Weakest link's rating",
            ["Red", "Red", "Red"],
            ["row0_col2, {u}row1_col2, {u}row2_col2 { background-color: %s }" % RED],
        ),
    ],
)
def test_each_pages_coloured_table_is_painted_and_replayed_unchanged(
    serve_sample, page, url, index, column, words, styles
):
    from tests.conftest import run_app

    at = run_app(page, **url)
    table = at.dataframe[index]
    prefix = f"#T_{table.proto.arrow_data.styler.uuid}_"
    assert list(table.value[column]) == words
    assert table.proto.arrow_data.styler.styles.split("\n") == [prefix + s.replace("{u}", prefix) for s in styles]
    at.run()  # a widget click: the same element again, from the cache
    assert at.dataframe[index].proto == table.proto


def test_without_a_streamlit_runtime_nothing_is_kept_that_would_draw_nothing(monkeypatch):
    import pandas as pd

    calls = []
    monkeypatch.setattr(tables, "_draw", lambda *args: calls.append(args))
    tables.painted_table(pd.DataFrame({"Rating": ["Red"]}), {"Rating": "rating"}, hide_index=True)  # bare Python
    assert calls == []
