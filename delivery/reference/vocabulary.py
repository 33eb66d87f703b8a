"""The rating vocabulary in ``data/rating_vocabulary.csv``: words real returns use for a rating.

Each row maps a word ("No DCA", "On track") to a rating on the scale or to Not assessed,
with a sentence saying why. The file is reference data like ``data/departments.csv``:
edit it to teach the dashboard a new word. The ratings themselves are checked by
``delivery.reference.ratings``, which is where the words are used.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from delivery.errors import DeliveryError
from delivery.reference.profile import display_path, reference_file

RATING_VOCABULARY_CSV: Path | None = None  # a file to read instead of the reference folder's (the reader's child)
VOCABULARY_FILE_NAME = "rating_vocabulary.csv"


def vocabulary_csv() -> Path:
    """The rating vocabulary: rating_vocabulary.csv in the reference folder, unless RATING_VOCABULARY_CSV is set."""
    return Path(RATING_VOCABULARY_CSV) if RATING_VOCABULARY_CSV else reference_file(VOCABULARY_FILE_NAME)


class BadVocabulary(DeliveryError):
    """The rating vocabulary file cannot be read or has a row that is not a word and a rating."""


def word_key(text: object) -> str:
    """A word compared loosely: case, spaces and punctuation ignored ('N/A' = 'n a' = 'NA')."""
    return re.sub(r"[\s/\\\-_.&+'\u2010-\u2015]", "", str(text).strip().lower())


def read_vocabulary(path: Path | None = None) -> tuple[tuple[str, str], ...]:
    """The (word, rating text) pairs in file order, as written; the rating is checked by the caller."""
    return tuple((word, rating) for word, rating, _ in read_explained(path))


def read_explained(path: Path | None = None) -> tuple[tuple[str, str, str], ...]:
    """The (word, rating text, why) rows in file order, as written: the file's own words for the help page."""
    return tuple(row[:3] for row in _read_file(path))


def read_starting(path: Path | None = None) -> tuple[str, ...]:
    """The words whose ``matches`` column says 'start': they also match text that begins with them
    ('Exempt' matches 'Exempt under Section 43 (commercial interests)')."""
    return tuple(word for word, _, _, matches in _read_file(path) if matches == "start")


def _read_file(path: Path | None) -> tuple[tuple[str, str, str, str], ...]:
    path = Path(path or vocabulary_csv())
    try:
        stat = path.stat()
    except OSError:
        raise BadVocabulary(f"The rating vocabulary {path} is missing.") from None
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime_ns: int, size: int) -> tuple[tuple[str, str, str, str], ...]:
    """Read once per version of the file (an edit changes mtime or size, and is seen at once)."""
    name = display_path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            if not {"word", "rating"} <= set(reader.fieldnames or ()):
                raise BadVocabulary(f"{name} must have the columns word, rating and why.")
            rows = [
                (line, *((r.get(c) or "").strip() for c in ("word", "rating", "why")), (r.get("matches") or "").lower())
                for line, r in enumerate(reader, start=2)
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise BadVocabulary(f"The rating vocabulary {name} cannot be read: {error}.") from None
    pairs, problems = [], []
    for line, word, rating, why, matches in rows:
        if not word and not rating:
            continue
        if not word or not rating:
            problems.append(f"{name} line {line}: give both a word and the rating it means.")
        if matches.strip() not in ("", "whole", "start"):
            problems.append(f"{name} line {line}: matches must be whole (the default) or start, not '{matches}'.")
        pairs.append((word, rating, why, matches.strip()))
    if problems:
        raise BadVocabulary(" ".join(problems))
    return tuple(pairs)
