"""'Did you mean DfE?': the one rule for suggesting a department code or a priority ID a person
mistyped, in a return or on the command line (no Streamlit).

Codes are short and every character counts: 'MoJ' is not a slip for 'MoD', nor 'EDU-02' for
'EDU-01'. So a code is suggested when it differs only in case, spaces or punctuation ('DFE',
'hom 01'), or by a slip that keeps its digits and most of its letters ('DfEE').
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

CLOSE = 0.75  # difflib's ratio: one slip in a four-letter code, not one in three


def _bare(text: str) -> str:
    return re.sub(r"[\s\-_./]", "", text).lower()


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d", text))


def code_suggestion(text: object, options: Iterable[str]) -> str | None:
    """The code in ``options`` that ``text`` most likely meant, or None when none is near enough."""
    text = str(text or "").strip()
    options = [str(o) for o in options if o is not None and str(o) != text]
    if not text or not options:
        return None
    same = [o for o in options if _bare(o) == _bare(text)]
    if same:
        return same[0]
    near = {o.lower(): o for o in options if _digits(o) == _digits(text)}
    close = difflib.get_close_matches(text.lower(), list(near), n=1, cutoff=CLOSE)
    return near[close[0]] if close else None


def did_you_mean_code(text: object, options: Iterable[str]) -> str:
    """' Did you mean DfE?' (to end a sentence) when ``code_suggestion`` finds one, else ''."""
    found = code_suggestion(text, options)
    return f" Did you mean {found}?" if found else ""
