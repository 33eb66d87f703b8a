"""Who sees what in the running app (AppTest on app.py): the menu, direct URLs, sign-in, local mode.

The menu is what app.py hands to ``st.navigation``: a spy records it and passes it on
unchanged, so these tests see exactly the pages and visibilities a browser would get.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.store_builder import sample_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ROLES = """
[[user]]
email = "Ana@Health.example"
name = "Ana Analyst"
role = "analyst"
departments = ["DHSC"]
"""
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-cookie-secret",
        "client_id": "delivery-test", "client_secret": "not-a-secret",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}
VIEWER_REFUSAL = (
    "This page is for analysts. You are {who}, a viewer: you can browse the dashboard and read "
    "briefs, but not upload returns or see the load history. If you need to, ask an administrator "
    "to add you to the roles file.")
LOCAL_ADMIN = ("**Local single-user mode**: no sign-in is configured, and this server only accepts "
               "connections from this computer, so you are its admin.")
LOCAL_VIEWER = ("**Local single-user mode**: no sign-in is configured and this server is not limited "
                "to this computer (or DELIVERY_LOCAL_MODE is off), so everyone is a viewer and uploads "
                "are off. To upload, start it with `--server.address 127.0.0.1`, or configure sign-in "
                "([auth] in .streamlit/secrets.toml).")


@pytest.fixture(scope="module")
def store_root(tmp_path_factory) -> Path:
    return sample_store(tmp_path_factory.mktemp("auth") / "store").root


@pytest.fixture(autouse=True)
def app_env(store_root, tmp_path, monkeypatch):
    """The sample store, a roles file with one analyst, clean caches, and the default address."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("DELIVERY_DB", str(store_root))
    monkeypatch.setenv("DELIVERY_ROLES", str(roles))
    monkeypatch.delenv("DELIVERY_LOCAL_MODE", raising=False)
    address = config.get_option("server.address")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield roles
    config.set_option("server.address", address)
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def menus(monkeypatch) -> list[dict]:
    """Every menu app.py gives st.navigation, as {section: [visible page titles]}."""
    seen = []
    real = st.navigation

    def spy(pages, **kwargs):
        seen.append({section: [p.title for p in ps if p.visibility == "visible"]
                     for section, ps in pages.items()})
        return real(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    return seen


def signed_in(email: str | None, **claims) -> AppTest:
    """The app with sign-in configured, as ``email`` (or not signed in)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email, "name": email, **claims} if email else {"is_logged_in": False}
    return at.run()


def local(address: str | None, url: str | None = None, secrets: bool = True) -> AppTest:
    """The app without sign-in (a secrets file with no [auth]), served on ``address``, seen at ``url``."""
    config.set_option("server.address", address)
    at = AppTest.from_file(APP, default_timeout=60)
    if secrets:
        at.secrets["DELIVERY_GOVERNMENT_NAME"] = "Republic of Testing"
    if url:
        at.context["url"] = url
    return at.run()


def sidebar_text(at: AppTest) -> list[str]:
    return [e.value for e in at.sidebar if hasattr(e, "value") and isinstance(e.value, str)]


def data_menu(menus: list[dict]) -> list[str]:
    return menus[-1].get("Data", [])


def test_viewer_has_no_data_pages_and_a_direct_url_is_refused(menus):
    at = signed_in("val@example.gov")
    assert not at.exception
    assert data_menu(menus) == []
    assert "Overview" in menus[-1]["Browse"]
    assert "Signed in as **val@example.gov** (viewer)" in [c.value for c in at.sidebar.caption]
    at.switch_page("pages/upload.py").run()
    assert [e.value for e in at.error] == [VIEWER_REFUSAL.format(who="val@example.gov")]
    assert len(at.get("file_uploader")) == 0
    assert not at.exception


def test_not_signed_in_is_a_viewer_with_a_sign_in_button(menus):
    at = signed_in(None)
    assert data_menu(menus) == []
    assert "Not signed in: you can browse as a viewer." in [c.value for c in at.sidebar.caption]
    assert [b.label for b in at.sidebar.button] == ["Sign in"]
    at.switch_page("pages/upload.py").run()
    assert [e.value for e in at.error] == [VIEWER_REFUSAL.format(who="Not signed in")]


def test_analyst_sees_upload_and_can_open_it(menus):
    at = signed_in("ana@health.EXAMPLE")    # the roles file says Ana@Health.example
    assert "Upload" in data_menu(menus)
    assert "Signed in as **ana@health.EXAMPLE** (analyst for DHSC)" in [c.value for c in at.sidebar.caption]
    at.switch_page("pages/upload.py").run()
    assert not at.error
    assert len(at.get("file_uploader")) == 1
    assert not at.exception


def test_unverified_email_gets_no_role(menus):
    signed_in("ana@health.example", email_verified=False)
    assert data_menu(menus) == []


def test_sign_in_and_sign_out_buttons_hand_over_to_streamlit():
    # AppTest cannot follow the provider's redirect: tests/e2e/test_oidc_signin.py does.
    at = signed_in(None)
    at.sidebar.button(key="auth_sign_in").click().run()
    assert not at.exception and not at.error
    at = signed_in("ana@health.example")
    at.sidebar.button(key="auth_sign_out").click().run()
    assert not at.exception and not at.error


def test_malformed_roles_file_is_shown_and_everyone_is_a_viewer(app_env, menus):
    app_env.write_text('[[user]]\nemail = "ana@health.example"\nrole = "analist"\ndepartments = ["DHSC"]\n')
    at = signed_in("ana@health.example")
    assert data_menu(menus) == []
    assert [e.value for e in at.sidebar.error] == [
        f"The roles file {app_env} has 1 problem:\n- user 1 (ana@health.example): role 'analist' is not "
        "one of viewer, analyst, centre analyst, admin\nUntil this is fixed, everyone is a viewer."]
    assert not at.exception


def test_local_mode_on_localhost_is_the_admin(menus):
    at = local("127.0.0.1")
    assert [i.value for i in at.sidebar.info] == [LOCAL_ADMIN]
    assert "Upload" in data_menu(menus)
    assert not at.exception


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "192.0.2.7"])
def test_local_mode_reachable_from_the_network_is_a_viewer(menus, address):
    at = local(address)
    assert [w.value for w in at.sidebar.warning] == [LOCAL_VIEWER]
    assert data_menu(menus) == []
    at.switch_page("pages/upload.py").run()
    assert [e.value for e in at.error] == [VIEWER_REFUSAL.format(who=_local_name())]


def test_local_mode_published_through_a_proxy_is_a_viewer(menus):
    # Listening on 127.0.0.1 but opened as https://dashboard.example.gov: a reverse proxy.
    at = local("127.0.0.1", url="https://dashboard.example.gov/overview")
    assert [w.value for w in at.sidebar.warning] == [LOCAL_VIEWER]
    assert data_menu(menus) == []


def test_unreadable_secrets_file_fails_closed(menus, tmp_path, monkeypatch):
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback\n')
    monkeypatch.setattr(st, "secrets", type(st.secrets)())  # a fresh, unparsed secrets store
    files = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(broken)])
    try:
        at = local("127.0.0.1", secrets=False)
    finally:
        config.set_option("secrets.files", files)
    assert data_menu(menus) == []
    assert [e.value for e in at.sidebar.error][0].startswith(
        f"The secrets file cannot be read: Error parsing secrets file at {broken}")
    assert not at.exception


def test_local_mode_off_makes_localhost_a_viewer(menus, monkeypatch):
    monkeypatch.setenv("DELIVERY_LOCAL_MODE", "off")
    at = local("localhost")
    assert [w.value for w in at.sidebar.warning] == [LOCAL_VIEWER]
    assert data_menu(menus) == []


def _local_name() -> str:
    import getpass
    return f"Local user ({getpass.getuser()})"
