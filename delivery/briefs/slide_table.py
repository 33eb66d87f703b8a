"""The one-page table of every priority by concern (agenda.table, the PDF's and Word's table) as a native
PowerPoint table: the same columns (outline.RATINGS_HEADER) and rows in the same order, 14 pt, both ratings
as words on their colour (never colour alone). A row is as high as its tallest cell needs (fit.py estimates
each cell's wrapped lines at its column's width), and rows are split over as many slides as they need, the
heading row repeated on each, so no row runs off a slide.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from delivery.briefs import fit, outline
from delivery.briefs.fit import Para
from delivery.briefs.office import slide_text
from delivery.reference.ratings import COLOURS, ink_for

SIZE = 14  # points: the slides' smallest body text
# Inches per column (Priority, Dept, Dept's rating, Centre's rating, Movement, Trajectory, Next milestone):
# 12.33, the width between the slide's margins. A department's code (MHCLG) and a rating's words
# (Amber/Green, bold) each fit on one line, as LibreOffice draws them too.
WIDTHS = (2.5, 1.0, 1.55, 1.55, 1.85, 1.2, 2.68)
RATING_COLUMNS = (2, 3)  # the department's and the centre's rating


def _emus() -> list[int]:
    return [int(Inches(w)) for w in WIDTHS]


def row_height(cells: tuple[str, ...], bold: bool = False) -> int:
    """The height (EMU) a row needs: its tallest cell's wrapped lines at SIZE, with the cell's margins."""
    points = max(fit.height([Para(text, SIZE, bold)], width) for text, width in zip(cells, _emus()))
    return int(points * fit.EMU_PER_PT) + 1


def pages(rows: list[tuple[str, ...]], height_emu: int) -> list[list[tuple[str, ...]]]:
    """The rows split into slides' worth: each page's rows, under the heading row, fit ``height_emu``."""
    room = height_emu - row_height(outline.RATINGS_HEADER, bold=True)
    out: list[list[tuple[str, ...]]] = [[]]
    used = 0
    for row in rows:
        need = row_height(row)
        if out[-1] and used + need > room:
            out.append([])
            used = 0
        out[-1].append(row)
        used += need
    return out if out[-1] else []


def add_table(slide, rows: list[tuple[str, ...]], left: int, top: int):
    """Draw ``rows`` (one page of ``pages``) under the heading row as a table at (left, top); returns it."""
    heights = [row_height(outline.RATINGS_HEADER, bold=True)] + [row_height(r) for r in rows]
    shape = slide.shapes.add_table(len(rows) + 1, len(WIDTHS), left, top, sum(_emus()), sum(heights))
    table = shape.table
    table.first_row = True  # the heading row, as screen readers and the table style know it
    for column, width in zip(table.columns, _emus()):
        column.width = Emu(width)
    for r, (row, height) in enumerate(zip([outline.RATINGS_HEADER, *rows], heights)):
        table.rows[r].height = Emu(height)
        for c, words in enumerate(row):
            rating = words if r and c in RATING_COLUMNS and words in COLOURS else None
            _fill(table.cell(r, c), words, bold=r == 0 or rating is not None, rating=rating)
    return shape


def _fill(cell, words: str, bold: bool, rating: str | None) -> None:
    cell.text_frame.word_wrap = True
    run = cell.text_frame.paragraphs[0].add_run()
    run.text = slide_text(words)
    run.font.size, run.font.bold = Pt(SIZE), bold
    if rating is None:
        return
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(COLOURS[rating].lstrip("#").upper())
    run.font.color.rgb = RGBColor.from_string(ink_for(rating).lstrip("#").upper())


def notes(rows: list[tuple[str, ...]], rule: str) -> str:
    """The speaker notes of the table's slides: how it is ordered, then every row in words."""
    lines = ["; ".join(f"{h}: {v}" for h, v in zip(outline.RATINGS_HEADER, row)) for row in rows]
    return rule + "\n\n" + "\n".join(f"- {line}" for line in lines)
