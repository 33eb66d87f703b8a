"""Every setting of the app in one table: name, default and help text.

A setting is read, in order, from the environment (``DELIVERY_MAX_UPLOAD_MB=50``),
then from a secrets mapping (``st.secrets``: a top-level key in
``.streamlit/secrets.toml``, never committed), then from its default. The environment
wins so an operator can override a deployed secrets file for one run without editing it.
The app passes its secrets (``st.secrets``); every other reader (the command line, and the domain code
the app calls, such as the brief's protective marking) reads the same secrets files itself
(``secrets_files``: the project's ``.streamlit/secrets.toml``, and the one in the home folder, the
project's winning, as in Streamlit), so a setting in the secrets file means the same everywhere:
``python -m delivery load`` writes the store the app serves. A secrets file that is not TOML is
left out and said once by ``secrets_problem`` (the command line refuses to run on it).

This is the only module that reads configuration from the environment. A path setting that
is relative is taken from the project folder (the one holding app.py), wherever the app or
the command line was started, so ``streamlit run /srv/dashboard/app.py`` started from
elsewhere serves the same store as ``python -m delivery load`` run in the project. (A path
typed on the command line, such as ``--db``, is taken from the working directory, like the
files named beside it.)

No Streamlit import: the CLI, the app and the tests all read settings the same way.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from delivery import ROOT, auth
from delivery.errors import DeliveryError, quoted


class SettingError(DeliveryError):
    """A setting has a value the app cannot use; the message names it and what is allowed."""


def _path(text: str) -> Path:
    # Relative to the project, not to wherever the app was started (see the docstring).
    path = Path(text).expanduser()
    return path if path.is_absolute() else ROOT / path


def _optional_path(text: str) -> Path | None:
    return _path(text) if text.strip() else None


def _megabytes(text: str) -> int:
    value = int(text.strip())
    if not 1 <= value <= 1000:
        raise ValueError
    return value


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text.strip().replace(",", "").replace("_", ""))
        if not low <= value <= high:
            raise ValueError
        return value

    return parse


def _largest(low: float, high: float) -> Callable[[str], float]:
    """A positive limit written as 1e13, 10000000000000 or 10,000,000,000,000."""

    def parse(text: str) -> float:
        value = float(text.strip().replace(",", "").replace("_", ""))
        if not low <= value <= high:  # also refuses nan; inf is past any high
            raise ValueError
        return value

    return parse


def _local_role(text: str) -> tuple[str, tuple[str, ...]]:
    """'analyst for DfE, HO' -> ('analyst', ('DfE', 'HO')); 'admin' -> ('admin', ()).

    Only an analyst names departments (checked against the list of departments by auth.local_user)."""
    m = re.fullmatch(r"\s*([A-Za-z _-]+?)\s*(?:(?:\bfor\b|:)\s*(.*))?", text)
    role = auth.normalise_role(m[1]) if m else None
    departments = tuple(dict.fromkeys(c.strip() for c in re.split(r"[,;]", (m[2] or "") if m else "") if c.strip()))
    if role is None or (role == auth.ANALYST) != bool(departments):
        raise ValueError
    return role, departments


def _explanations(text: str) -> str:
    """How a missing explanation counts in a return: 'warning', 'error' or 'off'."""
    value = text.strip().lower()
    if value not in ("warning", "error", "off"):
        raise ValueError
    return value


def _local_mode(text: str) -> str:
    value = text.strip().lower()
    if value not in ("auto", "off"):
        raise ValueError
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name, its default (as text), what it does, and what it accepts."""

    name: str
    default: str
    help: str
    expects: str = "any text"
    parse: Callable[[str], object] = str


