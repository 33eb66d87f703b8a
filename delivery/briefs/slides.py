"""The brief as PowerPoint for the stocktake: a title slide, the headline, what needs the minister, every
priority by concern (a native table, slide_table.py), the actions from the last stocktake, what changed and
small wins, then a slide per priority with its ratings and a native chart (slide_chart.py).

Every slide has a real title placeholder (screen readers and the outline read it), body text is 14 pt
or larger, and no text box holds more than fits it (fit.py): what does not fit goes on a continuation
slide, and past MOST_SLIDES a list says how many items are left and that the speaker notes hold them all.
The speaker notes carry the detail: the ratings with their dates and reasons, the source, the chart's
figures and y-axis rule, and every line of the slide's lists. The protective marking is on every slide.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from delivery.briefs import fit, outline, slide_table
from delivery.briefs.content import BriefData
from delivery.briefs.fit import Para
from delivery.briefs.office import slide_text as _text
from delivery.briefs.slide_chart import CHART_NS, SLIDE_NS, add_chart, axis_sentence  # noqa: F401 (re-exported)
from delivery.briefs.text import Brief, Section
from delivery.reference.ratings import COLOURS, ink_for

WIDE, HIGH = Inches(13.333), Inches(7.5)
TITLE_LAYOUT, TITLE_ONLY = 0, 5  # the default template's "Title Slide" and "Title Only"
TITLE_SIZE, HEADING, BODY, LEAD = 26, 16, 14, 18  # points
MOST_SLIDES = 3  # slides one list or one priority may take; the speaker notes hold the rest
# Where things go (left, top, width, height): the marking above and below, the title under it.
MARKS = [
    (Inches(0.4), Inches(0.05), WIDE - Inches(0.8), Inches(0.4)),
    (Inches(0.4), HIGH - Inches(0.45), WIDE - Inches(0.8), Inches(0.4)),
]
TITLE = (Inches(0.5), Inches(0.45), WIDE - Inches(1.0), Inches(1.05))
FULL = (Inches(0.5), Inches(1.6), WIDE - Inches(1.0), Inches(5.35))
CHIPS_TOP = Inches(1.55)
CHART = (Inches(0.5), Inches(2.1), Inches(6.8), Inches(4.85))
SIDE = (Inches(7.5), Inches(2.1), Inches(5.33), Inches(4.85))


def write_pptx(
    data: BriefData, brief: Brief, out: Path | str, marking: str, progress: Callable[[str], None] | None = None
) -> Path:
    """Write the brief as a .pptx at ``out``; ``progress`` hears one line per priority."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE, HIGH
    _title_slide(deck, brief, marking)
    for part in outline.covering_note(data):  # the delivery unit's covering note, whole in the slide's notes
        _flowed(deck, marking, part.heading, _paras(part, heading=False), "\n".join(part.lines), FULL)
    _flowed(deck, marking, "Headline", [Para(brief.headline, LEAD)], brief.headline, FULL)
    if brief.sections:
        decisions, *lists = outline.summary_parts(data, brief)  # the table by concern follows the decisions
        for part in [decisions, None, *lists]:
            if part is None:
                _table_slides(deck, brief, marking)
            else:
                _flowed(deck, marking, part.heading, _paras(part, heading=False), _notes_of([part]), FULL)
    for n, sec in enumerate(brief.sections, start=1):
        if progress:
            progress(f"Slide {n} of {len(brief.sections)}: {sec.priority_id}")
        _priority_slides(deck, data, sec, marking)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(out))
    return out


