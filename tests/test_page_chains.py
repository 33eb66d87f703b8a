"""The Delivery chains page on the sample government (tests/store_builder.py), driven with AppTest."""

import datetime as dt
import json

from tests.conftest import run_app, texts


def test_where_chains_break_and_the_weakest_links(serve_sample):
    at = run_app("chains")
    assert not at.exception
    assert at.title[0].value == "Delivery chains"
    assert [m.value for m in at.markdown if m.value.startswith("- ")] == [
        "- **Local** level: Red or Amber/Red in **2** of the 2 chains with a local link (EDU-01, HEA-01).",
        "- **Minister** level: Red or Amber/Red in **1** of the 3 chains with a minister link (HO-01).",
    ]
    weakest = at.dataframe[0].value
    # Named for what it is: the weakest link's rating, not the priority's (it was "Rating").
    assert list(weakest.columns) == ["Priority", "Title", "Weakest link's rating", "Weakest link", "Level", "Open"]
    assert list(weakest["Open"]) == [f"priority?priority={p}&period=2026-06-30" for p in ("EDU-01", "HEA-01", "HO-01")]
    assert [tuple(r) for r in weakest.drop(columns="Open").itertuples(index=False)] == [
        ("EDU-01", "Raise reading at age 11", "Red", "Primary schools", "local"),
        ("HEA-01", "Cut hospital waiting times", "Red", "Local hospital trusts", "local"),
        ("HO-01", "Halve knife crime", "Red", "Home Secretary", "minister"),
    ]
    assert "No body appears in more than one delivery chain in this selection." in texts(at)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["title"]["subtitle"][0].startswith("As at 30 Jun 2026.")


def test_as_at_march_the_local_links_were_amber(serve_sample):
    at = run_app("chains", period=dt.date(2026, 3, 31))
    weakest = at.dataframe[0].value
    assert list(weakest["Weakest link"]) == [
        "Schools Directorate; Primary schools",
        "Regional health boards; Local hospital trusts",
        "Home Secretary",
    ]
    assert list(weakest["Weakest link's rating"]) == ["Amber", "Amber", "Red"]


def test_theme_filter(serve_sample):
    at = run_app("chains", theme="Health")
    assert list(at.dataframe[0].value["Priority"]) == ["HEA-01"]
    assert [m.value for m in at.markdown if m.value.startswith("- ")] == [
        "- **Local** level: Red or Amber/Red in **1** of the 1 chains with a local link (HEA-01)."
    ]


def test_a_department_with_no_chains_says_so(serve_sample):
    at = run_app("chains", department="MoJ")
    assert not at.exception
    assert (
        "There are no delivery chains as at 30 Jun 2026 led or contributed to by MoJ. "
        "The department may not have sent a return yet; choose another department, theme or period."
    ) in texts(at)


def test_empty_store_says_so(serve_empty):
    at = run_app("chains")
    assert not at.exception
    assert any(t.startswith("No returns have been loaded yet") for t in texts(at))


def test_many_chains_are_summarised_by_level(tmp_path, monkeypatch):
    from tests.store_builder import ReturnSpec, build_store

    ids = [f"P-{i:02d}" for i in range(31)]
    tables = {
        "Priorities": [
            {"priority_id": p, "title": f"Priority {p}", "lead_department": "DfE", "rag": "Amber"} for p in ids
        ],
        "Delivery chain": [
            row
            for p in ids
            for row in (
                {"priority_id": p, "node_id": "A", "name": "Minister", "level": "minister", "rag": "Green"},
                {
                    "priority_id": p,
                    "node_id": "B",
                    "parent_node_id": "A",
                    "name": f"Council {p}",
                    "level": "local",
                    "rag": "Red",
                },
            )
        ],
    }
    store = build_store(tmp_path, [ReturnSpec("DfE", dt.date(2026, 6, 30), tables)])
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    at = run_app("chains")
    assert not at.exception
    assert [m.value for m in at.markdown if m.value.startswith("- ")] == [
        "- **Local** level: Red or Amber/Red in **31** of the 31 chains with a local link "
        "(P-00, P-01, P-02, P-03, P-04, P-05, P-06, P-07, … and 23 more)."
    ]
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert " ".join(spec["title"]["text"]) == "Priorities by the weakest rating at each level of their delivery chain"
    assert "31 priorities: choose a department or theme to see each one's chain by level." in texts(at)
    assert list(at.dataframe[1].value["Body"]) == ["Minister (DfE)"]  # the same body in every chain


def test_chains_with_no_rating_at_all_say_so_not_that_none_is_red(tmp_path, monkeypatch):
    from tests.store_builder import ReturnSpec, build_store

    tables = {
        "Priorities": [{"priority_id": "P-01", "title": "Priority one", "lead_department": "DfE", "rag": "Amber"}],
        "Delivery chain": [
            {"priority_id": "P-01", "node_id": "A", "name": "Minister", "level": "minister"},
            {"priority_id": "P-01", "node_id": "B", "parent_node_id": "A", "name": "Council", "level": "local"},
        ],
    }
    store = build_store(tmp_path, [ReturnSpec("DfE", dt.date(2026, 6, 30), tables)])
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    at = run_app("chains")
    assert not at.exception
    assert not at.success  # a green "No level ... is rated Red" box said all was well when nothing was rated
    assert [i.value for i in at.info][0] == (
        "No level of any chain has a rating as at 30 Jun 2026: the returns rate none of the chains' links, "
        "so where chains break cannot be said."
    )
