"""Benchmarks live in their own package and import the app one way: never the other way round, no circle,
no private name, and no import hidden inside a function except of the optional browser libraries."""

import ast
import graphlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
APP = [
    ROOT / "app.py",
    *(ROOT / "delivery").rglob("*.py"),
    *(ROOT / "ui").rglob("*.py"),
    *(ROOT / "pages").rglob("*.py"),
]
OPTIONAL = {"playwright", "websockets"}  # development requirements, heavy: imported only where a browser runs


def _imports(path: Path) -> list[tuple[ast.AST, str, list[str]]]:
    """(node, module, names) of every import in ``path``, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(node, a.name, []) for a in node.names]
    return found


def _bench_name(path: Path) -> str:
    return ".".join(("bench", *path.relative_to(BENCH).with_suffix("").parts)).removesuffix(".__init__")


def _ours(module: str) -> bool:
    return module.split(".")[0] in {"bench", "delivery", "ui"}


def test_the_app_never_imports_the_benchmarks():
    users = {
        str(p.relative_to(ROOT)): module for p in APP for _, module, _ in _imports(p) if module.split(".")[0] == "bench"
    }
    assert users == {}


def test_the_benchmarks_have_no_import_circle():
    modules = {_bench_name(p): p for p in BENCH.glob("*.py")}
    graph = {
        m: {
            n
            for _, module, names in _imports(p)
            for n in [module, *(f"{module}.{x}" for x in names)]
            if n in modules and n not in (m, "bench")
        }
        for m, p in modules.items()
    }
    assert graph["bench.cli"]  # the graph is read: the command line imports the benchmarks
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the circle


def test_the_benchmarks_import_no_private_name_of_the_app_or_of_each_other():
    private = {
        (_bench_name(p), module, name)
        for p in BENCH.glob("*.py")
        for _, module, names in _imports(p)
        if _ours(module)
        for name in [*module.split("."), *names]
        if name.startswith("_")
    }
    assert private == set()


def test_only_the_optional_browser_libraries_are_imported_inside_a_function():
    inside = set()
    for path in BENCH.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inside |= {
                    (path.name, ast.unparse(n))
                    for n in ast.walk(function)
                    if isinstance(n, (ast.Import, ast.ImportFrom))
                    and (n.module if isinstance(n, ast.ImportFrom) else n.names[0].name).split(".")[0] not in OPTIONAL
                }
    assert inside == set()
