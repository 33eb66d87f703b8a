"""Every page of the demo government at a desktop, a small laptop and a phone: nothing cut, nothing ours axe flags.

One `streamlit run app.py` serves the demo's returns (delivery.demo, the 12-priority
government a new user first sees, built into a store under tmp_path) and one Chromium tab
visits every page at 1400 x 1000, 1024 x 768 and 390 x 844. On each page:

- no table column header is cut: st.dataframe draws its grid on a canvas, so the test reads
  each column's width from the grid's own props and measures the header's words in the grid's
  header font; at 1400 px no table scrolls sideways (a column past the right edge is cut) unless
  it pins its first column (the Loads table's twelve columns cannot fit), and
  at every width a table of at most TABLE_ROWS rows shows them all without scrolling down;
- no chart title or subtitle is cut: Vega draws SVG here, so each title line drawn is compared
  with the chart spec's title, and it must end inside the chart's box; no chart text is cut with
  "…" or drawn past the chart's edge (tests/e2e/test_layout.py's CUT_SVG and OUTSIDE);
- no page text is cut with an ellipsis (tests/e2e/test_layout.py's CUT_HTML);
- axe finds no serious or critical violation.

Screenshots of every page at every size go to test-output/screens/ (git-ignored; CI keeps them).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from bench.common import URLS
from delivery.demo import returns as demo
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.e2e.conftest import WAIT_MS, sync_api
from tests.e2e.server import ROOT, serve_app, without_secrets
from tests.e2e.test_layout import CUT_HTML, CUT_SVG, OUTSIDE

pytestmark = pytest.mark.e2e
expect = sync_api.expect
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

SCREENS = ROOT / "test-output" / "screens"
SIZES = [(1400, 1000), (1024, 768), (390, 844)]
PAGES = {**{name: path.format(pid="EDU-01") for name, path in URLS.items()}, "upload": "/upload"}
# On a phone, the charts whose axis labels are wide (the milestone timeline, the chains heatmap, the areas
# chart) drew their legends, and the budget its bar labels, past the right edge: an expected failure until
# those charts put their legends one a row and their labels on two lines. Now nothing may.
TABLE_ROWS = 20  # ui.frame.widths.fitted's limit: a table of up to this many rows never scrolls down

# Each st.dataframe's columns as its grid draws them ({title, width}), the header font, and its scroll sizes.
TABLES = """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"]')).map((d, i) => {
  const canvas = d.querySelector('canvas');
  const key = canvas && Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
  let f = key ? canvas[key] : null, props = null;
  while (f && !props) { const p = f.memoizedProps; if (p && Array.isArray(p.columns) && p.theme) props = p; f = f.return; }
  const scroller = d.querySelector('.dvn-scroller');
  if (!props || !scroller) return {table: i + 1, missing: true};
  const t = props.theme, ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${t.headerFontStyle} ${t.fontFamily}`;
  const pad = 2 * (t.cellHorizontalPadding || 8);
  const cut = props.columns.filter(c => c.title && ctx.measureText(c.title).width + pad > c.width + 1)
    .map(c => `${c.title} (${Math.round(ctx.measureText(c.title).width + pad)} px in ${c.width} px)`);
  return {table: i + 1, first: props.columns.map(c => c.title).filter(Boolean).slice(0, 2).join(', '),
          rows: props.rows, cut, pinned: props.freezeColumns || 0, sideways: scroller.scrollWidth > scroller.clientWidth + 1,
          down: scroller.scrollHeight > scroller.clientHeight + 1};
})"""

# Each chart's title and subtitle lines as the spec gives them and as Vega drew them, and any drawn past the box.
TITLES = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]')).map((c, i) => {
  const key = Object.keys(c).find(k => k.startsWith('__reactFiber$'));
  let f = c[key], spec = null;
  while (f && !spec) { const p = f.memoizedProps; if (p && p.element && p.element.spec) spec = JSON.parse(p.element.spec); f = f.return; }
  const lines = v => v == null ? [] : (Array.isArray(v) ? v : [v]).map(String);
  const title = spec && spec.title, asked = typeof title === 'object' && title && !Array.isArray(title)
    ? [...lines(title.text), ...lines(title.subtitle)] : lines(title);
  const box = c.getBoundingClientRect();
  const texts = Array.from(c.querySelectorAll('.role-title-text text, .role-title-subtitle text'));
  // A title of several lines is one <text> with a <tspan> a line.
  const drawn = texts.flatMap(t => t.querySelectorAll('tspan').length
    ? Array.from(t.querySelectorAll('tspan')).map(s => s.textContent) : [t.textContent]);
  return {chart: i + 1, asked, drawn,
          outside: texts.filter(t => t.getBoundingClientRect().right > box.right + 1).map(t => t.textContent)};
})"""

# Every chart drawn at its container's width (Vega redraws after the window is resized).
FITTED = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]')).every(c => {
  const svg = c.querySelector('svg');
  return svg && svg.getBoundingClientRect().width <= c.getBoundingClientRect().width + 1;
})"""


def demo_government(root: Path) -> Path:
    """The demo's returns (the small scale: 12 priorities, 8 quarters), generated and loaded under ``root``."""
    files = sorted(demo.generate("small", root / "returns"))
    report = load_returns(Store(root / "store"), files, "test")
    if not report.ok:
        raise RuntimeError(f"the demo returns did not load: {report.problems[:3]}")
    return root / "store"


@pytest.fixture(scope="module")
def tab(tmp_path_factory, chromium):
    """One Chromium tab (of the session's one browser: a second Playwright in one process is refused) on one
    server of the demo government, for every page at every size."""
    work = tmp_path_factory.mktemp("screens")
    store = demo_government(work)
    served = serve_app(work, {"DELIVERY_DB": str(store)}, cwd=ROOT, extra_args=without_secrets(work))
    with served as url:
        context = chromium.new_context()
        yield url, context.new_page()
        context.close()


def _drawn(page, url: str, path: str, width: int, height: int) -> None:
    """Open ``path`` at this size and wait until its script has run and its charts and tables are drawn."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url + path)
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=WAIT_MS)
    charts, tables = page.get_by_test_id("stVegaLiteChart"), page.get_by_test_id("stDataFrame")
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg .role-title-text, svg text").first).to_be_attached(timeout=WAIT_MS)
    for i in range(tables.count()):
        expect(tables.nth(i).locator("canvas").first).to_be_attached(timeout=WAIT_MS)
    page.wait_for_function(FITTED, timeout=WAIT_MS)
    # A grid's props reach React a moment after its canvas, later on a busy machine (two test workers): wait for
    # them, and if they never come the check below says so.
    with contextlib.suppress(sync_api.TimeoutError):
        page.wait_for_function(f"() => ({TABLES})().every(t => !t.missing)", timeout=WAIT_MS)


def _cut_tables(page, width: int) -> list[str]:
    found = []
    for t in page.evaluate(TABLES):
        where = f"table {t['table']}" + (f" ({t['first']}, …)" if t.get("first") else "")
        if t.get("missing"):
            found.append(f"{where}: its grid could not be read")
            continue
        found += [f"{where}: header cut: {c}" for c in t["cut"]]
        if t["sideways"] and width >= 1400 and not t["pinned"]:  # a pinned column keeps each row named as it scrolls
            found.append(f"{where}: scrolls sideways, so its last columns are cut")
        if t["down"] and t["rows"] <= TABLE_ROWS:
            found.append(f"{where}: {t['rows']} rows, but it scrolls down")
    return found


def _cut_titles(page) -> list[str]:
    found = []
    for c in page.evaluate(TITLES):
        if c["drawn"] != c["asked"]:
            found.append(f"chart {c['chart']}: title drawn as {c['drawn']}, not {c['asked']}")
        found += [f"chart {c['chart']}: title past the chart's edge: {t}" for t in c["outside"]]
    return found


def _axe(page) -> list[str]:
    violations = axe_sync.Axe().run(page).response["violations"]
    return [
        f"axe {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes, first {v['nodes'][0]['target']})"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]


def _screenshot(page, name: str, width: int, height: int) -> None:
    """The whole page: Streamlit scrolls inside its main pane, so grow the window to fit, then shoot."""
    full = page.evaluate("document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 1000")
    page.set_viewport_size({"width": width, "height": min(max(int(full) + 40, height), 9000)})
    with contextlib.suppress(sync_api.TimeoutError):  # a picture taken mid-redraw is still worth keeping
        page.wait_for_function(FITTED, timeout=10_000)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}-{width}x{height}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_has_nothing_cut_and_nothing_axe_flags(tab, size):
    url, page = tab
    width, height = size
    problems = {}
    for name, path in PAGES.items():
        _drawn(page, url, path, width, height)
        found = _cut_tables(page, width) + _cut_titles(page)
        found += [f"chart text cut: {t}" for t in page.evaluate(CUT_SVG)]
        found += [f"chart text past the chart's edge: {t}" for t in page.evaluate(OUTSIDE)]
        found += [f"text cut: {t}" for t in page.evaluate(CUT_HTML)] + _axe(page)
        if page.get_by_test_id("stException").count():
            found.append("an error box")
        _screenshot(page, name, width, height)
        if found:
            problems[name] = found
    print(f"screenshots: {SCREENS}")
    listed = "\n".join(f"{name}: {problem}" for name, found in problems.items() for problem in found)
    assert problems == {}, f"cut or flagged at {width}x{height}:\n{listed}"
