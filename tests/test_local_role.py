"""Trying a role in local single-user mode (DELIVERY_LOCAL_ROLE), for training and demos: the one
local user takes the role named instead of admin, and the upload rules are that role's."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from delivery import settings
from delivery.returns.workbook import write_return
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.test_preview import TODAY, about, base_tables, next_tables
from tests.upload_support import ROOT, snapshot

D = dt.date


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    """DfE's March return loaded; the app serves it in local mode, on this computer only."""
    store = Store(tmp_path / "store")
    path = write_return(tmp_path / "DfE-2026-03.xlsx", about(D(2026, 3, 31)), base_tables())
    assert load_returns(store, [path], "setup", today=TODAY).ok
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    monkeypatch.delenv("DELIVERY_LOCAL_MODE", raising=False)
    address = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield store
    config.set_option("server.address", address)


def upload_june(tmp_path, role: str, monkeypatch) -> AppTest:
    """The Upload page in local mode as ``role``, with DfE's June return uploaded."""
    monkeypatch.setenv("DELIVERY_LOCAL_ROLE", role)
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60).run()
    data = write_return(tmp_path / "june.xlsx", about(D(2026, 6, 30)), next_tables()).read_bytes()
    at.file_uploader(key="upload_files_0").set_value([("DfE-2026-06.xlsx", data, "application/octet-stream")])
    return at.run()


def test_an_analyst_for_another_department_is_refused_dfes_return(store, tmp_path, monkeypatch):
    before = snapshot(store)
    at = upload_june(tmp_path, "analyst for HO", monkeypatch)
    assert not at.exception
    problem = at.dataframe[0].value.iloc[0]
    assert (problem["Sheet"], problem["Cell"], problem["Value found"]) == ("About", "B2", "DfE")
    assert problem["Problem"].startswith("You can load returns for HO only, so this return for DfE was refused")
    assert "commit" not in [b.key for b in at.button]
    assert snapshot(store) == before


def test_an_analyst_for_the_department_loads_its_return(store, tmp_path, monkeypatch):
    at = upload_june(tmp_path, "analyst for DfE", monkeypatch)
    assert not at.exception
    assert at.caption[0].value.startswith("Uploading as Local user")
    at.text_area(key="upload_reason").input("March actual corrected").run()
    at.button(key="commit").click().run()
    assert not at.exception
    assert at.success[0].value == "Committed: 1 return loaded; every page now shows the new data."


def test_without_the_setting_the_local_user_is_admin_and_loads_any_return(store, tmp_path, monkeypatch):
    at = upload_june(tmp_path, "", monkeypatch)
    assert not at.exception
    assert len(at.dataframe) > 0 and at.button(key="commit").disabled  # the preview: a reason is needed


def test_the_sidebar_says_which_role_is_being_tried(store, monkeypatch):
    monkeypatch.setenv("DELIVERY_LOCAL_ROLE", "analyst for DfE")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert (
        "**Local copy**, trying the analyst for DfE role, for training and demos. "
        "Whoever runs it can give back the admin role." in [i.value for i in at.sidebar.info]
    )


def test_an_unknown_department_makes_a_viewer_and_says_why(store, monkeypatch, caplog):
    monkeypatch.setenv("DELIVERY_LOCAL_ROLE", "analyst for DFE")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    # The viewer reads plain words; the setting's name and the suggestion go to the server log.
    assert at.sidebar.error[0].value == (
        "A setting of this dashboard has a value it cannot use; the administrator can see which. "
        "Until it is fixed, everyone is a viewer."
    )
    assert (
        "DELIVERY_LOCAL_ROLE names 'DFE', which is not a department code in data/departments.csv. "
        "Did you mean DfE?" in caplog.text
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("admin", ("admin", ())),
        ("Analyst for DfE, HO", ("analyst", ("DfE", "HO"))),
        ("analyst: DfE", ("analyst", ("DfE",))),
        ("centre analyst", ("centre analyst", ())),
        ("viewer", ("viewer", ())),
    ],
)
def test_the_setting_reads_a_role_and_an_analysts_departments(text, expected):
    assert settings.get("DELIVERY_LOCAL_ROLE", environ={"DELIVERY_LOCAL_ROLE": text}) == expected


@pytest.mark.parametrize("text", ["analyst", "admin for DfE", "boss"])
def test_a_role_it_cannot_read_is_refused_in_plain_words(text):
    with pytest.raises(settings.SettingError) as error:
        settings.get("DELIVERY_LOCAL_ROLE", environ={"DELIVERY_LOCAL_ROLE": text})
    assert str(error.value) == (
        "DELIVERY_LOCAL_ROLE must be admin, centre analyst, viewer, or analyst for one or more department codes "
        f"(analyst for DfE, HO), but the environment sets it to '{text}'."
    )
