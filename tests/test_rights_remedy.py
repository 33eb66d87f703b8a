"""Reporting rights that agree everywhere, and a refusal's remedy that can be done (followed here).

``validate --db`` refuses exactly what ``load`` refuses; ``validate`` says which store it checked,
or that there was none. A priority led by a department that has since ended (BIS, ended 13 Jul
2016 in data/departments.csv) and now reported by an agency (LR): the refusal prints the
transfer command, the test runs it as printed, and the same return then loads. On the Upload
page an admin records the same transfer from a form.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex

import pytest

from delivery.reference.departments import departments_csv, store_frame
from delivery.store import versions
from delivery.store.loader import load_returns
from delivery.store.rights import Transfer
from delivery.store.versions import Store
from tests.store_builder import ReturnSpec, _priority, build_store, write_workbooks
from tests.test_cli import run, run_process
from tests.test_loader import DEC, TODAY, make_return
from tests.test_rights import INDICATOR, MOJ_01, store, whole, with_moj_01, write  # noqa: F401 (store: a fixture)
from tests.upload_support import ROOT, run_as, serve

JUN16, SEP16 = dt.date(2016, 6, 30), dt.date(2016, 9, 30)
COMMAND = (
    "python -m delivery transfer GMPP-34 --to LR --on 2016-07-14 "
    "--reason 'BIS ended on 13 Jul 2016; LR took GMPP-34 over'"
)
GMPP_34 = (
    "LR may not report on priority GMPP-34: it is led by BIS, but BIS ended on 13 Jul 2016. "
    "If LR has not taken it over, remove this row; if it has, an administrator can record the transfer, "
    f"then load this return again: {COMMAND}"
)


def gmpp_34(dept: str, period: dt.date, rag: str) -> ReturnSpec:
    return ReturnSpec(
        dept, period, {"Priorities": [_priority("GMPP-34", "Digital land registration", "Growth", dept, rag)]}
    )


@pytest.fixture
def bis_store(tmp_path) -> Store:
    """BIS (ended 13 Jul 2016; successor BEIS) reported GMPP-34 for 30 Jun 2016."""
    return build_store(tmp_path / "bis", [gmpp_34("BIS", JUN16, "Amber")], use_loader=True)


@pytest.fixture
def lr_return(tmp_path):
    """HM Land Registry's return for 30 Sep 2016, reporting GMPP-34 as its own."""
    [path] = write_workbooks(tmp_path / "lr", [gmpp_34("LR", SEP16, "Amber/Green")])
    return path


def checked_line(store: Store) -> str:
    return (
        f"Reporting rights checked against the store at {store.root} (version {store.version()}), as load checks them."
    )


# --- validate and load agree ---------------------------------------------------------------


def test_validate_db_refuses_exactly_what_load_refuses_and_writes_nothing(capsys, tmp_path, store):
    path = write(tmp_path / "dhsc.xlsx", "DHSC", with_moj_01("DHSC"))
    before = whole(store)
    code, out, err = run(capsys, "validate", path, "--db", store.root)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        checked_line(store),
        f"dhsc.xlsx: Priorities!A4: {MOJ_01} (found 'MoJ-01')",
        f"dhsc.xlsx: Milestones!A3: {MOJ_01} (found 'MoJ-01')",
        f"dhsc.xlsx: Indicators!A3: {MOJ_01} (found 'MoJ-01')",
        f"dhsc.xlsx: Trajectory!A3: {INDICATOR}Remove its 2 rows on this sheet. (found 'I9')",
        f"dhsc.xlsx: Actuals!A4: {INDICATOR}Remove this row. (found 'I9')",
        "5 problems to fix in dhsc.xlsx.",
    ]
    assert whole(store) == before
    validated = json.loads(run(capsys, "validate", path, "--db", store.root, "--json")[1])
    loaded = json.loads(run(capsys, "load", path, "--db", store.root, "--json")[1])
    assert validated["files"][0]["problems"] == loaded["files"][0]["problems"]
    assert (validated["outcome"], loaded["outcome"]) == ("rejected", "rejected")
    assert (validated["store"], validated["rights_checked_against"]) == (str(store.root), store.version())
    assert whole(store) == before


def test_validate_agrees_with_load_on_an_ended_lead(capsys, bis_store, lr_return):
    validated = json.loads(run(capsys, "validate", lr_return, "--db", bis_store.root, "--json")[1])
    loaded = json.loads(run(capsys, "load", lr_return, "--db", bis_store.root, "--json")[1])
    [problem] = validated["files"][0]["problems"]
    assert (problem["where"], problem["value"], problem["message"]) == ("Priorities!A2", "GMPP-34", GMPP_34)
    assert loaded["files"][0]["problems"] == [problem]


