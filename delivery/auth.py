"""Who may do what: roles, the roles file, and the permission checks every page asks.

Roles, least to most:

- **viewer**: browses the dashboard and reads briefs. Anyone signed in but not in the
  roles file is a viewer.
- **analyst**: also uploads returns, for their own department(s) only, and sees the
  Data pages (upload, load history).
- **centre analyst**: uploads for any department and rolls loads back.
- **admin**: everything.

The roles file (``DELIVERY_ROLES``, default ``data/roles.toml``) maps signed-in users,
by email, case-insensitively, to a role and department codes::

    [[user]]
    email = "ana.analyst@health.example"
    role = "analyst"
    departments = ["DHSC"]
    subject = "248289761001"   # optional: the provider's id for Ana ("sub")

An email address grants its role only when the sign-in provider says it has verified it
(``email_verified`` true): otherwise anyone who can type Ana's address into their own
account at the provider would be Ana. An entry with a ``subject`` is matched on the
provider's subject id instead, which needs no verified email (and then the address alone
never grants it).

Local single-user mode (no sign-in) trusts whoever can reach the server's port; which
requests count as local is decided in ``delivery/local_mode.py``.

No Streamlit import: the upload and roll-back code checks the same functions the pages do.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from delivery.errors import DeliveryError, quoted
from delivery.reference.suggest import did_you_mean_code

VIEWER = "viewer"
ANALYST = "analyst"
CENTRE_ANALYST = "centre analyst"
ADMIN = "admin"
ROLES = (VIEWER, ANALYST, CENTRE_ANALYST, ADMIN)

UPLOAD = "upload"
ROLL_BACK = "roll back"
DATA_PAGES = "data pages"
SETTINGS = "settings"
PERMISSIONS = (UPLOAD, ROLL_BACK, DATA_PAGES, SETTINGS)

_ENTRY_KEYS = {"email", "role", "departments", "name", "subject"}


class RolesFileError(DeliveryError):
    """The roles file cannot be read or has an entry the app cannot use; the message says where."""


@dataclass(frozen=True)
class User:
    """Who is using the app, and what the roles file (or local mode) lets them do."""

    name: str
    email: str
    role: str = VIEWER
    departments: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the user is named on screen and in the load history: "Ana <ana@x.gov>"."""
        if self.name and self.email and self.name != self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or "unknown user"


@dataclass(frozen=True)
class Grant:
    """One roles-file entry: the role and departments given to an email address."""

    role: str
    departments: tuple[str, ...] = ()
    subject: str | None = None  # the provider's "sub" claim: when set, the only way to match


def normalise_role(text: str) -> str | None:
    """A role from the roles file, forgiving case, '_' and '-' ("Centre_Analyst"); None if unknown."""
    role = " ".join(str(text).strip().lower().replace("_", " ").replace("-", " ").split())
    return role if role in ROLES else None


def local_user(name: str, role: tuple[str, tuple[str, ...]], known_departments: Iterable[str]) -> User:
    """Local single-user mode's one user on a server this computer alone can reach: the role the
    DELIVERY_LOCAL_ROLE setting names (admin by default; an analyst for named departments, for training
    and demos). A department code not in the list of departments raises DeliveryError."""
    kind, departments = role
    known = list(known_departments)
    unknown = [d for d in departments if d not in known]
    if unknown:
        raise DeliveryError(
            f"DELIVERY_LOCAL_ROLE names {quoted(unknown[0])}, which is not a department code in "
            f"data/departments.csv.{did_you_mean_code(unknown[0], known)}"
        )
    return User(name=name, email="", role=kind, departments=departments)


def can_upload(user: User, department: str) -> bool:
    """May ``user`` load a return for ``department``?"""
    if user.role in (CENTRE_ANALYST, ADMIN):
        return True
    return user.role == ANALYST and department in user.departments


