"""'Did you mean DfE?': the one rule for suggesting a department code or a priority ID a person
mistyped, in a return or on the command line (no Streamlit).

Codes are short and every character counts: 'MoJ' is not a slip for 'MoD', nor 'EDU-02' for
'EDU-01', nor DHS (a US department) for DHSC, nor USDA for UKSA. So a code is suggested when it
differs only in case, spaces or punctuation ('DFE', 'hom 01'), always; otherwise it must keep its
digits and be one edit away (Damerau-Levenshtein, ignoring case), and a code of four characters or
fewer only by a typing slip: two neighbours swapped (DHCS) or a letter doubled (DfEE). A code of
eight or more characters may be two edits away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SHORT = 4  # codes this long or shorter: only a swap of neighbours or a doubled letter is a slip
LONG = 8  # codes this long or longer: two edits may be slips


def _bare(text: str) -> str:
    return re.sub(r"[\s\-_./]", "", text).lower()


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d", text))


def edits(a: str, b: str) -> int:
    """The Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and
    swaps of neighbours, each one edit."""
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]


def _typing_slip(typed: str, code: str) -> bool:
    """Two neighbours swapped ('dhcs' for 'dhsc') or a letter doubled ('dfee' for 'dfe')."""
    if len(typed) == len(code):
        return sorted(typed) == sorted(code) and edits(typed, code) == 1
    longer, shorter = (typed, code) if len(typed) > len(code) else (code, typed)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1 :] == shorter and longer[i] == longer[i - 1] for i in range(1, len(longer))
    )


def _near(typed: str, code: str) -> bool:
    a, b = _bare(typed), _bare(code)
    if _digits(a) != _digits(b):
        return False
    if min(len(a), len(b)) <= SHORT:
        return _typing_slip(a, b)
    return edits(a, b) <= (2 if min(len(a), len(b)) >= LONG else 1)


def code_suggestion(text: object, options: Iterable[str]) -> str | None:
    """The code in ``options`` that ``text`` most likely meant, or None when none is near enough."""
    text = str(text or "").strip()
    options = [str(o) for o in options if o is not None and str(o) != text]
    if not text or not options:
        return None
    same = [o for o in options if _bare(o) == _bare(text)]
    if same:
        return same[0]
    near = [o for o in options if _near(text, o)]
    return min(near, key=lambda o: edits(_bare(text), _bare(o))) if near else None


def did_you_mean_code(text: object, options: Iterable[str]) -> str:
    """' Did you mean DfE?' (to end a sentence) when ``code_suggestion`` finds one, else ''."""
    found = code_suggestion(text, options)
    return f" Did you mean {found}?" if found else ""