def test_validate_uses_the_default_store_when_there_is_one(capsys, monkeypatch, bis_store, lr_return):
    monkeypatch.setenv("DELIVERY_DB", str(bis_store.root))
    code, out, _ = run(capsys, "validate", lr_return)
    assert (code, out.splitlines()) == (
        1,
        [
            checked_line(bis_store),
            f"{lr_return.name}: Priorities!A2: {GMPP_34} (found 'GMPP-34')",
            f"1 problem to fix in {lr_return.name}.",
        ],
    )


def test_validate_without_a_store_says_it_checked_no_rights(capsys, tmp_path, no_store, lr_return):
    code, out, _ = run(capsys, "validate", lr_return)
    assert (code, out.splitlines()) == (0, [no_store, f"{lr_return.name}: no problems."])
    empty = tmp_path / "empty"
    code, out, _ = run(capsys, "validate", lr_return, "--db", empty, "--json")
    assert (code, json.loads(out)["store"], json.loads(out)["rights_checked_against"]) == (0, str(empty), None)
    assert not empty.exists()  # validate writes nothing, not even a folder


# --- the remedy, followed -------------------------------------------------------------------


def test_following_the_printed_command_lets_the_same_return_load(capsys, bis_store, lr_return):
    code, out, _ = run(capsys, "load", lr_return, "--db", bis_store.root, "--json")
    assert code == 1
    message = json.loads(out)["files"][0]["problems"][0]["message"]
    argv = shlex.split(message.split("then load this return again: ", 1)[1])
    assert argv[:3] == ["python", "-m", "delivery"]
    done = run_process(*argv[3:], env={"DELIVERY_DB": str(bis_store.root), "USER": "ada"})
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "Recorded (record 1): GMPP-34 is led by LR from 14 Jul 2016 (before: BIS).\n",
        "",
    )
    code, out, _ = run(capsys, "validate", lr_return, "--db", bis_store.root)
    assert (code, out.splitlines()) == (0, [checked_line(bis_store), f"{lr_return.name}: no problems."])
    code, out, _ = run(capsys, "load", lr_return, "--db", bis_store.root)
    assert (code, out) == (
        0,
        "Loaded LR's return for 30 Sep 2016 (load 2): Priorities 1, Delivery chain 0, "
        "Milestones 0, Indicators 0, Trajectory 0, Actuals 0, Risks 0, Budget 0.\n",
    )


def test_a_contributor_reporting_after_the_lead_ended_moves_the_transfer_date(capsys, tmp_path):
    """The transfer must come after the last return about the priority (HO's, as a contributor), or
    following the advice would still leave LR refused."""
    store = build_store(
        tmp_path / "s",
        [
            ReturnSpec(
                "BIS",
                JUN16,
                {
                    "Priorities": [
                        _priority("GMPP-34", "Digital land registration", "Growth", "BIS", "Amber", contributing="HO")
                    ]
                },
            ),
            gmpp_34("HO", SEP16, "Amber"),
        ],
        use_loader=True,
    )
    [path] = write_workbooks(tmp_path / "lr", [gmpp_34("LR", dt.date(2016, 12, 31), "Green")])
    message = load_returns(store, [path], "tests").problems[0].message
    assert message.endswith(
        ": python -m delivery transfer GMPP-34 --to LR --on 2016-09-30 "
        "--reason 'BIS ended on 13 Jul 2016; LR took GMPP-34 over'"
    )
    argv = shlex.split(message.split("then load this return again: ", 1)[1])
    assert run(capsys, *argv[3:], "--db", store.root)[0] == 0
    assert load_returns(store, [path], "tests").ok


