"""Reference data: the rating scales and their spellings (``ratings``), and what is kept in ``data/``
and edited by hand: departments (with their dates, successors and aliases), the reporting calendar,
the rating vocabulary and area names."""
