"""Accessibility: axe-core (through axe-playwright-python) over every page in Chromium.

Fails on any serious or critical violation. Nothing is excluded: the page menu, whose
Streamlit markup axe used to flag ("list", "listitem"), is now the app's own (ui/frame/menu.py).

Moderate and minor findings are printed, not failed, so they can be seen and fixed.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import HELP_PAGES, PAGES

pytestmark = pytest.mark.e2e
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

STREAMLIT_CHROME: list[str] = []  # parts of Streamlit's own markup to leave out, if ever needed
FAIL_ON = {"serious", "critical"}


def _describe(violation: dict) -> str:
    nodes = "; ".join(" ".join(map(str, n["target"])) + " " + n["html"][:120] for n in violation["nodes"][:3])
    return f"{violation['impact']} {violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: {nodes})"


@pytest.mark.parametrize("name", [p[0] for p in PAGES + HELP_PAGES])
def test_no_serious_accessibility_violations(shown_page, name):
    context = {"exclude": [[selector] for selector in STREAMLIT_CHROME]}
    results = axe_sync.Axe().run(shown_page(name), context=context)
    violations = results.response["violations"]
    for v in violations:
        if v["impact"] not in FAIL_ON:
            print(f"{name}: {_describe(v)}")
    serious = [_describe(v) for v in violations if v["impact"] in FAIL_ON]
    assert serious == [], f"{name} has serious accessibility problems:\n" + "\n".join(serious)
