"""Who sees what in the running app: the menu, direct URLs, sign-in, local mode (AppTest).

The menu is what app.py hands to ``st.navigation``: a spy records it and passes it on
unchanged, so these tests see exactly the pages and visibilities a browser would get.

AppTest (Streamlit 1.67) runs app.py only on an app's first run: because the project has
a ``pages/`` folder, a later run (``switch_page``) starts the page script alone, as an
old-style multipage app; ``ui.frame.navigation.navigation_only()``, called by ``require``, sends it back
round through app.py. The frame's own refusal (``guard_page``) is also tested on a small
frame written to tmp_path, whose Upload page has no check of its own. A browser runs the
real thing: tests/e2e/test_oidc_signin.py.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from ui.frame.text import plain

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ROLES = """
[[user]]
email = "Ana@Health.example"
name = "Ana Analyst"
role = "analyst"
departments = ["DHSC"]
"""
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "delivery-test",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}
DATA_TITLES = ["Upload returns", "Loads and history", "Returns due"]
VIEWER_REFUSAL = (
    "This page is for analysts. You are {who}, a viewer: you can browse the dashboard and read "
    "briefs, but not upload returns or see the load history. If you need to, ask an administrator "
    "to add you to the roles file."
)
LOCAL_ADMIN = (
    "**Local copy**: anyone on this computer can view it, and no sign-in is set up, so you are its admin. "
    "The Settings page says how it is set up."
)
LOCAL_VIEWER = (
    "**View only**: this copy of the dashboard has no sign-in, so everyone who opens it can view it "
    "and nobody can upload returns. Whoever runs it can turn uploads on: the dashboard's guide to "
    "sign-in and roles says how."
)


@pytest.fixture(autouse=True)
def app_env(serve_sample, tmp_path, monkeypatch):
    """The sample store (tests/conftest.py), a roles file with one analyst, the default address."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("DELIVERY_ROLES", str(roles))
    monkeypatch.delenv("DELIVERY_LOCAL_MODE", raising=False)
    address = config.get_option("server.address")
    yield roles
    config.set_option("server.address", address)


def signed_in(email: str | None, **claims) -> AppTest:
    """The app with sign-in configured, as ``email`` (or not signed in)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    claims = {"email_verified": True} | claims  # as a provider sends for an address it has checked
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


def data_menu(menus: list[dict]) -> list[str]:
    return menus[-1].get("Data", [])


FRAME = """
import streamlit as st
from ui.frame.auth import current_user, data_pages_for, guard_page, sign_in_widget

HOME = st.Page("screens/home.py", title="Home", default=True)
DATA_PAGES = [{"page": "screens/upload.py", "title": "Upload", "url_path": "upload"}]
data_pages = data_pages_for(current_user(), DATA_PAGES)
page = st.navigation({"Browse": [HOME]} | ({"Data": data_pages} if data_pages else {}))
user = sign_in_widget()
guard_page(page, data_pages, user)
page.run()
"""


@pytest.fixture
def frame(tmp_path) -> str:
    """A frame making app.py's calls, whose Upload page has no check of its own."""
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "home.py").write_text('import streamlit as st\nst.write("home page")\n')
    (tmp_path / "screens" / "upload.py").write_text('import streamlit as st\nst.write("upload page ran")\n')
    (tmp_path / "frame.py").write_text(FRAME)
    return str(tmp_path / "frame.py")


def in_frame(frame: str, email: str | None) -> AppTest:
    at = AppTest.from_file(frame, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = (
        {"is_logged_in": True, "email": email, "name": email, "email_verified": True}
        if email
        else {"is_logged_in": False}
    )
    return at.run()


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_viewer_has_no_data_pages_and_a_direct_url_is_refused(menus):
    at = signed_in("val@example.gov")
    assert not at.exception
    assert data_menu(menus) == []
    assert "Overview" in menus[-1]["Browse"]
    # Names and addresses come from the sign-in provider: escaped, and "@" broken by a word
    # joiner (U+2060, invisible), so the address is no mail link.
    assert "Signed in as **val\u2060\\@example.gov** (viewer)" in [c.value for c in at.sidebar.caption]
    for data_page in ("pages/upload.py", "pages/loads.py"):
        at.switch_page(data_page).run()
        assert [e.value for e in at.error] == [VIEWER_REFUSAL.format(who="val\u2060\\@example.gov")]
        assert len(at.get("file_uploader")) == 0
        assert len(at.dataframe) == 0
        assert not at.exception


def test_not_signed_in_is_a_viewer_with_a_sign_in_button(menus):
    at = signed_in(None)
    assert data_menu(menus) == []
    assert "Not signed in: you can browse as a viewer." in [c.value for c in at.sidebar.caption]
    assert [b.label for b in at.sidebar.button] == ["Sign in"]
    at.switch_page("pages/upload.py").run()
    assert [e.value for e in at.error] == [VIEWER_REFUSAL.format(who="Not signed in")]


def test_analyst_sees_upload_and_can_open_it(menus):
    at = signed_in("ana@health.EXAMPLE")  # the roles file says Ana@Health.example
    assert data_menu(menus) == DATA_TITLES
    assert "Signed in as **ana\u2060\\@health.EXAMPLE** (analyst for DHSC)" in [c.value for c in at.sidebar.caption]
    at.switch_page("pages/upload.py").run()
    assert not at.error
    assert len(at.get("file_uploader")) == 1
    assert not at.exception


@pytest.mark.parametrize("claims", [{"email_verified": False}, {"email_verified": None}, {"email_verified": "no"}])
def test_unverified_email_gets_no_role(menus, claims):
    at = signed_in("ana@health.example", **claims)
    assert data_menu(menus) == []
    assert "Signed in as **ana\u2060\\@health.example** (viewer)" in [c.value for c in at.sidebar.caption]


def test_a_provider_that_sends_no_email_verified_claim_grants_nothing_on_the_address(menus):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "ana@health.example", "name": "Ana"}
    at.run()
    assert data_menu(menus) == []


