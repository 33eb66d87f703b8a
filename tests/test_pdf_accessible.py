"""The PDF brief is a tagged, titled, accessible PDF (PDF/UA-1), checked two ways on the demo's whole-government
brief: by the ``pdfua`` checker (pikepdf, no JVM), and here, for what that checker does not look at.

What pdfua 0.1.3 decides (read in its source, pdfua/rules/): a structure tree, /MarkInfo /Marked, no text or
image drawn outside marked content, the catalog's /Lang, a /Title shown as the window's title, every /Figure
with /Alt or /ActualText, tables with header cells associated to data cells, annotations and links described,
PDF/UA identification in XMP; and empty headings, though that rule fails on its own with pikepdf 10 (it asks
a pikepdf Array for ``is_integer``) and reports itself skipped. It never checks font embedding, heading
order, reading order or whether a table's header cells are tied to its data cells through the data cells'
/Headers (it counts only /Scope or /Headers on the header cells, so a table tagged the way WeasyPrint tags it,
/ID on each TH and /Headers on each TD, which PDF/UA-1 7.5 accepts, draws its one heuristic warning). Those
are checked below, in the structure tree itself.
"""

from __future__ import annotations

import concurrent.futures

import pikepdf
import pypdf
import pytest
from pdfua import Confidence, Severity, validate

from delivery import ROOT
from delivery.briefs import content, make, outline, text
from delivery.briefs.pdf import chart_spec
from delivery.briefs.pdf_table import HEADINGS
from delivery.store.versions import Store


@pytest.fixture(scope="module")
def brief_pdf(demo_store_root, tmp_path_factory):
    """(the demo's whole-government brief as PDF, its data, its words)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DELIVERY_CALENDAR", str(ROOT / "data" / "calendar.csv"))
        with Store(demo_store_root).connect_read() as con:
            data = make.read_brief_data(con, content.Scope())
    brief = text.make_brief(data)
    out = make.write(data, brief, "pdf", tmp_path_factory.mktemp("a11y") / "brief.pdf", protective_marking="OFFICIAL")
    return out, data, brief


def _elements(node, found=None):
    """Every structure element under ``node``, in the tree's order (the reading order)."""
    found = [] if found is None else found
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            found.append(kid)
            _elements(kid, found)
    return found


def test_the_checker_finds_no_error_and_only_its_heuristic_table_warning(brief_pdf):
    report = validate(str(brief_pdf[0]))
    findings = [(f.rule_id, f.severity, f.confidence) for o in report.outcomes for f in o.findings]
    assert findings == [("UA-15-003", Severity.WARNING, Confidence.HEURISTIC)]  # TDs carry /Headers: see below
    skipped = {o.rule_id: o.skipped_reason for o in report.outcomes if o.skipped_reason}
    assert list(skipped) == ["UA-14-001"]  # the checker's own failure; headings are checked below


def test_language_title_and_pdf_ua_identification(brief_pdf):
    path, _, brief = brief_pdf
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo["/Title"]) == brief.title
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) and bool(pdf.Root.MarkInfo.Marked)
        assert pdf.open_metadata().get("pdfuaid:part") == "1"


def test_headings_in_order_one_h1_then_the_parts_then_a_page_per_priority(brief_pdf):
    path, data, brief = brief_pdf
    with pikepdf.open(path) as pdf:
        roles = [str(e.S) for e in _elements(pdf.Root.StructTreeRoot)]
    headings = [r for r in roles if r in ("/H1", "/H2", "/H3", "/H4")]
    summary = ["/H2"] * (1 + 1 + len(outline.summary_parts(data, brief)))  # the parts, the table, the annex
    assert headings[0] == "/H1" and headings[1 : 1 + len(summary)] == summary
    assert headings.count("/H1") == 1 and headings.count("/H3") == len(brief.sections) == 12
    assert roles.index("/H1") < roles.index("/Table") < roles.index("/H3")  # the table before the annex


def test_the_table_is_a_table_each_data_cell_tied_to_its_column_heading(brief_pdf):
    path, _, brief = brief_pdf
    with pikepdf.open(path) as pdf:
        elements = _elements(pdf.Root.StructTreeRoot)
        (table,) = [e for e in elements if e.S == "/Table"]
        cells = [e for e in _elements(table) if e.S in ("/TH", "/TD")]
        ths, tds = [c for c in cells if c.S == "/TH"], [c for c in cells if c.S == "/TD"]
        assert len(ths) == len(HEADINGS) and len(tds) == len(HEADINGS) * len(brief.table)
        ids = [str(th.ID) for th in ths]
        assert [[str(h) for h in td.A.Headers] for td in tds] == [[i] for i in ids] * len(brief.table)


def test_every_chart_is_a_figure_described_in_words(brief_pdf):
    path, data, brief = brief_pdf
    with pikepdf.open(path) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        alts = [str(f.Alt) for f in figures]
    charted = [s for s in brief.sections if chart_spec(data, s.indicator_id) is not None]
    assert alts == [outline.chart_alt_text(data, s) for s in charted] and len(alts) == len(brief.sections) == 12
    assert alts[0].startswith("Line chart of Residents who feel safe after dark (%) for HOM-01: the planned")


def test_every_font_is_embedded(brief_pdf):
    with pikepdf.open(brief_pdf[0]) as pdf:
        fonts = {
            str(font.BaseFont): font
            for page in pdf.pages
            for font in page.Resources.Font.values()
            for font in [font.DescendantFonts[0] if "/DescendantFonts" in font else font]
        }
        assert sorted(name.split("+")[1] for name in fonts) == ["Noto-Sans", "Noto-Sans-Bold"]
        assert all("/FontFile2" in f.FontDescriptor or "/FontFile3" in f.FontDescriptor for f in fonts.values())


def test_briefs_printed_at_once_from_several_sessions_are_each_whole(brief_pdf, tmp_path):
    # The app prints each session's brief on that session's thread: three at once must each come out as one alone.
    out, data, brief = brief_pdf
    alone = [page.extract_text() for page in pypdf.PdfReader(out).pages]
    paths = [tmp_path / f"session-{n}.pdf" for n in range(3)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        done = list(pool.map(lambda p: make.write(data, brief, "pdf", p, protective_marking="OFFICIAL"), paths))
    assert done == paths
    for path in paths:
        assert [page.extract_text() for page in pypdf.PdfReader(path).pages] == alone
        findings = [(f.rule_id, f.severity) for o in validate(str(path)).outcomes for f in o.findings]
        assert findings == [("UA-15-003", Severity.WARNING)]  # as alone: see the first test