def adds_any_priority_id(user: User) -> bool:
    """May ``user`` load a new priority ID without its department's prefix (delivery/store/new_ids.py)?"""
    return user.role == ADMIN


def can_roll_back(user: User) -> bool:
    """May ``user`` roll a load back?"""
    return user.role in (CENTRE_ANALYST, ADMIN)


def can_record_transfer(user: User) -> bool:
    """May ``user`` record that a priority moved to another lead department (on the Upload page)?"""
    return user.role == ADMIN


def can_see_unreviewed(user: User) -> bool:
    """Does ``user`` see returns the centre has not yet accepted (the draft picture)? The centre does; viewers
    and departments' analysts see the agreed picture (delivery/store/reviews.py)."""
    return user.role in (CENTRE_ANALYST, ADMIN)


def can_see_data_pages(user: User) -> bool:
    """May ``user`` see the Data section (upload, load history)?"""
    return user.role in (ANALYST, CENTRE_ANALYST, ADMIN)


def can_see_settings(user: User) -> bool:
    """May ``user`` see how the app is set up (the Settings page: store path, sign-in, settings' names)?"""
    return user.role == ADMIN


def allowed_departments(user: User) -> frozenset[str] | None:
    """The departments ``user`` may load returns for: None means any department."""
    if user.role in (CENTRE_ANALYST, ADMIN):
        return None
    if user.role == ANALYST:
        return frozenset(user.departments)
    return frozenset()


def _who(user: User) -> str:
    article = "an" if user.role[0] in "aeiou" else "a"
    return f"{user.label}, {article} {user.role}"


ASK_FOR_A_ROLE = "If you need to, ask an administrator to add you to the roles file."


def refusal(user: User, permission: str, department: str | None = None, remedy: str = ASK_FOR_A_ROLE) -> str | None:
    """Why ``user`` may not do ``permission`` (for ``department``), in plain English; None if allowed.

    ``remedy`` ends a refusal of the Data pages: how to get access where the app runs.
    """
    if permission not in PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}; expected one of {PERMISSIONS}.")
    if permission == DATA_PAGES and not can_see_data_pages(user):
        return (
            f"This page is for analysts. You are {_who(user)}: you can browse the dashboard "
            f"and read briefs, but not upload returns or see the load history. {remedy}"
        )
    if permission == SETTINGS and not can_see_settings(user):
        return (
            f"This page is for administrators. You are {_who(user)}: how the dashboard is set up on its "
            "server is for whoever runs it."
        )
    if permission == ROLL_BACK and not can_roll_back(user):
        return (
            f"Only centre analysts and admins can roll a load back. You are {_who(user)}. "
            "Ask the delivery unit's data team if a load needs undoing."
        )
    if permission == UPLOAD:
        if not can_see_data_pages(user):
            return refusal(user, DATA_PAGES, remedy=remedy)
        if department is not None and not can_upload(user, department):
            return (
                f"You can load returns for {', '.join(user.departments) or 'no department'} only, "
                f"so this return for {department} was refused and nothing was written. "
                f"Ask a centre analyst to load it, or ask an administrator to add {department} "
                "to your entry in the roles file."
            )
    return None


def user_for(
    name: str, email: str, grants: dict[str, Grant], email_verified: object = False, subject: str | None = None
) -> User:
    """The User for a signed-in identity: their roles-file grant, or a viewer if not listed.

    A grant is found by the provider's ``subject`` id when an entry names one, or else by
    ``email``, and then only when the provider has verified the address (``email_verified``
    true). Anything else is a viewer.
    """
    grant = _grant_for(email, grants, email_verified, subject) or Grant(VIEWER)
    return User(name=name or email, email=email, role=grant.role, departments=grant.departments)


