"""The memory benchmark's parts: the worst case the limits let in, the shared-string return they refuse, the
ten filter combinations and the printed figures. (The whole run, with a real server and Chromium:
tests/e2e/test_bench_memory.py.)"""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
import pytest

from bench.memory import combinations, format_memory, spread
from bench.worst_case import SHARED_CELLS, SHARED_STRING, fullest, shared_string_return, text_size, worst_store
from delivery.returns.limits import TextLimits
from delivery.store import archive
from delivery.store.loader import check_files
from delivery.store.versions import Store, run_query
from tests.store_builder import PERIOD_1, PERIOD_2, sample_store
from tests.test_reader import TABLES

LIMITS = TextLimits(return_chars=2**20)  # the defaults, with a 1 MB return: quick to write and read


@pytest.mark.slow  # reads in the reader's child process
def test_the_shared_string_return_is_small_and_refused_whole_for_its_text(tmp_path):
    path = shared_string_return(tmp_path / "shared.xlsx", "DfE", PERIOD_2, "EDU-01")
    with zipfile.ZipFile(path) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode()
    assert path.stat().st_size < 1_000_000 and strings.count("<si>") == 1 and len(strings) > SHARED_STRING
    [checked] = check_files([path])
    assert [(p.sheet, p.message) for p in checked.problems] == [
        (
            "(file)",
            "shared.xlsx holds more than 20 MB of text in its tables, over the limit for a return "
            "(DELIVERY_MAX_RETURN_TEXT_MB): shorten the longest commentary, save it and try again.",
        )
    ]
    assert SHARED_CELLS * SHARED_STRING > 20 * 2**20


def test_the_fullest_return_has_every_text_at_its_limit_and_keeps_its_ids():
    tables = fullest({t: pd.DataFrame(rows) for t, rows in TABLES.items()}, LIMITS)
    assert LIMITS.return_chars * 0.96 < text_size(tables) <= LIMITS.return_chars * 0.97
    assert {len(v) for v in tables["milestones"]["commentary"]} == {5000}
    assert {len(v) for v in tables["priorities"]["title"]} == {300}
    assert tables["milestones"]["milestone_id"].is_unique and len(tables["milestones"]) > 150
    assert list(tables["priorities"]["priority_id"]) == ["EDU-01"]  # ids and codes as they were


@pytest.mark.slow  # loads returns
def test_the_worst_store_loads_every_department_s_newest_return_at_its_largest(tmp_path, monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_RETURN_TEXT_MB", "1")
    base = sample_store(tmp_path / "base", use_loader=True)
    before = sorted(p.name for p in base.root.rglob("*"))
    worst = Store(worst_store(base.root, lambda text: None, tmp_path / "worst"))
    assert sorted(p.name for p in base.root.rglob("*")) == before  # the base is only read
    newest = [(e["department"], e["return_period"]) for e in archive.read_log(worst.archive)[-3:]]
    assert newest == [("DHSC", "2026-06-30"), ("DfE", "2026-06-30"), ("HO", "2026-03-31")]
    con = worst.connect_read()
    try:
        milestones = run_query(con, "milestone_list", {"as_at": PERIOD_2, "department": "DfE", "theme": None})
    finally:
        con.close()
    assert len(milestones) > 100 and {len(c) for c in milestones["commentary"]} == {5000}


def test_the_filters_take_the_whole_government_departments_and_themes_in_turn():
    themes = ["Health", "Opportunity", "Safety"]
    assert list(spread([PERIOD_2, PERIOD_1], ["DfE", "DHSC", "HO"], {PERIOD_2: themes, PERIOD_1: themes})) == [
        (PERIOD_2, None, None),
        (PERIOD_2, "DfE", None),
        (PERIOD_2, None, "Health"),
        (PERIOD_1, None, None),
        (PERIOD_2, "DHSC", None),
        (PERIOD_2, None, "Opportunity"),
        (PERIOD_2, "HO", None),
        (PERIOD_2, None, "Safety"),
        (PERIOD_1, "DfE", None),
        (PERIOD_1, "DHSC", None),
        (PERIOD_1, "HO", None),
        (PERIOD_1, None, "Health"),
        (PERIOD_1, None, "Opportunity"),
        (PERIOD_1, None, "Safety"),
        *[(p, d, t) for p in (PERIOD_2, PERIOD_1) for d in ("DfE", "DHSC", "HO") for t in themes],
    ]


def test_ten_links_on_the_browse_pages_in_turn(tmp_path):
    plan = combinations(sample_store(tmp_path / "sample").root)
    assert plan["urls"] == [
        "overview?period=2026-06-30",
        "milestones?period=2026-06-30&department=DfE",
        "priorities?period=2026-06-30&theme=Health",
        "indicators?period=2026-03-31",
        "changes?period=2026-06-30&department=DHSC",
        "chains?period=2026-06-30&theme=Opportunity",
        "brief?period=2026-06-30&department=HO",
        "overview?period=2026-06-30&theme=Safety",
        "milestones?period=2026-03-31&department=DfE",
        "priorities?period=2026-03-31&department=DHSC",
    ]
    assert {k: plan[k] for k in ("department", "priority_id", "period", "milestones")} == {
        "department": "DfE",
        "priority_id": "EDU-01",
        "period": dt.date(2026, 6, 30),
        "milestones": 5,
    }


def test_the_figures_read_one_line_a_step():
    steps = [
        {"step": "started", "seconds": 0.0, "error": None, "peak_mb": 61, "held_mb": 61, "server_mb": 61},
        {
            "step": "upload shared-string.xlsx, not committed",
            "seconds": 4.25,
            "error": None,
            "peak_mb": 1480,
            "held_mb": 1210,
            "server_mb": 1080,
            "outcome": "refused: shared-string.xlsx holds more than 20 MB of text",
        },
        {
            "step": "/overview?period=2026-06-30",
            "seconds": 12.0,
            "error": "the page shows an error box",
            "peak_mb": 1500,
            "held_mb": 1499,
            "server_mb": 1370,
        },
    ]
    figures = {
        "store": "data/demo/worst-small-store",
        "milestones": 28684,
        "text_mb": 153.4,
        "sample_s": 0.1,
        "steps": steps,
        "peak_mb": 1500,
        "errors": 1,
    }
    assert format_memory(figures).splitlines() == [
        "Memory of streamlit run app.py serving a copy of data/demo/worst-small-store (28,684 milestones in the "
        "newest period, with 153.4 MB of text), resident, the server and its children, sampled every 0.1 s:",
        "step                                                         peak MB   held MB  server MB  seconds",
        "started                                                           61        61         61      0.0",
        "upload shared-string.xlsx, not committed                       1,480     1,210      1,080      4.2",
        "  refused: shared-string.xlsx holds more than 20 MB of text",
        "/overview?period=2026-06-30                                    1,500     1,499      1,370     12.0  ERROR: the page "
        "shows an error box",
        "peak: 1,500 MB; held at the end: 1,499 MB; errors: 1",
    ]


@pytest.mark.parametrize("size", [0, 1])
def test_text_size_counts_only_text(size):
    frame = pd.DataFrame({"priority_id": ["A" * size], "rag": ["Red"], "target_date": [PERIOD_1]})
    assert text_size({"priorities": frame}) == size + 3
