"""Issue 18 item 6: priority IDs with invisible format characters are refused at their cell; a new ID
must carry its department's prefix (unless an administrator loads it) and not look like one in the store."""

from __future__ import annotations

import copy
import datetime as dt
import sys
import unicodedata

import pytest

from delivery import auth
from delivery.returns import normalise
from delivery.store.loader import load_returns
from delivery.store.new_ids import skeleton
from delivery.store.versions import Store
from delivery.upload.checks import check_batch, check_file
from tests.store_builder import ReturnSpec, _priority, build_store, write_workbooks
from tests.test_hostile_values import problems_of
from tests.test_owner import MAR, ho
from tests.test_reader import TABLES, valid_return
from tests.test_rights import whole


@pytest.mark.parametrize(
    "char, name",
    [
        ("\u061c", "U+061C ARABIC LETTER MARK"),
        ("\u2060", "U+2060 WORD JOINER"),
        ("\u2061", "U+2061 FUNCTION APPLICATION"),
        ("\u00ad", "U+00AD SOFT HYPHEN"),
        ("\u180e", "U+180E MONGOLIAN VOWEL SEPARATOR"),
        ("\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
        ("\U000e0001", "U+E0001 LANGUAGE TAG"),
        ("\U000e007f", "U+E007F CANCEL TAG"),
    ],
)
def test_each_format_character_in_a_priority_id_is_refused_at_its_cell(tmp_path, char, name):
    tables = copy.deepcopy(TABLES)
    tables["priorities"].append(dict(tables["priorities"][0], priority_id=f"EDU-{char}01"))
    assert problems_of(valid_return(tmp_path / "r.xlsx", None, tables)) == [
        (
            "Priorities",
            "A3",
            f"EDU-{char}01",
            f"priority ID ('priority_id') contains invisible characters ({name}): type the id again without them.",
            "error",
        )
    ]


def test_every_format_character_is_refused_in_ids():
    """The id pattern covers Unicode category Cf as this Python knows it (and the whole tag block)."""
    missed = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and not normalise.INVISIBLE_IN_ID.fullmatch(chr(c))
    ]
    assert missed == []
    assert all(normalise.INVISIBLE_IN_ID.fullmatch(chr(c)) for c in range(0xE0000, 0xE0080))


