"""The PDF's one-page table of every priority by concern (agenda.table), drawn with fpdf2's table:
rows wrap, the heading row repeats on each page, ratings are words on their colour (never colour
alone), and cell text is never read as Markdown."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from delivery.briefs import fonts
from delivery.briefs.agenda import Row
from delivery.reference.ratings import COLOURS, ink_for

HEADINGS = ("Priority", "Dept", "Dept's rating", "Centre's rating", "Movement", "Trajectory", "Next milestone")
WIDTHS = (50, 13, 19, 19, 25, 16, 36)  # mm: 178, the A4 page between 16 mm margins
SIZE = 7


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))


def _rating_style(rating: str, family: str) -> FontFace | None:
    if rating not in COLOURS:
        return None
    return FontFace(
        family=family, emphasis="BOLD", size_pt=SIZE, color=_rgb(ink_for(rating)), fill_color=_rgb(COLOURS[rating])
    )


def concern_table(doc: FPDF, rows: list[Row], family: str, strip: dict) -> None:
    """Draw ``rows`` (in their order) as the table; ``strip``: the characters no font prints (fonts.Plan)."""
    texts = [[r.priority, r.department, r.rating, r.centre, r.movement, r.trajectory, r.next_milestone] for r in rows]
    shaping = getattr(doc, "shaping", False) and any(fonts.needs_shaping(t) for row in texts for t in row)
    if getattr(doc, "shaping", False):
        doc.set_text_shaping(shaping, direction="ltr")  # once for the table: its cells are drawn together
    doc.set_font(family, "", SIZE)
    heading = FontFace(family=family, emphasis="BOLD", size_pt=SIZE, fill_color=(230, 230, 230))
    with doc.table(
        col_widths=WIDTHS,
        width=sum(WIDTHS),
        align="LEFT",
        text_align="LEFT",
        line_height=SIZE * 0.43,
        headings_style=heading,
        markdown=False,
        padding=(0.5, 0.8),
        repeat_headings=1,
    ) as table:
        head = table.row()
        for h in HEADINGS:
            head.cell(h)
        for values in texts:
            row = table.row()
            for n, value in enumerate(values):
                style = _rating_style(value, family) if n in (2, 3) else None
                row.cell(str(value).translate(strip), style=style, align="CENTER" if style else None)
    doc.ln(2)
