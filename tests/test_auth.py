"""Roles, the roles file and the settings table: plain functions, no Streamlit."""

from pathlib import Path

import pytest

from delivery import auth, settings
from delivery.auth import ADMIN, ANALYST, CENTRE_ANALYST, VIEWER, Grant, RolesFileError, User
from delivery.settings import SettingError

ROOT = Path(__file__).resolve().parent.parent
KNOWN = {"DHSC", "DfE", "HO", "CO"}

VIEWER_USER = User("Val Viewer", "val@example.gov", VIEWER)
ANALYST_USER = User("Ana Analyst", "ana@health.example", ANALYST, ("DHSC",))
TWO_DEPT_ANALYST = User("Tom Two", "tom@example.gov", ANALYST, ("DHSC", "DfE"))
CENTRE_USER = User("Cleo Centre", "cleo@centre.example", CENTRE_ANALYST)
ADMIN_USER = User("Ada Admin", "ada@centre.example", ADMIN)


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- permissions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "user, department, allowed",
    [
        (VIEWER_USER, "DHSC", False),
        (ANALYST_USER, "DHSC", True),
        (ANALYST_USER, "DfE", False),
        (ANALYST_USER, "dhsc", False),  # codes are exact, as in data/departments.csv
        (TWO_DEPT_ANALYST, "DfE", True),
        (TWO_DEPT_ANALYST, "HO", False),
        (CENTRE_USER, "HO", True),
        (ADMIN_USER, "HO", True),
    ],
)
def test_can_upload(user, department, allowed):
    assert auth.can_upload(user, department) is allowed


@pytest.mark.parametrize(
    "user, roll_back, data_pages, departments",
    [
        (VIEWER_USER, False, False, frozenset()),
        (ANALYST_USER, False, True, frozenset({"DHSC"})),
        (TWO_DEPT_ANALYST, False, True, frozenset({"DHSC", "DfE"})),
        (CENTRE_USER, True, True, None),
        (ADMIN_USER, True, True, None),
    ],
)
def test_role_permissions(user, roll_back, data_pages, departments):
    assert auth.can_roll_back(user) is roll_back
    assert auth.can_see_data_pages(user) is data_pages
    assert auth.allowed_departments(user) == departments


def test_refusals_say_why_in_plain_english():
    assert auth.refusal(VIEWER_USER, auth.DATA_PAGES) == (
        "This page is for analysts. You are Val Viewer <val@example.gov>, a viewer: you can browse "
        "the dashboard and read briefs, but not upload returns or see the load history. If you need "
        "to, ask an administrator to add you to the roles file."
    )
    assert auth.refusal(ANALYST_USER, auth.UPLOAD, "DfE") == (
        "You can load returns for DHSC only, so this return for DfE was refused and nothing was "
        "written. Ask a centre analyst to load it, or ask an administrator to add DfE to your entry "
        "in the roles file."
    )
    assert auth.refusal(ANALYST_USER, auth.ROLL_BACK) == (
        "Only centre analysts and admins can roll a load back. You are Ana Analyst "
        "<ana@health.example>, an analyst. Ask the delivery unit's data team if a load needs undoing."
    )
    assert auth.refusal(VIEWER_USER, auth.UPLOAD, "DHSC") == auth.refusal(VIEWER_USER, auth.DATA_PAGES)
    assert auth.refusal(VIEWER_USER, auth.UPLOAD, remedy="Run it locally.").endswith(
        "but not upload returns or see the load history. Run it locally."
    )


@pytest.mark.parametrize(
    "user, permission, department",
    [
        (ANALYST_USER, auth.DATA_PAGES, None),
        (ANALYST_USER, auth.UPLOAD, None),
        (ANALYST_USER, auth.UPLOAD, "DHSC"),
        (CENTRE_USER, auth.UPLOAD, "HO"),
        (CENTRE_USER, auth.ROLL_BACK, None),
        (ADMIN_USER, auth.ROLL_BACK, None),
    ],
)
def test_no_refusal_when_allowed(user, permission, department):
    assert auth.refusal(user, permission, department) is None


def test_unknown_permission_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown permission 'delete'"):
        auth.refusal(ADMIN_USER, "delete")


@pytest.mark.parametrize(
    "user, label",
    [
        (ANALYST_USER, "Ana Analyst <ana@health.example>"),
        (User("ana@x.gov", "ana@x.gov"), "ana@x.gov"),
        (User("Local user (ana)", ""), "Local user (ana)"),
        (User("", ""), "unknown user"),
    ],
)
def test_label(user, label):
    assert user.label == label


