"""Explanations a return must give: Red or Amber/Red without commentary, a budget variance over the threshold
without a narrative; a warning, an error or nothing, as DELIVERY_EXPLANATIONS says; at the cell to fill in."""

import pytest

from delivery.reference.departments import department_lookup
from delivery.returns.validate import check_return
from tests.store_builder import PERIOD_2, _dfe, write_workbooks

EDU_RAG = "EDU-01 is rated Amber/Red with no commentary: say why, and what is being done about it."
EDU_BUDGET = (
    "EDU-01's forecast for 2026-27 is 12.5% under its allocation, more than 5%: say why in the variance narrative."
)


def problems(tmp_path, spec=None):
    [path] = write_workbooks(tmp_path, [spec or _dfe(PERIOD_2)])
    return [(p.where, p.message, p.severity) for p in check_return(path, department_lookup())[1]]


@pytest.mark.parametrize("mode", ["warning", "error"])
def test_missing_explanations_are_problems_at_their_cells(tmp_path, monkeypatch, mode):
    monkeypatch.setenv("DELIVERY_EXPLANATIONS", mode)
    assert problems(tmp_path) == [("Priorities!L2", EDU_RAG, mode), ("Budget!H2", EDU_BUDGET, mode)]


def test_off_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("DELIVERY_EXPLANATIONS", raising=False)
    assert problems(tmp_path) == []


def test_given_explanations_and_a_variance_within_the_threshold_pass(tmp_path, monkeypatch):
    monkeypatch.setenv("DELIVERY_EXPLANATIONS", "error")
    monkeypatch.setenv("DELIVERY_BUDGET_VARIANCE_PCT", "15")
    spec = _dfe(PERIOD_2)
    spec.tables["Priorities"][0]["commentary"] = "Tutor recruitment is behind plan; a recovery plan is agreed."
    assert problems(tmp_path, spec) == []


def test_a_bad_setting_is_refused_by_name(monkeypatch):
    from delivery import settings
    from delivery.errors import DeliveryError

    monkeypatch.setenv("DELIVERY_EXPLANATIONS", "sometimes")
    with pytest.raises(DeliveryError, match="DELIVERY_EXPLANATIONS"):
        settings.get("DELIVERY_EXPLANATIONS")
