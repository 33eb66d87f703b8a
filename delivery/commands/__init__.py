"""The command line's commands (``python -m delivery``, delivery/cli.py), one module per group."""
