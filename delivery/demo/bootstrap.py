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
    return True
