"""Who is using the app: sign-in with Streamlit's ``st.login`` (OIDC), or local single-user mode.

Two modes, chosen by ``.streamlit/secrets.toml``:

- **Sign-in** when it has an ``[auth]`` section (see data/roles.example.toml for the
  whole set-up). Not signed in, or signed in but not in the roles file: a viewer.
- **Local single-user mode** otherwise: one person on their own computer. That person
  is an admin only when the server listens on this computer alone (``server.address``
  is 127.0.0.1, localhost or ::1). Streamlit's default address is empty, which listens
  on every network interface, so an unset address is *not* local: anyone on the
  network could reach the page, and they would all be that admin. Then everyone is a
  viewer and the sidebar says how to fix it. A server on 127.0.0.1 published by a
  reverse proxy or a tunnel is not local either: a request with any forwarding header,
  or whose Host or Origin is not this computer at this server's own port, gets a viewer
  (delivery/local_mode.py). ``DELIVERY_LOCAL_MODE=off`` makes everyone a viewer even on
  localhost: set it on any shared server that has no sign-in.

Every failure here (a bad roles file, an unreadable secrets file, a bad setting) fails closed: the user is a viewer
and the sidebar says why. Details that name files on the server or people's addresses go
to the server log; only an admin sees them on the page.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import getpass
import logging
from collections.abc import Mapping
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException, StreamlitSecretNotFoundError

from delivery import auth, local_mode, settings
from delivery.auth import ADMIN, VIEWER, User
from delivery.errors import DeliveryError
from delivery.reference.departments import read_departments
from ui.frame.navigation import navigation_only
from ui.frame.text import hide_paths, plain

LOCAL_ADMIN_NOTICE = (
    "**Local copy**: anyone on this computer can view it, and no sign-in is set up, so you are its admin. "
    "The Settings page says how it is set up."
)
LOCAL_VIEWER_NOTICE = (
    "**View only**: this copy of the dashboard has no sign-in, so everyone who opens it can view it "
    "and nobody can upload returns. Whoever runs it can turn uploads on: the dashboard's guide to "
    "sign-in and roles says how."
)
SETTING_UNUSABLE = "A setting of this dashboard has a value it cannot use; the administrator can see which."
SECRETS_UNREADABLE = (
    "The secrets file cannot be read, so everyone is a viewer until it is fixed. "
    "The server log says what is wrong and where."
)


def _read_secrets() -> tuple[dict, str | None]:
    try:
        return st.secrets.to_dict(), None
    except (StreamlitSecretNotFoundError, FileNotFoundError) as error:
        if any(Path(p).is_file() for p in st.get_option("secrets.files") or []):
            return {}, f"The secrets file cannot be read: {error}"
        return {}, None  # no secrets file at all: local single-user mode


def secrets() -> Mapping:
    """``st.secrets`` as a mapping, or an empty one when there is no (readable) secrets file."""
    return _read_secrets()[0]


def setting(name: str):
    """A setting from delivery.settings, read from the environment, then st.secrets."""
    return settings.get(name, secrets=secrets())


def setting_or_none(name: str):
    """``setting(name)``, or None when its value cannot be used (configuration_problem says why)."""
    try:
        return setting(name)
    except DeliveryError:
        return None


def sign_in_configured() -> bool:
    """Is OIDC sign-in set up (an [auth] section in the secrets)?"""
    return isinstance(secrets().get("auth"), Mapping)


def localhost_only() -> bool:
    """Does this server, and this browser's request, stay on this computer (delivery/local_mode.py)?"""
    headers = dict(st.context.headers or {})
    problem = local_mode.local_request_problem(
        st.get_option("server.address"), int(st.get_option("server.port") or 8501), headers, st.context.url
    )
    if problem:
        _log_once(f"Local single-user mode: this visitor is a viewer because {problem}.", logging.INFO)
    return problem is None


@functools.lru_cache(maxsize=4)
def _grants_cached(path: str, mtime_ns: int) -> dict[str, auth.Grant]:
    # Keyed by modification time, so an edited roles file is read again at the next rerun.
    return auth.load_roles(Path(path), known_departments=set(read_departments()["code"]))


def grants() -> dict[str, auth.Grant]:
    """The roles file, read once per change. Raises RolesFileError or SettingError."""
    path = Path(setting("DELIVERY_ROLES"))
    mtime = path.stat().st_mtime_ns if path.exists() else -1
    return _grants_cached(str(path), mtime)


