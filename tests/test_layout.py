"""The package's architecture holds: imports point one way, and nothing in delivery/ imports Streamlit."""
import ast
import graphlib
from pathlib import Path

import pytest

DELIVERY = Path(__file__).resolve().parent.parent / "delivery"
# Each stage may import only stages listed before it (and the top-level modules).
STAGES = ["reference", "returns", "store", "upload", "analysis", "charts", "briefs", "demo"]
TOP = {"errors", "settings", "auth"}


def _name(path: Path) -> str:
    return ".".join(("delivery", *path.relative_to(DELIVERY).with_suffix("").parts)).removesuffix(".__init__")


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every delivery module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("delivery"):
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                      for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("delivery")}
    return found & modules


def _graph() -> dict[str, set[str]]:
    paths = {_name(p): p for p in DELIVERY.rglob("*.py")}
    return {m: _imports(p, set(paths)) - {m, "delivery"} for m, p in paths.items()}


def test_no_import_circle():
    graphlib.TopologicalSorter(_graph()).prepare()  # raises CycleError naming the circle


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_earlier_stages(stage):
    allowed = set(STAGES[:STAGES.index(stage) + 1]) | TOP
    wrong = {(m, d) for m, deps in _graph().items() if m.split(".")[1:2] == [stage]
             for d in deps if d.split(".")[1] not in allowed}
    assert wrong == set()


def test_nothing_in_delivery_imports_streamlit():
    users = [str(p.relative_to(DELIVERY)) for p in DELIVERY.rglob("*.py")
             if any(isinstance(n, (ast.Import, ast.ImportFrom)) and "streamlit" in ast.unparse(n)
                    for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))]
    assert users == []
