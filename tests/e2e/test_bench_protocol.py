"""The sessions bench's protocol client against a real ``streamlit run``: Streamlit's server takes the
page, its query string, the Origin and the page URL from it as from a browser, and the client tells a
drawn page from an error box, a missing page and a run stopped early for a rerun.

A small app of five pages (no data, no store): what each draws says what the server received.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

import httpx
import pytest

from bench.common import serve
from bench.protocol import XSRF_COOKIE, open_page, protocol_session
from tests.e2e.server import free_port

pytestmark = pytest.mark.e2e

APP = """import streamlit as st


def home():
    st.title("Home")


def echo():
    st.title(f"Hello {st.query_params.get('name', 'nobody')}")


def context():
    st.title(f"{st.context.headers.get('Origin')} {st.context.url} {st.context.timezone} {st.context.locale}")


def boom():
    st.title("About to fail")
    raise ValueError("boom")


def again():
    if not st.session_state.get("ran"):
        st.session_state.ran = True
        st.rerun()
    st.title("Second run")


st.navigation([st.Page(home, title="Home", default=True),  # the default page is always at /
               st.Page(echo, title="Echo", url_path="echo"),
               st.Page(context, title="Context", url_path="context"),
               st.Page(boom, title="Boom", url_path="boom"),
               st.Page(again, title="Again", url_path="again")]).run()
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    work = tmp_path_factory.mktemp("protocol")
    (work / "app.py").write_text(APP, encoding="utf-8")
    port = free_port()
    proc = serve(work / "app.py", work, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def opened(url: str) -> tuple[dict, str | None]:
    async def run():
        async with httpx.AsyncClient(timeout=60) as http:
            return await open_page(http, url), http.cookies.get(XSRF_COOKIE)

    return in_own_loop(run())


def in_own_loop(coroutine):
    """Run ``coroutine`` on a thread of its own: the browser tests' Playwright holds this thread's event loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_the_page_and_its_query_string_reach_the_script(base):
    row, token = opened(f"{base}/echo?name=Ada")
    assert (row["error"], row["heading"]) == (None, "Hello Ada")
    assert row["seconds"] > 0 and row["messages"] >= 3  # new_session, the title, script_finished at least
    assert token and token.startswith("2|")  # the XSRF cookie /_stcore/health sets, sent back as a subprotocol


def test_the_server_sees_the_origin_and_page_url_a_browser_sends(base):
    row, _ = opened(f"{base}/context?x=1")
    assert row["heading"] == f"{base} {base}/context Europe/London en-GB"


def test_an_error_box_fails_the_page_with_its_message(base):
    row, _ = opened(f"{base}/boom")
    assert (row["heading"], row["error"], row["seconds"]) == (
        "About to fail",
        "the page shows an error box: ValueError: boom",
        None,
    )


def test_a_run_stopped_for_a_rerun_is_waited_past(base):
    row, _ = opened(f"{base}/again")
    assert (row["error"], row["heading"]) == (None, "Second run")


def test_a_missing_page_fails(base):
    row, _ = opened(f"{base}/nowhere")
    assert (row["error"], row["heading"]) == ("the page was not found", "Home")  # Streamlit then shows the default


def test_the_app_root_is_the_default_page(base):
    row, _ = opened(f"{base}/")
    assert (row["error"], row["heading"]) == (None, "Home")


def test_a_refused_connection_is_a_failure_in_one_line():
    row, _ = opened(f"http://127.0.0.1:{free_port()}/echo")
    assert row["error"].startswith("ConnectError: ") and row["seconds"] is None


def test_one_person_opens_pages_in_turn_with_one_browser_s_cookies(base):
    rows = in_own_loop(protocol_session([f"{base}/echo?name=A", f"{base}/echo?name=B"]))
    assert [(r["heading"], r["error"]) for r in rows] == [("Hello A", None), ("Hello B", None)]
    assert rows[0]["end"] <= rows[1]["start"]
