"""``python tests/with_pause.py FOLDER load FILE ...``: the command line, every load pausing before it publishes.

Each load says "paused" in FOLDER and waits for "go" there (tests/hooks.py), so a test can
overlap two loads or kill one mid-write at a known point.
"""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the project, not tests/, as python -m delivery has it

from delivery.cli import main
from tests import hooks

if __name__ == "__main__":
    hooks.pause_loads(Path(sys.argv[1]))
    sys.exit(main(sys.argv[2:]))