# Forecasts and flags (delivery/analysis/forecast.py, flags.py): the thresholds a delivery unit may tune,
# as (name, default, lowest, highest, what it does). One line each, so the formatter is held off.
# fmt: off
THRESHOLDS = (
    ("DELIVERY_FORECAST_MIN_POINTS", "3", 2, 100, "The fewest actuals an indicator needs for a forecast."),
    ("DELIVERY_FORECAST_RECENT_POINTS", "8", 2, 1000, "How many latest actuals a forecast's trend is fitted to."),
    ("DELIVERY_FORECAST_ON_COURSE_PCT", "70", 1, 100,
     "A forecast is 'on course' when at least this per cent of its band reaches the target on time."),
    ("DELIVERY_FORECAST_OFF_COURSE_PCT", "30", 0, 100,
     "A forecast is 'off course' when under this per cent of its band reaches the target on time; between, 'at risk'."),
    ("DELIVERY_FORECAST_STALE_MONTHS", "6", 1, 120,
     "An indicator whose latest actual is this many months old is stale: its forecast is never 'on course'."),
    ("DELIVERY_FLAG_SLIPS", "3", 2, 100, "A milestone whose forecast moved later in this many returns is flagged."),
    ("DELIVERY_FLAG_EXACT_PERIODS", "4", 2, 100,
     "Actuals exactly on the trajectory, or exactly repeated, this many periods running are flagged."),
)
# fmt: on

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DELIVERY_DB",
        "data/store",
        "Folder of the versioned DuckDB store the app serves and the loader writes (the command line's "
        "--db overrides it for one command). A relative path is taken from the project folder, the one "
        "holding app.py, not from the folder the app or the command was started in; so are DELIVERY_ROLES', "
        "DELIVERY_REFERENCE's and DELIVERY_CALENDAR's.",
        "a folder path (a relative path is taken from the project folder)",
        _path,
    ),
    Setting(
        "DELIVERY_ROLES",
        "data/roles.toml",
        "The roles file: which signed-in users (by email) are analysts, centre analysts "
        "or admins, and for which departments. Anyone not in it is a viewer. "
        "See data/roles.example.toml.",
        "a file path (a relative path is taken from the project folder)",
        _path,
    ),
    Setting(
        "DELIVERY_REFERENCE",
        "data",
        "The reference folder: the government's profile (profile.toml: date order, currency, fiscal year, "
        "name, marking), its departments, reporting calendar, rating words and areas. Check one with "
        "python -m delivery check-reference. Shipped: data (the UK) and data/profiles/us-federal.",
        "a folder path (a relative path is taken from the project folder)",
        _path,
    ),
    Setting(
        "DELIVERY_GOVERNMENT_NAME",
        "",
        "The government's name, shown at the top of every page and on briefs; blank takes the profile's "
        "government_name (DELIVERY_REFERENCE's profile.toml).",
    ),
    Setting(
        "DELIVERY_MAX_UPLOAD_MB",
        "20",
        "The largest return workbook the upload page accepts, in megabytes.",
        "a whole number of megabytes from 1 to 1000",
        _megabytes,
    ),
    Setting(
        "DELIVERY_LOCAL_MODE",
        "auto",
        "Without sign-in configured, 'auto' makes the one local user an admin when the "
        "server listens on localhost only (server.address 127.0.0.1); 'off' makes "
        "everyone a viewer, for a server that must never accept uploads without sign-in.",
        "auto or off",
        _local_mode,
    ),
    Setting(
        "DELIVERY_LOCAL_ROLE",
        "admin",
        "For training and demos: the role the one user of local single-user mode takes instead of admin, "
        "for example 'analyst for DfE' (uploads for DfE only), 'centre analyst' or 'viewer'. It can only "
        "narrow what local mode gives: a server others can reach still makes everyone a viewer.",
        "admin, centre analyst, viewer, or analyst for one or more department codes (analyst for DfE, HO)",
        _local_role,
    ),
    Setting(
        "DELIVERY_CALENDAR",
        "",
        "The reporting calendar: each department's cadence (monthly, quarterly, annual) and how many "
        "days after a period its return is due. Departments not listed report quarterly, due in 30 days. "
        "Blank takes calendar.csv in the reference folder (DELIVERY_REFERENCE).",
        "a file path (a relative path is taken from the project folder), or blank",
        _optional_path,
    ),
    Setting(
        "DELIVERY_STALE_AFTER_PERIODS",
        "2",
        "How many of its reporting periods a department may miss before its priorities leave the "
        "current picture. Until then they are shown as 'not updated since' their last return and "
        "counted apart as not reported this period.",
        "a whole number of periods from 0 to 100",
        _whole_number(0, 100),
    ),
    Setting(
        "DELIVERY_EXPLANATIONS",
        "off",
        "How a return's missing explanations count: a priority rated Red or Amber/Red with no commentary, and a "
        "Budget row whose forecast differs from its allocation by more than DELIVERY_BUDGET_VARIANCE_PCT with no "
        "variance narrative. 'warning' loads the return and lists them; 'error' refuses it until they are given; "
        "'off' (the default, so that stores and returns made before keep loading as they did) checks nothing.",
        "warning, error or off",
        _explanations,
    ),
    Setting(
        "DELIVERY_BUDGET_VARIANCE_PCT",
        "5",
        "The variance between a year's forecast and its allocation, in per cent of the allocation, above which "
        "the Budget row needs a variance narrative (the UK rule is 5%).",
        "a number of per cent from 0 to 1000",
        _largest(0, 1000),
    ),
    Setting(
        "DELIVERY_PROTECTIVE_MARKING",
        "",
        "The protective marking printed in the header and footer of every brief "
        "(PDF, PowerPoint and Excel), e.g. OFFICIAL-SENSITIVE; blank takes the profile's protective_marking.",
    ),
    Setting(
        "DELIVERY_MAX_ROWS_PER_SHEET",
        "250000",
        "The most rows any sheet of a return may reach (counting from row 1 to its last cell "
        "holding something); a return with more is refused before it is read, naming the sheet.",
        "a whole number of rows from 1,000 to 1,048,576",
        _whole_number(1_000, 1_048_576),
    ),
    Setting(
        "DELIVERY_READER_MEMORY_MB",
        "2048",
        "The memory one workbook being read may use, in megabytes, on top of the reader process "
        "itself. Workbooks are read in a separate process with this limit, so one that would need "
        "more is refused and the app carries on.",
        "a whole number of megabytes from 256 to 65536",
        _whole_number(256, 65_536),
    ),
    Setting(
        "DELIVERY_MAX_ID_CHARS",
        "64",
        "The most characters an ID or code cell of a return may hold (priority_id, node_id, milestone_id, "
        "indicator_id, risk_id, area_code, the department codes, financial_year); a longer one is refused at its cell. "
        "IDs go into links, which browsers and servers cap.",
        "a whole number of characters from 16 to 1,000",
        _whole_number(16, 1_000),
    ),
    Setting(
        "DELIVERY_MAX_NAME_CHARS",
        "300",
        "The most characters a name or title cell may hold (titles, names, owners, units, theme, "
        "prepared_by, template_version); a longer one is refused at its cell.",
        "a whole number of characters from 50 to 10,000",
        _whole_number(50, 10_000),
    ),
    Setting(
        "DELIVERY_MAX_TEXT_CHARS",
        "5000",
        "The most characters any other cell of a return may hold (commentary, outcome, target, description, "
        "mitigation, source, and text typed into a number, date or rating column); a longer one is refused "
        "at its cell.",
        "a whole number of characters from 300 to 1,000,000",
        _whole_number(300, 1_000_000),
    ),
    Setting(
        "DELIVERY_MAX_RETURN_TEXT_MB",
        "20",
        "The most text a return's tables may hold in all, in megabytes (a million characters or so each: "
        "2^20 characters). Counted while the workbook is read, in the reader's separate process: a return "
        "with more is refused as a whole before the app receives its text.",
        "a whole number of megabytes from 1 to 1000",
        _whole_number(1, 1000),
    ),
    Setting(
        "DELIVERY_MAX_AMOUNT",
        "1e13",
        "The largest amount of money, in pounds, a cell of a return may hold, either way (allocated, forecast, "
        "spent, whole-life costs); a larger one is refused at its cell (it is a typo or the wrong units).",
        "a number of pounds from 1,000 to 1e18",
        _largest(1e3, 1e18),
    ),
    Setting(
        "DELIVERY_MAX_VALUE",
        "1e15",
        "The largest value an indicator's baseline, target, trajectory or actual (or a tolerance) may have, "
        "either way; a larger one is refused at its cell.",
        "a number from 1,000 to 1e18",
        _largest(1e3, 1e18),
    ),
    *(
        Setting(name, default, text, f"a whole number from {low:,} to {high:,}", _whole_number(low, high))
        for name, default, low, high, text in THRESHOLDS
    ),
)

