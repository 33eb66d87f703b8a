"""The Upload returns page, driven with AppTest: upload → report → preview → commit, and every refusal.

Each refusal asserts the store is exactly as before: same published version, same rows.
Users sign in through AppTest's st.user with a roles file in tmp_path (tests/upload_support.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.errors import AppTestError

from delivery.returns.workbook import write_return
from delivery.store import archive
from delivery.store.loader import load_returns
from delivery.store.versions import Store, run_query
from tests.test_preview import TODAY, about, base_tables, next_tables
from tests.upload_support import ROOT, run_as, serve, snapshot
from ui.frame.text import plain

PAGE = str(ROOT / "pages" / "upload.py")
D = dt.date


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    """DfE's March return loaded; the app serves this store with the roles above."""
    store = Store(tmp_path / "store")
    path = write_return(tmp_path / "DfE-2026-03.xlsx", about(D(2026, 3, 31)), base_tables())
    assert load_returns(store, [path], "setup", today=TODAY).ok
    return serve(store, tmp_path, monkeypatch)


def page(email: str | None) -> AppTest:
    return run_as(PAGE, email)


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="upload_files_0").set_value([(n, b, "application/octet-stream") for n, b in files])
    return at.run()


def june_bytes(tmp_path, **changes) -> bytes:
    tables = next_tables() | changes
    return write_return(tmp_path / "june.xlsx", about(D(2026, 6, 30)), tables).read_bytes()


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_upload_report_preview_commit(store, tmp_path):
    at = page("cleo@centre.example")
    assert not at.exception
    assert at.title[0].value == "Upload returns"
    at = upload(at, ("DfE-2026-06.xlsx", june_bytes(tmp_path)))
    assert not at.exception
    assert at.subheader[0].value == "DfE-2026-06.xlsx"
    assert (
        "This adds DfE's return for 30 Jun 2026, compared here with its return for 31 Mar 2026: "
        "1 new, 4 changed, 1 removed priorities, milestones and indicators; 1 new actual; it restates 4 values "
        "already loaded, so a reason is needed." in texts(at.markdown)
    )
    ratings = at.dataframe[1].value
    assert list(ratings["Rating"]) == ["Amber → Red", "Green → Amber/Green"]
    slipped = at.dataframe[2].value
    assert list(slipped["Days slipped"]) == [60]
    assert "**New actuals** (1)" in texts(at.markdown)
    assert at.dataframe[3].value.to_dict("records") == [
        {"Indicator": "I1", "Period end": dt.date(2026, 6, 30), "Area": "", "Value": 74.0, "Cell": "Actuals!D5"}
    ]
    assert at.button(key="commit").disabled  # restated history: no reason yet
    before = snapshot(store)
    at.text_area(key="upload_reason").input("March actual corrected after ONS revision").run()
    assert not at.button(key="commit").disabled
    at.button(key="commit").click().run()
    assert not at.exception
    assert at.success[0].value == "Committed: 1 return loaded; every page now shows the new data."
    assert store.version() != before[0]
    con = store.connect_read()
    try:
        loads = run_query(con, "loads_history")
        rag = con.execute("SELECT rag FROM priorities_at(DATE '2026-06-30') WHERE priority_id = 'EDU-01'").fetchone()
    finally:
        con.close()
    assert loads.iloc[0][["file_name", "department", "outcome", "reason", "loaded_by"]].tolist() == [
        "DfE-2026-06.xlsx",
        "DfE",
        "loaded",
        "March actual corrected after ONS revision",
        "Cleo <cleo@centre.example>",
    ]
    assert rag == ("Red",)
    rows = at.dataframe[0].value
    assert rows.iloc[0].to_dict() == {
        "File": "DfE-2026-06.xlsx",
        "Priorities": 2,
        "Delivery chain": 1,
        "Milestones": 2,
        "Indicators": 1,
        "Trajectory": 3,
        "Actuals": 4,
        "Risks": 0,
        "Budget": 0,
    }
    assert at.file_uploader(key="upload_files_1").value == []  # a fresh uploader for the next return


