"""The app on a damaged store (issue 9, item 9): the newest good version is shown, and every page says so once.

The store has two versions: store-000001 (DHSC, DfE and HO's 31 Mar returns: loads 1-3) and
store-000002 (their 30 Jun returns: loads 4-5). The published one is then damaged in each way.
"""

from __future__ import annotations

import pytest

from delivery.store import files
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.conftest import run_app
from tests.store_builder import sample_returns, write_workbooks
from tests.test_store_integrity import corrupt_blocks

PAGES = ["overview", "priorities", "priority", "milestones", "chains", "indicators"]
REPAIR = "To repair it, an administrator runs `python -m delivery rebuild` on the server."
OLDER = "These pages show the newest good version, store-000001.duckdb (loads up to 3 of 5). "


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    store = Store(tmp_path / "store")
    paths = write_workbooks(tmp_path / "returns", sample_returns())
    assert load_returns(store, paths[:3], "setup").ok and load_returns(store, paths[3:], "setup").ok
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    return store


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def masthead(at) -> str:
    return at.sidebar.markdown[0].value.split(" · ")[-1]


@pytest.mark.parametrize(
    "how, what, shown, latest",
    [
        (
            "pointer missing",
            "its pointer file CURRENT (which names the published version) is missing",
            "These pages show the newest good version, store-000002.duckdb (every load). ",
            "30 Jun 2026",
        ),
        (
            "pointer junk",
            "its pointer file CURRENT is damaged: it does not name a version",
            "These pages show the newest good version, store-000002.duckdb (every load). ",
            "30 Jun 2026",
        ),
        ("version empty", "its published version store-000002.duckdb is empty (0 bytes)", OLDER, "31 Mar 2026"),
        ("version missing", "its published version store-000002.duckdb is missing", OLDER, "31 Mar 2026"),
        (
            "corrupt block",
            "its published version store-000002.duckdb is damaged (a block of it is corrupt)",
            OLDER,
            "31 Mar 2026",
        ),
    ],
)
def test_every_page_shows_the_newest_good_version_and_says_so_once(store, how, what, shown, latest):
    current = store.current_file()
    if how == "pointer missing":
        (store.root / "CURRENT").unlink()
    elif how == "pointer junk":
        (store.root / "CURRENT").write_bytes(b"\x00\xffgarbage")
    elif how == "version empty":
        current.write_bytes(b"")
    elif how == "version missing":
        current.unlink()
    else:
        corrupt_blocks(current)
    at = run_app(priority="HEA-01")
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        assert warnings(at).count(f"The data store needs repair: {what}. {shown}{REPAIR}") == 1, page
        assert masthead(at) == f"Latest data as at {latest}", page


def test_an_empty_but_valid_published_version_is_damage_and_start_up_publishes_nothing(store):
    current = store.current_file()
    current.unlink()
    files.connect(current).close()  # a valid DuckDB file with no tables, put there by hand
    versions = sorted(p.name for p in store.versions.iterdir())
    at = run_app(priority="HEA-01")
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        assert (
            warnings(at).count(
                "The data store needs repair: its published version store-000002.duckdb holds no "
                f"loads, but its archive's log has 5. {OLDER}{REPAIR}"
            )
            == 1
        ), page
        assert masthead(at) == "Latest data as at 31 Mar 2026", page
    assert sorted(p.name for p in store.versions.iterdir()) == versions  # the start-up upgrade wrote nothing
    assert store.version() == "store-000002.duckdb"


def test_no_good_version_left_shows_no_data_and_says_why(store):
    for path in store.versions.iterdir():
        path.write_bytes(b"")
    at = run_app()
    assert not at.exception
    assert warnings(at)[0] == (
        "The data store needs repair: its published version store-000002.duckdb is empty "
        f"(0 bytes), and no good version is left, so there is no data to show. {REPAIR}"
    )
    assert masthead(at) == "No data loaded yet"


def test_a_sound_store_shows_no_warning(store):
    at = run_app()
    assert not at.exception and not warnings(at)
    assert masthead(at) == "Latest data as at 30 Jun 2026"
