"""code_suggestion: the one rule for 'Did you mean DfE?' after a mistyped department code or priority ID."""

from __future__ import annotations

import pytest

from delivery.reference.departments import read_departments
from delivery.reference.suggest import code_suggestion, did_you_mean_code

CODES = ["CO", "DESNZ", "DHSC", "DfE", "DfT", "FCDO", "HO", "MoD", "MoJ"]
IDS = ["EDU-01", "HOM-01", "HOM-02"]
UK = list(read_departments()["code"])


@pytest.mark.parametrize(
    "text, options, expected",
    [
        ("DFE", CODES, "DfE"),  # a case slip
        ("dft", CODES, "DfT"),
        ("ho", CODES, "HO"),
        ("DfEE", CODES, "DfE"),  # one slip in a longer code
        ("DHCS", CODES, "DHSC"),
        ("hom-01", IDS, "HOM-01"),
        ("HOM01", IDS, "HOM-01"),
        ("hom 01", IDS, "HOM-01"),
        ("DHCS", UK, "DHSC"),  # real slips, against the whole UK list: two neighbours swapped
        ("MHLCG", UK, "MHCLG"),
        ("DfEE", UK, "DfE"),  # a letter doubled
        ("DESNX", UK, "DESNZ"),  # one slip in a five-letter code
        ("DFE", UK, "DfE"),
        # far off: no suggestion
        ("NCA", UK, None),  # the National Crime Agency is not the CMA
        ("DHS", UK, None),  # the US Department of Homeland Security is not DHSC
        ("USDA", UK, None),  # nor is the US Department of Agriculture UKSA
        ("XYZ", CODES, None),
        ("MOX", CODES, None),  # one letter in three is a different code, not a slip
        ("EDU-02", IDS, None),  # another number is another priority
        ("HOM-1", IDS, None),
        ("", CODES, None),
    ],
)
def test_code_suggestion(text, options, expected):
    assert code_suggestion(text, options) == expected


def test_did_you_mean_ends_a_sentence():
    assert did_you_mean_code("DFE", CODES) == " Did you mean DfE?"
    assert did_you_mean_code("XYZ", CODES) == ""
