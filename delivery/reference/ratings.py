"""Delivery-confidence ratings: the scales, the spellings real returns use, the crosswalk.

Ratings are stored as given on the five-point scale (Red, Amber/Red, Amber,
Amber/Green, Green), the three-point scale (Red, Amber, Green), or Complete and
Not assessed. The crosswalk below puts both scales on one 1-5 score so they can be
compared and charted together: Red=1, Amber/Red=2, Amber=3, Amber/Green=4, Green=5.
A three-point Amber is an Amber (3): the two scales share their three words.

Words that are not spellings of the scale ("No DCA", "On track") come from the rating
vocabulary, ``data/rating_vocabulary.csv`` (see ``delivery.reference.vocabulary``): each
maps to a rating or to Not assessed, and the reader keeps the word as written beside it.
"""

from __future__ import annotations

import difflib
import re

from delivery.reference import vocabulary
from delivery.reference.profile import display_path

RED, AMBER_RED, AMBER, AMBER_GREEN, GREEN = "Red", "Amber/Red", "Amber", "Amber/Green", "Green"
COMPLETE, NOT_ASSESSED = "Complete", "Not assessed"

FIVE_POINT = (RED, AMBER_RED, AMBER, AMBER_GREEN, GREEN)
THREE_POINT = (RED, AMBER, GREEN)
ALL_RATINGS = FIVE_POINT + (COMPLETE, NOT_ASSESSED)

SCORE = {RED: 1, AMBER_RED: 2, AMBER: 3, AMBER_GREEN: 4, GREEN: 5}

# What each rating means, after the UK's delivery confidence assessment (five points); a three-point
# Red, Amber or Green means the same as its five-point namesake. Shown on the About this data page.
MEANINGS = {
    RED: "Successful delivery appears unachievable unless major problems are dealt with at once: "
    "it needs the centre's attention now.",
    AMBER_RED: "Successful delivery is in doubt, with major risks or issues in several key areas: "
    "urgent action is needed.",
    AMBER: "Successful delivery is feasible, but significant issues already exist and need management attention.",
    AMBER_GREEN: "Successful delivery is probable, but constant attention is needed so that risks do not "
    "become major issues.",
    GREEN: "Successful delivery on time, on budget and to quality appears highly likely, with no major "
    "issues outstanding.",
    COMPLETE: "Delivered: nothing more is to be judged (some returns write Blue or Done).",
    NOT_ASSESSED: "No judgement this period: counted apart, never as a rating, and left off the rating history's line.",
}

# Colour-blind-safe palette (after Okabe-Ito / ColorBrewer RdYlBu ends), always shown
# beside the rating's text.
COLOURS = {
    RED: "#C0392B",
    AMBER_RED: "#E67E22",
    AMBER: "#F1C40F",
    AMBER_GREEN: "#9ACD32",
    GREEN: "#1A9850",
    COMPLETE: "#2C7BB6",
    NOT_ASSESSED: "#BDBDBD",
}

_WORDS = {
    "r": RED,
    "red": RED,
    "a": AMBER,
    "amber": AMBER,
    "yellow": AMBER,
    "g": GREEN,
    "green": GREEN,
    "ar": AMBER_RED,
    "ra": AMBER_RED,
    "amberred": AMBER_RED,
    "redamber": AMBER_RED,
    "ag": AMBER_GREEN,
    "ga": AMBER_GREEN,
    "ambergreen": AMBER_GREEN,
    "greenamber": AMBER_GREEN,
    "b": COMPLETE,
    "blue": COMPLETE,
    "complete": COMPLETE,
    "completed": COMPLETE,
    "done": COMPLETE,
    "notassessed": NOT_ASSESSED,
}
# "N/A" and "Not rated" used to be spellings here; they are now vocabulary words, so the
# word as written is kept and shown beside the rating.
# Spellings that name the two colours the other way round from the scale (which puts amber first).
_OTHER_WAY_ROUND = {"ra", "redamber", "ga", "greenamber"}


def _key(text: object) -> str:
    return re.sub(r"[\s/\\\-_.&+]|and", "", str(text).strip().lower())


def normalise_rating(text: object) -> str | None:
    """The canonical rating for a spelling found in a return ('A/G' -> 'Amber/Green'), or None."""
    if text is None:
        return None
    return _WORDS.get(_key(text))


def written_other_way_round(text: object) -> bool:
    """True for 'Red/Amber' or 'G/A': read as Amber/Red and Amber/Green, which a reader is told."""
    return isinstance(text, str) and _key(text) in _OTHER_WAY_ROUND


def _side(rating: str | None) -> int:
    """-1 for the red side of Amber, 1 for the green side, 0 for Amber and ratings off the scale."""
    s = score(rating)
    return 0 if s is None or s == 3 else -1 if s < 3 else 1


_COLOURS = ("red", "amber", "green")


def _written_sides(text: str) -> set[int]:
    """The sides of Amber a suggestion may take for a word not understood: 'Amber/Red (worsening)' names
    red, so the red side or Amber; a word naming both red and green, only Amber (either side would drop one)."""
    named = {c for w in re.findall(r"[a-z]+", text.lower()) for c in difflib.get_close_matches(w, _COLOURS, 1, 0.75)}
    red, green = "red" in named, "green" in named  # misspelt too: 'Rd', 'Gren'
    return {0, -1, 1} if red == green and not red else {0} if red and green else {0, -1 if red else 1}