def _grant_for(email: str, grants: dict[str, Grant], email_verified: object, subject: str | None) -> Grant | None:
    if subject:
        pinned = next((g for g in grants.values() if g.subject == str(subject)), None)
        if pinned:
            return pinned
    grant = grants.get((email or "").strip().lower())
    if grant is None or grant.subject is not None:  # a pinned entry is never matched on the address
        return None
    return grant if is_verified(email_verified) else None


def is_verified(claim: object) -> bool:
    """Is an ``email_verified`` claim true? Some providers send the text "true"."""
    return claim is True or (isinstance(claim, str) and claim.strip().lower() == "true")


def load_roles(path: Path, known_departments: Iterable[str] | None = None) -> dict[str, Grant]:
    """Read the roles file: lower-cased email -> Grant. A missing file grants nothing (all viewers).

    Raises RolesFileError naming the file, the entry and the problem, listing every problem.
    """
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RolesFileError(f"The roles file {path} cannot be read: {error}.") from None
    except tomllib.TOMLDecodeError as error:
        raise RolesFileError(f"The roles file {path} is not valid TOML: {error}.") from None
    known = None if known_departments is None else set(known_departments)
    grants, problems = _parse_entries(data, known)
    if problems:
        raise RolesFileError(f"The roles file {path} has {_count(problems)}:\n- " + "\n- ".join(problems))
    return grants


def _count(problems: list[str]) -> str:
    return "1 problem" if len(problems) == 1 else f"{len(problems)} problems"


def _shown(value) -> str:
    """A value from the roles file for a message: text in plain quotes (errors.quoted), a number or list as written."""
    return quoted(value) if isinstance(value, str) else str(value)


def _parse_entries(data: dict, known: set[str] | None) -> tuple[dict[str, Grant], list[str]]:
    extra = sorted(set(data) - {"user"})
    problems = [f"unexpected section {quoted(k)}: entries are [[user]] tables" for k in extra]
    entries = data.get("user", [])
    if not isinstance(entries, list):
        return {}, problems + ["'user' must be a list of [[user]] tables"]
    grants: dict[str, Grant] = {}
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        email, grant, entry_problems = _parse_entry(entry, known)
        where = f"user {number}" + (f" ({email})" if email else "")
        if email and email in seen:
            entry_problems.append(f"{email} is listed more than once")
        seen.add(email)
        problems += [f"{where}: {p}" for p in entry_problems]
        if email and grant and not entry_problems:
            grants[email] = grant
    return grants, problems


def _parse_entry(entry, known: set[str] | None) -> tuple[str, Grant | None, list[str]]:
    if not isinstance(entry, dict):
        return "", None, ["must be a [[user]] table"]
    problems = [
        f"unknown key {quoted(k)} (expected email, role, departments, name, subject)"
        for k in sorted(set(entry) - _ENTRY_KEYS)
    ]
    email = entry.get("email")
    if not isinstance(email, str) or "@" not in email:
        problems.append(f"email must be an email address, found {_shown(email)}")
        email = ""
    role = normalise_role(entry.get("role", ""))
    if role is None:
        problems.append(f"role {_shown(entry.get('role', ''))} is not one of {', '.join(ROLES)}")
    departments = entry.get("departments", [])
    if isinstance(departments, str):
        departments = [departments]
    if not isinstance(departments, list) or not all(isinstance(d, str) for d in departments):
        problems.append('departments must be a list of department codes, like ["DHSC", "DfE"]')
        departments = None
    listed = departments is not None
    departments = [d.strip() for d in departments or []]
    subject = entry.get("subject")
    if subject is not None and (not isinstance(subject, str) or not subject.strip()):
        problems.append(f"subject must be the provider's subject id as text, found {_shown(subject)}")
        subject = None
    unknown = [d for d in departments if known is not None and d not in known]
    if unknown:
        problems.append(f"unknown department code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
    if role == ANALYST and listed and not departments:
        problems.append("an analyst needs at least one department")
    grant = Grant(role, tuple(departments), subject.strip() if subject else None) if role else None
    return email.strip().lower(), grant, problems
