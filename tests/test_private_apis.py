"""Libraries' private names are used in one adapter per library, and each is still where it was.

- Streamlit: ui/frame/streamlit_private.py (written for streamlit 1.67.0).
- openpyxl: delivery/returns/openpyxl_private.py (written for openpyxl 3.1.5).
- python-pptx: none; delivery/briefs/slide_chart.py reaches the slide XML through the public ``element``.
- python-docx: none; delivery/briefs/word.py reaches the XML (cell shading, alt text) through the public
  ``element`` of runs and styles.

When an upgrade moves a private name, the test names the library's version, the name and the
adapter to mend ("streamlit 1.68.0 moved _convert_altair_to_vega_lite_spec (written for 1.67.0);
see ui/frame/streamlit_private.py"). Nothing outside the adapters imports those modules or
touches those names.
"""

import ast
import importlib
from pathlib import Path

import openpyxl
import pytest
import streamlit
from openpyxl.styles import PatternFill

from delivery.reference import ratings
from delivery.returns import openpyxl_private
from delivery.returns.cell_styles import CellStyles
from ui.frame import streamlit_private

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT_ADAPTER = "ui/frame/streamlit_private.py"
OPENPYXL_ADAPTER = "delivery/returns/openpyxl_private.py"


def moved(library: str, version: str, written_for: str, name: str, adapter: str) -> str:
    """What a test says when ``library`` at ``version`` no longer has ``name`` where ``adapter`` expects it."""
    return f"{library} {version} moved {name} (written for {written_for}); see {adapter}"


def _streamlit_moved(names: dict) -> list[str]:
    gone = [
        name
        for name, (module, path) in names.items()
        if streamlit_private.lookup(module, path) is streamlit_private.MISSING
    ]
    return [
        moved("streamlit", streamlit.__version__, streamlit_private.WRITTEN_FOR, name, STREAMLIT_ADAPTER)
        for name in gone
    ]


@pytest.mark.parametrize("name", sorted(streamlit_private.NAMES))
def test_each_streamlit_private_name_is_where_the_adapter_expects_it(name):
    problems = _streamlit_moved({name: streamlit_private.NAMES[name]})
    assert problems == [], problems[0] if problems else ""


def test_a_moved_streamlit_name_is_reported_with_the_version_and_the_adapter():
    gone = {"_convert_altair_to_vega_lite_spec": ("streamlit.elements.vega_charts", "_convert_to_spec")}
    assert _streamlit_moved(gone) == [
        f"streamlit {streamlit.__version__} moved _convert_altair_to_vega_lite_spec (written for 1.67.0); "
        "see ui/frame/streamlit_private.py"
    ]


def test_the_streamlit_adapter_names_the_version_it_was_written_for():
    assert streamlit_private.WRITTEN_FOR == "1.67.0"
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").split()
    # the pin and the adapter move together
    assert f"streamlit[auth]=={streamlit_private.WRITTEN_FOR}" in requirements


def test_the_streamlit_fallbacks_answer_when_every_private_name_has_moved(monkeypatch):
    """A moved name costs speed or a convenience, never an error: each function still answers."""
    for variable in ("_run_ctx", "_convert", "_exists", "_runtime", "_instance", "_logger"):
        monkeypatch.setattr(streamlit_private, variable, streamlit_private.MISSING)
    monkeypatch.setattr(streamlit_private, "_pages", None)

    class Chart:
        def to_dict(self):
            return {"mark": "line"}

    assert (
        streamlit_private.in_script_run(),
        streamlit_private.in_pages_directory_mode(),
        streamlit_private.under_server(),
        streamlit_private.under_real_server(),
    ) == (False, False, False, False)
    streamlit_private.end_pages_directory_mode()
    assert streamlit_private.altair_to_vega_lite(Chart()) == {"mark": "line"}
    assert streamlit_private.logger("ui.views.warm").name == "ui.views.warm"


def test_the_old_pages_folder_mode_is_switched_off_as_st_navigation_does():
    manager = importlib.import_module("streamlit.runtime.pages_manager").PagesManager
    before = manager.uses_pages_directory
    try:
        manager.uses_pages_directory = True
        assert streamlit_private.in_pages_directory_mode()
        streamlit_private.end_pages_directory_mode()
        assert manager.uses_pages_directory is False and not streamlit_private.in_pages_directory_mode()
    finally:
        manager.uses_pages_directory = before


