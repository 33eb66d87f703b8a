"""Two app processes serving one store, and a load from the command line while both serve.

Then the README's nginx example (sticky by client address, websocket upgrade) is put in front
of the same two processes, when nginx is installed; and the concurrency benchmark
(``--sessions``) runs small: two sessions, two processes; and again with ``--clients protocol``
(two protocol clients and one Chromium).

Two real `streamlit run app.py` processes on two ports read the same store folder (the sample
government, built by tests/store_builder.py). While a browser session is open on each, HO's
overdue 30 Jun return is loaded with `python -m delivery load`. DuckDB lets no writer open a
file that another process holds, even read-only: the test checks that both servers hold the
published version open while the loader runs, that the load succeeds beside them (it writes a
new version file and publishes it), and that both servers then show the new data, in the
sessions already open and in fresh ones. Screenshots: tests/screenshots/scale-out-*.png.
"""

from __future__ import annotations

import copy
import gzip
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench import crowd
from bench.proxy import STATIC, start_nginx, stop_nginx
from bench.sessions import format_sessions, sessions_bench
from tests.e2e.conftest import SCREENSHOTS, WAIT_MS, sync_api
from tests.e2e.server import ROOT, free_port, serve_app, without_secrets
from tests.store_builder import PERIOD_2, ReturnSpec, _ho, sample_store, write_workbooks
from tests.upload_support import snapshot

pytestmark = pytest.mark.e2e
expect = sync_api.expect
NEW = "Fewer burglaries"  # a priority only HO's 30 Jun return brings


def holders(path: Path) -> set[int]:
    """The processes (of this user) that have ``path`` open."""
    found = set()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) == str(path) for fd in fd_dir.iterdir()):
                found.add(int(fd_dir.parent.name))
        except OSError:  # gone, or another user's
            continue
    return found


def ho_june(folder: Path) -> Path:
    """HO's 30 Jun return: knife crime now Amber, and a new priority (no restatement, so no reason needed)."""
    tables = copy.deepcopy(_ho().tables)
    tables["Priorities"][0]["rag"] = "Amber"
    tables["Priorities"].append(
        {"priority_id": "HO-02", "title": NEW, "theme": "Safety", "lead_department": "HO", "rag": "Green"}
    )
    tables["Actuals"] = [{"indicator_id": "I4", "period_end": "2026-06-30", "actual_value": 47000}]
    return write_workbooks(folder, [ReturnSpec("HO", PERIOD_2, tables, "Hugo Analyst <hugo@ho.example>")])[0]


