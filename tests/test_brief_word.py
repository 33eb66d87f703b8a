"""The brief as Word (.docx): it opens with python-docx, its headings are Word's own Heading 1/2/3 styles,
its ratings table holds the exact ratings as words on their colours, every picture has alt text; and the
`brief` command's rule that the file's extension and --format agree."""

import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation

from delivery import cli
from delivery.briefs import content, make, text
from delivery.errors import DeliveryError
from delivery.reference.ratings import COLOURS
from tests.store_builder import build_store, sample_returns


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("word"), sample_returns(), use_loader=False)


@pytest.fixture(scope="module")
def written(store, tmp_path_factory):
    con = store.connect_read()
    try:
        data = content.gather(content.asker(con), content.Scope())
    finally:
        con.close()
    brief = text.make_brief(data)
    out = make.write(data, brief, "docx", tmp_path_factory.mktemp("docx") / "b.docx", protective_marking="OFFICIAL")
    return out, brief


def _headings(doc):
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def test_the_word_brief_has_a_title_and_word_heading_styles_in_reading_order(written):
    out, brief = written
    doc = Document(str(out))
    heads = _headings(doc)
    assert heads[:7] == [
        ("Title", "Delivery brief: Whole government, as at 30 Jun 2026"),
        ("Heading 1", "Headline"),
        ("Heading 1", "Decisions needed"),
        ("Heading 1", "Every priority, by concern"),
        ("Heading 1", "Actions from the last stocktake"),
        ("Heading 1", "What changed since 31 Mar 2026"),
        ("Heading 1", "Small wins"),
    ]
    assert heads[7] == ("Heading 1", "Priorities")
    assert [t for s, t in heads if s == "Heading 2"] == [  # by concern, as the table
        "HO-01: Halve knife crime",
        "EDU-01: Raise reading at age 11",
        "HEA-02: Expand mental health support",
        "HEA-01: Cut hospital waiting times",
    ]
    assert ("Heading 3", "Questions for the department (off track)") in heads
    assert doc.paragraphs[3].text == brief.headline
    assert doc.core_properties.title == brief.title and doc.core_properties.language == "en-GB"
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL"
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text == "OFFICIAL \u00b7 As at 30 Jun 2026 \u00b7 Page "  # then Word's PAGE field
    assert [f.get(qn("w:instr")) for f in footer.runs[0].element.getparent().findall(qn("w:fldSimple"))] == ["PAGE"]


def _fill(cell):
    """The cell's shading colour, read from its w:tc (the parent of its paragraph's w:p), or None."""
    shading = cell.paragraphs[0].runs[0].element.getparent().getparent().find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shading is None else shading.get(qn("w:fill"))


def test_the_ratings_table_holds_the_exact_ratings_as_words_on_their_colour(written):
    doc = Document(str(written[0]))
    table = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [
        ["Priority", "Dept", "Dept's rating", "Centre's rating", "Movement", "Trajectory", "Next milestone"],
        [
            "Halve knife crime (HO-01)",
            "HO",
            "Red",
            "Not recorded",
            "Not reported since 31 Mar 2026",
            "On: 1 of 1",
            "Strategy published, due 31 Dec 2026",
        ],
        [
            "Raise reading at age 11 (EDU-01)",
            "DfE",
            "Amber/Red",
            "Not recorded",
            "Worsened from Green",
            "Off: 1 of 1",
            "Tutoring programme launched, due 1 Sep 2026",
        ],
        [
            "Expand mental health support (HEA-02)",
            "DHSC",
            "Amber",
            "Not recorded",
            "New this period",
            "None judged",
            "None open",
        ],
        [
            "Cut hospital waiting times (HEA-01)",
            "DHSC",
            "Amber/Green",
            "Not recorded",
            "Improved from Amber",
            "On: 2 of 2",
            "500 staff recruited, due 31 May 2026 (overdue)",
        ],
    ]  # the PDF's one-page table, by concern
    assert [_fill(r.cells[2]) for r in table.rows[1:]] == [
        COLOURS[r].lstrip("#").upper() for r in ("Red", "Amber/Red", "Amber", "Amber/Green")
    ]
    assert [_fill(r.cells[3]) for r in table.rows[1:]] == [None] * 4  # no colour where there is no rating
    # each priority's section carries its own pair, the same words
    assert [[c.text for c in t.rows[1].cells] for t in doc.tables[1:]] == [
        ["Red", "Not recorded"],
        ["Amber/Red", "Not recorded"],
        ["Amber", "Not recorded"],
        ["Amber/Green", "Not recorded"],
    ]