def test_a_return_without_restatement_commits_without_a_reason(store, tmp_path):
    tables = base_tables()
    tables["Actuals"] = [{"indicator_id": "I1", "period_end": D(2026, 6, 30), "actual_value": 74}]
    data = write_return(tmp_path / "q2.xlsx", about(D(2026, 6, 30)), tables).read_bytes()
    at = upload(page("ana@dfe.example"), ("q2.xlsx", data))
    assert len(at.text_area) == 0
    assert not at.button(key="commit").disabled
    at.button(key="commit").click().run()
    assert at.success[0].value.startswith("Committed: ")
    # The loader's own message for the file (its wording is the loader's; the load id is ours).
    assert texts(at.markdown)[-1].startswith("Loaded DfE's return for 30 Jun 2026 (load 2)")


def test_bad_file_gets_a_report_and_a_marked_workbook_and_nothing_is_written(store, tmp_path):
    tables = next_tables()
    tables["Milestones"][0]["forecast_date"] = "31/02/2026"
    tables["Priorities"][0]["rag"] = "Purple"
    data = write_return(tmp_path / "bad.xlsx", about(D(2026, 6, 30)), tables).read_bytes()
    before = snapshot(store)
    at = upload(page("ana@dfe.example"), ("bad.xlsx", data))
    assert not at.exception
    assert at.error[0].value == "Nothing has been loaded: 2 problems to fix in bad.xlsx. Fix them and upload again."
    report = at.dataframe[0].value
    assert list(report.columns) == ["File", "Sheet", "Cell", "Value found", "Problem"]
    assert sorted(report["Cell"]) == ["G2", "K2"]
    assert set(report["Value found"]) == {"31/02/2026", "Purple"}
    assert len(at.button) == 0 or "commit" not in [b.key for b in at.button]
    assert snapshot(store) == before


def test_not_a_workbook_is_refused_in_plain_words(store):
    before = snapshot(store)
    at = upload(page("ana@dfe.example"), ("notes.xlsx", b"priority_id,title\nEDU-01,Reading\n"))
    assert not at.exception
    report = at.dataframe[0].value
    assert report["Problem"].iloc[0].startswith("notes.xlsx ")
    assert snapshot(store) == before


