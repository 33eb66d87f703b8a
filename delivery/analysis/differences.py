"""A value's difference from its reference (a plan, a baseline) in words that cannot be misread (no Streamlit).

One rule for every surface. A sign meaning "better" (+) or "worse" (−) read wrong for costs and
other lower-is-better measures ('−74.6%' for a cost 74.6% over its baseline), so the direction
is said in words relative to the reference: '74.6% over baseline', '12.5% below plan (worse)',
'3.1% above plan (worse)'. A percentage of a tiny reference ('−67,141.8%' from a baseline in £
where £m was meant) is not printed: the absolute difference is, with the reference named.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TINY_BASE = 0.01
"""A base under this share of the value compared with it (a ratio over 100 to 1, a change of
more than 9,900 per cent; 0 included) gives no percentage: the absolute difference is said."""


def base_is_tiny(base: float, value: float) -> bool:
    """True when |base| is under 1% of |value|: a percentage of it would be noise or a units error."""
    return abs(base) < TINY_BASE * abs(value)


@dataclass(frozen=True)
class Wording:
    """How change_text speaks of a measure against its reference (PLAN for indicators)."""

    against: str = "plan"  # what the value is compared with
    more: str = "above"  # the words for more and for less than it
    less: str = "below"
    judged: bool = True  # add (better) or (worse): 'above' and 'below' do not say which is good
    tiny_note: str = ""  # said after the absolute difference when the reference is tiny, not 0
    zero_note: str = ""  # the same when the reference is 0


PLAN = Wording()


def figure_text(value: float) -> str:
    """A figure as the indicator tables write Actual and Planned: '1,059', '7.25', '1,609,083' (never '1.60908e+06')."""
    text = format(value, ",.6g")
    if "e" not in text:
        return text
    return f"{value:,.0f}" if abs(value) >= 1 else f"{value:.10f}".rstrip("0").rstrip(".")


def change_text(value, reference, direction: str, wording: Wording = PLAN, amount=figure_text) -> str:
    """The difference of ``value`` from ``reference`` in words that cannot be misread, '' if either is blank.

    '12.5% below plan (worse)', '3.1% above plan (worse)' (direction 'down': lower is better),
    '74.6% over baseline' (a cost's Wording), 'in line with plan'. Where the reference is tiny
    beside the value (base_is_tiny), no percentage: '1,059 above a plan of 0 (worse)', or with a
    cost's note, '£5,000.0m over a baseline of £0.0m: the baseline looks like a units error; check
    the return'. ``amount`` writes an absolute figure (money_text for money).
    """
    if value is None or reference is None or pd.isna(value) or pd.isna(reference):
        return ""
    diff = float(value) - float(reference)
    if diff == 0:
        return f"in line with {wording.against}"
    word = wording.more if diff > 0 else wording.less
    judgement = f" ({'better' if (diff < 0) == (direction == 'down') else 'worse'})" if wording.judged else ""
    if base_is_tiny(reference, value):
        note = wording.zero_note if reference == 0 else wording.tiny_note
        return f"{amount(abs(diff))} {word} a {wording.against} of {amount(reference)}{judgement}" + (
            f": {note}" if note else ""
        )
    pct = abs(diff) / abs(reference) * 100
    size = f"{pct:,.1f}%" if round(pct, 1) else "less than 0.1%"
    return f"{size} {word} {wording.against}{judgement}"
