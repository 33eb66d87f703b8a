"""Forecasts to the target date (delivery/analysis/forecast.py), each situation computed by hand.

Series that sit exactly on a line have no scatter, so the bootstrap band is the line itself and
the chance of reaching the target is 0 or 100: every number below can be checked on paper.
"""

import datetime as dt

import pytest

from delivery.analysis import forecast as fc
from delivery.analysis.forecast import AT_RISK, OFF_COURSE, ON_COURSE, ForecastRules, forecast


def month_ends(year: int, months: list[int]) -> list[dt.date]:
    return [fc.month_end(year * 12 + m - 1) for m in months]


def series(year: int, months: list[int], values: list[float]) -> list[tuple]:
    return list(zip(month_ends(year, months), values))


QUARTERLY = series(2025, [3, 6, 9, 12], [1000, 1300, 1600, 1900]) + series(2026, [3], [2200])  # 100 a month


def test_a_steady_rise_that_arrives_late_is_off_course():
    # 2,200 in Mar 2026 rising 100 a month reaches 5,000 after 28 months (Jul 2028), 7 months after Dec 2027;
    # the 21 months to Dec 2027 need (5,000 - 2,200) / 21 = 133.3 a month.
    f = forecast(QUARTERLY, "up", 5000, dt.date(2027, 12, 31), dt.date(2026, 3, 31))
    assert f.sentence == (
        "At this rate the target of 5,000 is reached in Jul 2028, 7 months late; "
        "a rise of 133 a month is needed, a rise of 100 a month achieved."
    )
    assert (f.situation, f.verdict, f.chance_pct) == (fc.FORECAST, OFF_COURSE, 0.0)
    assert (f.reached, f.months_late, f.points_used) == (dt.date(2028, 7, 31), 7, 5)
    assert f.needed_per_month == pytest.approx(2800 / 21) and f.achieved_per_month == pytest.approx(100)
    assert f.at_target == pytest.approx((4300, 4300, 4300))
    assert f.projection()[0] == pytest.approx((dt.date(2026, 3, 31), 2200, 2200, 2200))
    assert f.projection()[-1][0] == dt.date(2028, 7, 31) and len(f.projection()) == 29


def test_a_rise_that_arrives_early_is_on_course():
    # 2,200 + 100k >= 4,000 at k = 18: Sep 2027, 3 months before Dec 2027; needed 1,800 / 21 = 85.7.
    f = forecast(QUARTERLY, "up", 4000, dt.date(2027, 12, 31), dt.date(2026, 3, 31))
    assert f.sentence == (
        "At this rate the target of 4,000 is reached in Sep 2027, 3 months early; "
        "a rise of 85.7 a month is needed, a rise of 100 a month achieved."
    )
    assert (f.verdict, f.chance_pct, f.months_late) == (ON_COURSE, 100.0, -3)


def test_too_few_points_gives_no_forecast():
    f = forecast(QUARTERLY[:2], "up", 5000, dt.date(2027, 12, 31), dt.date(2025, 6, 30))
    assert (f.situation, f.verdict, f.points_used) == (fc.TOO_FEW, None, 2)
    assert f.sentence == "Too few figures to forecast: 2 (at least 3 are needed)."
    assert f.projection() == []


def test_blank_figures_do_not_count_as_points():
    points = [*QUARTERLY[:2], (dt.date(2025, 9, 30), None), (dt.date(2025, 12, 31), float("nan"))]
    assert forecast(points, "up", 5000, dt.date(2027, 12, 31), dt.date(2025, 12, 31)).points_used == 2


def test_no_target_gives_no_forecast():
    f = forecast(QUARTERLY, "up", None, dt.date(2027, 12, 31), dt.date(2026, 3, 31))
    assert (f.situation, f.verdict) == (fc.NO_TARGET, None)
    assert f.sentence == "No target value or date is recorded, so there is no forecast."


