"""Optimistic concurrency for commits: a commit made from a preview is refused if its return moved since.

Two analysts preview June returns for DfE from two sessions, then both commit at the same
instant (threads released by a barrier, the real store): the write lock serialises them, the
second sees the first's load under the lock and is refused, and the store, the loads log and
a rebuild all say so. Loads of other returns meanwhile do not block a commit.
"""

from __future__ import annotations

import datetime as dt
import threading

import duckdb
import pandas as pd

from delivery.reference.departments import department_lookup
from delivery.returns.validate import check_return
from delivery.returns.workbook import write_return
from delivery.store import archive
from delivery.store.history import rollback_load
from delivery.store.loader import load_returns
from delivery.store.rebuild import rebuild
from delivery.store.versions import Store, run_query
from delivery.upload.preview import preview_return
from tests.test_preview import TODAY, about
from tests.test_upload_concurrency import march_store, uploads, whole

D = dt.date
JUNE = D(2026, 6, 30)


def preview(store: Store, name: str, data: bytes):
    """What the Upload page shows a session: the file's preview against the store as it is now."""
    parsed, problems = check_return(data, department_lookup(), TODAY, f"{name}.xlsx")
    assert parsed is not None, problems
    return preview_return(store, parsed)


def commit(store: Store, name: str, data: bytes, seen) -> object:
    """What the Upload page's Commit does: load the file with the base of the preview its user read."""
    return load_returns(
        store,
        [(f"{name}.xlsx", data)],
        name,
        reason="revised",
        allowed_departments={"DfE"},
        today=TODAY,
        bases={seen.key: seen.base},
    )


def commit_together(store: Store, files: dict[str, bytes], previews: dict) -> dict:
    barrier, reports = threading.Barrier(len(files)), {}

    def run(name: str) -> None:
        barrier.wait()
        reports[name] = commit(store, name, files[name], previews[name])

    threads = [threading.Thread(target=run, args=(n,)) for n in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return reports


def moved(load_id: int, by: str, at: str, did: str = "loaded") -> str:
    return (
        f"Someone else {did} DfE's return for 30 Jun 2026 at {pd.Timestamp(at):%H:%M} UTC (load {load_id}, "
        f"by {by}); nothing was committed. Look at the new preview before committing again."
    )


def loads(store: Store) -> list[tuple]:
    con = store.connect_read()
    try:
        rows = run_query(con, "loads_history").sort_values("load_id")
        return [tuple(r) for r in rows[["load_id", "file_name", "outcome", "active"]].itertuples(index=False)]
    finally:
        con.close()


def test_two_commits_from_two_previews_of_one_return_one_lands_the_other_is_refused(tmp_path):
    store = march_store(tmp_path)
    files = uploads(tmp_path)
    previews = {name: preview(store, name, data) for name, data in files.items()}
    assert {n: (p.key, p.base) for n, p in previews.items()} == {"ana": (("DfE", JUNE), 0), "bob": (("DfE", JUNE), 0)}
    reports = commit_together(store, files, previews)
    winner, loser = sorted(reports, key=lambda n: reports[n].files[0].outcome)  # "loaded" < "refused"
    assert [(reports[n].ok, reports[n].files[0].outcome, reports[n].files[0].load_id) for n in (winner, loser)] == [
        (True, "loaded", 2),
        (False, "refused", 3),
    ]
    log = archive.read_log(store.archive)
    expected = moved(2, winner, log[1]["loaded_at"])
    assert reports[loser].refused == [expected]
    assert reports[loser].files[0].message == expected
    # The store and the log agree: the winner's load is the one in force; the loser's is logged as refused.
    assert loads(store) == [
        (1, "march.xlsx", "loaded", True),
        (2, f"{winner}.xlsx", "loaded", True),
        (3, f"{loser}.xlsx", "refused", False),
    ]
    assert [(e["load_id"], e["file_name"], e["outcome"], e.get("refused")) for e in log] == [
        (1, "march.xlsx", "loaded", None),
        (2, f"{winner}.xlsx", "loaded", None),
        (3, f"{loser}.xlsx", "refused", expected),
    ]
    with duckdb.connect(str(store.current_file()), read_only=True) as con:
        assert whole(con) == [(1, "DfE", D(2026, 3, 31)), (2, "DfE", JUNE)]
    # A rebuild from the log makes the same history.
    copy = Store(tmp_path / "copy")
    rebuild(store.root, copy.root)
    assert loads(copy) == loads(store)
    # The loser looks at the new preview (it replaces the winner's return) and commits it.
    again = preview(store, loser, files[loser])
    assert (again.replaces, again.base) == (True, 2)
    assert commit(store, loser, files[loser], again).files[0].outcome == "loaded"
    assert loads(store)[-1] == (4, f"{loser}.xlsx", "loaded", True)


def test_a_load_of_another_department_meanwhile_does_not_block_a_commit(tmp_path):
    store = march_store(tmp_path)
    files = uploads(tmp_path)
    seen = preview(store, "ana", files["ana"])
    ho = write_return(
        tmp_path / "ho.xlsx",
        {"department": "HO", "period_end": JUNE, "prepared_by": "Hugo"},
        {"Priorities": [{"priority_id": "HO-01", "title": "Knife crime", "lead_department": "HO", "rag": "Red"}]},
    )
    assert load_returns(store, [ho], "hugo", today=TODAY).ok
    assert load_returns(
        store,
        [
            write_return(
                tmp_path / "dfe-march.xlsx",
                about(D(2026, 3, 31)),
                {"Priorities": [{"priority_id": "EDU-01", "title": "Reading", "lead_department": "DfE", "rag": "Red"}]},
            )
        ],
        "dora",
        reason="revised",
        today=TODAY,
    ).ok  # DfE, but another period: another return
    report = commit(store, "ana", files["ana"], seen)
    assert (report.ok, report.refused, report.files[0].outcome, report.files[0].load_id) == (True, [], "loaded", 4)


def test_a_rollback_meanwhile_refuses_a_commit(tmp_path):
    store = march_store(tmp_path)
    files = uploads(tmp_path)
    assert commit(store, "ana", files["ana"], preview(store, "ana", files["ana"])).ok  # load 2
    seen = preview(store, "bob", files["bob"])
    assert seen.base == 2
    rollback_load(store, 2, "dora", "sent by mistake")  # load 3
    report = commit(store, "bob", files["bob"], seen)
    at = archive.read_log(store.archive)[2]["loaded_at"]
    assert report.refused == [moved(3, "dora", at, "rolled back")]
    assert loads(store)[-1] == (4, "bob.xlsx", "refused", False)


def test_the_command_line_loads_without_a_base(tmp_path):
    """A load with no bases (``python -m delivery load``) checks nothing: validating and writing under one lock is its own preview."""
    store = march_store(tmp_path)
    files = uploads(tmp_path)
    for name in files:
        assert load_returns(store, [(f"{name}.xlsx", files[name])], name, reason="revised", today=TODAY).ok
    assert [row[2:] for row in loads(store)] == [("loaded", True), ("loaded", False), ("loaded", True)]