def suggestion(text: str, options: dict[str, str]) -> str | None:
    """The option to suggest for a rating not understood ({option: the rating it means}), or None.

    A rating with a note after it ('Amber/Red (worsening)') is that rating; otherwise the nearest
    option, never one on the other side of Amber from a colour the text names.
    """
    text = str(text).strip()
    bare = re.sub(r"\(.*?\)|\[.*?\]", " ", text).strip()
    by_key = {str(o).lower(): str(o) for o in options}
    if bare and bare != text and (normalise_rating(bare) or bare.lower() in by_key):
        return normalise_rating(bare) or by_key[bare.lower()]
    sides = _written_sides(text)
    allowed = {k: o for k, o in by_key.items() if _side(options[o]) in sides}
    close = difflib.get_close_matches(text.lower(), list(allowed), n=1, cutoff=0.6)
    return allowed[close[0]] if close else None


def vocabulary_ratings() -> dict[str, tuple[str, str]]:
    """{word key: (rating, word as listed)} from data/rating_vocabulary.csv; a bad row is BadVocabulary."""
    return _vocabulary_map(vocabulary.read_vocabulary())


def _vocabulary_map(pairs: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str]]:
    found, problems = _checked(pairs)
    if problems:
        raise vocabulary.BadVocabulary(" ".join(problems))
    return found


def vocabulary_problems(path=None) -> list[str]:
    """Every problem of the rating vocabulary at ``path`` (default: the reference folder's); [] when none."""
    try:
        return _checked(vocabulary.read_vocabulary(path), path)[1]
    except vocabulary.BadVocabulary as error:
        return [str(error)]


def _checked(pairs: tuple[tuple[str, str], ...], path=None) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """{word key: (rating, word)} and each word's problem (a rating that is none, a rating word meaning another)."""
    found, problems, where = {}, [], display_path(path or vocabulary.vocabulary_csv())
    for word, rating_text in pairs:
        rating = normalise_rating(rating_text)
        if rating is None:
            problems.append(
                f"{where}: '{word}' maps to '{rating_text}', which is not a rating; "
                f"use one of {', '.join(ALL_RATINGS)}."
            )
        elif normalise_rating(word) not in (None, rating):
            problems.append(
                f"{where}: '{word}' is already the rating {normalise_rating(word)}; it cannot mean another."
            )
        else:
            found[vocabulary.word_key(word)] = (rating, word)
    return found, problems


def rating_for_word(text: object) -> str | None:
    """The rating a vocabulary word means ('No DCA' -> 'Not assessed'), or None if it is not listed. Case,
    spaces and punctuation are ignored; a word marked to match its start also matches text that begins with
    it, word by word ('Exempt under Section 43 ...' -> Exempt's rating)."""
    if text is None:
        return None
    known = vocabulary_ratings()
    entry = known.get(vocabulary.word_key(text)) or _by_start(str(text), known)
    return entry[0] if entry else None


def _by_start(text: str, known: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The longest 'start' word whose words begin ``text``'s words (more words must follow)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    for start in sorted(vocabulary.read_starting(), key=len, reverse=True):
        leading = re.findall(r"[a-z0-9]+", start.lower())
        if leading and len(words) > len(leading) and words[: len(leading)] == leading:
            return known.get(vocabulary.word_key(start))
    return None


def vocabulary_words() -> list[str]:
    """The vocabulary's words as listed, for messages."""
    return [word for _, word in vocabulary_ratings().values()]


def with_written(rating: str | None, as_written: str | None) -> str:
    """A rating with the word the return used, when it used another: "Not assessed (written as 'No DCA')"."""
    shown = rating or NOT_ASSESSED
    if not as_written or not isinstance(as_written, str):
        return shown
    return f"{shown} (written as '{as_written}')"


def rating_for_colour(rgb: str | None) -> str | None:
    """Red, Amber or Green for a cell fill colour ('FFC00000', '#92D050'), or None if neither."""
    if not rgb:
        return None
    hexpart = rgb.lstrip("#")[-6:]
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", hexpart):
        return None
    r, g, b = (int(hexpart[i : i + 2], 16) for i in (0, 2, 4))
    if max(r, g, b) - min(r, g, b) < 60:  # greys, white, black: no rating
        return None
    if r >= 150 and g < 100 and b < 120:
        return RED
    if r >= 180 and g >= 100 and b < 120:
        return AMBER
    if g >= 120 and g > r and b < g:
        return GREEN
    return None


def score(rating: str | None) -> int | None:
    """The crosswalk score 1 (Red) to 5 (Green); None for Complete, Not assessed or blank."""
    return SCORE.get(rating) if rating else None


def is_red(rating: str | None) -> bool:
    """True for Red and Amber/Red: the ratings that need the centre's attention."""
    return rating in (RED, AMBER_RED)


def ink_for(rating: str) -> str:
    """Black or white text, whichever reads better on the rating's colour (WCAG contrast)."""
    hexpart = COLOURS.get(rating, "#FFFFFF").lstrip("#")
    channels = [int(hexpart[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"
