"""First start: a store folder with nothing in it gets the small demo government, so a newcomer sees a real dashboard.

Only a folder with nothing in it at all: a store whose pointer was deleted still has its
versions and archive, and loading the demo over it would bury the real record.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from delivery.store.versions import Store

# Made by taking the write lock, even by a writer that then wrote nothing: it holds no data.
LOCK_FILE = "write.lock"


def has_nothing(root: Path) -> bool:
    """True when the store folder does not exist or holds nothing but an empty lock file."""
    if not root.exists():
        return True
    if not root.is_dir():
        return False
    return all(p.name == LOCK_FILE and p.is_file() and p.stat().st_size == 0 for p in root.iterdir())


def ensure_demo_store(store: Store) -> bool:
    """Load the small demo returns into ``store`` if its folder has nothing in it. True if it did."""
    if not has_nothing(store.root):
        return False
    from delivery.demo import returns as demo
    from delivery.store import loader  # imported late: only an empty store pays for them

    with tempfile.TemporaryDirectory() as tmp:
        paths = demo.generate("small", Path(tmp))
        with store.lock():
            if not has_nothing(store.root):  # another process got there first
                return False
        loader.load_returns(store, paths, loaded_by="demo data (first start)")
    record_demo_transfers(store)
    return True


def record_demo_transfers(store: Store) -> None:
    """Record the demo's machinery-of-government transfers (delivery/demo/story.py), as the centre would."""
    from delivery.demo.profile_fit import transfers
    from delivery.demo.returns import small_scale
    from delivery.demo.story import TRANSFERS
    from delivery.store.records import record_transfer

    for priority_id, to, effective, by, reason in transfers(small_scale(), TRANSFERS):
        record_transfer(store, priority_id, to, by, reason, effective)
