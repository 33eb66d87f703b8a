"""`python -m bench --brief --db STORE`: a line naming the brief, then one line per format with its time (wall
clock and CPU), size and length, in a real process on a small store this test builds (no timed assertion: only each line's shape)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.brief import WORD_PAGES
from tests.store_builder import build_store, sample_returns

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("bench-brief"), sample_returns(), use_loader=False)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--brief", "--db", str(store.root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done, store.root


def test_it_prints_the_brief_then_a_line_per_format_with_time_size_and_length(printed):
    done, store = printed
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == f"Delivery brief: Whole government, as at 30 Jun 2026 (4 priorities), from {store}:"
    shapes = [
        r"pdf  +\d+\.\d\d s +\d+\.\d\d s CPU +\d+\.\d\d MB  \d+ pages",
        r"docx +\d+\.\d\d s +\d+\.\d\d s CPU +\d+\.\d\d MB  " + re.escape(WORD_PAGES),
        r"pptx +\d+\.\d\d s +\d+\.\d\d s CPU +\d+\.\d\d MB  \d+ slides",
        r"xlsx +\d+\.\d\d s +\d+\.\d\d s CPU +\d+\.\d\d MB  11 sheets",
    ]
    assert len(lines) == 5
    assert [bool(re.fullmatch(shape, line)) for shape, line in zip(shapes, lines[1:])] == [True] * 4, lines


def test_the_lengths_are_the_files_own(printed):
    done, _ = printed
    counts = dict(re.findall(r"^(pdf|pptx) .* (\d+) (?:pages|slides)$", done.stdout, flags=re.M))
    # the summary's pages and slides, then a page (at least) and a slide (at least) per priority
    assert int(counts["pdf"]) >= 1 + 4 and int(counts["pptx"]) >= 7 + 4


def test_a_missing_store_is_refused_in_one_sentence():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--brief", "--db", "/nowhere/store"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "Error: there is no store folder at /nowhere/store.\n",
    )


def test_an_empty_store_folder_is_refused_in_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--brief", "--db", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"Error: the benchmark stopped (StoreError: {tmp_path} holds no data yet, so there is no brief to make).\n"
    )
