"""A visitor without a browser: Streamlit's own protocol, spoken from Python, for the sessions bench.

Twenty people at a meeting each have their own computer; only the app server is shared. So
``--clients protocol`` times N-1 of them as Python websocket clients that ask the server for
exactly what Streamlit's front end asks for (read from Streamlit 1.67's server side:
``web/server/starlette/starlette_websocket.py``, ``runtime/app_session.py`` and the
``BackMsg`` / ``ClientState`` / ``ForwardMsg`` protobufs), and only one real Chromium.

What a fresh session (a shared link) does, and so what each protocol client does:
1. ``GET`` the page's URL (the HTML), ``GET /_stcore/health`` (which sets the
   ``_streamlit_xsrf`` cookie) and ``GET /_stcore/host-config``;
2. open the websocket ``/_stcore/stream`` with the ``Origin`` of the page, the cookie, and
   the subprotocol list ``streamlit, <xsrf token>`` (Streamlit repurposes the subprotocol
   header to carry the token; a third entry would name a session to resume: none here);
3. send one ``BackMsg.rerun_script`` whose ``ClientState`` carries the query string
   without its ``?``, the page's URL path as ``page_name`` (with ``st.navigation`` the
   server resolves the page from it), no page hash, no widget states, no cached message
   hashes (an empty browser cache), and ``context_info`` (time zone, locale, colour scheme and
   the page's URL without its query string, as the front end's own JavaScript sends them);
4. read ``ForwardMsg``s until ``script_finished`` says the run finished; a run stopped early
   for a rerun (``FINISHED_EARLY_FOR_RERUN``) is waited past, as the front end does.
An exception element in any delta, a compile error, ``page_not_found`` or the socket closing
first is a failure. Streamlit's JavaScript files are not fetched: a browser keeps them in its
cache, and behind the README's nginx example they never reach the app at all.
"""

from __future__ import annotations

import asyncio
import time
from typing import NamedTuple
from urllib.parse import urlsplit

import httpx
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"
SUBPROTOCOL = "streamlit"
TIME_ZONE, LOCALE, COLOR_SCHEME = "Europe/London", "en-GB", "light"
FINISHED = ForwardMsg.ScriptFinishedStatus
PAGE_TIMEOUT_S = 180


def page_request(url: str) -> BackMsg:
    """The ``rerun_script`` message the front end sends first on opening ``url`` in a new tab."""
    parts = urlsplit(url)
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = parts.query
    state.page_name = parts.path.strip("/")
    state.page_script_hash = ""
    state.context_info.timezone = TIME_ZONE
    state.context_info.timezone_offset = 0
    state.context_info.locale = LOCALE
    state.context_info.url = f"{parts.scheme}://{parts.netloc}{parts.path}"  # as the front end: no query string
    state.context_info.is_embedded = False
    state.context_info.color_scheme = COLOR_SCHEME
    return msg


def stream_url(url: str) -> str:
    """The websocket address of the app serving ``url``."""
    parts = urlsplit(url)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}/_stcore/stream"


def origin(url: str) -> str:
    """The ``Origin`` header a browser sends from ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def subprotocols(xsrf_token: str | None) -> list[str]:
    """The websocket subprotocol list: Streamlit's name, then the XSRF token when there is one."""
    return [SUBPROTOCOL, xsrf_token] if xsrf_token else [SUBPROTOCOL]


class Reading(NamedTuple):
    """What one ForwardMsg says: its kind, why the page failed (or None), a heading it draws (or None).

    ``kind`` is ``finished`` (the run is over, successfully or not), ``rerun`` (the run
    stopped early for a rerun: wait on) or the message's own type (``delta``, ``new_session``...).
    """

    kind: str
    problem: str | None = None
    heading: str | None = None


def read_message(data: bytes) -> Reading:
    """Read one ForwardMsg as the bench needs it."""
    msg = ForwardMsg()
    msg.ParseFromString(data)
    kind = msg.WhichOneof("type")
    if kind == "script_finished":
        if msg.script_finished == FINISHED.FINISHED_EARLY_FOR_RERUN:
            return Reading("rerun")
        if msg.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
            return Reading("finished", "the script did not compile")
        return Reading("finished")
    if kind == "page_not_found":
        return Reading(kind, "the page was not found")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        if element.WhichOneof("type") == "exception":
            return Reading(
                kind, f"the page shows an error box: {element.exception.type}: {element.exception.message}"[:300]
            )
        if element.WhichOneof("type") == "heading":
            return Reading(kind, heading=element.heading.body)
    return Reading(kind or "")


async def open_page(http, url: str) -> dict:
    """Open ``url`` as a fresh browser session would, over HTTP and Streamlit's websocket; the timing.

    ``http`` is an ``httpx.AsyncClient`` of this session's own (its cookies are this session's).
    """
    # Optional (requirements-dev.txt): only --clients protocol needs it
    import websockets

    started, error, seen = time.perf_counter(), None, {"messages": 0, "headings": []}
    try:
        for path in (url, origin(url) + "/_stcore/health", origin(url) + "/_stcore/host-config"):
            (await http.get(path)).raise_for_status()
        token = http.cookies.get(XSRF_COOKIE)
        async with websockets.connect(
            stream_url(url),
            subprotocols=subprotocols(token),
            origin=origin(url),
            additional_headers={"Cookie": f"{XSRF_COOKIE}={token}"} if token else None,
            max_size=None,
            open_timeout=PAGE_TIMEOUT_S,
            ping_interval=None,
        ) as socket:
            await socket.send(page_request(url).SerializeToString())
            error = await _until_finished(socket, started, seen)
    except Exception as e:  # noqa: BLE001 - any failure to connect or read is this page failing, in one line
        error = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    ended = time.perf_counter()
    return {
        "url": url,
        "start": started,
        "end": ended,
        "seconds": None if error else ended - started,
        "error": error,
        "messages": seen["messages"],
        "heading": next(iter(seen["headings"]), None),
    }


async def _until_finished(socket, started: float, seen: dict) -> str | None:
    """Read until the run finishes; the first problem seen, or None."""
    failure = None
    while True:
        left = PAGE_TIMEOUT_S - (time.perf_counter() - started)
        try:
            data = await asyncio.wait_for(socket.recv(), timeout=max(left, 0.01))
        except TimeoutError:
            return f"no script_finished within {PAGE_TIMEOUT_S} s"
        reading = read_message(data)
        seen["messages"] += 1
        seen["headings"] += [reading.heading] if reading.heading else []
        failure = failure or reading.problem
        if reading.kind == "finished":
            return failure


async def protocol_session(urls: list[str]) -> list[dict]:
    """One person opening ``urls`` in turn as shared links: one browser's cookies, a new websocket each."""
    async with httpx.AsyncClient(timeout=PAGE_TIMEOUT_S) as http:
        return [await open_page(http, url) for url in urls]