@pytest.mark.parametrize(
    "text, role",
    [
        ("viewer", VIEWER),
        ("Analyst", ANALYST),
        ("centre analyst", CENTRE_ANALYST),
        ("Centre_Analyst", CENTRE_ANALYST),
        ("centre-analyst", CENTRE_ANALYST),
        (" ADMIN ", ADMIN),
        ("center analyst", None),
        ("superuser", None),
        ("", None),
    ],
)
def test_normalise_role(text, role):
    assert auth.normalise_role(text) == role


# --- the roles file -------------------------------------------------------------------

GOOD = """
[[user]]
email = "Ana.Analyst@Health.example"
name = "Ana"
role = "analyst"
departments = ["DHSC"]

[[user]]
email = "cleo@centre.example"
role = "centre analyst"

[[user]]
email = "tom@example.gov"
role = "analyst"
departments = "DfE"
"""


def test_load_roles(tmp_path):
    grants = auth.load_roles(write(tmp_path, GOOD), KNOWN)
    assert grants == {
        "ana.analyst@health.example": Grant(ANALYST, ("DHSC",)),
        "cleo@centre.example": Grant(CENTRE_ANALYST, ()),
        "tom@example.gov": Grant(ANALYST, ("DfE",)),
    }


def test_emails_match_case_insensitively_and_unknown_users_are_viewers(tmp_path):
    grants = auth.load_roles(write(tmp_path, GOOD), KNOWN)
    assert auth.user_for("Ana", "ANA.ANALYST@health.EXAMPLE", grants, email_verified=True) == User(
        "Ana", "ANA.ANALYST@health.EXAMPLE", ANALYST, ("DHSC",)
    )
    assert auth.user_for("", "stranger@example.gov", grants, email_verified=True) == User(
        "stranger@example.gov", "stranger@example.gov", VIEWER, ()
    )


@pytest.mark.parametrize(
    "claim, role",
    [
        (True, ANALYST),
        ("true", ANALYST),
        ("TRUE", ANALYST),
        (False, VIEWER),
        ("false", VIEWER),
        (None, VIEWER),
        ("yes", VIEWER),
        (1, VIEWER),
    ],
)
def test_an_email_grants_its_role_only_when_the_provider_verified_it(tmp_path, claim, role):
    grants = auth.load_roles(write(tmp_path, GOOD), KNOWN)
    assert auth.user_for("Ana", "ana.analyst@health.example", grants, email_verified=claim).role == role


def test_unverified_is_the_default(tmp_path):
    grants = auth.load_roles(write(tmp_path, GOOD), KNOWN)
    assert auth.user_for("Ana", "ana.analyst@health.example", grants).role == VIEWER


PINNED = """
[[user]]
email = "ana.analyst@health.example"
role = "analyst"
departments = ["DHSC"]
subject = "248289761001"
"""


def test_an_entry_with_a_subject_is_matched_on_the_subject_alone(tmp_path):
    grants = auth.load_roles(write(tmp_path, PINNED), KNOWN)
    assert grants["ana.analyst@health.example"] == Grant(ANALYST, ("DHSC",), "248289761001")
    # The provider's subject id matches: no verified email needed, whatever address it sends.
    assert auth.user_for("Ana", "ana@personal.example", grants, subject="248289761001") == User(
        "Ana", "ana@personal.example", ANALYST, ("DHSC",)
    )
    # The right address, verified, but another account at the provider: nothing.
    assert auth.user_for("Eve", "ana.analyst@health.example", grants, email_verified=True, subject="999").role == VIEWER
    assert auth.user_for("Eve", "ana.analyst@health.example", grants, email_verified=True).role == VIEWER


def test_a_subject_must_be_text(tmp_path):
    path = write(tmp_path, PINNED.replace('"248289761001"', "248289761001"))
    with pytest.raises(
        RolesFileError,
        match=r"user 1 \(ana.analyst@health.example\): subject must be the "
        r"provider's subject id as text, found 248289761001$",
    ):
        auth.load_roles(path, KNOWN)


def test_missing_roles_file_grants_nothing(tmp_path):
    assert auth.load_roles(tmp_path / "absent.toml", KNOWN) == {}


