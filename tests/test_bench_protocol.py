"""The protocol client of ``bench --sessions N --clients protocol``: the messages it sends, exactly as
Streamlit's front end does, how it reads the server's, and how the mixed run sums up the one Chromium.
(Against a real ``streamlit run``: tests/e2e/test_bench_protocol.py and tests/e2e/test_scale_out.py.)"""

from __future__ import annotations

import math

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import bench.crowd
from bench.crowd import chromium_rounds, compare, format_crowd, headings
from bench.protocol import Reading, origin, page_request, read_message, stream_url, subprotocols


def test_a_page_is_asked_for_as_a_new_tab_does():
    sent = BackMsg()
    sent.ParseFromString(page_request("http://127.0.0.1:8501/priority?priority=HEA-01").SerializeToString())
    assert sent.WhichOneof("type") == "rerun_script"
    state = sent.rerun_script
    assert (state.query_string, state.page_name, state.page_script_hash, state.fragment_id) == (
        "priority=HEA-01",
        "priority",
        "",
        "",
    )
    assert (len(state.widget_states.widgets), list(state.cached_message_hashes), state.is_auto_rerun) == (0, [], False)
    info = state.context_info
    assert (info.timezone, info.timezone_offset, info.locale, info.url, info.is_embedded, info.color_scheme) == (
        "Europe/London",
        0,
        "en-GB",
        "http://127.0.0.1:8501/priority",
        False,
        "light",
    )
    assert info.HasField("timezone") and info.HasField("is_embedded")  # sent, not left unset


def test_the_app_root_asks_for_the_default_page():
    state = page_request("http://127.0.0.1:8501/").rerun_script
    assert (state.query_string, state.page_name) == ("", "")


def test_the_websocket_address_origin_and_subprotocols():
    assert stream_url("http://127.0.0.1:8502/milestones") == "ws://127.0.0.1:8502/_stcore/stream"
    assert stream_url("https://dash.example/overview") == "wss://dash.example/_stcore/stream"
    assert origin("http://127.0.0.1:8502/priority?priority=X") == "http://127.0.0.1:8502"
    assert subprotocols("2|ab|cd|17") == ["streamlit", "2|ab|cd|17"]  # Streamlit carries the XSRF token here
    assert subprotocols(None) == ["streamlit"]


def forward(**fields) -> bytes:
    msg = ForwardMsg()
    for name, value in fields.items():
        if name == "exception":
            msg.delta.new_element.exception.type, msg.delta.new_element.exception.message = value
        elif name == "heading":
            msg.delta.new_element.heading.body = value
        elif name == "markdown":
            msg.delta.new_element.markdown.body = value
        elif name == "page_not_found":
            msg.page_not_found.page_name = value
        elif name == "new_session":
            msg.new_session.name = value
        else:
            setattr(msg, name, value)
    return msg.SerializeToString()


@pytest.mark.parametrize(
    "data, reading",
    [
        (forward(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY), Reading("finished")),
        (forward(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN), Reading("rerun")),
        (
            forward(script_finished=ForwardMsg.FINISHED_WITH_COMPILE_ERROR),
            Reading("finished", "the script did not compile"),
        ),
        (
            forward(exception=("KeyError", "'HEA-99'")),
            Reading("delta", "the page shows an error box: KeyError: 'HEA-99'"),
        ),
        (forward(heading="Milestones across government"), Reading("delta", heading="Milestones across government")),
        (forward(markdown="**not** a heading"), Reading("delta")),
        (forward(page_not_found=""), Reading("page_not_found", "the page was not found")),
        (forward(new_session="app"), Reading("new_session")),
    ],
)
def test_what_the_server_says_is_read_as_the_bench_needs(data, reading):
    assert read_message(data) == reading


def test_a_long_error_is_cut_to_one_line_of_300_characters():
    assert read_message(forward(exception=("ValueError", "x" * 1000))).problem == (
        "the page shows an error box: ValueError: " + "x" * 259
    )


def test_headings_are_keyed_by_path_and_query_first_seen():
    pages = [
        {"url": "http://127.0.0.1:1/overview", "heading": "Overview"},
        {"url": "http://127.0.0.1:2/priority?priority=HEA-01", "heading": "HEA-01: Cut waiting times"},
        {"url": "http://127.0.0.1:2/overview", "heading": None},
    ]
    assert headings(pages) == {"/overview": "Overview", "/priority?priority=HEA-01": "HEA-01: Cut waiting times"}


