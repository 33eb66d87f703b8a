"""The PDF brief is printed from HTML, so text people typed that looks like markup is printed as typed:
never an element, a style or a link, and never a request to the address it names (a government tool
asks no outside host for anything)."""

import copy
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from delivery.briefs import content, make, text
from tests.store_builder import build_store, sample_returns


class _Listener(BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        _Listener.asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    server = HTTPServer(("127.0.0.1", 0), _Listener)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Listener.asked = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_markup_in_a_return_is_printed_as_typed_and_fetches_nothing(tmp_path, listener):
    title = f'<img src="{listener}/img.png"><b>Cut</b> & <style>*{{color:red}}</style> waits'
    returns = copy.deepcopy(sample_returns())
    returns[3].tables["Priorities"][0].update(
        title=title, commentary=f'<link rel="stylesheet" href="{listener}/s.css">'
    )
    store = build_store(tmp_path / "s", returns)
    with store.connect_read() as con:
        data = content.gather(content.asker(con), content.Scope(department="DHSC"))
    brief = text.make_brief(data)
    out = make.write(data, brief, "pdf", tmp_path / "b.pdf", protective_marking="<i>OFFICIAL</i>")
    said = "".join(" ".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "".join(f"HEA-01: {title}".split()) in said
    assert said.count("<i>OFFICIAL</i>") == 2 * len(PdfReader(str(out)).pages)
    assert _Listener.asked == []
