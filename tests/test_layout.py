"""The app's architecture holds: imports point one way everywhere, and nothing in delivery/ imports Streamlit.

- delivery/: its stages import only earlier stages.
- ui/: its parts import only earlier parts (UI_PARTS): frame <- forms <- brief <- views.
- app.py and pages/ are the top: they import ui and delivery; nothing imports them.
- No circle anywhere in the app, counting imports inside functions (such an import is a circle
  hidden, not removed), and in ui/, pages/ and app.py an import inside a function says why.
- Benchmarks live in their own package: no module under ui/ or delivery/ is one, or imports one.
"""

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DELIVERY = ROOT / "delivery"
UI = ROOT / "ui"
# Each stage may import only stages listed before it (and the top-level modules).
STAGES = ["reference", "returns", "forms", "store", "upload", "analysis", "charts", "briefs", "demo"]
TOP = {"errors", "settings", "auth"}
# ui's parts, in the one direction imports point: each imports only parts listed before it.
UI_PARTS = ["frame", "forms", "brief", "views"]


def _is_bench(path: Path) -> bool:
    return any(part.startswith("bench") for part in path.relative_to(ROOT).with_suffix("").parts)


def _app_files() -> list[Path]:
    """Every Python file of the app: app.py, pages/, ui/ and delivery/ (bench modules aside: see the bench tests)."""
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *UI.rglob("*.py"), *DELIVERY.rglob("*.py")]
    return [p for p in files if not _is_bench(p)]


def _name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _on_disk(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or path.is_dir()


def _imported(node: ast.AST) -> set[str]:
    """The modules an import statement names: {'ui.frame.data'} for ``from ui.frame import data``."""
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        inner = {f"{node.module}.{a.name}" for a in node.names if _on_disk(f"{node.module}.{a.name}")}
        return inner or {node.module}
    if isinstance(node, ast.Import):
        return {a.name for a in node.names}
    return set()


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every app module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {name for node in ast.walk(tree) for name in _imported(node)} & modules


def _graph() -> dict[str, set[str]]:
    """module -> the app modules it imports, for every module of the app (package roots are not edges)."""
    paths = {_name(p): p for p in _app_files()}
    return {m: _imports(p, set(paths)) - {m, "delivery"} for m, p in paths.items()}


def _part(module: str) -> str:
    """'frame' for ui.frame.data; 'ui' for the package itself."""
    return module.split(".")[1] if module.count(".") >= 1 else module


def test_no_import_circle_anywhere_in_the_app():
    graphlib.TopologicalSorter(_graph()).prepare()  # raises CycleError naming the circle


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_earlier_stages(stage):
    allowed = set(STAGES[: STAGES.index(stage) + 1]) | TOP
    wrong = {
        (m, d)
        for m, deps in _graph().items()
        if m.split(".")[:2] == ["delivery", stage]
        for d in deps
        if d.split(".")[0] != "delivery" or d.split(".")[1] not in allowed
    }
    assert wrong == set()


def test_ui_is_made_of_its_parts():
    modules = {_name(p) for p in UI.rglob("*.py") if not _is_bench(p)}
    assert {_part(m) for m in modules} == {"ui", *UI_PARTS}
    assert {m for m in modules if m.count(".") == 1} == {f"ui.{part}" for part in UI_PARTS}  # no loose module


@pytest.mark.parametrize("part", UI_PARTS)
def test_a_ui_part_imports_only_earlier_parts_and_delivery(part):
    allowed = {f"ui.{p}" for p in UI_PARTS[: UI_PARTS.index(part) + 1]}
    wrong = {
        (m, d)
        for m, deps in _graph().items()
        if m.startswith(f"ui.{part}.") or m == f"ui.{part}"
        for d in deps
        if not d.startswith("delivery") and ".".join(d.split(".")[:2]) not in allowed
    }
    assert wrong == set()


def test_the_ui_package_itself_imports_only_the_frame():
    graph = _graph()
    assert graph["ui"] <= {m for m in graph if m.startswith("ui.frame.")}


def test_pages_and_app_are_the_top():
    """Pages import ui and delivery (never another page, never app.py); nothing imports a page or app.py."""
    graph = _graph()
    assert {(m, d) for m, deps in graph.items() for d in deps if d == "app" or d.startswith("pages.")} == set()
    assert {
        (m, d) for m, deps in graph.items() if m.startswith("delivery") for d in deps if not d.startswith("delivery")
    } == set()


def test_nothing_in_delivery_imports_streamlit():
    users = [
        str(p.relative_to(DELIVERY))
        for p in DELIVERY.rglob("*.py")
        if any(
            isinstance(n, (ast.Import, ast.ImportFrom)) and "streamlit" in ast.unparse(n)
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        )
    ]
    assert users == []


def test_an_import_inside_a_function_in_the_edge_says_why():
    """In ui/, pages/ and app.py an import inside a function keeps a heavy optional library lazy,
    and a comment on its line or the line above says so; anything else goes at the top."""
    silent = []
    for path in _app_files():
        if DELIVERY in path.parents:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for func in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and not any(
                    "#" in lines[n - 1] for n in (node.lineno, node.lineno - 1)
                ):
                    silent.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert silent == []


def test_nothing_in_ui_or_delivery_imports_a_bench_module():
    """Benchmarks import the app, never the other way round (bench/ is its own package)."""
    found = sorted(
        {
            f"{path.relative_to(ROOT)} imports {name}"
            for folder in (UI, DELIVERY)
            for path in folder.rglob("*.py")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            for name in _imported(node)
            if any(part.startswith("bench") for part in name.split("."))
        }
    )
    assert found == [], "ui/ and delivery/ import benchmarks: " + "; ".join(found)


def test_no_module_under_ui_or_delivery_is_a_bench_module():
    found = sorted(str(p.relative_to(ROOT)) for folder in (UI, DELIVERY) for p in folder.rglob("bench*"))
    assert found == [], "benchmarks belong in bench/, not in the app: " + ", ".join(found)