A, B = "http://127.0.0.1:1/a", "http://127.0.0.1:1/b"


def test_the_chromium_figures_compare_each_page_alone_and_under_load():
    alone = [
        {"url": A, "seconds": 1.0},
        {"url": B, "seconds": 2.0},
        {"url": A, "seconds": 1.2},
        {"url": B, "seconds": 2.2},
    ]
    under = [{"url": A, "seconds": 1.5}, {"url": B, "seconds": None}, {"url": A, "seconds": 2.5}]
    assert compare(alone, under) == {
        "pages": [
            {"url": A, "alone_s": 1.1, "under_load_s": 2.0, "samples_under_load": 2, "ratio": 1.82},
            {"url": B, "alone_s": 2.1, "under_load_s": None, "samples_under_load": 0, "ratio": None},
        ],
        "alone_median_s": 1.6,
        "under_load_median_s": 2.0,
        "ratio": 1.25,
        "worst_page_ratio": 1.82,
        "error_list": [f"{B}: not drawn in Chromium within 120 s"],
    }


def test_chromium_opens_its_pages_in_turn_until_the_crowd_is_done(monkeypatch):
    opened, times = [], iter([1.0, 2.0, math.nan, 3.0, 4.0])
    monkeypatch.setattr(bench.crowd, "fresh_session_seconds", lambda browser, url: opened.append(url) or next(times))
    assert chromium_rounds(None, [A, B], until=lambda: len(opened) >= 3) == [
        {"url": A, "seconds": 1.0},
        {"url": B, "seconds": 2.0},
        {"url": A, "seconds": None},
    ]
    opened.clear()
    assert [r["url"] for r in chromium_rounds(None, [A, B], until=lambda: True)] == [A, B]  # each page at least once
    assert opened == [A, B]


def test_chromium_alone_opens_each_page_the_given_number_of_rounds(monkeypatch):
    monkeypatch.setattr(bench.crowd, "fresh_session_seconds", lambda browser, url: 1.5)
    assert [r["url"] for r in chromium_rounds(None, [A, B], rounds=3)] == [A, B, A, B, A, B]


def test_the_mixed_run_reads_in_plain_lines():
    figures = {
        "sessions": 3,
        "protocol_sessions": 2,
        "pages_per_session": 3,
        "processes": 2,
        "pages": 6,
        "median_s": 0.42,
        "max_s": 2.0,
        "slowest": ["/a: 2.0 s"],
        "errors": 0,
        "error_list": [],
        "pages_during_load": 5,
        "server_cpu_s": 3.5,
        "server_cpu_s_per_page": 0.39,
        "protocol_clients_cpu_s": 0.2,
        "browser_cpu_s": 11.2,
        "load_average_before": [4.8, 3.9, 4.8],
        "load_average_after": [6.3, 4.3, 4.9],
        "load": {"file": "MoJ.xlsx", "ok": True, "cpu_s": 1.1, "seconds": 6.62, "message": "Loaded."},
        "chromium": {
            "pages": [{"url": A, "alone_s": 1.1, "under_load_s": 2.0, "samples_under_load": 2, "ratio": 1.82}],
            "alone_median_s": 1.1,
            "under_load_median_s": 2.0,
            "ratio": 1.82,
            "worst_page_ratio": 1.82,
        },
    }
    assert format_crowd(figures).splitlines() == [
        "3 sessions at once (2 Python clients speaking Streamlit's protocol, 1 Chromium), 3 pages each, "
        "on 2 app processes, while MoJ.xlsx loads:",
        "  protocol sessions, page until script_finished: median 0.42 s, max 2.0 s (6 pages)",
        "  slowest: /a: 2.0 s",
        "  Chromium, fresh session: median 1.1 s alone, 2.0 s under load (1.82 x; worst page 1.82 x)",
        f"    {A}: 1.1 s alone, 2.0 s under load (1.82 x, 2 samples)",
        "  errors: 0",
        "  the load: 6.62 s (1.1 CPU s), 5 protocol pages in flight while it ran; published: Loaded.",
        "  app server CPU: 3.5 s (0.39 s per page); on this machine the protocol clients used 0.2 CPU s, "
        "the Chromium 11.2 s",
        "  load average (1, 5, 15 min) before [4.8, 3.9, 4.8], after [6.3, 4.3, 4.9]",
    ]
