"""The concurrency benchmark's set-up: a copy of the store with its newest return held back, and the
sessions spread over the app processes. (The browser run itself: tests/e2e/test_scale_out.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.sessions import held_back_copy, session_plans, sessions_bench
from delivery.errors import DeliveryError
from delivery.store import archive
from delivery.store.rebuild import copy_store
from delivery.store.versions import Store
from tests.store_builder import sample_store
from tests.upload_support import snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Store:
    return sample_store(tmp_path_factory.mktemp("bench-sessions"))


def test_a_copy_reads_the_same_with_its_originals_linked(sample, tmp_path):
    copy = copy_store(sample.root, tmp_path / "copy")
    assert snapshot(copy) == snapshot(sample)  # the same version, loads, rows, log and originals
    first = archive.read_log(sample.archive)[0]["sha256"]
    assert archive.original_path(copy.archive, first).samefile(archive.original_path(sample.archive, first))


def test_a_copy_goes_only_into_an_empty_folder(sample, tmp_path):
    copy_store(sample.root, tmp_path / "copy")
    with pytest.raises(DeliveryError, match=f"^{tmp_path / 'copy'} already holds a store; copy into an empty folder.$"):
        copy_store(sample.root, tmp_path / "copy")


def test_the_held_back_return_loads_again_into_the_copy_only(sample, tmp_path):
    before = snapshot(sample)
    copy, workbook = held_back_copy(sample.root, tmp_path)
    assert workbook.name == "DfE-2026-06-30.xlsx"  # the latest period's last load
    done = subprocess.run(
        [sys.executable, "-m", "delivery", "load", str(workbook), "--db", str(copy), "--by", "t"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == (
        "Loaded DfE's return for 30 Jun 2026 (load 7): Priorities 1, Delivery chain 3, Milestones 1, "
        "Indicators 1, Trajectory 2, Actuals 2, Risks 1, Budget 1."
    )
    assert [(e["load_id"], e["outcome"]) for e in archive.read_log(Store(copy).archive)][-3:] == [
        (5, "loaded"),
        (6, "rolled back"),
        (7, "loaded"),
    ]
    assert (sample.version(), Store(copy).version()) == ("store-000001.duckdb", "store-000003.duckdb")
    assert snapshot(sample) == before  # the store benchmarked is not changed


def test_sessions_take_the_pages_in_turn_and_the_processes_in_turn():
    plans = session_plans(3, [8001, 8002], "HEA-01")
    assert plans == [
        [
            "http://127.0.0.1:8001/overview",
            "http://127.0.0.1:8001/priorities",
            "http://127.0.0.1:8001/priority?priority=HEA-01",
        ],
        [
            "http://127.0.0.1:8002/priorities",
            "http://127.0.0.1:8002/priority?priority=HEA-01",
            "http://127.0.0.1:8002/milestones",
        ],
        [
            "http://127.0.0.1:8001/priority?priority=HEA-01",
            "http://127.0.0.1:8001/milestones",
            "http://127.0.0.1:8001/chains",
        ],
    ]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--sessions", "0", "--pages"], "argument --sessions: '0' is not a whole number of 1 or more"),
        (
            ["--sessions", "20"],
            ("Error: --sessions times pages, so it goes with --pages (and --browser, to compare with one session)."),
        ),
        (
            ["--pages", "--proxy"],
            ("Error: --proxy and --network change how the browser reaches the app, so they go with --pages --browser."),
        ),
        (
            ["--pages", "--browser", "--network", "fast"],
            "argument --network: 'fast' is not a whole number of 1 or more",
        ),
        (
            ["--pages", "--clients", "protocol"],
            "Error: --clients says who the --sessions are, so it goes with --pages --sessions N.",
        ),
        (
            ["--pages", "--sessions", "1", "--clients", "protocol"],
            "Error: --clients protocol needs --sessions 2 or more: one Chromium and at least one protocol client.",
        ),
        (
            ["--pages", "--sessions", "3", "--clients", "robots"],
            "argument --clients: invalid choice: 'robots' (choose from 'browser', 'protocol')",
        ),
        (["--memory", "--pages"], "Error: --pages, --memory and --brief are three benchmarks: run them one at a time."),
        (["--brief", "--pages"], "Error: --pages, --memory and --brief are three benchmarks: run them one at a time."),
        (
            ["--store", "somewhere"],
            "Error: --store (or --db) names the store to measure, so it goes with --pages, --memory or --brief.",
        ),
        (["--memory", "--store", "/nowhere/store"], "Error: there is no store folder at /nowhere/store."),
    ],
)
def test_bench_flags_that_go_together_are_refused_apart(argv, message):
    done = subprocess.run(
        [sys.executable, "-m", "bench", *argv], check=False, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("argv", [["bench"], ["bench", "--scale", "small", "--pages", "--browser"]])
def test_the_old_command_points_at_the_bench_package(argv):
    done = subprocess.run(
        [sys.executable, "-m", "delivery", *argv], check=False, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "Error: the benchmarks are their own package now: run `python -m bench` with the same "
        "options (`python -m bench --help` lists them).\n"
    )


def test_unknown_clients_are_refused_before_anything_starts(sample):
    with pytest.raises(ValueError, match=r"^clients must be one of browser, protocol, not 'robots'$"):
        sessions_bench(sample.root, 2, 1, clients="robots")
