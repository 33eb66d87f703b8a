"""The centre's notes in the brief's data and in every format: the covering note of the brief's scope at
the top, each priority's note in its section, signed with who and when; only the brief's period's."""

import datetime as dt

import openpyxl
import pytest
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from delivery.auth import CENTRE_ANALYST, User
from delivery.briefs import content, make, text
from delivery.errors import Unprintable
from delivery.store import judgements
from tests.store_builder import PERIOD_1, PERIOD_2, build_store, sample_returns

CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
AT = dt.datetime(2026, 7, 2, 10, 0)
SIGNED = "Written by Cara <cara@centre.gov> on 2 Jul 2026 at 10:00 UTC."


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("notes"), sample_returns(), use_loader=False)
    judgements.record_covering_note(store, CARA, None, PERIOD_2, "Two decisions this time.", at=AT)
    judgements.record_covering_note(store, CARA, "DHSC", PERIOD_2, "Waiting lists first.", at=AT)
    judgements.record_note(store, CARA, "HEA-01", PERIOD_2, "Ask about agency staff.", at=AT)
    judgements.record_note(store, CARA, "EDU-01", PERIOD_2, "Tutors are late.", at=AT)
    judgements.record_note(store, CARA, "HEA-02", PERIOD_1, "An older stocktake's note.", at=AT)
    return store


def gather(store, scope):
    con = store.connect_read()
    try:
        return content.gather(content.asker(con), scope, PERIOD_2)
    finally:
        con.close()


@pytest.mark.parametrize(
    "scope, expected",
    [
        (
            content.Scope(),
            [
                ("covering", None, None, "Two decisions this time."),
                ("priority", "EDU-01", None, "Tutors are late."),
                ("priority", "HEA-01", None, "Ask about agency staff."),
            ],
        ),
        (
            content.Scope(department="DHSC"),
            [
                ("covering", None, "DHSC", "Waiting lists first."),
                ("priority", "HEA-01", None, "Ask about agency staff."),
            ],
        ),
        (content.Scope(priority_id="EDU-01"), [("priority", "EDU-01", None, "Tutors are late.")]),
        (content.Scope(department="HO"), [("priority", "EDU-01", None, "Tutors are late.")]),  # HO contributes
    ],
)
def test_a_brief_holds_its_scopes_covering_note_and_its_priorities_notes_for_its_period(store, scope, expected):
    notes = gather(store, scope).notes
    assert [
        (k, p if isinstance(p, str) else None, d if isinstance(d, str) else None, n)
        for k, p, d, n in notes[["kind", "priority_id", "department", "note"]].itertuples(index=False)
    ] == expected
    assert set(notes["written_by"]) <= {"Cara <cara@centre.gov>"}


def test_every_format_carries_the_notes_signed(store, tmp_path):
    data = gather(store, content.Scope(department="DHSC"))
    words = text.make_brief(data)
    pdf = make.write(data, words, "pdf", tmp_path / "b.pdf", protective_marking="OFFICIAL")
    pages = [p.extract_text() for p in PdfReader(str(pdf)).pages]
    first = pages[0]
    # the covering note under the title, then the headline
    assert (
        f"Covering note from the delivery unit\nWaiting lists first.\n{SIGNED}\n{words.headline[:20]}"
        in first.replace("  ", " ")
    )
    # a page's text starts with its body (the header and footer are drawn after it, as artifacts)
    (hea,) = [p for p in pages if p.startswith("HEA-01: Cut hospital")]
    assert f"The centre's note\nAsk about agency staff.\n{SIGNED}" in hea
    assert sum(p.count("The centre's note\n") for p in pages) == 1  # HEA-02 has none for this period

    wb = openpyxl.load_workbook(make.write(data, words, "xlsx", tmp_path / "b.xlsx", protective_marking="OFFICIAL"))
    rows = [[c.value for c in row] for row in wb["Brief"].iter_rows(min_row=5, max_row=7)]
    assert rows[:2] == [
        ["Covering note from the delivery unit", f"Waiting lists first. ({SIGNED})"],
        ["The centre's note on HEA-01", f"Ask about agency staff. ({SIGNED})"],
    ]
    assert rows[2][0] == "Headline"

    deck = Presentation(str(make.write(data, words, "pptx", tmp_path / "b.pptx", protective_marking="OFFICIAL")))
    slides = [
        [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs] for slide in deck.slides
    ]
    assert slides[1] == [
        "Covering note from the delivery unit",
        "OFFICIAL",
        "OFFICIAL",
        "\u2022 Waiting lists first.",
        f"\u2022 {SIGNED}",
    ]
    assert deck.slides[1].notes_slide.notes_text_frame.text == f"Waiting lists first.\n{SIGNED}"
    assert slides[2][0] == "Headline"
    (hea,) = [s for s in slides if "HEA-01: Cut hospital waiting times" in s]  # not its "(continued)" slide
    assert hea[hea.index("The centre's note") + 1] == f"\u2022 Ask about agency staff. ({SIGNED})"

    doc = Document(str(make.write(data, words, "docx", tmp_path / "b.docx", protective_marking="OFFICIAL")))
    said = [(p.style.name, p.text) for p in doc.paragraphs]
    assert said[2:5] == [
        ("Heading 1", "Covering note from the delivery unit"),
        ("List Bullet", "Waiting lists first."),
        ("List Bullet", SIGNED),
    ]
    at = said.index(("Heading 3", "The centre's note"))
    assert said[at + 1] == ("List Bullet", f"Ask about agency staff. ({SIGNED})")


def test_a_note_no_font_can_print_refuses_the_pdf_naming_the_note(tmp_path):
    store = build_store(tmp_path, sample_returns(), use_loader=False)
    judgements.record_note(store, CARA, "HEA-01", PERIOD_2, "Ask \U0010fffd now", at=AT)
    data = gather(store, content.Scope(department="DHSC"))
    with pytest.raises(Unprintable) as refused:
        make.write(data, text.make_brief(data), "pdf", tmp_path / "b.pdf", protective_marking="OFFICIAL")
    assert str(refused.value) == (
        "The PDF brief cannot be made: the centre's note on HEA-01 holds a character that no font on this server "
        "can print (U+10FFFD). Correct it in the note, or download the brief as Word, PowerPoint slides or an Excel "
        "pack, which keep the text as typed."
    )
    assert not (tmp_path / "b.pdf").exists()