def test_a_flat_series_is_not_on_current_trend():
    # 500 each month; 600 by Dec 2026 needs 100 / 8 = 12.5 a month from Apr.
    f = forecast(series(2026, [1, 2, 3, 4], [500] * 4), "up", 600, dt.date(2026, 12, 31), dt.date(2026, 4, 30))
    assert f.sentence == (
        "Not on current trend to reach the target of 600 by Dec 2026: a rise of 12.5 a month is needed, "
        "no change achieved."
    )
    assert (f.reached, f.months_late, f.verdict, f.chance_pct) == (None, None, OFF_COURSE, 0.0)


def test_a_series_moving_away_from_its_target_is_not_on_current_trend():
    f = forecast(series(2026, [1, 2, 3], [530, 520, 510]), "up", 600, dt.date(2026, 12, 31), dt.date(2026, 3, 31))
    assert f.sentence == (
        "Not on current trend to reach the target of 600 by Dec 2026: a rise of 10 a month is needed, "
        "a fall of 10 a month achieved."
    )
    assert f.verdict == OFF_COURSE


def test_a_series_already_past_its_target():
    f = forecast(series(2026, [1, 2, 3], [100, 120, 140]), "up", 130, dt.date(2026, 12, 31), dt.date(2026, 3, 31))
    assert f.sentence == "The target of 130 is already met (140 in Mar 2026)."
    assert (f.already_met, f.reached, f.verdict, f.chance_pct) == (True, dt.date(2026, 3, 31), ON_COURSE, 100.0)


def test_a_series_past_its_target_but_moving_away_says_so():
    # 160 falling 10 a month is 70 by Dec 2026, under the target of 130: met now, but not then.
    f = forecast(series(2026, [1, 2, 3], [180, 170, 160]), "up", 130, dt.date(2026, 12, 31), dt.date(2026, 3, 31))
    assert f.sentence == (
        "The target of 130 is already met (160 in Mar 2026), but the trend is moving away from it "
        "(a fall of 10 a month)."
    )
    assert (f.verdict, f.chance_pct) == (OFF_COURSE, 0.0)


def test_lower_is_better():
    # 750 falling 50 a month reaches 400 after 7 months (Nov 2026); (400 - 750) / 8 = -43.75 needed.
    points = series(2026, [1, 2, 3, 4], [900, 850, 800, 750])
    f = forecast(points, "down", 400, dt.date(2026, 12, 31), dt.date(2026, 4, 30))
    assert f.sentence == (
        "At this rate the target of 400 is reached in Nov 2026, 1 month early; "
        "a fall of 43.8 a month is needed, a fall of 50 a month achieved."
    )
    assert (f.verdict, f.chance_pct, f.needed_per_month) == (ON_COURSE, 100.0, -43.75)
    assert forecast(points, "up", 400, dt.date(2026, 12, 31), dt.date(2026, 4, 30)).already_met


def test_a_rebaselined_series_is_fitted_from_its_current_baseline_and_both_targets_are_said():
    # Before the re-baseline (Apr 2026) it rose 10 a month; since, 30 a month: 260 + 30k >= 500 at k = 8
    # (Feb 2027, 2 months late), and >= 400 (the earlier target, Sep 2026) at k = 4.7, so Nov 2026.
    points = series(2026, [1, 2, 3, 4, 5, 6], [100, 110, 120, 200, 230, 260])
    f = forecast(
        points,
        "up",
        500,
        dt.date(2026, 12, 31),
        dt.date(2026, 6, 30),
        baseline_date=dt.date(2026, 4, 30),
        earlier_target=(400, dt.date(2026, 9, 30)),
    )
    assert f.sentence == (
        "At this rate the target of 500 is reached in Feb 2027, 2 months late; a rise of 40 a month is needed, "
        "a rise of 30 a month achieved. Against the earlier target of 400 by Sep 2026: 2 months late."
    )
    assert (f.points_used, f.achieved_per_month) == (3, pytest.approx(30))


