"""The Settings page: how the app is set up, for admins only, with the setting names (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.upload_support import run_as, serve
from ui.frame.text import plain

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def app_env(sample_store_root, tmp_path, monkeypatch):
    """The sample store, the roles of tests/upload_support.py, a marking set in the environment."""
    from delivery.store.versions import Store

    serve(Store(sample_store_root), tmp_path, monkeypatch)
    monkeypatch.setenv("DELIVERY_PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
    monkeypatch.delenv("DELIVERY_LOCAL_MODE", raising=False)
    address = config.get_option("server.address")
    yield
    config.set_option("server.address", address)


def local_admin() -> AppTest:
    config.set_option("server.address", "127.0.0.1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["DELIVERY_GOVERNMENT_NAME"] = "Republic of Testing"
    at.run()
    return at.switch_page("pages/settings.py").run()


def test_the_admin_sees_how_the_app_is_set_up_with_the_setting_names(menus, sample_store_root):
    at = local_admin()
    assert not at.exception
    assert menus[-1]["Data"] == ["Upload returns", "Loads and history", "Returns due", "Settings"]
    assert [h.value for h in at.header] == ["Sign-in", "Store", "Briefs", "Reference files", "Every setting"]
    text = "\n".join(m.value for m in at.markdown)
    assert (
        "**Local mode**: auto (`DELIVERY_LOCAL_MODE`, set by the default): 'auto' makes the one local user its "
        "admin; 'off' makes everyone a viewer." in text
    )
    assert "(`--server.address`, or `server.address` in .streamlit/config.toml): this computer only." in text
    assert (
        "**Protective marking** on every page of every brief: OFFICIAL-SENSITIVE (`DELIVERY_PROTECTIVE_MARKING`, "
        "set by the environment)." in text
    )
    assert "(`DELIVERY_DB`, set by the environment)" in text
    assert "**Government name**: Republic of Testing (`DELIVERY_GOVERNMENT_NAME`, set by the secrets file)." in text
    files = at.table[0].value
    assert list(files["File"]) == [
        "Government profile",
        "Departments",
        "Local areas",
        "Rating words",
        "Reporting calendar",
    ]
    folder = plain("DELIVERY_REFERENCE")  # escaped: st.table renders Markdown
    assert list(files["Setting"]) == [folder] * 4 + [plain("DELIVERY_CALENDAR, else DELIVERY_REFERENCE")]
    assert list(files["Path"])[3] == plain(ROOT / "data" / "rating_vocabulary.csv")
    assert list(files["Problem"]) == [""] * 5
    every = at.table[1].value
    marking = every[every["Setting"] == plain("DELIVERY_PROTECTIVE_MARKING")].iloc[0]
    assert (marking["Value"], marking["Set by"], marking["Default"]) == (
        "OFFICIAL-SENSITIVE",
        "the environment",
        "",
    )


def test_an_unusable_setting_is_named_with_why(monkeypatch):
    monkeypatch.setenv("DELIVERY_MAX_UPLOAD_MB", "lots")
    every = local_admin().table[1].value
    row = every[every["Setting"] == plain("DELIVERY_MAX_UPLOAD_MB")].iloc[0]
    assert row["Problem"] == plain(
        "DELIVERY_MAX_UPLOAD_MB must be a whole number of megabytes from 1 to 1000, but the environment sets it "
        "to 'lots'."
    )


@pytest.mark.parametrize("email", [None, "ana@dfe.example", "cleo@centre.example"])
def test_anyone_but_an_admin_is_refused_and_does_not_see_it_in_the_menu(menus, email):
    at = run_as(APP, email)
    assert "Settings" not in menus[-1].get("Data", [])
    at.switch_page("pages/settings.py").run()
    who = {None: "Not signed in, a viewer", "ana@dfe.example": "Ana \\<ana\u2060\\@dfe.example\\>, an analyst"}.get(
        email, "Cleo \\<cleo\u2060\\@centre.example\\>, a centre analyst"
    )
    assert [e.value for e in at.error] == [
        f"This page is for administrators. You are {who}: how the dashboard is set up on its server is for "
        "whoever runs it."
    ]
    assert len(at.table) == 0
    assert not at.exception


def test_a_signed_in_admin_sees_the_roles_file(menus):
    at = run_as(APP, "ada@centre.example")
    assert menus[-1]["Data"] == ["Upload returns", "Loads and history", "Returns due", "Settings"]
    at.switch_page("pages/settings.py").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "**Sign-in**: OpenID Connect, from the `[auth]` section of .streamlit/secrets.toml." in text
    assert "(`DELIVERY_ROLES`, set by the environment): who may upload, roll back or administer" in text


def test_a_reference_file_that_cannot_be_read_says_why(tmp_path, monkeypatch):
    calendar = tmp_path / "calendar.csv"
    calendar.write_text("department,cadence\nDfE,monthly\n", encoding="utf-8")
    monkeypatch.setenv("DELIVERY_CALENDAR", str(calendar))
    files = local_admin().table[0].value
    assert files.iloc[4][["Path", "Entries", "Problem"]].tolist() == [
        plain(calendar),
        "",
        plain(
            f"{calendar} line 1: the header must name the columns department, cadence, due_days; due_days is missing."
        ),
    ]