def _openpyxl_moved() -> list[str]:
    found = [
        name
        for name, (module, attribute) in openpyxl_private.NAMES.items()
        if not hasattr(importlib.import_module(module), attribute)
    ]
    reader = getattr(importlib.import_module("openpyxl.reader.excel"), "ExcelReader", None)
    found += [f"ExcelReader.{step}" for step in openpyxl_private.READER_STEPS if not hasattr(reader, step)]
    book = openpyxl.Workbook()
    found += [f"Workbook.{a}" for a in openpyxl_private.WORKBOOK_ATTRIBUTES if not hasattr(book, a)]
    return [
        moved("openpyxl", openpyxl.__version__, openpyxl_private.WRITTEN_FOR, name, OPENPYXL_ADAPTER) for name in found
    ]


def test_each_openpyxl_private_name_is_where_the_adapter_expects_it():
    problems = _openpyxl_moved()
    assert problems == [], "; ".join(problems)


def test_the_openpyxl_adapter_names_the_version_it_was_written_for():
    assert openpyxl_private.WRITTEN_FOR == "3.1.5"
    assert f"openpyxl=={openpyxl_private.WRITTEN_FOR}" in (ROOT / "requirements.txt").read_text().split()


def test_the_stylesheet_gives_each_cells_fill_and_format(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ratings"
    sheet["A1"], sheet["A2"], sheet["A3"] = "", 0.45, "plain"
    sheet["A1"].fill = PatternFill("solid", fgColor=ratings.COLOURS[ratings.RED].lstrip("#"))
    sheet["A2"].number_format = "0%"
    book.save(tmp_path / "r.xlsx")
    data = (tmp_path / "r.xlsx").read_bytes()
    read = openpyxl_private.read_stylesheet(data)
    assert read.parts == {"Ratings": "xl/worksheets/sheet1.xml"}
    assert b'<c r="A2" s="2"' in read.read_part("Ratings")
    assert [fmt for _, fmt in read.styles] == ["General", "General", "0%"]
    assert CellStyles(data).of_column("Ratings", "A") == {1: (ratings.RED, False), 2: (None, True)}


def _sources(*folders: str) -> list[Path]:
    files = [ROOT / "app.py"] if "app.py" in folders else []
    files += [p for f in folders if f != "app.py" for p in (ROOT / f).rglob("*.py")]
    return [p for p in files if not p.name.startswith("bench")]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    ]


def test_only_the_streamlit_adapter_reaches_into_streamlit():
    """app.py, pages/ and ui/ use ``streamlit`` itself (and the exceptions in streamlit.errors it raises
    into app code); its internals only through ui/frame/streamlit_private.py, by name, not by import."""
    found = sorted(
        f"{p.relative_to(ROOT)}: {m}"
        for p in _sources("app.py", "pages", "ui")
        for m in _imports(p)
        if m.startswith("streamlit.") and m != "streamlit.errors"
    )
    assert found == []


def test_nothing_in_the_edge_touches_another_objects_private_name():
    """No ``x._name`` in app.py, pages/ or ui/ (``self._name`` is a class's own; the adapter reaches by name)."""
    found = sorted(
        f"{p.relative_to(ROOT)}:{n.lineno} {ast.unparse(n)}"
        for p in _sources("app.py", "pages", "ui")
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(n, ast.Attribute)
        and n.attr.startswith("_")
        and not n.attr.startswith("__")
        and ast.unparse(n.value) not in {"self", "cls"}
    )
    assert found == []


def test_only_the_openpyxl_adapter_uses_openpyxls_private_names_and_nothing_uses_python_pptxs():
    private = set(openpyxl_private.WORKBOOK_ATTRIBUTES) | {"_archive", "_chartSpace", "_element"}
    internal = {module for module, _ in openpyxl_private.NAMES.values()} | {"openpyxl.reader"}
    found = []
    for path in _sources("delivery"):
        if path.relative_to(ROOT).as_posix() == OPENPYXL_ADAPTER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(ROOT)}: {m}"
            for m in _imports(path)
            if m in internal or m.startswith(("openpyxl.reader.", "pptx.oxml"))
        ]
        found += [
            f"{path.relative_to(ROOT)}:{n.lineno} {ast.unparse(n)}"
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr in private
        ]
    assert found == []
