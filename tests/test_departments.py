"""Departments that change: the reference list, alias codes, ended departments, moved and renamed priorities."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from delivery.analysis import picture
from delivery.errors import DeliveryError
from delivery.reference.calendar import Calendar
from delivery.reference.departments import (
    DepartmentListError,
    department_lookup,
    open_departments,
    read_departments,
)
from delivery.store.rebuild import rebuild
from delivery.store.records import departments_allowed, record_alias, record_transfer
from delivery.store.versions import Store, run_query
from tests.machinery import DEC, MAR, SEP, TRANSFER_DAY, machinery_store
from tests.test_cli import run

HEADER = "code,name,start_date,end_date,successors,former_names,aliases\n"


@pytest.fixture(scope="module")
def machinery(tmp_path_factory) -> Store:
    """The store of tests/machinery.py with the transfer and the alias recorded (read-only here)."""
    return machinery_store(tmp_path_factory.mktemp("machinery"))


def _ids(store: Store, as_at: dt.date) -> list[tuple]:
    with store.connect_read() as con:
        frame = con.execute(
            "SELECT priority_id, lead_department, department, rag FROM priorities_at($a) ORDER BY priority_id",
            {"a": as_at},
        ).df()
    return [tuple(r) for r in frame.itertuples(index=False)]


def _list(store: Store, as_at) -> list[list]:
    """priority_list as the pages read it: the rating before comes from the (quarterly) calendar."""
    with store.connect_read() as con:
        frame = run_query(con, "priority_list", {"as_at": as_at, "department": None, "theme": None})
    frame = picture.with_standing(frame, picture.Rules(Calendar({}), 10**6, dt.date(2026, 12, 6)), as_at)
    return [
        [
            r.priority_id,
            r.lead_department,
            r.rag,
            r.rag_before if isinstance(r.rag_before, str) else None,
            list(r.rag_history),
        ]
        for r in frame.itertuples()
    ]


# --- the reference list ----------------------------------------------------------------


def test_the_shipped_list_reads_with_dates_successors_and_aliases():
    frame = read_departments().set_index("code")
    assert frame.loc["BEIS", "end_date"] == dt.date(2023, 2, 6)
    assert frame.loc["BEIS", "successors"] == ("DESNZ", "DSIT", "DBT")
    assert frame.loc["DHSC", "aliases"] == ("DH", "DoH")
    assert frame.loc["DHSC", "former_names"] == ("Department of Health",)
    lookup = department_lookup()
    assert [lookup[k] for k in ("dh", "doh", "dhsc", "ons", "hmlr", "dluhc")] == [
        "DHSC",
        "DHSC",
        "DHSC",
        "UKSA",
        "LR",
        "MHCLG",
    ]
    assert "BEIS" not in open_departments(dt.date(2024, 1, 1))
    assert "BEIS" in open_departments(dt.date(2023, 2, 6))
    assert "DESNZ" not in open_departments(dt.date(2023, 2, 6))


def test_every_problem_in_the_list_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "departments.csv"
    path.write_text(
        HEADER + "AA,Dept A,2020-01-01,2019-01-01,,,\nBB,Dept B,31/12/2020,,ZZ,,AA\n,No code,,,,,\nCC,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DepartmentListError) as caught:
        read_departments(path)
    assert str(caught.value) == (
        "The department list has problems to fix: "
        f"{path}, line 2: AA ends (2019-01-01) before it starts (2020-01-01). "
        f"{path}, line 3: start_date '31/12/2020' is not a date written YYYY-MM-DD. "
        f"{path}, line 4: code is blank. "
        f"{path}, line 5: CC has no name. "
        f"{path}, line 3: 'AA' already means AA (line 2). "
        f"{path}, line 3: successors of BB are not listed codes: ZZ."
    )


def test_a_list_without_the_new_columns_still_reads(tmp_path):
    path = tmp_path / "departments.csv"
    path.write_text("code,name\nAA,Dept A\n", encoding="utf-8")
    assert read_departments(path).to_dict("records") == [
        {
            "code": "AA",
            "name": "Dept A",
            "start_date": None,
            "end_date": None,
            "successors": (),
            "former_names": (),
            "aliases": (),
        }
    ]


# --- alias codes in returns ---------------------------------------------------------------


def test_a_return_using_an_alias_code_loads_under_the_canonical_code(machinery):
    with machinery.connect_read() as con:
        loads = con.execute("SELECT DISTINCT department FROM loads ORDER BY 1").fetchall()
        rows = con.execute(
            "SELECT department, lead_department, contributing_departments FROM priorities "
            "WHERE priority_id IN ('HEA-01', 'EDU-01') ORDER BY priority_id, return_period"
        ).fetchall()
    assert loads == [("BEIS",), ("DESNZ",), ("DHSC",), ("DfE",)]
    assert rows == [("DfE", "DfE", "DHSC"), ("DHSC", "DHSC", None), ("DHSC", "DHSC", None)]


def test_validate_accepts_an_alias_and_still_names_unknown_codes(tmp_path, capsys):
    from tests.store_builder import ReturnSpec, _priority, write_workbooks

    good, bad = write_workbooks(
        tmp_path,
        [
            ReturnSpec("DoH", MAR, {"Priorities": [_priority("HEA-01", "Cut waiting times", "Health", "DH", "Amber")]}),
            ReturnSpec(
                "DfE",
                DEC,
                {
                    "Priorities": [
                        _priority("EDU-01", "Raise reading", "Opportunity", "DfE", "Red", contributing="DH, XYZ")
                    ]
                },
            ),
        ],
    )
    code, out, _ = run(capsys, "validate", good, bad, "--json")
    result = json.loads(out)
    assert code == 1
    assert [(f["department"], f["outcome"]) for f in result["files"]] == [("DHSC", "valid"), ("DfE", "rejected")]
    [problem] = result["files"][1]["problems"]
    assert problem["message"] == (
        "contributing departments ('contributing_departments') has codes that are not in the list of departments "
        "(XYZ). If XYZ is a new department, add a line for it to data/departments.csv, such as "
        "'XYZ,Its full name,,,,,'."
    )


# --- ended departments, moved priorities, transfers, aliases --------------------------------


def test_an_abolished_department_leaves_the_picture_after_its_end_date(tmp_path):
    store = machinery_store(tmp_path, with_records=False)
    assert _ids(store, DEC) == [
        ("BUS-01", "BEIS", "BEIS", "Green"),
        ("ENE-01", "BEIS", "BEIS", "Amber/Green"),
        ("HEA-01", "DHSC", "DHSC", "Amber"),
        ("OLD-01", "BEIS", "BEIS", "Amber"),
    ]
    # BEIS ended on 6 Feb 2023: its 31 Dec return is not current as at 31 Mar; ENE-01 moved to DESNZ
    assert _ids(store, MAR) == [
        ("EDU-01", "DfE", "DfE", "Red"),
        ("ENE-01", "DESNZ", "DESNZ", "Green"),
        ("HEA-01", "DHSC", "DHSC", "Amber/Green"),
        ("SMT-01", "DESNZ", "DESNZ", "Amber/Green"),
    ]


def test_a_transferred_priority_stays_once_led_by_its_new_department(machinery):
    assert _ids(machinery, MAR) == [
        ("BUS-01", "DBT", "BEIS", "Green"),
        ("EDU-01", "DfE", "DfE", "Red"),
        ("ENE-01", "DESNZ", "DESNZ", "Green"),
        ("HEA-01", "DHSC", "DHSC", "Amber/Green"),
        ("SMT-01", "DESNZ", "DESNZ", "Amber/Green"),
    ]
    # before the transfer took effect BEIS still led it
    assert _ids(machinery, DEC)[0] == ("BUS-01", "BEIS", "BEIS", "Green")


def test_moved_and_renamed_priorities_keep_one_history(machinery):
    assert _list(machinery, MAR) == [
        ["BUS-01", "DBT", "Green", "Green", ["Green", "Green"]],
        ["EDU-01", "DfE", "Red", None, ["Red"]],
        ["ENE-01", "DESNZ", "Green", "Amber/Green", ["Amber", "Amber/Green", "Green"]],
        ["HEA-01", "DHSC", "Amber/Green", "Amber", ["Amber", "Amber/Green"]],
        ["SMT-01", "DESNZ", "Amber/Green", "Amber", ["Amber/Red", "Amber", "Amber/Green"]],
    ]
    # the old ID's history is shown under the new one, back to its first return
    assert _ids(machinery, SEP)[-1] == ("SMT-01", "BEIS", "BEIS", "Amber/Red")


def test_lead_history_and_who_may_report(machinery):
    with machinery.connect_read() as con:
        history = run_query(con, "priority_lead_history", {"as_at": MAR, "priority_id": "BUS-01"})
        assert [(r.since.date(), r.lead_department, r.how) for r in history.itertuples()] == [
            (SEP, "BEIS", "return"),
            (DEC, "BEIS", "return"),
            (TRANSFER_DAY, "DBT", "transfer"),
        ]
        assert departments_allowed(con, "BUS-01", DEC) == {"BEIS"}
        assert departments_allowed(con, "BUS-01", MAR) == {"DBT"}
        assert departments_allowed(con, "OLD-01", MAR) == {"DESNZ"}
        assert departments_allowed(con, "NEW-99", MAR) == set()
        # BEIS's priorities after BEIS ended, before anyone else reported them: BEIS's successors
        assert departments_allowed(con, "ENE-01", dt.date(2023, 2, 28)) == {"BEIS", "DESNZ", "DSIT", "DBT"}


def test_records_survive_rebuild_in_place_and_into_a_new_folder(tmp_path):
    store = machinery_store(tmp_path / "one")
    before = _list(store, MAR)
    copy = Store(tmp_path / "copy")
    assert rebuild(store.root, copy.root) == 6
    assert _list(copy, MAR) == before
    assert (copy.archive / "records.jsonl").read_text() == (store.archive / "records.jsonl").read_text()
    assert rebuild(store.root) == 6
    assert _list(store, MAR) == before
    with store.connect_read() as con:
        assert con.execute(
            "SELECT record_id, priority_id, to_department, recorded_by, reason FROM priority_transfers"
        ).fetchall() == [(1, "BUS-01", "DBT", "Centre Analyst", "BEIS abolished; exports went to DBT")]
        assert con.execute("SELECT record_id, old_id, new_id FROM priority_aliases").fetchall() == [
            (2, "OLD-01", "SMT-01")
        ]


def test_the_records_log_is_append_only_a_killed_writers_lines_are_voided_not_cut(tmp_path):
    from delivery.store.records import read_log

    store = machinery_store(tmp_path, with_records=False)
    record_transfer(store, "BUS-01", "DBT", "Centre Analyst", "Exports went to DBT", TRANSFER_DAY)
    log = store.archive / "records.jsonl"
    # a writer killed before publishing left a whole line, then one killed mid-append half a line
    ghost = {
        "record_id": 2,
        "kind": "alias",
        "old_id": "OLD-01",
        "new_id": "GHOST-1",
        "recorded_by": "x",
        "recorded_at": "2026-01-01T00:00:00",
        "reason": "never published",
    }
    with open(log, "a", encoding="utf-8") as f:
        f.write(json.dumps(ghost) + "\n" + '{"record_id": 3, "ki')
    before = log.read_bytes()
    record_alias(store, "OLD-01", "SMT-01", "ana", "Renamed")
    after = log.read_bytes()
    assert after.startswith(before)  # nothing was cut or rewritten
    markers = [json.loads(line) for line in after[len(before) :].decode().splitlines() if line.startswith('{"void"')]
    assert [(m["void"], m["line"]) for m in markers] == [([], 3), ([2], None)]
    assert [(e["record_id"], e["kind"], e.get("new_id")) for e in read_log(store.archive)] == [
        (1, "transfer", None),
        (2, "alias", "SMT-01"),
    ]
    copy = Store(tmp_path / "copy")
    rebuild(store.root, copy.root)
    with copy.connect_read() as con:
        assert con.execute("SELECT record_id, old_id, new_id FROM priority_aliases").fetchall() == [
            (2, "OLD-01", "SMT-01")
        ]


# --- the command line ------------------------------------------------------------------------


def test_cli_transfer_and_alias_record_with_who_and_why(tmp_path, capsys):
    store = machinery_store(tmp_path, with_records=False)
    code, out, err = run(
        capsys,
        "transfer",
        "BUS-01",
        "--to",
        "dbt",
        "--db",
        store.root,
        "--by",
        "Centre Analyst",
        "--reason",
        "Exports went to DBT",
    )
    assert (code, err) == (0, "")
    assert out == "Recorded (record 1): BUS-01 is led by DBT from 7 Feb 2023 (before: BEIS).\n"
    code, out, err = run(capsys, "alias", "OLD-01", "SMT-01", "--db", store.root, "--by", "ana", "--reason", "Renamed")
    assert (code, err) == (0, "")
    assert out == "Recorded (record 2): priority OLD-01 is now SMT-01; their histories are joined.\n"
    log = [json.loads(line) for line in (store.archive / "records.jsonl").read_text().splitlines()]
    assert [(e["record_id"], e["kind"], e["recorded_by"], e["reason"]) for e in log] == [
        (1, "transfer", "Centre Analyst", "Exports went to DBT"),
        (2, "alias", "ana", "Renamed"),
    ]
    assert _ids(store, MAR)[0] == ("BUS-01", "DBT", "BEIS", "Green")


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["transfer", "NOPE-1", "--to", "DBT", "--reason", "x"],
            "No return has reported a priority NOPE-1; check the ID (as on the Priorities sheet).",
        ),
        (
            ["transfer", "BUS-01", "--to", "DBT", "--on", "2022-01-01", "--reason", "x"],
            "No return has reported a priority BUS-01 on or before 1 Jan 2022; check the ID (as on the Priorities sheet).",
        ),
        (
            ["transfer", "BUS-01", "--to", "XYZ", "--reason", "x"],
            "XYZ is not a department code in data/departments.csv.",
        ),
        (
            ["transfer", "BUS-01", "--to", "BEIS", "--reason", "x"],
            "BUS-01 is already led by BEIS on 7 Feb 2023; nothing to transfer.",
        ),
        (
            ["transfer", "BUS-01", "--to", "DIT", "--reason", "x"],
            "DIT ended on 6 Feb 2023, before the transfer on 7 Feb 2023; transfer to its successor instead.",
        ),
        (
            ["transfer", "BUS-01", "--to", "DBT", "--reason", " "],
            "Please give a reason for the transfer; it is kept with the record.",
        ),
        (
            ["alias", "NOPE-1", "SMT-01", "--reason", "x"],
            "No return has reported a priority NOPE-1, so there is no history to join up.",
        ),
        (
            ["alias", "SMT-01", "SMT-01", "--reason", "x"],
            "Give two different priority IDs: the old one, then the one it became.",
        ),
    ],
)
def test_cli_refusals_are_one_sentence_and_change_nothing(tmp_path, capsys, argv, message):
    store = machinery_store(tmp_path, with_records=False)
    version = store.version()
    code, out, err = run(capsys, *argv, "--db", store.root)
    assert (code, out, err) == (1, "", f"Error: {message}\n")
    assert store.version() == version
    assert not (store.archive / "records.jsonl").exists()


def test_an_alias_cannot_be_recorded_twice_or_go_round_in_a_circle(machinery):
    version = machinery.version()
    with pytest.raises(DeliveryError, match="^OLD-01 is already recorded as SMT-01.$"):
        record_alias(machinery, "OLD-01", "OTHER-1", "ana", "again")
    with pytest.raises(
        DeliveryError, match="^OLD-01 is recorded as SMT-01 already; an alias back would go round in a circle.$"
    ):
        record_alias(machinery, "SMT-01", "OLD-01", "ana", "back")
    assert machinery.version() == version


def test_transfer_defaults_to_the_day_after_its_department_ended(tmp_path):
    store = machinery_store(tmp_path, with_records=False)
    entry = record_transfer(store, "BUS-01", "DBT", "ana", "BEIS abolished")
    assert (entry["effective_date"], entry["from_department"]) == ("2023-02-07", "BEIS")


@pytest.mark.parametrize(
    "dept, period, message",
    [
        (
            "BEIS",
            dt.date(2023, 3, 31),
            "Department BEIS ended on 06/02/2023, before this return's period_end (31/03/2023): "
            "send it as its successor (DESNZ or DSIT or DBT).",
        ),
        (
            "DESNZ",
            dt.date(2022, 12, 31),
            "Department DESNZ started on 07/02/2023, after this return's period_end "
            "(31/12/2022): send it as the department that existed then.",
        ),
    ],
)
def test_a_return_from_a_department_that_did_not_exist_then_is_refused_by_cell(tmp_path, capsys, dept, period, message):
    from tests.store_builder import ReturnSpec, _priority, write_workbooks

    [path] = write_workbooks(
        tmp_path,
        [ReturnSpec(dept, period, {"Priorities": [_priority("ENE-01", "Clean power grid", "Energy", dept, "Amber")]})],
    )
    code, out, _ = run(capsys, "validate", path, "--json")
    [problem] = json.loads(out)["files"][0]["problems"]
    assert code == 1
    assert (problem["sheet"], problem["cell"], problem["value"], problem["message"]) == ("About", "B2", dept, message)
