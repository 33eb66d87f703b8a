"""``python tests/with_reader_fault.py abort|memory validate FILE ...``: the command line, its workbook
reader's child process failing that way on every file (tests/hooks.py)."""

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the project, not tests/, as python -m delivery has it

from delivery.cli import main
from tests import hooks

if __name__ == "__main__":
    hooks.break_reader(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