BY_NAME = {s.name: s for s in SETTINGS}


def secrets_files() -> tuple[Path, ...]:
    """The secrets files Streamlit reads when the app is started in the project folder, the later winning."""
    return (Path.home() / ".streamlit" / "secrets.toml", ROOT / ".streamlit" / "secrets.toml")


@functools.lru_cache(maxsize=8)
def _read_toml(path: str, stamp: tuple) -> tuple[dict, str | None]:
    """One secrets file's keys, or why it cannot be read; cached until the file changes (``stamp``)."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8")), None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        return {}, f"The secrets file {path} cannot be read ({error}); fix it, or move it away, and run it again."


def _files() -> list[tuple[dict, str | None]]:
    found = []
    for path in secrets_files():
        try:
            stat = path.stat()
        except OSError:  # no such file (the usual case): nothing set there
            continue
        found.append(_read_toml(str(path), (stat.st_mtime_ns, stat.st_size)))
    return found


def file_secrets() -> dict:
    """The secrets files' keys merged (``secrets_files``), those that cannot be read left out."""
    merged: dict = {}
    for keys, _ in _files():
        merged |= keys
    return merged


def secrets_problem() -> str | None:
    """Why a secrets file cannot be read, in one sentence naming it, or None."""
    return next((problem for _, problem in _files() if problem), None)