def test_free_text_keeps_format_characters_other_than_the_invisible_ones():
    assert (
        normalise.parse_text("Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f")
        == "Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    )


# --- new IDs against the store: prefixes and look-alikes (issue 18 item 6) ----------------

SQUAT = (
    "priority ID ('priority_id') 'HOM-03' is a new priority, and DfE's priority IDs all start EDU-: give it an "
    "ID starting EDU-, or ask an administrator to load this return."
)


def dfe_edu() -> ReturnSpec:
    return ReturnSpec("DfE", MAR, {"Priorities": [_priority("EDU-01", "Raise reading", "Opportunity", "DfE", "Green")]})


@pytest.fixture
def store(tmp_path):
    return build_store(tmp_path / "s", [ho(), dfe_edu()], use_loader=True)


def with_new(spec: ReturnSpec, pid: str) -> ReturnSpec:
    extra = _priority(pid, "A new one", "Safety", spec.department, "Amber")
    return ReturnSpec(spec.department, spec.period_end, {"Priorities": spec.tables["Priorities"] + [extra]})


def load(tmp_path, store, spec: ReturnSpec, **kw) -> list[str]:
    [path] = write_workbooks(tmp_path / spec.department, [spec])
    return [str(p) for p in load_returns(store, [path], "tests", **kw).problems]


def test_another_departments_next_id_is_refused_and_its_lead_may_add_it(tmp_path, store):
    before = whole(store)
    assert load(tmp_path, store, with_new(dfe_edu(), "HOM-03")) == [f"Priorities!A3: {SQUAT} (found 'HOM-03')"]
    assert whole(store) == before
    assert load(tmp_path, store, with_new(ho(), "HOM-03")) == []


def test_an_administrator_may_add_an_id_without_the_prefix(tmp_path, store):
    assert load(tmp_path, store, with_new(dfe_edu(), "LIT-01"), admin=True) == []


def test_a_department_without_a_prefix_may_not_take_anothers(tmp_path, store):
    spec = ReturnSpec("MoJ", MAR, {"Priorities": [_priority("HOM-04", "Courts", "Safety", "MoJ", "Amber")]})
    assert load(tmp_path, store, spec) == [
        "Priorities!A2: priority ID ('priority_id') 'HOM-04' is a new priority with HO's prefix, HOM-: only HO's "
        "return may add one (or an administrator); give it another ID. (found 'HOM-04')"
    ]


@pytest.mark.parametrize(
    "pid, message",
    [
        (
            "hom-01",
            "priority ID ('priority_id') 'hom-01' differs from the priority HOM-01 already reported only in case or "
            "character width: write HOM-01 if it is that priority, or give this one a different ID.",
        ),
        (
            "\uff28\uff2f\uff2d-01",
            "priority ID ('priority_id') '\uff28\uff2f\uff2d-01' differs from the priority HOM-01 "
            "already reported only in case or character width: write HOM-01 if it is that priority, "
            "or give this one a different ID.",
        ),
        (
            "H\u041eM-01",
            "priority ID ('priority_id') 'H\u041eM-01' looks the same as the priority HOM-01 already reported, "
            "but is written with other characters (U+041E CYRILLIC CAPITAL LETTER O): type HOM-01 if it is "
            "that priority, or give this one a different ID.",
        ),
    ],
)
def test_a_look_alike_of_an_existing_id_is_refused_naming_both(tmp_path, store, pid, message):
    before = whole(store)
    assert load(tmp_path, store, with_new(ho(), pid), admin=True) == [f"Priorities!A4: {message} (found '{pid}')"]
    assert whole(store) == before


def test_the_skeleton_maps_cyrillic_and_greek_to_latin():
    assert skeleton("H\u041eM-01") == skeleton("hom-01") == "HOM-01"
    assert skeleton("\u0395DU-01") == "EDU-01"  # Greek capital epsilon


def test_an_existing_legitimate_return_still_loads(tmp_path, store):
    assert load(tmp_path, store, ho()) == []
    assert load(tmp_path, store, dfe_edu()) == []


def test_the_upload_page_refuses_the_squat_for_an_analyst_and_not_for_an_admin(tmp_path, store):
    [path] = write_workbooks(tmp_path / "dfe", [with_new(dfe_edu(), "HOM-03")])
    user = auth.User(name="Cleo", email="cleo@centre.example", role=auth.CENTRE_ANALYST)
    checked = check_file("dfe.xlsx", path.read_bytes(), user, dt.date(2026, 5, 1), 20)
    check_batch([checked], store, admin=auth.adds_any_priority_id(user))
    assert [(p.where, p.message) for p in checked["problems"]] == [("Priorities!A3", SQUAT)]
    admin = auth.User(name="Ada", email="ada@centre.example", role=auth.ADMIN)
    checked = check_file("dfe.xlsx", path.read_bytes(), admin, dt.date(2026, 5, 1), 20)
    check_batch([checked], store, admin=auth.adds_any_priority_id(admin))
    assert checked["problems"] == []


def test_one_batch_cannot_bring_a_new_priority_twice(tmp_path):
    """Into an empty store, HO's and DfE's returns for one period both bring HOM-02: DfE's is refused."""
    store = Store(tmp_path / "store")
    takeover = _priority("HOM-02", "DfE's plan", "Safety", "DfE", "Green")
    paths = write_workbooks(tmp_path / "r", [ho(), ReturnSpec("DfE", MAR, {"Priorities": [takeover]})])
    assert [str(p) for p in load_returns(store, paths, "tests").problems] == [
        "Priorities!A2: priority ID ('priority_id') 'HOM-02' is a new priority, and HO's return HO-2026-03-31.xlsx in "
        "this batch also brings it as new ('HOM-02'): one return brings a new priority; load its lead's return first, "
        "or give this one a different ID. (found 'HOM-02')"
    ]


def test_one_return_cannot_bring_two_spellings_of_a_new_id(tmp_path):
    spec = with_new(ho(), "hom-01")
    [path] = write_workbooks(tmp_path / "r", [spec])
    assert [str(p) for p in load_returns(Store(tmp_path / "store"), [path], "tests").problems] == [
        "Priorities!A4: priority ID ('priority_id') 'hom-01' is a new priority, and this return in this batch also "
        "brings it as new ('HOM-01'): one return brings a new priority; load its lead's return first, or give this one "
        "a different ID. (found 'hom-01')"
    ]


def test_a_departments_returns_for_several_periods_bring_its_new_ids_together(tmp_path):
    paths = write_workbooks(tmp_path / "r", [ho(), ho(dt.date(2026, 6, 30))])
    assert load_returns(Store(tmp_path / "store"), paths, "tests").ok
