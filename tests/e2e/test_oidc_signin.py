"""Sign in for real: a local OpenID Connect provider, `streamlit run app.py`, Debian's Chromium.

The provider is oidc-provider-mock, started in this process on a free localhost port.
The app runs with ``--secrets.files`` pointing at a temporary secrets file whose [auth]
section names that provider, so no secrets file of the project's is read or touched.
A viewer and an analyst each sign in through the provider's own form; the tests check
what the menu offers each, that a direct URL to a Data page is refused for the viewer,
and that signing out ends at the provider and comes back as not signed in.
Chromium comes from tests/e2e/conftest.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from tests.e2e.server import ROOT, free_port, serve_app
from tests.store_builder import sample_store

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

SHOTS = ROOT / "tests" / "screenshots" / "auth"
VIEWER = "val.viewer@example.gov"
ANALYST = "ana.analyst@health.example"


def shown(email: str) -> str:
    """An address as the page draws it: an invisible word joiner before '@' keeps Markdown
    from making it a mail link (ui/frame/text.py)."""
    return email.replace("@", "\u2060@")


WAIT = 30_000  # ms, for Playwright's retrying expect


@pytest.fixture(scope="module")
def provider():
    """The local OIDC provider, with our two users' names and verified emails."""
    users = [
        ProviderUser(sub=email, claims={"email": email, "email_verified": True, "name": name})
        for email, name in ((VIEWER, "Val Viewer"), (ANALYST, "Ana Analyst"))
    ]
    with run_server_in_thread(port=free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def _secrets(folder: Path, port: int, provider: str) -> Path:
    path = folder / "secrets.toml"
    path.write_text(
        f"""
[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "e2e-cookie-secret-{os.urandom(8).hex()}"
client_id = "delivery-dashboard-test"
client_secret = "not-a-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def app_url(provider, tmp_path_factory):
    """`streamlit run app.py` with sign-in configured, on the sample store, one analyst in the roles file."""
    work = tmp_path_factory.mktemp("signin")
    store = sample_store(work / "store")
    roles = work / "roles.toml"
    roles.write_text(f'[[user]]\nemail = "{ANALYST}"\nrole = "analyst"\ndepartments = ["DHSC"]\n')
    port = free_port()
    env = {"DELIVERY_DB": str(store.root), "DELIVERY_ROLES": str(roles)}
    secrets = _secrets(work, port, provider)
    with serve_app(
        work, env, cwd=work, extra_args=("--secrets.files", str(secrets)), host="localhost", port=port
    ) as url:
        yield url


def shot(page, name: str) -> None:
    """A full-page screenshot in tests/screenshots/auth/ (git-ignored)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(browser, app_url: str, email: str, provider: str):
    """A fresh browser context signed in as ``email`` through the provider's own form."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(app_url)
    expect(page.get_by_text("Not signed in: you can browse as a viewer.")).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator('input[name="sub"]')).to_be_visible(timeout=WAIT)
    assert page.url.startswith(f"{provider}/oauth2/authorize")
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=WAIT)
    return page


def nav_links(page) -> list[str]:
    links = page.get_by_test_id("stPageLink-NavLink")
    expect(links.first).to_be_visible(timeout=WAIT)
    # Each link's text starts with its icon's ligature name ("dashboard\n\nOverview"): keep the title.
    return [t.strip().splitlines()[-1] for t in links.all_inner_texts()]


def test_viewer_signs_in_and_finds_no_upload_page(chromium, app_url, provider):
    page = sign_in(chromium, app_url, VIEWER, provider)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as Val Viewer <{shown(VIEWER)}> (viewer)")
    links = nav_links(page)
    assert "Overview" in links and "Upload returns" not in links and "Loads and history" not in links
    assert "Returns due" not in links and "Data quality" in links  # a Browse page, for everyone
    # no Data section heading (the Browse page "Data quality" is not one)
    expect(page.locator(".st-key-page_menu")).not_to_contain_text(re.compile(r"\bData\b(?! quality)"))
    shot(page, "viewer-signed-in")
    for url_path in ("upload", "loads"):
        page.goto(f"{app_url}/{url_path}")
        expect(page.get_by_text("This page is for analysts. You are Val Viewer")).to_be_visible(timeout=WAIT)
        expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        shot(page, f"viewer-{url_path}-refused")
    page.context.close()


def test_analyst_signs_in_sees_upload_and_signs_out(chromium, app_url, provider):
    page = sign_in(chromium, app_url, ANALYST, provider)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(
        f"Signed in as Ana Analyst <{shown(ANALYST)}> (analyst for DHSC)"
    )
    assert {"Upload returns", "Loads and history"} <= set(nav_links(page))
    shot(page, "analyst-signed-in")
    page.get_by_test_id("stPageLink-NavLink").filter(has_text="Upload returns").click()
    expect(page.get_by_test_id("stFileUploader")).to_be_visible(timeout=WAIT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    shot(page, "analyst-upload")
    page.get_by_role("button", name="Sign out").click()
    # Streamlit also ends the session at the provider (its end_session_endpoint), which asks to confirm.
    page.get_by_role("button", name="End session").click(timeout=WAIT)
    expect(page.get_by_text("Not signed in: you can browse as a viewer.")).to_be_visible(timeout=WAIT)
    shot(page, "analyst-signed-out")
    assert "Upload returns" not in nav_links(page)
    page.context.close()