def configuration_problem() -> str | None:
    """Why the roles file or an auth setting cannot be used, or None when all is well."""
    secrets_problem = _read_secrets()[1]
    if secrets_problem:  # its message names the file's path on the server: the log only
        _log_once(secrets_problem)
        return SECRETS_UNREADABLE
    if sign_in_configured() and _auth_section_problem(secrets()["auth"]):
        return _auth_section_problem(secrets()["auth"])
    try:
        setting("DELIVERY_LOCAL_MODE")
        if sign_in_configured():
            grants()
        else:
            _local_role_user()
    except auth.RolesFileError as error:
        # The details name people's email addresses: they go to the log, not to every visitor.
        _log_once(str(error))
        return (
            "The roles file cannot be used, so everyone is a viewer until it is fixed. "
            "The server log says what is wrong and where."
        )
    except DeliveryError as error:  # names the setting: the log, and the Settings page, say which
        _log_once(str(error))
        return f"{SETTING_UNUSABLE} Until it is fixed, everyone is a viewer."
    return None


@functools.lru_cache(maxsize=64)
def _log_once(message: str, level: int = logging.ERROR) -> None:
    logging.getLogger(__name__).log(level, message)


def _local_user() -> User:
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        account = ""
    try:
        mode = setting("DELIVERY_LOCAL_MODE")
    except DeliveryError:
        mode = "off"
    # A secrets file that exists but cannot be read may be a broken sign-in set-up: fail closed.
    user = User(name="Local user", email="", role=VIEWER)
    if mode == "auto" and localhost_only() and not _read_secrets()[1]:
        # a bad DELIVERY_LOCAL_ROLE leaves a viewer: configuration_problem says why in the sidebar
        with contextlib.suppress(DeliveryError):
            user = _local_role_user()
    # The account names who loaded what in the load history; a viewer writes nothing, and a visitor
    # has no business knowing the server's account name.
    if account and user.role != VIEWER:
        user = dataclasses.replace(user, name=f"Local user ({account})")
    return user


def _local_role_user() -> User:
    """The local user as the DELIVERY_LOCAL_ROLE setting makes them (admin by default). Raises DeliveryError."""
    return auth.local_user("Local user", setting("DELIVERY_LOCAL_ROLE"), read_departments()["code"])


def _signed_in_user() -> User:
    info = st.user.to_dict()
    if not info.get("is_logged_in"):
        return User(name="Not signed in", email="", role=VIEWER)
    email = str(info.get("email") or "")
    name = str(info.get("name") or email)
    try:  # an address the provider has not verified could be anyone's: user_for grants nothing on it
        return auth.user_for(
            name, email, grants(), email_verified=info.get("email_verified"), subject=str(info.get("sub") or "") or None
        )
    except DeliveryError:
        return User(name=name, email=email, role=VIEWER)


def current_user() -> User:
    """The user of this session, with their role and departments. Never raises."""
    return _signed_in_user() if sign_in_configured() else _local_user()


def error_text(error) -> str:
    """An error's message ready for the page: escaped, and naming server paths to admins only."""
    text = str(error)
    return plain(text if current_user().role == ADMIN else hide_paths(text))


def setting_error_text(error) -> str:
    """A bad setting's message for the page: the setting's name and value for admins; plain words for others."""
    if current_user().role == ADMIN:
        return plain(error)
    _log_once(str(error))
    return SETTING_UNUSABLE


LOCAL_REMEDY = (
    "This copy of the dashboard has no sign-in, so nobody can upload here: the note in the sidebar says more."
)


def refusal(user: User, permission: str, department: str | None = None) -> str | None:
    """delivery.auth.refusal, ending with the way to get access that fits this app's mode.

    Ready for Markdown: the user's name and address (from the sign-in provider) are escaped.
    """
    remedy = auth.ASK_FOR_A_ROLE if sign_in_configured() else LOCAL_REMEDY
    # The label ("Ana <ana@x.gov>") escaped whole, as the name: the refusal names the user by label.
    shown = User(plain(user.label), "", user.role, tuple(plain(d) for d in user.departments))
    return auth.refusal(shown, permission, plain(department) if department else None, remedy=remedy)