def test_example_roles_file_is_valid():
    grants = auth.load_roles(ROOT / "data" / "roles.example.toml", KNOWN)
    assert {g.role for g in grants.values()} == {ANALYST, CENTRE_ANALYST, ADMIN}


def test_roles_file_that_is_not_toml(tmp_path):
    path = write(tmp_path, '[[user]]\nemail = "ana@x.gov\n')
    with pytest.raises(RolesFileError) as caught:
        auth.load_roles(path, KNOWN)
    assert str(caught.value).startswith(f"The roles file {path} is not valid TOML: ")


def test_roles_file_lists_every_problem(tmp_path):
    path = write(
        tmp_path,
        """
[[user]]
email = "ana@x.gov"
role = "analist"
departments = ["DHSC"]

[[user]]
email = "not an email"
role = "viewer"

[[user]]
email = "bob@x.gov"
role = "analyst"

[[user]]
email = "ana@X.gov"
role = "admin"
departmnets = ["DHSC"]

[[user]]
email = "cy@x.gov"
role = "analyst"
departments = ["DHSC", "XYZ", 3]

[[user]]
email = "di@x.gov"
role = "analyst"
departments = ["XYZ"]

[admins]
list = []
""",
    )
    with pytest.raises(RolesFileError) as caught:
        auth.load_roles(path, KNOWN)
    assert (
        str(caught.value)
        == f"""The roles file {path} has 8 problems:
- unexpected section 'admins': entries are [[user]] tables
- user 1 (ana@x.gov): role 'analist' is not one of viewer, analyst, centre analyst, admin
- user 2: email must be an email address, found 'not an email'
- user 3 (bob@x.gov): an analyst needs at least one department
- user 4 (ana@x.gov): unknown key 'departmnets' (expected email, role, departments, name, subject)
- user 4 (ana@x.gov): ana@x.gov is listed more than once
- user 5 (cy@x.gov): departments must be a list of department codes, like ["DHSC", "DfE"]
- user 6 (di@x.gov): unknown department code XYZ"""
    )


def test_roles_file_with_user_not_a_list(tmp_path):
    with pytest.raises(RolesFileError, match=r"has 1 problem:\n- 'user' must be a list of \[\[user\]\] tables$"):
        auth.load_roles(write(tmp_path, 'user = "ana@x.gov"\n'), KNOWN)


# --- settings -------------------------------------------------------------------------


def test_settings_defaults():
    env = {}
    assert settings.get("DELIVERY_DB", environ=env) == ROOT / "data" / "store"
    assert settings.get("DELIVERY_ROLES", environ=env) == ROOT / "data" / "roles.toml"
    assert settings.get("DELIVERY_REFERENCE", environ=env) == ROOT / "data"
    assert settings.get("DELIVERY_GOVERNMENT_NAME", environ=env) == ""  # blank: the profile's name
    assert settings.get("DELIVERY_MAX_UPLOAD_MB", environ=env) == 20
    assert settings.get("DELIVERY_LOCAL_MODE", environ=env) == "auto"


def test_environment_wins_over_secrets_which_win_over_defaults(tmp_path):
    secrets = {"DELIVERY_MAX_UPLOAD_MB": 50, "DELIVERY_GOVERNMENT_NAME": "Republic of Testing"}
    env = {"DELIVERY_MAX_UPLOAD_MB": "5", "DELIVERY_ROLES": str(tmp_path / "r.toml")}
    assert settings.get("DELIVERY_MAX_UPLOAD_MB", secrets, env) == 5
    assert settings.get("DELIVERY_GOVERNMENT_NAME", secrets, env) == "Republic of Testing"
    assert settings.get("DELIVERY_ROLES", secrets, env) == tmp_path / "r.toml"
    assert settings.get("DELIVERY_MAX_UPLOAD_MB", secrets, {"DELIVERY_MAX_UPLOAD_MB": ""}) == 50


@pytest.mark.parametrize(
    "name, value, message",
    [
        (
            "DELIVERY_MAX_UPLOAD_MB",
            "lots",
            "DELIVERY_MAX_UPLOAD_MB must be a whole number of megabytes from 1 to 1000, but the environment sets it to 'lots'.",
        ),
        (
            "DELIVERY_MAX_UPLOAD_MB",
            "0",
            "DELIVERY_MAX_UPLOAD_MB must be a whole number of megabytes from 1 to 1000, but the environment sets it to '0'.",
        ),
        ("DELIVERY_LOCAL_MODE", "on", "DELIVERY_LOCAL_MODE must be auto or off, but the environment sets it to 'on'."),
    ],
)
def test_bad_setting_says_what_is_allowed(name, value, message):
    with pytest.raises(SettingError) as caught:
        settings.get(name, environ={name: value})
    assert str(caught.value) == message


