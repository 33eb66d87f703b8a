"""The reader's child process keeps nothing of a job once it has answered: a refused return's exception held
the reader's frames, and with them all the text it had decoded, until the next upload (issue 18 item 7).

The jobs below run in the child (``isolated.run`` imports them by name); a ``Tracked`` writes its file when
the child frees it, so the parent sees when that happened without reading any memory figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from delivery.returns import isolated


class Tracked:
    """Writes ``path`` when Python frees it."""

    def __init__(self, path: str):
        self.path = path

    def __del__(self):
        Path(self.path).write_text("freed", encoding="utf-8")


def refuse_holding(path: str) -> None:
    """In the child: fail while a local holds a Tracked, as the reader's frames held a return's text."""
    held = Tracked(path)  # noqa: F841 - held by this frame, which the exception's traceback keeps
    raise ValueError("refused")


def freed(path: str) -> bool:
    """In the child: whether the Tracked of ``path`` has been freed."""
    return Path(path).exists()


def test_a_refused_job_is_let_go_before_the_child_waits_for_the_next(tmp_path):
    marker = str(tmp_path / "freed")
    with pytest.raises(ValueError, match="^refused$"):
        isolated.run(refuse_holding, marker)
    assert isolated.run(freed, marker) is True  # the same child (the pool lends the last one given back)
