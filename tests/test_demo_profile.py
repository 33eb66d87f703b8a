"""The demo follows the profile: the UK story as it is on data/, told with another government's departments
elsewhere, or refused with a plain sentence saying what it needs."""

from __future__ import annotations

import pytest

from delivery import ROOT
from delivery.demo import profile_fit
from delivery.demo.returns import small_scale
from tests.test_profile import use_reference

US = ROOT / "data" / "profiles" / "us-federal"


def test_on_the_uk_profile_the_story_is_unchanged():
    assert profile_fit.fitted(small_scale()) == small_scale()


def test_on_the_us_profile_each_story_department_is_the_agency_that_does_the_same_work(monkeypatch):
    monkeypatch.setenv("DELIVERY_REFERENCE", str(US))
    monkeypatch.delenv("DELIVERY_CALENDAR", raising=False)
    assert profile_fit.department_mapping(small_scale()) == {
        "DfT": "DOT",  # monthly, as the US calendar says DOT is
        "DHSC": "HHS",
        "DfE": "ED",
        "HO": "DHS",
        "MoJ": "DOJ",
        "MHCLG": "HUD",
        "DESNZ": "DOE",
        "DWP": "DOL",
        "HMT": "TREAS",
        "DCMS": "DOC",  # commerce, by whole words: not Agriculture for culture
        "CPS": "USDA",  # no agency prosecutes: the next one
        "DHLG": "HUD",  # the story's merger is one department from the start
    }
    plan = profile_fit.fitted(small_scale())
    assert (plan.monthly, plan.overdue, plan.mergers) == (frozenset({"DOT"}), frozenset({"DOE"}), {})
    assert [code for code, _ in plan.areas] == ["06", "12", "17", "36", "42", "48"]
    units = sorted({i.unit for p in plan.priorities for i in p.indicators if "$" in i.unit or "£" in i.unit})
    assert units == ["$ thousand"]  # money in the profile's currency, never pounds


def test_a_profile_with_too_few_departments_is_told_plainly(tmp_path, monkeypatch):
    folder = use_reference(tmp_path, monkeypatch, "", base=US)
    lines = (folder / "departments.csv").read_text(encoding="utf-8").splitlines()
    (folder / "departments.csv").write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    with pytest.raises(profile_fit.DemoNeedsProfile) as caught:
        profile_fit.fitted(small_scale())
    assert str(caught.value) == (
        f"The demo tells its story with 11 departments that report quarterly, but {folder}/departments.csv has 4 "
        "open departments reporting quarterly. Add departments, or use the shipped profile (DELIVERY_REFERENCE=data)."
    )


def test_a_profile_whose_quarters_end_in_other_months_is_told_plainly(tmp_path, monkeypatch):
    use_reference(tmp_path, monkeypatch, "fiscal_year_start = 2\n", base=US)
    with pytest.raises(profile_fit.DemoNeedsProfile) as caught:
        profile_fit.fitted(small_scale())
    assert str(caught.value) == (
        "The demo's returns end in March, June, September and December, but this profile's quarters end in months "
        "1, 4, 7, 10 (fiscal_year_start 2). Use the shipped profile (DELIVERY_REFERENCE=data, or "
        "data/profiles/us-federal) for the demo."
    )