def test_a_roles_entry_with_a_subject_matches_the_providers_subject_id(app_env, menus):
    app_env.write_text(ROLES + 'subject = "prov-123"\n', encoding="utf-8")
    signed_in("ana.personal@example.org", email_verified=False, sub="prov-123")
    assert data_menu(menus) == DATA_TITLES
    signed_in("ana@health.example", sub="someone-else")  # the address, verified, but not Ana's account
    assert data_menu(menus) == []


def test_frame_refuses_a_direct_url_before_the_page_runs(frame, menus):
    at = in_frame(frame, "val@example.gov")
    assert data_menu(menus) == []
    at.switch_page("screens/upload.py").run()
    assert [e.value for e in at.error] == [VIEWER_REFUSAL.format(who="val\u2060\\@example.gov")]
    assert "upload page ran" not in markdown(at)
    assert not at.exception


def test_frame_runs_the_page_for_an_analyst(frame, menus):
    at = in_frame(frame, "ana@health.example")
    assert data_menu(menus) == ["Upload"]
    at.switch_page("screens/upload.py").run()
    assert not at.error
    assert "upload page ran" in markdown(at)


def test_a_failing_sign_in_is_a_plain_error_not_a_traceback(frame):
    # AppTest cannot follow the provider's redirect (tests/e2e/test_oidc_signin.py does), and
    # st.login validates against the secrets file, which AppTest does not replace: so it fails here.
    at = in_frame(frame, None)
    at.sidebar.button(key="auth_sign_in").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Sign-in is not working: To use authentication features you need to configure credentials "
        "for at least one authentication provider in `.streamlit/secrets.toml`."
    ]


def test_incomplete_auth_section_is_reported():
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x" * 32, "client_id": "c"}
    at.user = {"is_logged_in": False}
    at.run()
    assert [e.value for e in at.sidebar.error] == [
        "Sign-in is set up in the secrets file, but its [auth] section lacks client_secret, "
        "server_metadata_url, so nobody can sign in until it is complete."
    ]


def test_malformed_roles_file_makes_everyone_a_viewer_and_is_logged(app_env, menus, caplog):
    app_env.write_text('[[user]]\nemail = "ana@health.example"\nrole = "analist"\ndepartments = ["DHSC"]\n')
    at = signed_in("ana@health.example")
    assert data_menu(menus) == []
    # Every visitor sees that something is wrong; only the log names the entries (emails).
    assert [e.value for e in at.sidebar.error] == [
        "The roles file cannot be used, so everyone is a viewer until it is fixed. "
        "The server log says what is wrong and where."
    ]
    assert (
        f"The roles file {app_env} has 1 problem:\n- user 1 (ana@health.example): role 'analist' "
        "is not one of viewer, analyst, centre analyst, admin" in caplog.text
    )
    assert not at.exception


def test_local_mode_on_localhost_is_the_admin(menus):
    at = local("127.0.0.1")
    assert [i.value for i in at.sidebar.info] == [LOCAL_ADMIN]
    assert data_menu(menus) == [*DATA_TITLES, "Settings"]
    assert not at.exception


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "192.0.2.7"])
def test_local_mode_reachable_from_the_network_is_a_viewer(menus, address):
    at = local(address)
    assert [w.value for w in at.sidebar.warning] == [LOCAL_VIEWER]
    assert data_menu(menus) == []
    at.switch_page("pages/upload.py").run()
    assert [e.value for e in at.error] == [
        VIEWER_REFUSAL.format(who=_local_name()).replace(
            "If you need to, ask an administrator to add you to the roles file.",
            "This copy of the dashboard has no sign-in, so nobody can upload here: the note in the sidebar says more.",
        )
    ]