def test_a_rebaseline_with_too_few_points_since_uses_the_recent_points():
    points = series(2026, [1, 2, 3, 4], [100, 110, 120, 130])
    f = forecast(points, "up", 500, dt.date(2026, 12, 31), dt.date(2026, 4, 30), baseline_date=dt.date(2026, 4, 1))
    assert f.points_used == 4


def test_a_stale_series_is_never_on_course():
    f = forecast(QUARTERLY, "up", 4000, dt.date(2027, 12, 31), dt.date(2026, 11, 30))
    assert (f.stale_months, f.chance_pct, f.verdict) == (8, 100.0, AT_RISK)
    assert f.sentence.endswith(" The latest figure is 8 months old, so this forecast may be out of date.")
    assert forecast(QUARTERLY, "up", 4000, dt.date(2027, 12, 31), dt.date(2026, 8, 31)).stale_months is None


def test_a_series_with_a_gap_says_how_many_periods_are_missing():
    # Monthly, with Apr and May missing; still 10 a month.
    points = series(2026, [1, 2, 3, 6, 7], [10, 20, 30, 60, 70])
    f = forecast(points, "up", 120, dt.date(2026, 12, 31), dt.date(2026, 7, 31))
    assert f.missing_periods == 2
    assert f.sentence == (
        "At this rate the target of 120 is reached in Dec 2026, on time; a rise of 10 a month is needed, "
        "a rise of 10 a month achieved. 2 periods are missing from the series."
    )
    assert forecast(QUARTERLY, "up", 4000, dt.date(2027, 12, 31), dt.date(2026, 3, 31)).missing_periods == 0


def test_a_passed_target_date_is_judged_on_the_latest_figure():
    f = forecast(QUARTERLY, "up", 5000, dt.date(2025, 12, 31), dt.date(2026, 3, 31))
    assert (f.situation, f.verdict) == (fc.DATE_PASSED, OFF_COURSE)
    assert (
        f.sentence
        == "The target date (Dec 2025) has passed: the latest figure, 2,200 (Mar 2026), falls short of the target of 5,000."
    )
    assert forecast(QUARTERLY, "up", 2000, dt.date(2025, 12, 31), dt.date(2026, 3, 31)).verdict == ON_COURSE


def test_theil_sen_ignores_one_wild_point():
    # Pairwise slopes of 10, 12, 30, 16, 18: -14, -6, 2, 2, 2, 2, 2, 2, 10, 18: the median is 2; the level,
    # the median of 10, 10, 26, 10, 10, is 10 (least squares would give 1.6 and 15.2).
    x, y = fc.np.arange(5.0), fc.np.array([10, 12, 30, 16, 18.0])
    assert fc.theil_sen(x, y) == (2.0, 10.0)


def test_the_band_of_a_scattered_series_is_reproducible_and_holds_the_line():
    points = series(2026, [1, 2, 3, 4, 5], [10, 12, 30, 16, 18])
    one = forecast(points, "up", 30, dt.date(2026, 12, 31), dt.date(2026, 5, 31))
    two = forecast(points, "up", 30, dt.date(2026, 12, 31), dt.date(2026, 5, 31))
    assert one == two
    value, low, high = one.at_target
    # 10 + 2 * 11 months; the one scatter is upward (4 residuals of 0, one of 16), so the band is too
    assert value == 32.0 and low == 32.0 and high > value
    assert one.reached == dt.date(2026, 11, 30)
    assert 0 < one.chance_pct < 100


@pytest.mark.parametrize(
    ("on", "off", "verdict"), [(70, 30, None), (1, 0, ON_COURSE), (100, 99, OFF_COURSE), (100, 1, AT_RISK)]
)
def test_the_verdict_follows_the_thresholds(on, off, verdict):
    points = series(2026, [1, 2, 3, 4, 5], [10, 12, 30, 16, 18])
    base = forecast(points, "up", 30, dt.date(2026, 12, 31), dt.date(2026, 5, 31))
    rules = ForecastRules(on_course_pct=on, off_course_pct=off)
    f = forecast(points, "up", 30, dt.date(2026, 12, 31), dt.date(2026, 5, 31), rules=rules)
    expected = verdict or (ON_COURSE if base.chance_pct >= 70 else OFF_COURSE if base.chance_pct < 30 else AT_RISK)
    assert f.verdict == expected


