"""First start: an empty store gets the small demo government, so a newcomer sees a real dashboard."""
from __future__ import annotations

import tempfile
from pathlib import Path

from delivery.store.versions import Store


def ensure_demo_store(store: Store) -> bool:
    """Load the small demo returns into ``store`` if it has never been written. True if it did."""
    if not store.is_empty():
        return False
    from delivery.demo import returns as demo
    from delivery.store import loader  # imported late: only an empty store pays for them

    with tempfile.TemporaryDirectory() as tmp:
        paths = demo.generate("small", Path(tmp))
        with store.lock():
            if not store.is_empty():  # another process got there first
                return False
        loader.load_returns(store, paths, loaded_by="demo data (first start)")
    record_demo_transfers(store)
    return True


def record_demo_transfers(store: Store) -> None:
    """Record the demo's machinery-of-government transfers (delivery/demo/story.py), as the centre would."""
    from delivery.demo.story import TRANSFERS
    from delivery.store.records import record_transfer

    for priority_id, to, effective, by, reason in TRANSFERS:
        record_transfer(store, priority_id, to, by, reason, effective)
