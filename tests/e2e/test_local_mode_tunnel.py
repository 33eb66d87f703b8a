"""Local single-user mode through a tunnel, in a real browser: the visitor is a viewer.

The issue's case: a server on 127.0.0.1 reached through a TCP forwarder as
http://localhost:PORT2. A plain forwarder copies bytes and adds no header, so the browser's
Host and Origin are loopback; only their port differs from the server's own, and that
decides (delivery/local_mode.py). The forwarder runs in this process, on 127.0.0.1 only,
and is closed when the test ends.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import SCREENSHOTS, WAIT_MS
from tests.e2e.server import free_port

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := src.recv(65536):
            dst.sendall(data)
    for s in (src, dst):
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def tcp_forwarder(target_port: int):
    """Forward 127.0.0.1:<free port> to 127.0.0.1:target_port, byte for byte; yields the port."""
    listener = socket.create_server(("127.0.0.1", free_port()))
    listener.settimeout(0.5)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            upstream = socket.create_connection(("127.0.0.1", target_port))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_local_mode_through_a_tcp_forwarder_is_a_viewer(chromium, dashboard_url):
    with tcp_forwarder(urlsplit(dashboard_url).port) as port:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"http://localhost:{port}/")
        expect(page.get_by_test_id("stSidebar")).to_contain_text(
            "View only: this copy of the dashboard has no sign-in, so everyone who opens it can view it",
            timeout=WAIT_MS,
        )
        page.goto(f"http://localhost:{port}/upload")
        expect(page.get_by_text("This page is for analysts.")).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "local-mode-tunnel-viewer.png"))
        context.close()
