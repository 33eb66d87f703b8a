"""Reference data kept in ``data/`` and edited by hand: the department list."""