def _slide(deck, marking: str, title: str, notes: str, layout: int = TITLE_ONLY, suffix: str = ""):
    """A slide with its title (shortened to fit, keeping ``suffix``) in the layout's title placeholder, the
    marking above and below, and notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[layout])
    left, top, width, height = TITLE
    place = slide.shapes.title
    place.left, place.top, place.width, place.height = left, top, width, height
    shown = Para(title + suffix, TITLE_SIZE, True)
    if not fit.fits([shown], width, height):
        shown = fit.shorten(Para(title, TITLE_SIZE, True), width, height, suffix)
    place.text_frame.word_wrap = True
    place.text_frame.text = _text(shown.text)
    for para in place.text_frame.paragraphs:
        para.alignment = 1  # left
        for run in para.runs:
            run.font.size, run.font.bold = Pt(TITLE_SIZE), True
    for box in MARKS:
        _box(slide, [Para(marking, BODY, True)], box, centre=True)
    slide.notes_slide.notes_text_frame.text = _text(notes)
    return slide


def _box(slide, paras: list[Para], box, centre: bool = False, fill: str | None = None, ink: str | None = None):
    """A text box holding ``paras`` (each at its own size), shortened to fit when it would overflow."""
    left, top, width, height = box
    if not fit.fits(paras, width, height):
        paras = fit.flow(paras, [(width, height)])[0]
    shape = slide.shapes.add_textbox(left, top, width, height)
    frame = shape.text_frame
    frame.word_wrap = True
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill)
    for n, p in enumerate(paras):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = _text(p.text)
        run.font.size, run.font.bold = Pt(p.size), p.bold
        if ink:
            run.font.color.rgb = RGBColor.from_string(ink)
        if centre:
            para.alignment = 2  # PP_ALIGN.CENTER
    return shape


def _paras(part: outline.Part, heading: bool = True) -> list[Para]:
    """A list as paragraphs: its heading (bold), then a bullet per line, or what it says when empty."""
    head = [Para(part.heading, HEADING, True)] if heading else []
    return head + (
        [Para(f"\u2022 {line}", BODY) for line in part.lines] or ([Para(part.none, BODY)] if part.none else [])
    )


def _notes_of(parts: list[outline.Part]) -> str:
    return "\n\n".join(
        part.heading + ":\n" + "\n".join(f"- {line}" for line in part.lines or [part.none]) for part in parts
    )


def _flowed(deck, marking: str, title: str, paras: list[Para], notes: str, box, first=None) -> list:
    """``paras`` over as many slides as they need (at most MOST_SLIDES), titled ``title`` then
    '``title`` (continued)'; returns the slides. ``first``: (a function adding what only the first slide
    has, the box its paragraphs go in there)."""
    sizes = ([first[1][2:]] if first else []) + [box[2:]]
    pages = fit.flow(paras, sizes)
    if len(pages) > MOST_SLIDES:
        pages = pages[:MOST_SLIDES]
        shown = sum(len(page) for page in pages[:-1])
        size = sizes[min(MOST_SLIDES, len(sizes)) - 1]
        last = fit.cut(pages[-1], Para("\u2026", BODY, True), *size)[:-1]
        left_over = len(paras) - shown - len(last)
        more = Para(f"\u2026 and {left_over} more lines: the speaker notes hold them all.", BODY, True)
        pages[-1] = fit.cut(last, more, *size)
    slides = []
    for n, page in enumerate(pages):
        slide = _slide(deck, marking, title, notes, suffix=" (continued)" if n else "")
        if n == 0 and first:
            first[0](slide)
        _box(slide, page, first[1] if n == 0 and first else box)
        slides.append(slide)
    return slides


def _table_slides(deck, brief: Brief, marking: str) -> None:
    """Every priority by concern (the one-page table) over as many slides as its rows need."""
    rows = outline.ratings_rows(brief)
    said = slide_table.notes(rows, brief.concern_rule)
    for n, page in enumerate(slide_table.pages(rows, FULL[3])):
        slide = _slide(deck, marking, outline.TABLE_HEADING, said, suffix=" (continued)" if n else "")
        slide_table.add_table(slide, page, FULL[0], FULL[1])


def _title_slide(deck, brief: Brief, marking: str) -> None:
    slide = _slide(deck, marking, brief.title, brief.headline, layout=TITLE_LAYOUT)
    sub = slide.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Inches(0.5), Inches(1.8), WIDE - Inches(1.0), Inches(0.6)
    sub.text_frame.text = _text(brief.as_at_text)
    sub.text_frame.paragraphs[0].runs[0].font.size = Pt(LEAD)


def _priority_slides(deck, data: BriefData, sec: Section, marking: str) -> None:
    """The priority's slide (ratings, chart, its lists beside) and continuations; the notes say it all."""
    dept, centre = outline.ratings(data, sec.priority_id)
    parts = outline.priority_note(data, sec.priority_id) + outline.section_parts(sec)  # the centre's note first
    notes = [sec.ratings, sec.source, sec.trajectory or outline.no_chart(sec)]

    def first(slide) -> None:
        for n, (label, rating) in enumerate((("Department", dept), ("Centre", centre))):
            _chip(slide, label, rating, Inches(0.5) + n * Inches(3.5))
        axis = add_chart(slide, data, sec, *CHART)
        if axis is None:
            _box(slide, [Para(outline.no_chart(sec), BODY)], (CHART[0], CHART[1], CHART[2], Inches(1.2)))
        else:
            notes.append(axis_sentence(*axis))

    paras = [p for part in parts for p in _paras(part)]
    slides = _flowed(deck, marking, f"{sec.priority_id}: {sec.title}", paras, "", FULL, (first, SIDE))
    said = _text("\n\n".join(notes) + "\n\n" + _notes_of(parts))  # the chart's axis is known once it is drawn
    for slide in slides:
        slide.notes_slide.notes_text_frame.text = said


def _chip(slide, label: str, rating: str | None, left) -> None:
    """The rating's words on its colour (never colour alone)."""
    fill = COLOURS.get(rating, "#FFFFFF").lstrip("#").upper()
    ink = (ink_for(rating) if rating in COLOURS else "#0B0C0C").lstrip("#").upper()
    _box(
        slide,
        [Para(f"{label}: {outline.rating_words(rating)}", BODY, True)],
        (left, CHIPS_TOP, Inches(3.3), Inches(0.45)),
        fill=fill,
        ink=ink,
    )
