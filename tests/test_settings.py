"""Settings are the one door to configuration (delivery/settings.py): the store's folder included,
read the same way by the app and the command line, relative paths taken from the project."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from delivery import settings
from delivery.store.versions import Store, default_store_path
from tests.conftest import APP
from tests.test_reader import valid_return

ROOT = Path(__file__).resolve().parent.parent
PATH_SETTINGS = ["DELIVERY_DB", "DELIVERY_ROLES", "DELIVERY_CALENDAR"]


def _app_sources() -> list[Path]:
    return [ROOT / "app.py", *ROOT.glob("delivery/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/**/*.py")]


def _environment_reads(path: Path) -> list[str]:
    """Each ``os.getenv(...)``, ``os.environ.get(...)`` and ``os.environ[...]`` read in ``path``, as written.

    Setting a variable (``os.environ[X] = ...``) and passing the environment on to a child
    process (``os.environ | {...}``) read no configuration."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("os.getenv", "getenv", "os.environ.get", "environ.get")
            or (
                isinstance(node, ast.Subscript)
                and isinstance(node.ctx, ast.Load)
                and ast.unparse(node.value) in ("os.environ", "environ")
            )
        ):
            found.append(ast.unparse(node))
    return found


def test_only_the_settings_module_reads_configuration_from_the_environment():
    reads = {
        str(p.relative_to(ROOT)): found
        for p in _app_sources()
        if p != ROOT / "delivery" / "settings.py" and (found := _environment_reads(p))
    }
    assert reads == {}


@pytest.mark.parametrize("name", PATH_SETTINGS)
def test_a_relative_path_setting_is_taken_from_the_project_wherever_it_is_read(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert settings.get(name, environ={name: "elsewhere/x"}) == ROOT / "elsewhere" / "x"
    assert settings.get(name, secrets={name: "kept/x"}, environ={}) == ROOT / "kept" / "x"
    assert settings.get(name, environ={name: str(tmp_path / "abs")}) == tmp_path / "abs"


def test_the_store_is_the_delivery_db_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DELIVERY_DB", raising=False)
    assert Store().root == default_store_path() == ROOT / "data" / "store"
    monkeypatch.setenv("DELIVERY_DB", "stores/one")
    assert Store().root == ROOT / "stores" / "one"
    assert Store(Path("given")).root == Path("given")  # --db: taken from the working directory, as typed


def _validate(tmp_path, path: Path, **env: str) -> subprocess.CompletedProcess:
    """`python -m delivery validate PATH` run from ``tmp_path`` as a child, with ``env`` set and no DELIVERY_DB
    but what ``env`` gives."""
    inherited = {k: v for k, v in os.environ.items() if k != "DELIVERY_DB"}
    return subprocess.run(
        [sys.executable, "-m", "delivery", "validate", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=inherited | {"PYTHONPATH": str(ROOT), **env},
    )


def test_the_command_line_takes_a_relative_delivery_db_from_the_project(tmp_path):
    # Run from another folder: the store named is inside the project, not inside the working directory.
    done = _validate(tmp_path, valid_return(tmp_path / "return.xlsx"), DELIVERY_DB="no-store-here")
    assert done.stdout.splitlines()[0] == (
        f"Reporting rights not checked: there is no store at {ROOT / 'no-store-here'} (nothing has been loaded "
        "there). Give --db STORE to check them against a store."
    )
    assert not (ROOT / "no-store-here").exists() and not (tmp_path / "no-store-here").exists()


def _overview_metrics(secrets: dict) -> dict[str, str]:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.run()
    assert not at.exception
    return {m.label: m.value for m in at.metric}


def test_the_app_serves_the_store_its_secrets_file_names(sample_store_root, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(sample_store_root))
    by_environment = _overview_metrics({})
    monkeypatch.delenv("DELIVERY_DB")
    assert _overview_metrics({"DELIVERY_DB": str(sample_store_root)}) == by_environment
    assert by_environment["Not reported this period"] == "1"  # the sample government, not an empty store


def test_the_command_line_reads_the_secrets_file_the_app_reads(tmp_path):
    # It read the environment only: a DELIVERY_DB set in the secrets file sent `load` to data/store while the
    # app served the store the file named. Here the file in the home folder (Streamlit reads it too).
    home, store = tmp_path / "home", tmp_path / "the-apps-store"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(f'DELIVERY_DB = "{store.as_posix()}"\n', encoding="utf-8")
    done = _validate(tmp_path, valid_return(tmp_path / "return.xlsx"), HOME=str(home))
    assert done.stdout.splitlines()[0] == (
        f"Reporting rights not checked: there is no store at {store} (nothing has been loaded "
        "there). Give --db STORE to check them against a store."
    )


def test_a_secrets_file_that_is_not_toml_stops_the_command_line_naming_it(tmp_path):
    home = tmp_path / "home"
    (home / ".streamlit").mkdir(parents=True)
    secrets = home / ".streamlit" / "secrets.toml"
    secrets.write_text('DELIVERY_DB = "unclosed\n', encoding="utf-8")
    done = _validate(tmp_path, valid_return(tmp_path / "return.xlsx"), HOME=str(home))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"Error: The secrets file {secrets} cannot be read (Illegal character '\\n' (at line 1, column 24)); "
        "fix it, or move it away, and run it again.\n"
    )


def test_domain_code_reads_the_secrets_file_and_the_environment_still_wins(tmp_path, monkeypatch):
    # The brief's protective marking was read from the environment only: the Settings page showed the
    # secrets file's marking while the brief printed the default.
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('DELIVERY_PROTECTIVE_MARKING = "SECRET"\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("DELIVERY_PROTECTIVE_MARKING", raising=False)
    assert settings.get("DELIVERY_PROTECTIVE_MARKING") == "SECRET"
    monkeypatch.setenv("DELIVERY_PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
    assert settings.get("DELIVERY_PROTECTIVE_MARKING") == "OFFICIAL-SENSITIVE"
    assert settings.get("DELIVERY_PROTECTIVE_MARKING", secrets={}, environ={}) == ""  # unset: the profile says