def _raw(setting: Setting, secrets: Mapping | None, environ: Mapping) -> tuple[str, str]:
    """The setting's text and where it came from (``secrets`` None: the secrets files)."""
    if environ.get(setting.name, "") != "":
        return str(environ[setting.name]), "the environment"
    if secrets is None:
        secrets = file_secrets()
    if setting.name in secrets:
        return str(secrets[setting.name]), "the secrets file"
    return setting.default, "the default"


def export_from_secrets(name: str, secrets: Mapping) -> None:
    """Copy a usable setting from ``secrets`` into this process's environment when the environment does not
    set it: for a setting the domain reads (it has no secrets), and the reader's child processes inherit."""
    if os.environ.get(name, "") == "" and name in secrets:
        try:
            get(name, secrets, {})
        except SettingError:
            return  # the app says why, where it reports the setting
        os.environ[name] = str(secrets[name])


def text(name: str) -> str:
    """The setting's text as set in the environment, else its default, unparsed: a cheap key for a cache."""
    return _raw(BY_NAME[name], None, os.environ)[0]


def get(name: str, secrets: Mapping | None = None, environ: Mapping | None = None):
    """The value of setting ``name`` (parsed), from environment, then secrets, then default."""
    setting = BY_NAME.get(name)
    if setting is None:
        raise SettingError(f"There is no setting called {name}; the settings are {', '.join(BY_NAME)}.")
    text, source = _raw(setting, secrets, os.environ if environ is None else environ)
    try:
        return setting.parse(text)
    except ValueError:
        raise SettingError(f"{name} must be {setting.expects}, but {source} sets it to {quoted(text)}.") from None


def describe(secrets: Mapping | None = None, environ: Mapping | None = None) -> list[dict]:
    """Every setting with its current value, where it is set, default, what it accepts, why its value
    cannot be used ('' when it can) and help: for the Settings page or the README."""
    environ = os.environ if environ is None else environ
    rows = []
    for s in SETTINGS:
        text, source = _raw(s, secrets, environ)
        try:
            get(s.name, secrets, environ)
            problem = ""
        except SettingError as error:
            problem = str(error)
        rows.append(
            {
                "name": s.name,
                "value": text,
                "source": source,
                "default": s.default,
                "accepts": s.expects,
                "problem": problem,
                "help": s.help,
            }
        )
    return rows
