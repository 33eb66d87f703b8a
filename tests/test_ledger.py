"""Nothing lost, ever (issue 18, items 2 and 3): the archive's logs are ledgers.

``judgements.jsonl`` is append-only like ``loads.jsonl``; a write never voids what a published
version held, whatever CURRENT points to; the recovery advice is tested by following it,
exactly as printed; and ``rebuild`` publishes one version, so killing it half-way loses nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from delivery.auth import CENTRE_ANALYST, User
from delivery.errors import StoreError
from delivery.store import archive, judgements
from delivery.store.loader import load_returns
from delivery.store.rebuild import rebuild
from delivery.store.versions import Store
from tests.store_builder import PERIOD_2, sample_returns, write_workbooks
from tests.test_store_integrity import cli, corrupt_blocks

ROOT = Path(__file__).resolve().parent.parent
CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
AT = dt.datetime(2026, 7, 2, 10, 0)
RAGS = ("Red", "Amber", "Green", "Amber/Red", "Amber/Green")


def rate(store: Store, n: int) -> None:
    """The centre's n-th rating (HEA-01 for 30 Jun), told apart by its reason."""
    judgements.record_rating(
        store, CARA, "HEA-01", PERIOD_2, RAGS[n % len(RAGS)], f"Rating {n}", at=AT + dt.timedelta(minutes=n)
    )


@pytest.fixture
def built(tmp_path):
    """Loads 1-3 (v1), rating 1 (v2), loads 4-5 (v3), ratings 2 and 3 (v4, v5): three versions kept."""
    store = Store(tmp_path / "store")
    paths = write_workbooks(tmp_path / "returns", sample_returns())
    assert load_returns(store, paths[:3], "setup").ok
    rate(store, 1)
    assert load_returns(store, paths[3:], "setup").ok
    rate(store, 2)
    rate(store, 3)
    assert store.version() == "store-000005.duckdb"
    return store, paths


def ledger(store: Store) -> tuple[list[int], list[tuple[int, str]]]:
    """(load ids, (seq, reason) of ratings) in force in the archive's logs."""
    return (
        [e["load_id"] for e in archive.read_log(store.archive)],
        [(e["seq"], e["after"]["reason"]) for e in judgements.read_log(store.archive / judgements.LOG_NAME)],
    )


def held(store: Store) -> tuple[list[int], list[tuple[int, str]]]:
    """(load ids, (seq, reason) of ratings) the published version holds."""
    con = store.connect_read()
    try:
        return (
            [r[0] for r in con.execute("SELECT load_id FROM loads ORDER BY load_id").fetchall()],
            [
                (seq, json.loads(after)["reason"])
                for seq, after in con.execute("SELECT seq, after_json FROM judgement_log ORDER BY seq").fetchall()
            ],
        )
    finally:
        con.close()


def steps(message: str) -> list[str]:
    """Every command the recovery advice prints, in order, exactly as printed."""
    return re.findall(r"(python -m delivery rebuild --db \S+?|echo \S+ > \S+?)(?=;|\.$|\. )", message)


def follow(command: str) -> None:
    """Run a printed command as an administrator would, in a shell ("python": the one running the tests)."""
    if command.startswith("python "):
        command = shlex.join([sys.executable]) + command.removeprefix("python")
    done = subprocess.run(command, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, done.stderr) == (0, ""), command


def assert_nothing_lost(store: Store, loads_ever: list[int], ratings_ever: list[tuple[int, str]]) -> None:
    """Every load and rating ever published is in the logs and the store, and after a rebuild too."""
    for look in (ledger, held):
        loads, ratings = look(store)
        assert set(loads_ever) <= set(loads) and set(ratings_ever) <= set(ratings), look.__name__
    rebuild(store.root)
    loads, ratings = held(store)
    assert set(loads_ever) <= set(loads) and set(ratings_ever) <= set(ratings)


def _damage(store: Store, how: str) -> None:
    if how == "newest version corrupt":
        corrupt_blocks(store.versions / "store-000005.duckdb")
    else:
        (store.root / "CURRENT").unlink()


ADVICE = [("newest version corrupt", 0), ("pointer missing", 0), ("pointer missing", 1)]


@pytest.mark.parametrize(("how", "step"), ADVICE)
def test_following_each_piece_of_recovery_advice_loses_no_load_and_no_rating(built, how, step):
    store, paths = built
    loads_ever, ratings_ever = ledger(store)
    assert (loads_ever, ratings_ever) == ([1, 2, 3, 4, 5], [(1, "Rating 1"), (2, "Rating 2"), (3, "Rating 3")])
    _damage(store, how)
    message = cli("history", "--db", store.root).stderr
    commands = steps(message)
    root = shlex.quote(str(store.root))
    if how == "newest version corrupt":  # v4 lacks rating 3: going back to it is not offered
        assert commands == [f"python -m delivery rebuild --db {root}"]
        assert message.endswith(
            f"python -m delivery rebuild --db {root}; going back to the newest good version, store-000004.duckdb, "
            "would not do: it holds centre ratings and actions up to 2 of 3, and only rebuilding keeps them all.\n"
        )
    else:
        assert commands == [
            f"python -m delivery rebuild --db {root}",
            f"echo store-000005.duckdb > {shlex.quote(str(store.root / 'CURRENT'))}",
        ]
    follow(commands[step])
    assert load_returns(store, [paths[0]], "ana").ok  # an unchanged reload
    rate(store, 4)
    assert_nothing_lost(store, [*loads_ever, 6], [*ratings_ever, (4, "Rating 4")])


