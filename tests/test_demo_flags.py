"""The small demo's flags and forecasts: exactly what its storylines and plants put there (delivery/demo/plants.py),
found the same by the command line and the Data quality page, and nothing else."""

import datetime as dt
import json

import pytest

from delivery import ROOT
from delivery.analysis import flags, picture
from delivery.briefs import content, sections
from delivery.briefs.content import asker
from delivery.cli import main
from delivery.store.versions import Store
from tests.conftest import run_app

SEP_2026 = dt.date(2026, 9, 30)
PLANTED = sorted(
    [
        (flags.NOT_SUPPORTED, "HEA-02", ""),  # Green while off trajectory (storyline)
        (flags.NOT_SUPPORTED, "HOU-02", ""),  # Green with a barrier escalated to the centre (storyline)
        (flags.NOT_SUPPORTED, "TRA-01", ""),  # Amber/Green, its first indicator's forecast off course
        (flags.UNEXPLAINED, "EDU-02", ""),  # planted
        (flags.COPIED, "HEA-01", ""),
        (flags.COPIED, "HOM-01", ""),
        (flags.COPIED, "HOU-02", ""),
        *((flags.SLIPPING, "EDU-02", f"EDU-02-M{n}") for n in (3, 4, 5, 6)),  # storyline: 45 days a quarter
        (flags.REBASELINED, "EDU-01", "EDU-01-M1"),  # planted
        *((kind, "JUS-01", f"JUS-01-I{n}") for kind in (flags.LOWERED, flags.PUT_BACK) for n in (1, 2)),
        *((flags.flag_series.TOO_GOOD, "JUS-02", f"JUS-02-I{n}") for n in (1, 2)),  # storyline
        *((flags.flag_series.RESTATED, "WRK-01", f"WRK-01-I{n}") for n in (1, 2)),  # storyline
        (flags.flag_series.REPEATED, "HOM-02", "HOM-02-P1"),  # planted
        (flags.flag_series.UNITS, "HOM-02", "HOM-02-P2"),  # planted
        (flags.flag_series.NO_SOURCE, "HOM-02", "HOM-02-P3"),  # planted
    ]
)


def found(frame) -> list[tuple]:
    return sorted(zip(frame["kind"], frame["priority_id"], frame["subject"]))


@pytest.fixture(scope="module")
def demo_picture(demo_store_root):
    with Store(demo_store_root).connect_read() as con:
        ask = asker(con)
        pic = picture.gather(ask, picture.Scope(), SEP_2026, picture.Rules())
        yield ask, pic


def test_every_kind_of_flag_is_planted_and_nothing_else_is_found(demo_picture):
    ask, pic = demo_picture
    assert found(flags.gather(ask, pic)) == PLANTED
    assert {kind for kind, _, _ in PLANTED} == set(flags.KINDS)


def test_flags_json_finds_exactly_the_planted_flags(demo_store_root, capsys, monkeypatch):
    monkeypatch.setenv("DELIVERY_CALENDAR", str(ROOT / "data" / "calendar.csv"))
    assert main(["flags", "--db", str(demo_store_root), "--period", "2026-09-30", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["as_at"], out["scope"], out["count"]) == ("2026-09-30", "Whole government", len(PLANTED))
    assert sorted((f["kind"], f["priority_id"], f["subject"]) for f in out["flags"]) == PLANTED


def test_the_data_quality_page_finds_exactly_the_planted_flags(demo_store_root, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(demo_store_root))
    at = run_app("data_quality", period="2026-09-30")
    assert not at.exception
    table = at.dataframe[2].value
    assert len(table) == len(PLANTED)
    assert sorted(set(zip(table["Flag"], table["Priority"]))) == sorted({(k, p) for k, p, _ in PLANTED})


@pytest.mark.parametrize(
    ("indicator", "situation", "said"),
    [
        ("HOM-02-P1", "forecast", "Not on current trend to reach the target of 600 by Mar 2030"),  # flat
        ("HOM-02-P3", "forecast", "The target of 60 is already met (63 in Sep 2026)."),
        ("HOM-02-P4", "too few points", "Too few figures to forecast: 2 (at least 3 are needed)."),
        ("HOM-02-P5", "forecast", "2 periods are missing from the series."),  # a gap
        ("HOM-02-P6", "forecast", "The latest figure is 9 months old, so this forecast may be out of date."),
        ("HEA-01-I1", "forecast", "a fall of 36.3 a month is needed, a fall of 52.4 a month achieved."),  # down
        ("JUS-01-I1", "forecast", "Against the earlier target of 55,000 by Mar 2028: 18 months late."),  # re-based
    ],
)
def test_every_forecast_situation_is_in_the_demo(demo_picture, indicator, situation, said):
    _, pic = demo_picture
    row = pic.status[pic.status["indicator_id"] == indicator].iloc[0]
    assert row["forecast"].situation == situation
    assert said in row["forecast_text"]


def test_the_brief_says_the_charted_indicators_forecast(demo_picture):
    # one sentence every format reads: the PDF and Word sections print it, the slides carry it in their notes
    ask, pic = demo_picture
    data = content.gather(ask, picture.Scope(priority_id="HEA-02"), SEP_2026, picture.Rules())
    sec = sections.section(data, data.priorities.iloc[0].to_dict())
    assert sec.trajectory.endswith(
        "off trajectory. Forecast: off course. Not on current trend to reach the target of 85 by Mar 2028: a rise of "
        "1.07 a month is needed, a fall of 0.1 a month achieved."
    )
