"""delivery/analysis/tables.whole_life_cost_text: a cost's change from its baseline in words that cannot be
misread (a cost over its baseline was written '−74.6%', the sign meaning 'worse'), and no percentage of a
baseline too tiny to divide by."""

import pandas as pd
import pytest

from delivery.analysis.tables import whole_life_cost_text

SAID = "Whole-life cost in the return for 30 Jun 2026: "


def _budget(baseline, forecast, reported_in="2026-06-30"):
    return pd.DataFrame(
        {
            "financial_year": ["2026-27"],
            "reported_in": [pd.Timestamp(reported_in)],
            "whole_life_cost_baseline": [baseline],
            "whole_life_cost_forecast": [forecast],
        }
    )


@pytest.mark.parametrize(
    "baseline, forecast, said",
    [
        (1_000e6, 1_746e6, "£1,000.0m at baseline, now forecast at £1,746.0m, 74.6% over baseline."),
        (1_200e6, 900e6, "£1,200.0m at baseline, now forecast at £900.0m, 25.0% under baseline."),
        (1_200e6, 1_200e6, "£1,200.0m at baseline, now forecast at £1,200.0m, in line with baseline."),
        # A baseline under 1% of the forecast: £1,000 where £1,000m was surely meant, not '+499,999,900.0%'.
        (
            1e3,
            5_000e6,
            "£0.0m at baseline, now forecast at £5,000.0m, £5,000.0m over a baseline of £0.0m: "
            "the baseline looks like a units error; check the return.",
        ),
        (
            0.0,
            1_350e6,
            "£0.0m at baseline, now forecast at £1,350.0m, £1,350.0m over a baseline of £0.0m: "
            "a baseline of 0 gives no percentage; check the return.",
        ),
        (None, 1_350e6, "no baseline given, now forecast at £1,350.0m."),
        (1_200e6, None, "£1,200.0m at baseline."),
    ],
)
def test_the_change_from_baseline_is_said_in_words(baseline, forecast, said):
    assert whole_life_cost_text(_budget(baseline, forecast)) == SAID + said


def test_the_latest_return_that_gives_a_whole_life_cost_is_used():
    budget = pd.concat(
        [
            _budget(1_000e6, 1_100e6, "2026-06-30"),
            _budget(1_000e6, 1_200e6, "2026-03-31"),
            _budget(None, None, "2026-09-30"),
        ]
    )
    assert (
        whole_life_cost_text(budget) == SAID + "£1,000.0m at baseline, now forecast at £1,100.0m, 10.0% over baseline."
    )
    assert whole_life_cost_text(_budget(None, None)) is None