def test_a_store_set_back_to_an_older_version_refuses_writes_until_rebuilt_and_loses_nothing(built):
    # What the old advice said: "echo store-000004.duckdb > CURRENT (rebuilding keeps them all)".
    store, paths = built
    loads_ever, ratings_ever = ledger(store)
    corrupt_blocks(store.versions / "store-000005.duckdb")
    (store.root / "CURRENT").write_text("store-000004.duckdb")
    log = (store.archive / judgements.LOG_NAME).read_bytes()
    loads_log = (store.archive / archive.LOG_NAME).read_bytes()
    expected = (
        f"The store at {store.root} points at store-000004.duckdb, an older version than its newest, "
        "store-000005.duckdb, which holds centre ratings and actions up to 3 where store-000004.duckdb "
        "holds them up to 2, so nothing was written. Rebuild the store so that none of them is lost: "
        f"python -m delivery rebuild --db {shlex.quote(str(store.root))}"
    )
    with pytest.raises(StoreError) as error:
        rate(store, 4)
    assert str(error.value) == expected
    with pytest.raises(StoreError) as error:
        load_returns(store, [paths[0]], "ana")  # an unchanged reload: its write holds rating 3 open too
    assert str(error.value) == expected
    assert (store.archive / judgements.LOG_NAME).read_bytes() == log  # nothing voided
    assert (store.archive / archive.LOG_NAME).read_bytes() == loads_log
    follow(steps(expected + ".")[0])
    assert load_returns(store, [paths[0]], "ana").ok
    rate(store, 4)
    assert_nothing_lost(store, [*loads_ever, 6], [*ratings_ever, (4, "Rating 4")])


def test_a_readable_newer_version_that_holds_a_rating_stops_a_write_voiding_it(built):
    store, _ = built
    (store.root / "CURRENT").write_text("store-000003.duckdb")  # v4 and v5 hold ratings 2 and 3
    with pytest.raises(StoreError) as error:
        rate(store, 4)
    assert str(error.value) == (
        f"The store at {store.root} points at store-000003.duckdb, an older version than its newest, "
        "store-000005.duckdb, which holds centre ratings and actions up to 3 where store-000003.duckdb holds them "
        f"up to 1, so nothing was written. Rebuild the store so that none of them is lost: "
        f"python -m delivery rebuild --db {shlex.quote(str(store.root))}"
    )


KILLED_REBUILD = """
import os, signal, sys
from delivery.store import judgements, rebuild

def killed(con, entries):  # the loads and records are replayed; the judgements are next
    os.kill(os.getpid(), signal.SIGKILL)

judgements.replay = killed
rebuild.rebuild(sys.argv[1])
"""


def test_a_rebuild_killed_half_way_publishes_nothing_and_the_next_rating_keeps_every_line(built):
    store, _ = built
    for n in range(4, 30):
        rate(store, n)
    log_path = store.archive / judgements.LOG_NAME
    log, version, before = log_path.read_bytes(), store.version(), held(store)
    assert len(log.splitlines()) == 29
    done = subprocess.run(
        [sys.executable, "-c", KILLED_REBUILD, str(store.root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == -9
    assert (store.version(), held(store), log_path.read_bytes()) == (version, before, log)  # the old store, whole
    rate(store, 30)
    assert log_path.read_bytes().startswith(log)
    assert [seq for seq, _ in ledger(store)[1]] == list(range(1, 31))
    assert [seq for seq, _ in held(store)[1]] == list(range(1, 31))


def test_an_unreadable_newer_version_may_hold_a_rating_so_it_is_not_voided(built):
    store, _ = built
    (store.versions / "store-000005.duckdb").write_bytes(b"")  # nothing can be read of it
    (store.root / "CURRENT").write_text("store-000004.duckdb")
    log = (store.archive / judgements.LOG_NAME).read_bytes()
    with pytest.raises(StoreError) as error:
        rate(store, 4)
    assert str(error.value) == (
        f"The store at {store.root} points at store-000004.duckdb, an older version than its newest, "
        "store-000005.duckdb, which may hold centre ratings and actions up to 3 where store-000004.duckdb holds "
        f"them up to 2, so nothing was written. Rebuild the store so that none of them is lost: "
        f"python -m delivery rebuild --db {shlex.quote(str(store.root))}"
    )
    assert (store.archive / judgements.LOG_NAME).read_bytes() == log
    rebuild(store.root)
    assert held(store)[1] == [(1, "Rating 1"), (2, "Rating 2"), (3, "Rating 3")]


def test_a_rating_whose_version_is_not_published_is_voided_by_a_marker_not_cut(built, monkeypatch):
    store, _ = built
    log_path = store.archive / judgements.LOG_NAME
    log = log_path.read_bytes()
    monkeypatch.setattr(Store, "_publish", lambda self, path: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        rate(store, 4)
    monkeypatch.undo()
    lines = [json.loads(line) for line in log_path.read_text().splitlines()]
    assert log_path.read_bytes().startswith(log) and len(lines) == 5
    assert lines[3]["seq"] == 4
    assert {k: v for k, v in lines[4].items() if k != "at"} == {
        "void": [4],
        "line": None,
        "why": "never published: the write failed after its lines were logged",
    }
    rate(store, 5)
    assert ledger(store)[1] == held(store)[1] == [(1, "Rating 1"), (2, "Rating 2"), (3, "Rating 3"), (4, "Rating 5")]
