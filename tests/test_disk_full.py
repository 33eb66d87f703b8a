"""A full disk says so in plain English, names the folder, and changes nothing (issue 18 item 12).

Each test puts the store (or its archive, or the command's output) on a real, tiny, full file
system: a tmpfs mounted for the test (root only; skipped with the reason where it cannot be
mounted), filled with a filler file to the room the test leaves. Before this, a load on a full
disk said "the store could not be read: FATAL Error: Failed to create checkpoint ...", or named
the published version as if it were the trouble ("No space left on device (.../store-000001.duckdb)").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from delivery.errors import DiskFull
from delivery.store import archive
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.store_builder import build_store, sample_returns, write_workbooks

ROOT = Path(__file__).resolve().parents[1]


def full_message(folder: Path) -> str:
    return (
        f"The disk holding the store ({folder}) is full, so nothing was written: the store is as it was. "
        "Free some space on that disk, then try again."
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample store less DfE's 30 Jun return, and that return's workbook, to load on a full disk."""
    root = tmp_path_factory.mktemp("full")
    return build_store(root, sample_returns()[:4]), write_workbooks(root / "files", sample_returns()[4:])[0]


@pytest.fixture
def small_disk(tmp_path):
    """``mount(folder, mb)``: a tmpfs of ``mb`` MB at ``folder`` for this test, unmounted after it."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; run as root to test a full disk")
    mounted = []

    def mount(folder: Path, mb: int) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={mb}m", "tmpfs", str(folder)], capture_output=True, text=True
        )
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def leave_free(disk: Path, kb: int) -> None:
    """Fill ``disk`` until ``kb`` KB are left."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize // 1024
    with open(disk / "filler", "wb") as f:
        f.write(b"\0" * max(free - kb, 0) * 1024)
    assert os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize // 1024 <= kb


def snapshot(store: Store) -> tuple:
    """What a reader sees: the published version, its file, and the entries in force of the loads log."""
    current = store.current_file()
    return store.version(), current.read_bytes(), archive.read_log(store.archive)


def version_files(store: Store) -> list[str]:
    return sorted(p.name for p in store.versions.iterdir())


@pytest.mark.parametrize("room", ["none for the version's copy", "the copy but not DuckDB's checkpoint"])
def test_a_load_on_a_full_disk_says_so_and_changes_nothing(built, small_disk, tmp_path, room):
    source, workbook = built
    disk = small_disk(tmp_path / "disk", 16)
    store = Store(shutil.copytree(source.root, disk / "store"))
    size_kb = store.current_file().stat().st_size // 1024
    leave_free(disk, 64 if room.startswith("none") else size_kb + 256)
    before, versions = snapshot(store), version_files(store)
    with pytest.raises(DiskFull) as refused:
        load_returns(store, [workbook], "Ann")
    assert str(refused.value) == full_message(store.root)
    assert snapshot(store) == before and version_files(store) == versions
    (disk / "filler").unlink()  # with room again, the same load goes through: the lock was let go
    assert load_returns(store, [workbook], "Ann").ok
    assert [e["file_name"] for e in archive.read_log(store.archive)][-1] == "DfE-2026-06-30.xlsx"


def test_a_full_archive_fails_the_load_too(built, small_disk, tmp_path):
    source, workbook = built
    store = Store(shutil.copytree(source.root, tmp_path / "store", ignore=shutil.ignore_patterns("archive")))
    disk = small_disk(store.archive, 4)
    shutil.copytree(source.archive, store.archive, dirs_exist_ok=True)
    leave_free(disk, 0)
    before, versions = snapshot(store), version_files(store)
    with pytest.raises(DiskFull) as refused:
        load_returns(store, [workbook], "Ann")
    assert str(refused.value) == full_message(store.root)
    assert snapshot(store) == before and version_files(store) == versions
    assert sorted(p.name for p in store.archive.iterdir()) == sorted(
        [p.name for p in source.archive.iterdir()] + ["filler"]
    )  # no half-written original left behind


def test_the_command_line_says_the_disk_is_full(built, small_disk, tmp_path):
    source, workbook = built
    disk = small_disk(tmp_path / "disk", 16)
    store = shutil.copytree(source.root, disk / "store")
    leave_free(disk, 64)
    done = subprocess.run(
        [sys.executable, "-m", "delivery", "load", str(workbook), "--db", str(store), "--by", "Ann"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (1, f"Error: {full_message(store)}\n")


def test_a_workbook_written_to_a_full_disk_says_so_and_leaves_nothing(small_disk, tmp_path):
    disk = small_disk(tmp_path / "disk", 1)
    (disk / "out").mkdir()  # the command line writes into a folder that exists, and makes none
    leave_free(disk, 0)
    done = subprocess.run(
        [sys.executable, "-m", "delivery", "template", str(disk / "out" / "template.xlsx")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (
        1,
        f"Error: The disk holding {disk / 'out'} is full, so template.xlsx "
        "was not written. Free some space on that disk, then try again.\n",
    )
    assert sorted(p.name for p in disk.rglob("*")) == ["filler", "out"]