def test_local_mode_published_through_a_proxy_is_a_viewer(menus):
    # Listening on 127.0.0.1 but opened as https://dashboard.example.gov: a reverse proxy.
    at = local("127.0.0.1", url="https://dashboard.example.gov/overview")
    assert [w.value for w in at.sidebar.warning] == [LOCAL_VIEWER]
    assert data_menu(menus) == []


def test_local_mode_through_a_tunnel_to_another_port_is_a_viewer(menus):
    # A TCP forwarder publishes the server on 127.0.0.1:8501 as http://localhost:9100.
    at = local("127.0.0.1", url="http://localhost:9100/")
    assert [w.value for w in at.sidebar.warning] == [LOCAL_VIEWER]
    assert data_menu(menus) == []


def test_unreadable_secrets_file_fails_closed_and_its_path_is_only_in_the_log(menus, tmp_path, monkeypatch, caplog):
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
    # The path would tell an anonymous visitor where the server keeps its secrets.
    assert [e.value for e in at.sidebar.error] == [
        "The secrets file cannot be read, so everyone is a viewer until it is fixed. "
        "The server log says what is wrong and where."
    ]
    assert str(tmp_path) not in " ".join(
        t.value for kind in ("error", "warning", "info", "caption", "markdown") for t in getattr(at, kind)
    )
    assert f"The secrets file cannot be read: Error parsing secrets file at {broken}" in caplog.text
    assert not at.exception


def test_local_mode_off_makes_localhost_a_viewer(menus, monkeypatch):
    monkeypatch.setenv("DELIVERY_LOCAL_MODE", "off")
    at = local("localhost")
    assert [w.value for w in at.sidebar.warning] == [LOCAL_VIEWER]
    assert data_menu(menus) == []


def _local_name() -> str:
    return "Local user"  # a viewer is never told the server's operating-system account


def _all_text(at: AppTest) -> str:
    kinds = ("error", "warning", "info", "caption", "markdown", "success")
    return "\n".join(t.value for kind in kinds for t in getattr(at, kind))


# What a viewer must never read: setting names, command-line flags, file names, the server's account.
JARGON = ("DELIVERY_", "--server", "server.address", ".csv", ".toml", f"({getpass.getuser()})")


@pytest.mark.parametrize(
    "page", ["pages/overview.py", "pages/priorities.py", "pages/brief.py", "pages/about.py", "pages/upload.py"]
)
def test_a_local_viewer_reads_no_setting_file_flag_or_account_name(page):
    at = local("0.0.0.0")
    at.switch_page(page).run()
    text = _all_text(at)
    assert [j for j in JARGON if j in text] == []
    assert not at.exception


def test_a_bad_setting_is_named_to_the_admin_only(monkeypatch, caplog):
    monkeypatch.setenv("DELIVERY_STALE_AFTER_PERIODS", "soon")
    viewer = local("0.0.0.0")
    assert [w.value for w in viewer.sidebar.warning] == [
        "A setting of this dashboard has a value it cannot use; the administrator can see which. "
        "Using 2 until it is fixed.",
        LOCAL_VIEWER,
    ]
    assert "DELIVERY_STALE_AFTER_PERIODS" not in _all_text(viewer)
    assert "DELIVERY_STALE_AFTER_PERIODS must be a whole number of periods from 0 to 100" in caplog.text
    admin = local("127.0.0.1")
    assert (
        "DELIVERY\\_STALE\\_AFTER\\_PERIODS must be a whole number of periods from 0 to 100, but the environment "
        "sets it to 'soon'. Using 2 until it is fixed." in [w.value for w in admin.sidebar.warning]
    )


def test_a_broken_calendar_names_its_file_and_line_to_the_admin_only(tmp_path, monkeypatch):
    calendar = tmp_path / "calendar.csv"
    calendar.write_text("department,cadence,due_days\nDfE,weekly,30\n", encoding="utf-8")
    monkeypatch.setenv("DELIVERY_CALENDAR", str(calendar))
    after = " Until it is fixed, every department is treated as reporting quarterly, due 30 days after the quarter."
    viewer = local("0.0.0.0")
    assert [e.value for e in viewer.sidebar.error] == ["The reporting calendar could not be read." + after]
    admin = local("127.0.0.1")
    assert [e.value for e in admin.sidebar.error] == [
        "The reporting calendar could not be read: "
        + plain(f"{calendar} line 2: the cadence 'weekly' for DfE is not one of monthly, quarterly or annual.")
        + after
    ]
