"""Differences from a plan or a baseline in words (delivery/analysis/differences.py): above or below,
(better) or (worse) by the measure's direction, and no percentage of a tiny reference."""

import pytest

from delivery.analysis import differences as D


@pytest.mark.parametrize(
    "actual, planned, direction, expected",
    [
        (70.0, 80.0, "up", "12.5% below plan (worse)"),
        (90.0, 80.0, "up", "12.5% above plan (better)"),
        (360.85, 350.0, "down", "3.1% above plan (worse)"),  # down is better: above plan is worse
        (300.0, 350.0, "down", "14.3% below plan (better)"),
        (-5.0, -4.0, "up", "25.0% below plan (worse)"),  # a negative plan: the words still follow the values
        (80.0, 80.0, "up", "in line with plan"),
        (80.02, 80.0, "up", "less than 0.1% above plan (better)"),
        (500.0, 5.0, "down", "9,900.0% above plan (worse)"),  # a plan of exactly 1% of the actual: still a percentage
        (1059.0, 5.0, "down", "1,054 above a plan of 5 (worse)"),  # under 1%: the absolute gap, the plan named
        (1059.0, 0.0, "down", "1,059 above a plan of 0 (worse)"),
        (0.0, 0.0, "down", "in line with plan"),
        (None, 80.0, "up", ""),
        (70.0, float("nan"), "up", ""),
    ],
)
def test_change_text_says_the_difference_from_plan_in_words(actual, planned, direction, expected):
    assert D.change_text(actual, planned, direction) == expected


@pytest.mark.parametrize(
    "base, value, tiny",
    [
        (0.0, 1.0, True),
        (0.99, 100.0, True),
        (1.0, 100.0, False),
        (-0.5, 100.0, True),
        (5.0, -1000.0, True),
        (0.0, 0.0, False),
    ],
)
def test_a_base_under_one_per_cent_of_the_value_is_tiny(base, value, tiny):
    assert D.base_is_tiny(base, value) is tiny


COST = D.Wording(
    against="baseline", more="over", less="under", judged=False, tiny_note="looks like units", zero_note="is 0"
)


@pytest.mark.parametrize(
    "now, baseline, expected",
    [
        (1746.0, 1000.0, "74.6% over baseline"),  # over a cost's baseline is worse by the word: no (worse)
        (900.0, 1200.0, "25.0% under baseline"),
        (5001.0, 1.0, "5,000 over a baseline of 1: looks like units"),
        (5000.0, 0.0, "5,000 over a baseline of 0: is 0"),
    ],
)
def test_a_wording_names_its_reference_words_and_notes(now, baseline, expected):
    assert D.change_text(now, baseline, "down", COST) == expected


@pytest.mark.parametrize(
    "value,text",
    [(1609083.0, "1,609,083"), (1059.0, "1,059"), (7.25, "7.25"), (123456.0, "123,456"), (0.0000012, "0.0000012")],
)
def test_a_figure_is_never_written_in_scientific_notation(value, text):
    assert D.figure_text(value) == text
