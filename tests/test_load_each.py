"""load --each: each return its own all-or-nothing load, so one file with an unknown department does not
hold back the rest; without --each a batch still loads whole or not at all."""

from __future__ import annotations

import json

from delivery.store.versions import Store
from tests.test_cli import run
from tests.test_loader import make_return


def _three(tmp_path):
    return (
        make_return(tmp_path / "dfe.xlsx", "DfE"),
        make_return(tmp_path / "xyz.xlsx", "XYZ"),  # a department the reference list does not have
        make_return(tmp_path / "ho.xlsx", "HO"),
    )


def test_each_file_loads_on_its_own_and_the_summary_says_which(capsys, tmp_path):
    store = tmp_path / "store"
    code, out, err = run(capsys, "load", *_three(tmp_path), "--db", store, "--each", "--by", "tests")
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == (
        "Loaded 2 of 3 returns, each on its own: dfe.xlsx, ho.xlsx. Not loaded: xyz.xlsx (see the problems above)."
    )
    assert "xyz.xlsx: About!B2: department XYZ is not in the list of departments." in out
    con = Store(store).connect_read()
    with con:
        assert sorted(con.sql("SELECT DISTINCT department FROM loads WHERE outcome = 'loaded'").fetchall()) == [
            ("DfE",),
            ("HO",),
        ]


def test_each_as_json_names_what_loaded_and_what_did_not(capsys, tmp_path):
    code, out, _ = run(capsys, "load", *_three(tmp_path), "--db", tmp_path / "store", "--each", "--json")
    result = json.loads(out)
    assert (code, result["outcome"], result["loaded"], result["not_loaded"]) == (
        1,
        "partly loaded",
        ["dfe.xlsx", "ho.xlsx"],
        ["xyz.xlsx"],
    )


def test_without_each_the_batch_is_still_all_or_nothing(capsys, tmp_path):
    store = tmp_path / "store"
    code, _, _ = run(capsys, "load", *_three(tmp_path), "--db", store)
    assert code == 1
    assert Store(store).version() is None  # nothing was published
