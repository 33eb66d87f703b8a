"""Open each export: the PDF (A4, marking, headline, every priority), the PowerPoint (one slide per
priority with a native chart and alt text) and the Excel pack (sheets; no live formula from user text);
and the `brief` command line."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from pypdf import PdfReader

from delivery import cli
from delivery.auth import CENTRE_ANALYST, User
from delivery.briefs import content, make, render, text
from delivery.briefs.slides import CHART_NS, SLIDE_NS
from delivery.store import judgements
from tests.store_builder import PERIOD_1, PERIOD_2, build_store, sample_returns

CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '=HYPERLINK("http://evil.example","click")'
A4 = (595, 842)  # points, portrait


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = build_store(tmp_path_factory.mktemp("exports"), sample_returns(), use_loader=False)
    judgements.record_rating(s, CARA, "HEA-01", PERIOD_2, "Amber", "+Staff gap not closing")
    judgements.record_action(s, CARA, "HEA-01", PERIOD_1, HOSTILE, "@owner", dt.date(2026, 5, 15))
    return s


def _make(store, fmt, out, scope=content.Scope()):
    con = store.connect_read()
    try:
        data = content.gather(content.asker(con), scope)
        brief = text.make_brief(data)
        make.write(data, brief, fmt, out, protective_marking="OFFICIAL-SENSITIVE")
    finally:
        con.close()
    return data, brief


def _pdf_text(path) -> tuple[PdfReader, str]:
    reader = PdfReader(str(path))
    return reader, " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_pdf_is_a4_with_marking_page_numbers_headline_and_every_priority(store, tmp_path):
    data, brief = _make(store, "pdf", tmp_path / "b.pdf")
    reader, words = _pdf_text(tmp_path / "b.pdf")
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {A4}
    assert "".join(brief.headline.split()) in "".join(words.split())  # a line may break after "http://"
    for sec in brief.sections:
        assert f"{sec.priority_id}: {sec.title}" in words
    n = len(reader.pages)
    # the summary (headline, decisions, the table by concern on page 1), then the annex: a page per priority
    first = " ".join((reader.pages[0].extract_text() or "").split())
    assert (
        "Decisions needed" in first and "Every priority, by concern" in first and "Halve knife crime (HO-01)" in first
    )
    annex = [i for i, p in enumerate(reader.pages, start=1) if "Annex: each priority" in (p.extract_text() or "")]
    assert annex == [n - len(brief.sections) + 1]
    for i, page in enumerate(reader.pages, start=1):
        page_text = " ".join((page.extract_text() or "").split())
        assert page_text.count("OFFICIAL-SENSITIVE") == 2 and f"Page {i} of {n}" in page_text
        assert "As at 30 Jun 2026" in page_text


def test_pdf_of_an_empty_scope_says_so(store, tmp_path):
    _, brief = _make(store, "pdf", tmp_path / "e.pdf", content.Scope(department="MoJ"))
    _, words = _pdf_text(tmp_path / "e.pdf")
    assert "There are no priorities in this scope" in words and "nothing to report" in words


def test_pptx_has_title_summary_and_a_slide_per_priority_with_a_native_chart_and_alt_text(store, tmp_path):
    data, brief = _make(store, "pptx", tmp_path / "b.pptx")
    deck = Presentation(str(tmp_path / "b.pptx"))
    slides = {s.shapes.title.text_frame.text: s for s in deck.slides}
    assert list(slides)[:7] == [
        "Delivery brief: Whole government, as at 30 Jun 2026",
        "Headline",
        "Decisions needed",
        "Every priority, by concern",
        "Actions from the last stocktake",
        "What changed since 31 Mar 2026",
        "Small wins",
    ]
    for sec in brief.sections:
        slide = slides[f"{sec.priority_id}: {sec.title}"]
        words = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert "OFFICIAL-SENSITIVE" in words
        charts = [s for s in slide.shapes if s.has_chart]
        if sec.indicator_id is None:
            assert charts == [] and "no trajectory to show" in words
            continue
        (chart,) = charts
        alt = chart.element.find(f"{SLIDE_NS}nvGraphicFramePr/{SLIDE_NS}cNvPr").get("descr")
        gaps = chart.chart.element.find(f"{CHART_NS}chart/{CHART_NS}dispBlanksAs").get("val")
        assert gaps == "span"  # a quarterly plan's points joined across the monthly actuals' dates
        assert alt.startswith("Line chart of ") and sec.priority_id in alt and "as at 30 Jun 2026" in alt
        assert [s.name for s in chart.chart.plots[0].series][:4] == ["Planned", "Plan +5%", "Plan \u22125%", "Actual"]
    assert [s.indicator_id is None for s in brief.sections] == [False, False, False, True]  # by concern


def test_excel_pack_has_the_tables_and_no_formula_from_user_text(store, tmp_path):
    _make(store, "xlsx", tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert wb.sheetnames == list(__import__("delivery.briefs.pack", fromlist=["SHEETS"]).SHEETS)
    formulas = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    actions = wb["Actions"]
    header = [c.value for c in actions[2]]
    row = {h: c.value for h, c in zip(header, actions[3])}
    assert row["Action agreed"] == "'" + HOSTILE and row["Owner"] == "'@owner"
    prios = wb["Priorities"]
    header = [c.value for c in prios[2]]
    heas = [{h: c.value for h, c in zip(header, r)} for r in prios.iter_rows(min_row=3) if r[0].value == "HEA-01"]
    assert heas[0]["Centre's reason"] == "'+Staff gap not closing" and heas[0]["Department's rating"] == "Amber/Green"
    assert prios["A1"].value == "OFFICIAL-SENSITIVE \u00b7 As at 30 Jun 2026"
    assert (prios.freeze_panes, [c.font.b for c in prios[2]][:3]) == ("A3", [True, True, True])  # header in view
    inds = wb["Indicators"]
    header = [c.value for c in inds[2]]
    said = {r[1].value: {h: c.value for h, c in zip(header, r)} for r in inds.iter_rows(min_row=3)}
    # The signed gap keeps its number for sorting (a fraction, shown as a percentage); its header says what +
    # means, and words stand beside it.
    gap, words = "Gap from plan (+ is better than plan)", "Difference from plan, in words"
    assert (round(said["I3"][gap], 3), said["I3"][words]) == (-0.091, "9.1% below plan (worse)")
    assert (round(said["I1"][gap], 4), said["I1"][words]) == (-0.0057, "0.6% above plan (worse)")  # waiting: down


def test_the_packs_rule_leaves_ordinary_text_alone():
    from delivery.returns.inert import inert_text

    assert [inert_text(v) for v in ["=1+1", "+44", "-3", "@x", " =x", "Plain", 5, None]] == [
        "'=1+1",
        "'+44",
        "'-3",
        "'@x",
        "' =x",
        "Plain",
        5,
        None,
    ]


def test_cli_brief_writes_each_format_with_a_progress_line_per_priority(store, tmp_path, capsys):
    for fmt in make.FORMATS:
        out = tmp_path / f"b.{fmt}"
        assert cli.main(["brief", "--db", str(store.root), "--department", "DHSC", "--format", fmt, str(out)]) == 0
        said = capsys.readouterr().out.splitlines()
        assert (
            said[-1]
            == f"Wrote the brief (Delivery brief: Department: DHSC (leads or contributes), as at 30 Jun 2026) to {out}."
        )
        if fmt != "xlsx":
            assert [line.split(": ")[-1] for line in said[:-1]] == ["HEA-01", "HEA-02"]
        assert out.stat().st_size > 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--priority", "XX-9"], "Error: There is no priority 'XX-9' in the store as at 30 Jun 2026."),
        (["--department", "XYZ"], "Error: There is no department 'XYZ'; the codes are in data/departments.csv"),
        (
            ["--period", "2026-05-01"],
            "Error: There is no reporting period 2026-05-01 in the store; the latest are 2026-06-30, 2026-03-31.",
        ),
    ],
)
def test_cli_brief_refuses_bad_scope_plainly_and_writes_nothing(store, tmp_path, capsys, args, message):
    out = tmp_path / "b.pdf"
    assert cli.main(["brief", "--db", str(store.root), *args, "--format", "pdf", str(out)]) == 1
    assert capsys.readouterr().err.startswith(message)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_brief_on_an_empty_store(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert cli.main(["brief", "--db", str(tmp_path / "empty"), "--format", "pdf", str(tmp_path / "b.pdf")]) == 1
    assert "is empty: load returns first." in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


# Run in a child whose cffi cannot load a shared library, as on a computer without Pango: WeasyPrint
# fails when imported, and the brief must say so in one sentence, write nothing, and leave Word alone.
NO_LIBRARIES = """
import sys, cffi
def refuse(self, name, *args, **kwargs):
    raise OSError(f"cannot load library {name!r}")
cffi.FFI.dlopen = refuse
from delivery import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_computer_without_pango_is_told_so_and_word_still_works(store, tmp_path):
    def brief(out):
        return subprocess.run(
            [sys.executable, "-c", NO_LIBRARIES, "brief", "--db", str(store.root), str(out)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )

    refused = brief(tmp_path / "b.pdf")
    assert refused.returncode == 1 and "WeasyPrint" not in refused.stdout
    assert refused.stderr == f"Error: {render.NO_PANGO}\n"
    assert not (tmp_path / "b.pdf").exists()
    made = brief(tmp_path / "b.docx")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "b.docx").stat().st_size > 0