def test_the_thresholds_are_settings(monkeypatch):
    monkeypatch.setenv("DELIVERY_FORECAST_MIN_POINTS", "6")
    monkeypatch.setenv("DELIVERY_FORECAST_STALE_MONTHS", "3")
    rules = fc.rules_from_settings()
    assert (rules.min_points, rules.recent_points, rules.stale_months) == (6, 8, 3)
    f = forecast(QUARTERLY, "up", 5000, dt.date(2027, 12, 31), dt.date(2026, 3, 31), rules=rules)
    assert f.sentence == "Too few figures to forecast: 5 (at least 6 are needed)."


def test_every_indicator_of_a_frame_is_forecast_and_its_earlier_target_said():
    import pandas as pd

    from delivery.analysis import forecasts

    status = pd.DataFrame(
        [
            {
                "department": "DfE",
                "priority_id": "EDU-01",
                "indicator_id": "I1",
                "direction": "up",
                "target_value": 4000,
                "target_date": dt.date(2027, 12, 31),
                "baseline_date": None,
            }
        ]
    )
    actuals = pd.DataFrame(
        [
            {"department": "DfE", "indicator_id": "I1", "period_end": d, "area_code": None, "actual_value": v}
            for d, v in QUARTERLY
        ]
    )
    history = pd.DataFrame(
        [
            {"priority_id": "EDU-01", "indicator_id": "I1", "target_value": 5000, "target_date": "2027-03-31"},
            {"priority_id": "EDU-01", "indicator_id": "I1", "target_value": 4000, "target_date": "2027-12-31"},
        ]
    )
    earlier = forecasts.earlier_targets(history)
    out = forecasts.with_forecasts(status, actuals, dt.date(2026, 3, 31), earlier=earlier)
    assert out["forecast_verdict"].tolist() == [ON_COURSE]
    # 2,200 + 100k >= 5,000 at k = 28 (Jul 2028): 16 months after the earlier date, Mar 2027
    assert out["forecast_text"].iloc[0].endswith("Against the earlier target of 5,000 by Mar 2027: 16 months late.")
    assert forecasts.verdict_counts(out) == {ON_COURSE: 1, AT_RISK: 0, OFF_COURSE: 0}


def test_the_chart_layer_is_dashed_with_its_band_and_absent_without_a_forecast():
    import altair as alt

    from delivery.charts.forecast_layer import with_forecast

    base = alt.layer(alt.Chart().mark_line()).properties(title="Patients", height=260)
    f = forecast(QUARTERLY, "up", 5000, dt.date(2027, 12, 31), dt.date(2026, 3, 31))
    spec = with_forecast(base, f).to_dict()
    marks = [layer["mark"] for layer in spec["layer"]]
    assert marks[1]["type"] == "area" and marks[2]["strokeDash"] == [6, 4]
    assert (spec["title"], spec["height"]) == ("Patients", 260)
    assert with_forecast(base, None) is base
    assert with_forecast(base, forecast(QUARTERLY[:2], "up", 5000, dt.date(2027, 12, 31), dt.date(2026, 3, 31))) is base


def test_figures_all_in_one_month_give_no_line_and_say_why():
    # Weekly figures within one month: no two months apart, so no slope (it crashed every page drawing it).
    points = [(dt.date(2026, 6, d), v) for d, v in ((7, 10.0), (14, 11.0), (21, 12.0), (28, 13.0))]
    f = fc.forecast(points, "up", 100, dt.date(2027, 3, 31), dt.date(2026, 6, 30))
    assert (f.situation, f.verdict, f.points_used) == (fc.TOO_FEW, None, 4)
    assert f.sentence == "Too few periods to forecast: the 4 figures all fall in June 2026."