def test_a_listed_successor_of_a_lead_that_still_exists_is_offered_both_remedies(capsys, tmp_path, monkeypatch):
    """MoJ (still open) lists DHSC as its successor: DHSC may be asked in as a contributor, or the
    priority transferred from the start of DHSC's quarter (MoJ last reported it for 31 Dec 2025)."""
    listed = tmp_path / "departments.csv"
    listed.write_text(
        departments_csv()
        .read_text(encoding="utf-8")
        .replace("MoJ,Ministry of Justice,,,,,", "MoJ,Ministry of Justice,,,DHSC,,"),
        encoding="utf-8",
    )
    monkeypatch.setattr(versions, "store_frame", lambda: store_frame(listed))  # the store's department list
    store = Store(tmp_path / "store")
    assert load_returns(store, [make_return(tmp_path / "moj.xlsx", "MoJ", DEC)], "setup", today=TODAY).ok
    path = write(tmp_path / "dhsc.xlsx", "DHSC", with_moj_01("DHSC"))
    message = load_returns(store, [path], "dora", today=TODAY).problems[0].message
    assert message == (
        "DHSC may not report on priority MoJ-01: it is led by MoJ, with HO contributing. If DHSC has not taken it "
        "over, remove this row, or ask MoJ to list DHSC as a contributing department; if it has, an administrator "
        "can record the transfer, then load this return again: python -m delivery transfer MoJ-01 --to DHSC "
        "--on 2026-01-01 --reason 'DHSC took MoJ-01 over from MoJ'"
    )
    argv = shlex.split(message.split("then load this return again: ", 1)[1])
    assert run(capsys, *argv[3:], "--db", store.root, "--by", "ada")[:2] == (
        0,
        "Recorded (record 1): MoJ-01 is led by DHSC from 1 Jan 2026 (before: MoJ).\n",
    )
    assert load_returns(store, [path], "dora", today=TODAY).ok


def test_the_printed_command_quotes_what_came_from_a_workbook():
    transfer = Transfer("X-1'; rm -rf ~ #", "LR", dt.date(2016, 7, 14), "BIS ended; LR took X-1'; rm -rf ~ # over")
    assert shlex.split(transfer.command) == [
        "python",
        "-m",
        "delivery",
        "transfer",
        "X-1'; rm -rf ~ #",
        "--to",
        "LR",
        "--on",
        "2016-07-14",
        "--reason",
        "BIS ended; LR took X-1'; rm -rf ~ # over",
    ]


# --- the Upload page: an admin records the transfer -------------------------------------------

PAGE = str(ROOT / "pages" / "upload.py")


def upload_lr(email: str, bis_store, lr_return, tmp_path, monkeypatch):
    serve(bis_store, tmp_path, monkeypatch)
    at = run_as(PAGE, email)
    at.file_uploader(key="upload_files_0").set_value(
        [(lr_return.name, lr_return.read_bytes(), "application/octet-stream")]
    )
    return at.run()


def test_an_admin_records_the_transfer_on_the_upload_page_and_the_refusal_goes(
    tmp_path, monkeypatch, bis_store, lr_return
):
    at = upload_lr("ada@centre.example", bis_store, lr_return, tmp_path, monkeypatch)
    assert not at.exception
    assert at.dataframe[0].value["Problem"].tolist() == [GMPP_34]
    key = "transfer_GMPP-34_LR"
    assert (
        at.text_input(key=f"{key}_priority").value,
        at.text_input(key=f"{key}_to").value,
        at.date_input(key=f"{key}_on").value,
    ) == ("GMPP-34", "LR", dt.date(2016, 7, 14))
    assert at.text_input(key=f"{key}_reason").placeholder == "BIS ended on 13 Jul 2016; LR took GMPP-34 over"
    version = bis_store.version()
    at.button(key=f"{key}_record").click().run()  # no reason: refused, nothing written
    assert [e.value for e in at.error][-1] == (
        "Give a reason for the transfer; it is kept with the record. Nothing was recorded."
    )
    assert bis_store.version() == version
    at.text_input(key=f"{key}_reason").input("Land registration moved to HM Land Registry")
    at.button(key=f"{key}_record").click().run()  # a form sends its values with its button
    assert not at.exception
    assert at.success[0].value == (
        "Recorded (record 1)\\: GMPP-34 is led by LR from 14 Jul 2016 (before\\: BIS). The returns were checked again."
    )  # plain(): ':' escaped, shown as typed
    assert not at.error and at.subheader[0].value == lr_return.name  # no refusal: the preview is shown
    assert "commit" in [b.key for b in at.button]
    with bis_store.connect_read() as con:
        assert con.execute(
            "SELECT priority_id, to_department, effective_date, recorded_by, reason FROM priority_transfers"
        ).fetchall() == [
            (
                "GMPP-34",
                "LR",
                dt.date(2016, 7, 14),
                "Ada <ada@centre.example>",
                "Land registration moved to HM Land Registry",
            )
        ]


def test_a_centre_analyst_sees_the_sentence_but_no_form(tmp_path, monkeypatch, bis_store, lr_return):
    at = upload_lr("cleo@centre.example", bis_store, lr_return, tmp_path, monkeypatch)
    assert not at.exception
    assert at.dataframe[0].value["Problem"].tolist() == [GMPP_34]
    assert not [w for w in at.text_input if (w.key or "").startswith("transfer_")]
    assert not [b for b in at.button if (b.key or "").startswith("transfer_")]
