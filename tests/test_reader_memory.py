"""A reader that runs out of memory is reported as memory, never as a crash (issue 18 item 12).

Each test runs a real child past its real limit (``RLIMIT_AS``): no fault hook. Running out
shows in three ways, all "memory": Python's MemoryError; Rust's failed allocation, which
aborts the child after writing "memory allocation of N bytes failed" (calamine); and a Rust
panic from zlib-rs that cannot allocate its state ("MemError"). With RUST_BACKTRACE set (as on
some machines), Rust's abort used to wait forever on its own backtrace's lock instead.
"""

from __future__ import annotations

import io
import mmap
import signal

import pytest

from delivery.errors import NotAWorkbook
from delivery.returns import isolated
from delivery.returns.reader import read_return
from tests.test_hostile_files import workbook_parts, zip_bytes
from tests.test_parser_safety import far_cell, variant

MEMORY = (
    "return.xlsx could not be read safely: reading it needed more than 256 MB of memory. Remove pictures, "
    "unused sheets and stray cells far from the tables, save it and try again."
)


def crowd(slack: int) -> list:
    """Take the child's address space (``mmap``: reserved, never touched) until less than ``slack`` bytes are left."""
    taken, size = [], 2**30
    while size >= slack:
        try:
            taken.append(mmap.mmap(-1, size))
        except (OSError, MemoryError):
            size //= 2
    return taken


def allocate_when_crowded() -> int:
    """In the child: a Python allocation with almost no room left."""
    taken = crowd(2**20)
    return len(bytearray(2**26)) + len(taken)


def calamine_when_crowded(data: bytes, slack: int) -> int:
    """In the child: calamine reading ``data`` with ``slack`` bytes of address space left."""
    from python_calamine import CalamineWorkbook

    taken = crowd(slack)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Priorities").total_height + len(taken)


def killed_by_the_system() -> None:
    """In the child: what the system's out-of-memory killer does to it."""
    import os

    os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture
def fresh_children(monkeypatch):
    """A new pool, so the children start with this test's settings and environment; RUST_BACKTRACE on."""
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    monkeypatch.setattr(isolated, "_POOL", isolated._Pool())


def _why(function, *args) -> str:
    with pytest.raises(isolated.ReaderFailed) as failed:
        isolated.run(function, *args)
    return failed.value.why


def test_python_out_of_memory_is_memory(fresh_children):
    assert _why(allocate_when_crowded) == "memory"


@pytest.mark.parametrize(
    "slack, how",
    [(2**24, "Rust aborts: memory allocation of 549755813888 bytes failed"), (2**16, "zlib-rs panics: MemError")],
)
def test_calamine_out_of_memory_is_memory(fresh_children, tmp_path, slack, how):
    assert _why(calamine_when_crowded, variant(tmp_path, "single quotes"), slack) == "memory"


def test_a_child_the_system_kills_is_system_memory(fresh_children):
    assert _why(killed_by_the_system) == "system memory"


def test_a_return_past_the_memory_setting_says_so_every_time(fresh_children, monkeypatch, tmp_path):
    # 200,000 rows by 104 columns: within the grid checks, but calamine asks for 665,600,000 bytes at once.
    monkeypatch.setenv("DELIVERY_READER_MEMORY_MB", "256")
    data = zip_bytes(far_cell(workbook_parts(tmp_path), b'<row r="200000"><c r="CZ200000"><v>1</v></c></row>'))
    for _ in range(2):
        with pytest.raises(NotAWorkbook) as refused:
            read_return(data, file_name="return.xlsx")
        assert str(refused.value) == MEMORY