def test_every_picture_in_the_word_brief_has_alt_text(written):
    doc = Document(str(written[0]))
    described = [drawn.get("descr") for drawn in doc.element.body.xpath(".//wp:docPr")]
    assert len(described) == 3  # HEA-02 has no indicator, so no chart
    assert described[1] == (  # EDU-01's, after HO-01's
        "Line chart of Pupils meeting the expected reading standard (%) for EDU-01: the planned trajectory with "
        "its tolerance band (plan \u00b15%), the actuals and the target, by period, as at 30 Jun 2026. Pupils "
        "meeting the expected reading standard: 70 % for 30 Jun 2026 against 77 planned: off trajectory."
    )
    assert all(d.startswith("Line chart of ") for d in described)


def test_the_word_brief_has_no_field_or_link(written):
    xml = zipfile.ZipFile(written[0]).read("word/document.xml")
    assert [tag for tag in (b"w:fldSimple", b"w:instrText", b"w:hyperlink") if tag in xml] == []


@pytest.mark.parametrize(
    "name, fmt, said",
    [("out.docx", None, "docx"), ("OUT.PPTX", None, "pptx"), ("b.pdf", "pdf", "pdf"), ("b.xlsx", "xlsx", "xlsx")],
)
def test_the_format_is_taken_from_the_extension_or_must_match_it(name, fmt, said):
    assert make.format_for(name, fmt) == said


@pytest.mark.parametrize(
    "name, fmt, message",
    [
        (
            "out.pptx",
            "pdf",
            "The file name 'out.pptx' ends in .pptx but --format is pdf: end it in .pdf, or leave "
            "--format out to write PowerPoint slides.",
        ),
        ("out.txt", "docx", "The file name 'out.txt' ends in .txt but --format is docx: end it in .docx."),
        ("brief", "xlsx", "The file name 'brief' has no extension but --format is xlsx: end it in .xlsx."),
        (
            "brief.txt",
            None,
            "Cannot tell which format to write 'brief.txt' in: end the file name in .pdf, .docx, "
            ".pptx or .xlsx, or give --format.",
        ),
        ("b.odt", "odt", "A brief can be written as pdf, docx, pptx, xlsx, not 'odt'."),
    ],
)
def test_a_mismatched_or_unknown_format_is_refused_plainly(name, fmt, message):
    with pytest.raises(DeliveryError) as refused:
        make.format_for(name, fmt)
    assert str(refused.value) == message


def test_the_command_takes_the_format_from_the_extension(store, tmp_path, capsys):
    out = tmp_path / "b.docx"
    assert cli.main(["brief", "--db", str(store.root), "--priority", "HEA-01", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Priority 1 of 1: HEA-01",
        f"Wrote the brief (Delivery brief: Priority HEA-01, as at 30 Jun 2026) to {out}.",
    ]
    assert _headings(Document(str(out)))[-1] == (
        "Heading 3",
        "Questions for the department (flagged by the data checks)",
    )


def test_the_command_refuses_a_mismatch_and_writes_nothing(store, tmp_path, capsys):
    out = tmp_path / "b.pptx"
    assert cli.main(["brief", "--db", str(store.root), "--format", "pdf", str(out)]) == 1
    assert capsys.readouterr().err.startswith(
        "Error: The file name 'b.pptx' ends in .pptx but --format is pdf: end it in .pdf, or leave --format out "
        "to write PowerPoint slides."
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_an_empty_scope_says_so_in_word_and_in_slides(store, tmp_path, fmt):
    con = store.connect_read()
    try:
        data = content.gather(content.asker(con), content.Scope(department="MoJ"))
    finally:
        con.close()
    brief = text.make_brief(data)
    out = make.write(data, brief, fmt, tmp_path / f"e.{fmt}", protective_marking="OFFICIAL")
    if fmt == "docx":
        said = [p.text for p in Document(str(out)).paragraphs]
    else:
        said = [s.shapes.title.text_frame.text for s in Presentation(str(out)).slides]
        said += [sh.text_frame.text for s in Presentation(str(out)).slides for sh in s.shapes if sh.has_text_frame]
    assert brief.headline.startswith("There are no priorities in this scope (Department: MoJ (leads or contributes))")
    assert brief.headline in said