def open_priorities(chromium, url: str):
    """A fresh browser context on the Priorities page, once its table is drawn; (context, page)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url + "/priorities")
    table = page.get_by_test_id("stDataFrame").first
    expect(table.locator("td").filter(has_text="Halve knife crime").first).to_be_attached(timeout=WAIT_MS)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)
    return context, page


def shows_new_priority(page, name: str) -> None:
    table = page.get_by_test_id("stDataFrame").first
    expect(table.locator("td").filter(has_text=NEW).first).to_be_attached(timeout=WAIT_MS)
    expect(table.locator("td").filter(has_text="Red → Amber").first).to_be_attached()  # HO-01's new rating
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"scale-out-{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    """(store, [url, url]): two `streamlit run app.py` processes serving one sample store."""
    work = tmp_path_factory.mktemp("e2e-scale-out")
    store = sample_store(work / "sample")
    args = without_secrets(work)
    env = {"DELIVERY_DB": str(store.root)}
    (work / "a").mkdir()
    (work / "b").mkdir()
    with (
        serve_app(work / "a", env, cwd=ROOT, extra_args=args) as first,
        serve_app(work / "b", env, cwd=ROOT, extra_args=args) as second,
    ):
        yield store, [first, second]


def test_two_app_processes_both_show_a_return_loaded_from_the_command_line(chromium, two_servers, tmp_path):
    store, urls = two_servers
    assert len(set(urls)) == 2
    before = store.current_file()
    sessions = [open_priorities(chromium, url) for url in urls]
    fresh_sessions = []
    try:
        for _, page in sessions:
            expect(page.get_by_test_id("stDataFrame").first.locator("td").filter(has_text=NEW)).to_have_count(0)
        assert len(holders(before)) == 2  # each server reads the published version, read-only

        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "delivery",
                "load",
                str(ho_june(tmp_path)),
                "--db",
                str(store.root),
                "--by",
                "tests",
            ],
            check=False,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        after = store.current_file()
        assert after != before and after.is_file()

        for i, (url, (_, page)) in enumerate(zip(urls, sessions)):
            assert urllib.request.urlopen(f"{url}/_stcore/health", timeout=10).read() == b"ok"
            # The session opened before the load: its next rerun reads the new version.
            page.get_by_test_id("stPageLink-NavLink").filter(has_text="Overview").click()
            expect(page.get_by_role("heading", level=1).filter(has_text="Overview")).to_be_visible(timeout=WAIT_MS)
            page.get_by_test_id("stPageLink-NavLink").filter(has_text="Priorities").click()
            shows_new_priority(page, f"{i + 1}-open-session")
            # A fresh session (a shared link) sees it too.
            fresh_sessions.append(open_priorities(chromium, url))
            shows_new_priority(fresh_sessions[-1][1], f"{i + 1}-fresh-session")
        assert len(holders(after)) == 2  # both servers moved to the new version
    finally:
        for context, _ in sessions + fresh_sessions:
            context.close()


def test_the_sessions_bench_browses_two_processes_while_a_return_loads(tmp_path):
    store = sample_store(tmp_path / "sample")
    before = snapshot(store)
    figures = sessions_bench(store.root, sessions=2, processes=2)
    print(format_sessions(figures))
    assert (figures["clients"], figures["pages"], figures["errors"], figures["error_list"]) == ("browser", 6, 0, [])
    assert figures["load"]["ok"] and figures["load"]["message"] == LOADED_AGAIN
    assert 0 < figures["median_s"] <= figures["max_s"]
    assert figures["server_cpu_s"] > 0
    assert snapshot(store) == before  # it ran on a copy


LOADED_AGAIN = (
    "Loaded DfE's return for 30 Jun 2026 (load 7): Priorities 1, Delivery chain 3, Milestones 1, "
    "Indicators 1, Trajectory 2, Actuals 2, Risks 1, Budget 1."
)


def test_the_sessions_bench_with_protocol_clients_and_one_chromium(tmp_path, monkeypatch):
    monkeypatch.setattr(crowd, "ALONE_ROUNDS", 1)  # the bench's three rounds alone are for the figure, not the test
    store = sample_store(tmp_path / "sample")
    before = snapshot(store)
    figures = sessions_bench(store.root, sessions=3, processes=2, clients="protocol")
    print(format_sessions(figures))
    assert (figures["clients"], figures["sessions"], figures["protocol_sessions"], figures["processes"]) == (
        "protocol",
        3,
        2,
        2,
    )
    assert (figures["pages"], figures["errors"], figures["error_list"]) == (6, 0, [])  # 2 clients x 3 pages
    # Every page the clients asked for was the page drawn: the server resolved path and query string.
    assert figures["headings"] == {
        "/milestones": "Milestones across government",
        "/overview": "Overview",
        "/priorities": "Priorities",
        "/priority?priority=EDU-01": "EDU-01: Raise reading at age 11",
    }
    assert figures["load"]["ok"] and figures["load"]["message"] == LOADED_AGAIN
    assert 0 < figures["median_s"] <= figures["max_s"]
    chromium = figures["chromium"]
    assert [urlsplit(r["url"]).path for r in chromium["pages"]] == ["/priority", "/milestones", "/chains"]
    assert all(
        r["alone_s"] > 0
        and r["under_load_s"] > 0
        and r["samples_under_load"] >= 1
        and r["ratio"] == round(r["under_load_s"] / r["alone_s"], 2)
        for r in chromium["pages"]
    )
    assert chromium["error_list"] == [] and chromium["ratio"] > 0
    assert figures["server_cpu_s"] > 0 and figures["browser_cpu_s"] > figures["protocol_clients_cpu_s"] >= 0
    assert snapshot(store) == before  # it ran on a copy


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (apt-get install nginx-light)")
def test_the_readme_nginx_example_keeps_a_session_on_one_process(chromium, two_servers, tmp_path):
    _, urls = two_servers
    listen = free_port()
    proxy = start_nginx([urlsplit(u).port for u in urls], listen, tmp_path)
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{listen}/priorities")
        table = page.get_by_test_id("stDataFrame").first
        expect(table.locator("td").filter(has_text="Halve knife crime").first).to_be_attached(timeout=WAIT_MS)
        # Behind a proxy, local mode gives a viewer: sign-in must be configured (README).
        expect(page.get_by_test_id("stSidebar")).to_contain_text(
            "View only: this copy of the dashboard has no sign-in, so everyone who opens it can view it",
            timeout=WAIT_MS,
        )
        page.get_by_test_id("stPageLink-NavLink").filter(has_text="Milestones").click()
        expect(page.get_by_role("heading", level=1).filter(has_text="Milestones")).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "scale-out-nginx.png"))
    finally:
        context.close()
        stop_nginx(proxy)  # graceful: the log is written out
    log = (tmp_path / "access.log").read_text().splitlines()
    streams = [line for line in log if "/_stcore/stream" in line]
    assert streams and all(" 101 " in line for line in streams)  # the websocket went through, upgraded
    assert len({line.split()[0] for line in log if not line.startswith("-")}) == 1  # one process served it all
    # Streamlit's JavaScript and CSS came from disk through nginx ("-": no upstream), none through the app.
    static = [line for line in log if '"GET /static/' in line]
    assert len(static) > 20 and all(line.startswith("- 200 ") for line in static)
    assert any(".js HTTP/1.1" in line for line in static)


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (apt-get install nginx-light)")
def test_the_readme_nginx_example_sends_streamlit_javascript_compressed_with_its_type(two_servers, tmp_path):
    _, urls = two_servers
    listen = free_port()
    proxy = start_nginx([urlsplit(u).port for u in urls], listen, tmp_path)
    try:
        index = urllib.request.urlopen(f"http://127.0.0.1:{listen}/priorities", timeout=10).read().decode()
        script = index.split('src="./static/js/', 1)[1].split('"', 1)[0]
        asked = urllib.request.Request(
            f"http://127.0.0.1:{listen}/static/js/{script}", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(asked, timeout=10) as answer:
            body, headers = answer.read(), answer.headers
    finally:
        stop_nginx(proxy)
    assert headers["Content-Type"] == "application/javascript"  # a module script of any other type is refused
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, immutable, max-age=31536000"
    whole = (STATIC / "js" / script).read_bytes()
    assert gzip.decompress(body) == whole and len(body) < len(whole) / 2