def test_bad_setting_from_secrets_names_the_secrets_file():
    with pytest.raises(SettingError, match="but the secrets file sets it to '-3'"):
        settings.get("DELIVERY_MAX_UPLOAD_MB", {"DELIVERY_MAX_UPLOAD_MB": -3}, {})


def test_unknown_setting():
    with pytest.raises(SettingError, match="There is no setting called DELIVERY_NOPE; the settings are DELIVERY_DB, "):
        settings.get("DELIVERY_NOPE")


def test_describe_lists_every_setting_with_its_source():
    rows = settings.describe({"DELIVERY_GOVERNMENT_NAME": "Republic of Testing"}, {"DELIVERY_LOCAL_MODE": "off"})
    assert [(r["name"], r["value"], r["source"]) for r in rows] == [
        ("DELIVERY_DB", "data/store", "the default"),
        ("DELIVERY_ROLES", "data/roles.toml", "the default"),
        ("DELIVERY_REFERENCE", "data", "the default"),
        ("DELIVERY_GOVERNMENT_NAME", "Republic of Testing", "the secrets file"),
        ("DELIVERY_MAX_UPLOAD_MB", "20", "the default"),
        ("DELIVERY_LOCAL_MODE", "off", "the environment"),
        ("DELIVERY_LOCAL_ROLE", "admin", "the default"),
        ("DELIVERY_CALENDAR", "", "the default"),
        ("DELIVERY_STALE_AFTER_PERIODS", "2", "the default"),
        ("DELIVERY_EXPLANATIONS", "off", "the default"),
        ("DELIVERY_BUDGET_VARIANCE_PCT", "5", "the default"),
        ("DELIVERY_PROTECTIVE_MARKING", "", "the default"),
        ("DELIVERY_MAX_ROWS_PER_SHEET", "250000", "the default"),
        ("DELIVERY_READER_MEMORY_MB", "2048", "the default"),
        ("DELIVERY_MAX_ID_CHARS", "64", "the default"),
        ("DELIVERY_MAX_NAME_CHARS", "300", "the default"),
        ("DELIVERY_MAX_TEXT_CHARS", "5000", "the default"),
        ("DELIVERY_MAX_RETURN_TEXT_MB", "20", "the default"),
        ("DELIVERY_MAX_AMOUNT", "1e13", "the default"),
        ("DELIVERY_MAX_VALUE", "1e15", "the default"),
        ("DELIVERY_FORECAST_MIN_POINTS", "3", "the default"),
        ("DELIVERY_FORECAST_RECENT_POINTS", "8", "the default"),
        ("DELIVERY_FORECAST_ON_COURSE_PCT", "70", "the default"),
        ("DELIVERY_FORECAST_OFF_COURSE_PCT", "30", "the default"),
        ("DELIVERY_FORECAST_STALE_MONTHS", "6", "the default"),
        ("DELIVERY_FLAG_SLIPS", "3", "the default"),
        ("DELIVERY_FLAG_EXACT_PERIODS", "4", "the default"),
    ]
    assert all(r["help"] for r in rows)


def test_store_default_agrees_with_settings(monkeypatch):
    from delivery.store.versions import default_store_path

    monkeypatch.delenv("DELIVERY_DB", raising=False)
    assert default_store_path() == settings.get("DELIVERY_DB")


def test_every_setting_the_code_reads_is_in_the_table():
    """A DELIVERY_ name in the app's code but not in delivery/settings.py is an undocumented setting."""
    import re

    sources = [ROOT / "app.py", *ROOT.glob("delivery/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/**/*.py")]
    used = {name for path in sources for name in re.findall(r"\bDELIVERY_[A-Z_]+\b", path.read_text())}
    # A family named by its prefix (DELIVERY_FORECAST_*, read as f"DELIVERY_FORECAST_{name}") must have members.
    families = {name for name in used if name.endswith("_")}
    assert {f for f in families if not any(n.startswith(f) for n in settings.BY_NAME)} == set()
    assert used - families - set(settings.BY_NAME) == set()