def require(permission: str, department: str | None = None) -> User:
    """Stop the page with a plain refusal unless the current user has ``permission``."""
    navigation_only()  # a page run without app.py's frame goes round through it first
    user = current_user()
    message = refusal(user, permission, department)
    if message:
        st.error(message, icon=":material/block:")
        st.stop()
    return user


def data_pages_for(user: User, pages: list[dict]) -> list:
    """The Data section's pages for ``user`` (each given as ``st.Page``'s arguments): shown in the
    menu if they may use them, else hidden from it.

    Hidden pages stay registered, so a direct URL still finds them and ``guard_page``
    shows the refusal instead of Streamlit's "page not found".
    """
    visibility = "visible" if auth.can_see_data_pages(user) else "hidden"
    return [st.Page(**page, visibility=visibility) for page in pages]


def guard_page(page, data_pages: list, user: User | None = None) -> None:
    """Refuse (st.error + st.stop) before running ``page`` if it is a Data page the user may not use."""
    user = user or current_user()
    if page.url_path in {p.url_path for p in data_pages} and not auth.can_see_data_pages(user):
        st.error(refusal(user, auth.DATA_PAGES), icon=":material/block:")
        st.stop()


def _role_text(user: User) -> str:
    if user.role == auth.ANALYST:
        return f"analyst for {plain(', '.join(user.departments))}"
    return user.role


def _trying_a_role(user: User) -> bool:
    """Is ``user`` local mode's one user, in the role DELIVERY_LOCAL_ROLE names instead of admin?"""
    return (
        user.role != ADMIN
        and setting_or_none("DELIVERY_LOCAL_MODE") == "auto"
        and setting_or_none("DELIVERY_LOCAL_ROLE") not in (None, (ADMIN, ()))
        and not _read_secrets()[1]
        and localhost_only()
    )


def _local_mode_notice(user: User) -> None:
    # Plain words only: how to change it (the address, DELIVERY_LOCAL_MODE) is on the admin's Settings page.
    if _trying_a_role(user):
        st.info(
            f"**Local copy**, trying the {_role_text(user)} role, for training and demos. "
            "Whoever runs it can give back the admin role.",
            icon=":material/school:",
        )
    elif user.role == ADMIN:
        st.info(LOCAL_ADMIN_NOTICE, icon=":material/computer:")
    else:
        st.warning(LOCAL_VIEWER_NOTICE, icon=":material/lock:")


def _auth_section_problem(section: Mapping) -> str | None:
    """What the secrets' [auth] section lacks for st.login to work, or None."""
    named = [v for v in section.values() if isinstance(v, Mapping)]
    needed = ["redirect_uri", "cookie_secret"]
    if not named:
        needed += ["client_id", "client_secret", "server_metadata_url"]
    missing = [k for k in needed if not section.get(k)]
    if not missing:
        return None
    return (
        f"Sign-in is set up in the secrets file, but its [auth] section lacks {', '.join(missing)}, "
        "so nobody can sign in until it is complete."
    )


def _sign_in_button() -> str | None:
    """The Sign in button; returns why signing in failed, if it did."""
    auth_section = secrets().get("auth", {})
    named = [k for k, v in auth_section.items() if isinstance(v, Mapping)]
    provider = None if "client_id" in auth_section or not named else named[0]
    if st.button("Sign in", key="auth_sign_in", icon=":material/login:"):
        try:
            st.login(provider) if provider else st.login()
        except StreamlitAPIException as error:  # e.g. Authlib missing or [auth] incomplete
            return "Sign-in is not working: " + " ".join(str(error).split())  # Streamlit's own words
    return None


def sign_in_widget() -> User:
    """Sidebar block: who you are, your role, Sign in / Sign out, or the local-mode notice."""
    user = current_user()
    failed = None
    with st.sidebar:
        problem = configuration_problem()
        if problem:
            st.error(problem, icon=":material/error:")
        if not sign_in_configured():
            _local_mode_notice(user)
        elif st.user.to_dict().get("is_logged_in"):
            st.caption(f"Signed in as **{plain(user.label)}** ({_role_text(user)})")
            if st.button("Sign out", key="auth_sign_out", icon=":material/logout:"):
                st.logout()
        else:
            st.caption("Not signed in: you can browse as a viewer.")
            failed = _sign_in_button()
    if failed:  # in the page, where the person who pressed the button is looking
        st.error(failed, icon=":material/error:")
    return user
