"""Overview, Priorities and Priority pages when departments change (the store of tests/machinery.py)."""

from __future__ import annotations

import pytest

from delivery.store.versions import run_query
from tests.conftest import run_app, texts
from tests.machinery import MAR, machinery_store
from ui.frame.text import plain


@pytest.fixture(scope="module")
def machinery_root(tmp_path_factory):
    return machinery_store(tmp_path_factory.mktemp("machinery-pages")).root


@pytest.fixture
def serve_machinery(machinery_root, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(machinery_root))
    return machinery_root


def test_overview_counts_each_priority_once_and_leaves_out_the_abolished_department(serve_machinery):
    at = run_app(period="2023-03-31")
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == {
        ":red-badge[Red]": "1",
        ":orange-badge[Amber/Red]": "0",
        ":yellow-badge[Amber]": "0",
        ":green-badge[Amber/Green]": "2",
        ":green-badge[Green]": "1",
        "Improved": "3",
        "Worsened": "0",
        "Unchanged": "0",
        "New": "1",
        # BUS-01: transferred to DBT, which has not reported it (the reporting calendar)
        "Not reported this period": "1",
    }


def test_heatmap_has_one_row_per_current_department(serve_machinery):
    from delivery.store.versions import Store

    with Store(serve_machinery).connect_read() as con:
        rows = run_query(con, "department_ratings", {"as_at": MAR, "department": None, "theme": None})
    # no BEIS row: its priorities moved to DESNZ, were transferred to DBT, or left with it
    assert rows[["department", "rag", "priorities"]].values.tolist() == [
        ["DBT", "Green", 1],
        ["DESNZ", "Amber/Green", 1],
        ["DESNZ", "Green", 1],
        ["DHSC", "Amber/Green", 1],
        ["DHSC", "Red", 1],
        ["DfE", "Red", 1],
    ]


def test_priorities_table_has_one_row_per_priority_with_its_whole_history(serve_machinery):
    at = run_app("priorities", period="2023-03-31")
    assert not at.exception
    table = at.dataframe[0].value
    assert [
        [r["ID"], r["Rating"], r["Trend since last period"], r["Lead"], r["Contributing"], list(r["Rating history"])]
        for _, r in table.iterrows()
    ] == [
        # Most concerning first: Red, then Amber/Green, then the stale BUS-01 (last rated Green), then Green.
        ["EDU-01", "Red", "New this period", "DfE", "DHSC", [1]],
        ["HEA-01", "Amber/Green", "Amber → Amber/Green", "DHSC", "", [3, 4]],
        ["SMT-01", "Amber/Green", "Amber → Amber/Green", "DESNZ", "", [2, 3, 4]],
        [
            "BUS-01",
            "Not updated since 31 Dec 2022",
            "Not updated since 31 Dec 2022 (last rated Green)",
            "DBT",
            "",
            [5, 5],
        ],
        ["ENE-01", "Green", "Amber/Green → Green", "DESNZ", "", [3, 4, 5]],
    ]


@pytest.mark.parametrize(
    "pid, rating_line, lead",
    [
        (
            "BUS-01",
            "**Department's rating:** Not updated since 31 Dec 2022 (last rated :green-badge[Green]) · "
            "**Centre's rating:** not recorded",
            "- **Lead department:** "
            + plain("Department for Business and Trade (DBT), since 7 Feb 2023; before: BEIS"),
        ),
        (
            "ENE-01",
            "**Department's rating:** :green-badge[Green] · **Centre's rating:** not recorded · "
            "**Since 31 Dec 2022:** Amber/Green → Green · "
            "from DESNZ's return as at 31 Mar 2023",
            "- **Lead department:** "
            + plain("Department for Energy Security and Net Zero (DESNZ), since 31 Mar 2023; before: BEIS"),
        ),
        (
            "HEA-01",
            "**Department's rating:** :green-badge[Amber/Green] · **Centre's rating:** not recorded · "
            "**Since 31 Dec 2022:** Amber → Amber/Green · "
            "from DHSC's return as at 31 Mar 2023",
            "- **Lead department:** " + plain("Department of Health and Social Care (DHSC)"),
        ),
    ],
)
def test_priority_page_shows_the_lead_department_and_since_when(serve_machinery, pid, rating_line, lead):
    at = run_app("priority", priority=pid, period="2023-03-31")
    assert not at.exception
    said = texts(at)
    assert rating_line in said
    facts = [t for t in said if t.startswith("- **Outcome:**")][0].split("\n")
    assert facts[2] == lead


def test_a_transferred_priority_nobody_has_reported_since_is_stale_and_names_its_new_lead(serve_machinery):
    at = run_app("priority", priority="BUS-01", period="2023-03-31")
    assert [w.value for w in at.warning] == [
        "Not updated since 31 Dec 2022: DBT has not sent its return for 31 Mar 2023, so everything below is "
        "from its return as at 31 Dec 2022."
    ]


def test_a_link_with_a_renamed_priority_id_opens_the_priority_it_became(serve_machinery):
    at = run_app("priority", priority="OLD-01", period="2023-03-31")
    assert not at.exception
    assert at.title[0].value == "SMT-01: Smart meters in every home"
    assert at.query_params["priority"] == "SMT-01"
