"""The load benchmark's real load: a return loaded again into a copy of a store, which is left as it was."""

from __future__ import annotations

from bench import loads
from delivery.store.loader import check_files
from tests.store_builder import sample_store


def _files(store):
    return sorted(p.name for p in store.root.rglob("*") if p.is_file())


def test_a_return_loads_for_real_into_a_copy_and_the_store_is_unchanged(tmp_path):
    store = sample_store(tmp_path, use_loader=True)
    before, version = _files(store), store.version()
    dfe = tmp_path / "returns" / "DfE-2026-06-30.xlsx"
    label, files, rows, seconds = loads.load_into_copy("DfE", [dfe], store.root)
    assert (label, files) == ("DfE: validate + load", 1)
    [checked] = check_files([dfe])
    assert rows == sum(checked.row_counts.values()) > 0 and seconds > 0
    assert _files(store) == before and store.version() == version


def test_the_median_of_several_runs_is_the_middle_one():
    runs = iter([("a", 1, 5, 0.3), ("a", 1, 5, 0.1), ("a", 1, 5, 0.2)])
    assert loads.median_of(3, lambda: next(runs)) == ("a", 1, 5, 0.2)
