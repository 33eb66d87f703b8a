"""The Data quality page on the small demo government (delivery/demo), driven with AppTest."""

import pytest

from tests.conftest import run_app


@pytest.fixture
def serve_demo(demo_store_root, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(demo_store_root))
    return demo_store_root


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_every_flag_with_counts_by_department_and_kind(serve_demo):
    at = run_app("data_quality", period="2026-09-30")
    assert not at.exception
    assert at.title[0].value == "Data quality"
    assert metrics(at) == {"Flags": "23", "Priorities flagged": "11"}
    by_department, by_kind, table = (d.value for d in at.dataframe)
    assert by_department.to_dict("records")[:2] == [
        {"Department": "DfE", "Flags": 6},
        {"Department": "MoJ", "Flags": 6},
    ]
    assert by_kind.to_dict("records")[0] == {"Flag": "Milestone slipped again and again", "Flags": 4}
    assert table.iloc[0].to_dict() | {"Open": None} == {
        "Priority": "HEA-02",
        "Flag": "Rating not supported by its data",
        "Department": "DHSC",
        "Period": table.iloc[0]["Period"],
        "What the data says": "Rated Green, but 2 indicators are off trajectory (HEA-02-I1, HEA-02-I2); "
        "2 forecasts are off course (HEA-02-I1, HEA-02-I2).",
        "Look at": "Priority page: ratings",
        "Open": None,
    }
    assert str(table.iloc[0]["Period"]) == "2026-09-30"
    assert "priority=HEA-02" in table.iloc[0]["Open"]


def test_choosing_a_kind_keeps_only_those_flags(serve_demo):
    at = run_app("data_quality", period="2026-09-30")
    at.multiselect(key="quality_kinds").set_value(["Past actuals restated"]).run()
    assert not at.exception
    assert metrics(at) == {"Flags": "2", "Priorities flagged": "1"}
    assert list(at.dataframe[2].value["Priority"]) == ["WRK-01", "WRK-01"]


def test_the_sidebar_department_scopes_the_flags(serve_demo):
    at = run_app("data_quality", period="2026-09-30", department="MoJ")
    assert not at.exception
    assert metrics(at)["Flags"] == "9"  # MoJ leads JUS-01 and JUS-02 and contributes to HOM-02
    assert set(at.dataframe[2].value["Priority"]) == {"HOM-02", "JUS-01", "JUS-02"}


def test_the_sample_government_has_two_flags(serve_sample):
    at = run_app("data_quality")
    assert not at.exception
    assert metrics(at) == {"Flags": "2", "Priorities flagged": "2"}
    assert list(at.dataframe[2].value["What the data says"]) == [
        "Rated Amber/Green, but 1 milestone is overdue (M2); 1 barrier is open and escalated (R1).",
        "The rating moved 3 steps, from Green to Amber/Red, with no commentary to explain it.",
    ]
