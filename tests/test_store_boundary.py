"""Only delivery/store opens the store: nothing else calls ``duckdb.connect`` or builds a version's path.

So a store kept elsewhere (a shared or hosted DuckDB) is plugged in behind ``Store.open_version``
alone. Tests may open files themselves; the app, the command line, briefs, scripts and benchmarks may not.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "delivery" / "store"
# Store internals that name local files; readers go through Store methods instead.
LOCAL_FILE_ATTRIBUTES = {"versions", "current_file"}


def _code_outside_the_store() -> list[Path]:
    files = [
        ROOT / "app.py",
        *(ROOT / "delivery").rglob("*.py"),
        *(ROOT / "ui").rglob("*.py"),
        *(ROOT / "pages").rglob("*.py"),
        *(ROOT / "scripts").rglob("*.py"),
        *(ROOT / "bench").rglob("*.py"),
    ]
    return [p for p in files if STORE not in p.parents]


def _bypasses(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == "duckdb" and any(a.name == "connect" for a in node.names)
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == "connect":
        return ast.unparse(node.value) == "duckdb"
    return node.attr in LOCAL_FILE_ATTRIBUTES and ast.unparse(node) != "delivery.store.versions"


def store_bypasses(source: str) -> list[str]:
    """Each place in ``source`` that opens DuckDB itself or reaches for a version file, as written."""
    return [ast.unparse(node) for node in ast.walk(ast.parse(source)) if _bypasses(node)]


def test_the_scan_covers_the_app_the_pages_the_command_line_and_the_benchmarks():
    names = {str(p.relative_to(ROOT)) for p in _code_outside_the_store()}
    assert {"app.py", "ui/frame/data.py", "bench/pages.py", "delivery/cli.py", "bench/loads.py"} <= names
    assert not any(n.startswith("delivery/store/") for n in names)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import duckdb\ncon = duckdb.connect(path, read_only=True)", ["duckdb.connect"]),
        ("from duckdb import connect", ["from duckdb import connect"]),
        ("opener = duckdb.connect", ["duckdb.connect"]),
        ("path = get_store().versions / version", ["get_store().versions"]),
        ("p = store.current_file()", ["store.current_file"]),
        ("from delivery.store.versions import Store\ncon = Store().open_version(name)", []),
        ("try:\n    x()\nexcept duckdb.Error:\n    pass", []),
    ],
)
def test_the_scan_finds_a_bypass(source, expected):
    assert store_bypasses(source) == expected


def test_nothing_outside_delivery_store_opens_duckdb_or_a_version_file():
    found = {str(p.relative_to(ROOT)): store_bypasses(p.read_text(encoding="utf-8")) for p in _code_outside_the_store()}
    assert {name: places for name, places in found.items() if places} == {}
