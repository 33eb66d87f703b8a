"""What the Upload and Loads pages' AppTests share: the roles file, sign-in, serving a store, a snapshot of it.

Users sign in through AppTest's st.user with the roles below, written to a file in tmp_path.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from delivery.store import archive
from delivery.store.versions import Store, run_query

ROOT = Path(__file__).resolve().parent.parent
ROLES = """
[[user]]
email = "ana@dfe.example"
name = "Ana"
role = "analyst"
departments = ["DfE"]

[[user]]
email = "hugo@ho.example"
name = "Hugo"
role = "analyst"
departments = ["HO"]

[[user]]
email = "cleo@centre.example"
name = "Cleo"
role = "centre analyst"

[[user]]
email = "ada@centre.example"
name = "Ada"
role = "admin"
"""
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "test",
    "client_secret": "test",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}


def serve(store: Store, tmp_path: Path, monkeypatch) -> Store:
    """Make the app serve ``store``, with the roles above."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    monkeypatch.setenv("DELIVERY_ROLES", str(roles))
    return store


def run_as(script: str, email: str | None) -> AppTest:
    """Run ``script`` (a page or app.py) signed in as ``email``, or signed out if None."""
    at = AppTest.from_file(script, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = (
        {"is_logged_in": True, "email": email, "name": email.split("@")[0].title(), "email_verified": True}
        if email
        else {"is_logged_in": False}
    )
    return at.run()


def snapshot(store: Store) -> tuple:
    """The published version, every row of the tables an upload touches, the archive's log and files."""
    con = store.connect_read()
    try:
        loads = run_query(con, "loads_history")[["load_id", "file_name", "outcome", "active"]]
        tables = [
            con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # noqa: S608 (contract names)
            for t in ("priorities", "milestones", "indicators", "trajectory", "actuals")
        ]
    finally:
        con.close()
    kept = sorted(p.name for p in store.archive.iterdir())
    return store.version(), loads.to_dict("records"), tables, archive.read_log(store.archive), kept