def test_a_file_over_the_size_cap_is_not_read(store, tmp_path, monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_UPLOAD_MB", "1")
    before = snapshot(store)
    at = upload(page("ana@dfe.example"), ("huge.xlsx", b"PK\x03\x04" + b"\0" * (2**20 + 10)))
    assert at.dataframe[0].value["Problem"].iloc[0] == (
        "huge.xlsx is 1.0 MB, over the 1 MB limit for an upload, so it was not read. "
        "Check it is the right file; remove pictures and unused sheets."
    )
    assert snapshot(store) == before


def test_an_analyst_cannot_load_another_departments_return(store, tmp_path):
    before = snapshot(store)
    at = upload(page("hugo@ho.example"), ("DfE-2026-06.xlsx", june_bytes(tmp_path)))
    assert not at.exception
    problem = at.dataframe[0].value.iloc[0]
    assert (problem["Sheet"], problem["Cell"], problem["Value found"]) == ("About", "B2", "DfE")
    assert problem["Problem"] == (
        "You can load returns for HO only, so this return for DfE was refused and nothing was written. "
        "Ask a centre analyst to load it, or ask an administrator to add DfE to your entry in the roles file."
    )
    assert snapshot(store) == before


@pytest.mark.parametrize("email", [None, "someone@else.example"])
def test_a_viewer_is_refused(store, email):
    at = page(email)
    assert not at.exception
    assert at.error[0].value.startswith("This page is for analysts. You are ")
    assert len(at.file_uploader) == 0


def test_restatement_without_a_reason_cannot_be_committed(store, tmp_path):
    before = snapshot(store)
    at = upload(page("ana@dfe.example"), ("DfE-2026-06.xlsx", june_bytes(tmp_path)))
    at.text_area(key="upload_reason").input("   ").run()
    assert at.button(key="commit").disabled
    with pytest.raises(AppTestError, match="disabled"):  # cannot be pressed, as in a browser
        at.button(key="commit").click()
    assert snapshot(store) == before
    assert len(at.success) == 0


def test_annotated_workbook_marks_the_bad_cell(tmp_path):
    """The marked workbook the page offers is annotate_workbook's; read it back here once."""
    from delivery.returns.annotate import annotate_workbook
    from delivery.returns.validate import check_return

    tables = next_tables()
    tables["Priorities"][0]["rag"] = "Purple"
    data = write_return(tmp_path / "bad.xlsx", about(D(2026, 6, 30)), tables).read_bytes()
    _, problems = check_return(data, {"DfE"}, TODAY, "bad.xlsx")
    wb = load_workbook(io.BytesIO(annotate_workbook(data, problems, "bad.xlsx")))
    assert wb["Priorities"]["K2"].fill.fgColor.rgb == "FFFFC7CE"
    assert wb["Priorities"]["K2"].comment.text == problems[0].message


def app(email: str) -> AppTest:
    return run_as(str(ROOT / "app.py"), email)


def priorities_shown(at: AppTest) -> dict[str, str]:
    table = at.dataframe[0].value
    return dict(zip(table["ID"], table["Rating"]))


def test_every_page_shows_the_new_data_at_once(store, tmp_path):
    """Browse first (results cached), then replace March from another session: Priorities shows it on the next run.

    The commit runs in a page-only AppTest: in an app.py AppTest every run after a page switch
    restarts once through app.py (ui.frame.navigation.navigation_only), which drops a button's click.
    """
    browser = app("ana@dfe.example")
    browser.switch_page("pages/priorities.py").run()
    assert not browser.exception
    assert priorities_shown(browser) == {"EDU-01": "Amber", "EDU-02": "Green"}
    tables = base_tables()
    tables["Priorities"][0]["rag"] = "Red"
    data = write_return(tmp_path / "march-v2.xlsx", about(D(2026, 3, 31)), tables).read_bytes()
    at = upload(page("ana@dfe.example"), ("march-v2.xlsx", data))
    assert at.dataframe[1].value["Rating"].tolist() == ["Amber → Red"]
    at.button(key="commit").click().run()
    assert at.success[0].value.startswith("Committed: ")
    browser.run()
    assert not browser.exception
    assert priorities_shown(browser) == {"EDU-01": "Red", "EDU-02": "Green"}


def test_template_and_last_return_downloads(store):
    at = page("ana@dfe.example")
    assert [b.proto.label for b in at.get("download_button")] == [
        "Blank return template",
        "DfE's last return (31 Mar 2026)",
    ]
    assert at.selectbox(key="export_department").options == ["DfE"]  # an analyst's own departments only
    centre = page("cleo@centre.example")
    assert centre.selectbox(key="export_department").options == ["DfE"]  # departments with a return


def test_two_files_for_one_return_in_one_upload_are_refused(store, tmp_path):
    before = snapshot(store)
    data = june_bytes(tmp_path)
    at = upload(page("ana@dfe.example"), ("june-a.xlsx", data), ("june-b.xlsx", data + b""))
    report = at.dataframe[0].value
    assert report.values.tolist() == [
        [
            "june-b.xlsx",
            "About",
            "B3",
            "30/06/2026",
            "june-a.xlsx in this upload is also DfE's return for 30 Jun 2026; upload only one of them.",
        ]
    ]
    assert snapshot(store) == before


def q2_bytes(tmp_path, name: str = "q2.xlsx", rag: str = "Amber") -> bytes:
    """DfE's June return with no restatement (it commits without a reason)."""
    tables = base_tables()
    tables["Actuals"] = [{"indicator_id": "I1", "period_end": D(2026, 6, 30), "actual_value": 74}]
    tables["Priorities"][0]["rag"] = rag
    return write_return(tmp_path / name, about(D(2026, 6, 30)), tables).read_bytes()


def refused_text(store: Store, load_id: int, by: str) -> str:
    """The refusal for a commit whose return ``by`` loaded meanwhile (load ``load_id``), as the page shows it."""
    at = next(e["loaded_at"] for e in archive.read_log(store.archive) if e["load_id"] == load_id)
    return plain(
        f"Someone else loaded DfE's return for 30 Jun 2026 at {at[11:16]} UTC (load {load_id}, by {by}); "
        "nothing was committed. Look at the new preview before committing again."
    )


def test_a_load_of_the_same_return_landing_during_the_preview_refuses_the_commit(store, tmp_path):
    at = upload(page("ana@dfe.example"), ("q2.xlsx", q2_bytes(tmp_path)))
    assert at.markdown[0].value.startswith("This adds DfE's return for 30 Jun 2026")
    other = q2_bytes(tmp_path, "other.xlsx", rag="Red")
    assert load_returns(store, [("other.xlsx", other)], "someone else", today=TODAY).ok  # lands meanwhile
    at.button(key="commit").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [refused_text(store, 2, "someone else")]
    assert at.markdown[0].value.startswith("This replaces DfE's return for 30 Jun 2026")  # the new preview
    assert at.dataframe[1].value["Rating"].tolist() == ["Red → Amber"]  # undoes the other analyst's rating
    assert len(at.success) == 0
    assert [(e["load_id"], e["outcome"]) for e in archive.read_log(store.archive)] == [
        (1, "loaded"),
        (2, "loaded"),
        (3, "refused"),
    ]
    at.button(key="commit").click().run()  # read the new preview; commit now goes ahead
    assert at.success[0].value.startswith("Committed: ")


def test_two_sessions_commit_previews_of_one_return_the_second_is_refused_and_sees_the_new_preview(store, tmp_path):
    ana = upload(page("ana@dfe.example"), ("ana.xlsx", q2_bytes(tmp_path, "ana.xlsx")))
    cleo = upload(page("cleo@centre.example"), ("cleo.xlsx", q2_bytes(tmp_path, "cleo.xlsx", rag="Red")))
    assert [at.markdown[0].value[:40] for at in (ana, cleo)] == ["This adds DfE's return for 30 Jun 2026, "] * 2
    ana.button(key="commit").click().run()
    assert ana.success[0].value.startswith("Committed: ")
    cleo.button(key="commit").click().run()
    assert not cleo.exception
    assert [e.value for e in cleo.error] == [refused_text(store, 2, "Ana <ana@dfe.example>")]
    assert len(cleo.success) == 0
    assert cleo.markdown[0].value.startswith("This replaces DfE's return for 30 Jun 2026")
    ratings = [d.value for d in cleo.dataframe if "Rating" in d.value.columns]
    assert ratings[0]["Rating"].tolist() == ["Amber → Red"]  # Cleo's rating against Ana's
    con = store.connect_read()
    try:
        assert run_query(con, "loads_history")[["load_id", "file_name", "outcome", "active"]].values.tolist() == [
            [3, "cleo.xlsx", "refused", False],
            [2, "ana.xlsx", "loaded", True],
            [1, "DfE-2026-03.xlsx", "loaded", True],
        ]
    finally:
        con.close()


def test_a_load_of_another_department_during_the_preview_does_not_block_the_commit(store, tmp_path):
    at = upload(page("ana@dfe.example"), ("q2.xlsx", q2_bytes(tmp_path)))
    ho = write_return(
        tmp_path / "ho.xlsx",
        {"department": "HO", "period_end": D(2026, 6, 30), "prepared_by": "Hugo"},
        {"Priorities": [{"priority_id": "HO-01", "title": "Knife crime", "lead_department": "HO", "rag": "Red"}]},
    )
    assert load_returns(store, [ho], "hugo", today=TODAY).ok
    at.button(key="commit").click().run()
    assert not at.exception and len(at.error) == 0
    assert at.success[0].value.startswith("Committed: ")
    assert texts(at.markdown)[-1].startswith("Loaded DfE's return for 30 Jun 2026 (load 3)")


def test_a_write_that_fails_midway_says_so_and_leaves_the_store_unchanged(store, tmp_path):
    data = june_bytes(tmp_path)
    # A folder where the archive must put this workbook: keeping the original fails inside the write.
    (store.archive / f"{hashlib.sha256(data).hexdigest()}.xlsx").mkdir()
    before = snapshot(store)
    at = upload(page("cleo@centre.example"), ("DfE-2026-06.xlsx", data))
    at.text_area(key="upload_reason").input("revised").run()
    at.button(key="commit").click().run()
    assert not at.exception
    assert at.error[0].value.startswith(
        "Nothing was loaded: something went wrong while writing, and the store is unchanged."
    )
    assert snapshot(store) == before


def test_changed_targets_of_mixed_kinds_are_shown_as_text(store, tmp_path):
    tables = base_tables()
    tables["Indicators"][0] |= {"target_value": 85, "target_date": D(2029, 7, 31)}
    tables["Priorities"][0]["target"] = "85% reach the standard"
    data = write_return(tmp_path / "moved.xlsx", about(D(2026, 3, 31)), tables).read_bytes()
    at = upload(page("ana@dfe.example"), ("moved.xlsx", data))
    assert not at.exception
    targets = at.dataframe[-1].value
    assert targets[["ID", "Field", "Was", "Now"]].values.tolist() == [
        ["EDU-01", "target", "90% reach the standard", "85% reach the standard"],
        ["I1", "target value", "90", "85"],
        ["I1", "target date", "31 Jul 2028", "31 Jul 2029"],
    ]


def test_the_preview_names_fields_in_words_shows_dates_as_people_write_them_and_lists_risk_changes(store, tmp_path):
    from tests.test_preview import risk

    march = base_tables() | {"Risks": [risk("R1")]}
    assert load_returns(store, [write_return(tmp_path / "m.xlsx", about(D(2026, 3, 31)), march)], "setup").ok
    risks = [risk("R1", escalation="centre", likelihood="4", mitigation="Extra tutors")]
    at = upload(page("ana@dfe.example"), ("june.xlsx", june_bytes(tmp_path, Risks=risks)))
    assert not at.exception
    items = at.dataframe[0].value
    assert list(items["What changed"]) == [
        "rating",
        "",
        "",
        "title, forecast date",
        "priority ID",
        "target value, tolerance in per cent",
    ]
    formats = {
        name: column["type_config"]["format"]
        for e in at.dataframe
        for name, column in json.loads(e.proto.columns).items()
        if "format" in column.get("type_config", {})
    }
    assert formats == dict.fromkeys(("Forecast was", "Forecast now", "Period end"), "D MMM YYYY")
    assert "**Risks, issues and barriers** (3)" in texts(at.markdown)
    assert at.dataframe[-1].value.values.tolist() == [
        ["EDU-01", "R1", "Tutor supply", "escalated", "none", "centre"],
        ["EDU-01", "R1", "Tutor supply", "likelihood raised", "3", "4"],
        ["EDU-01", "R1", "Tutor supply", "mitigation added", "", "Extra tutors"],
    ]


def test_with_review_on_the_commit_says_who_sees_the_return_and_when(store, tmp_path):
    # It said "every page now shows the new data", which a viewer's pages do not until the centre accepts it.
    from delivery.auth import ADMIN, User
    from delivery.store import cycle

    cycle.switch_on_review(store, User("Ada", "ada@centre.example", ADMIN), "The cycle starts in June")
    at = upload(page("ana@dfe.example"), ("DfE-2026-06.xlsx", june_bytes(tmp_path)))
    at.text_area(key="upload_reason").input("March actual corrected after ONS revision").run()
    at.button(key="commit").click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Committed: 1 return loaded; the centre reviews it before viewers and ministers' briefs show it; "
        "centre staff see it now, marked not yet reviewed."
    )
