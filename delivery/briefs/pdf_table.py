"""The PDF's table of every priority by concern (agenda.table), as an HTML table the PDF renderer tags as
one (/Table, /TH with each data cell's /Headers): the heading row repeats on each page, ratings are words
on their colour (never colour alone), and every cell is text, escaped, never markup.

A government's table that would not fit on one page is printed as one table per department instead, each
on a page of its own (an annex), the departments in the order of their most concerning priority.
"""

from __future__ import annotations

from html import escape

from delivery.briefs.agenda import Row
from delivery.reference.ratings import COLOURS, ink_for

HEADINGS = ("Priority", "Dept", "Dept's rating", "Centre's rating", "Movement", "Trajectory", "Next milestone")
ONE_PAGE_ROWS = 24  # rows of the table that fit on the first page with the headline (7.5 pt, two lines a row)


def by_department(rows: list[Row]) -> dict[str, list[Row]]:
    """``rows`` split by department, each in concern order, the departments in order of first appearance
    (so the department with the most concerning priority comes first)."""
    split: dict[str, list[Row]] = {}
    for row in rows:
        split.setdefault(row.department, []).append(row)
    return split


def rating_cell(words: str) -> str:
    """A rating's words on its colour, with the ink that reads on it; a cell without colour otherwise."""
    if words not in COLOURS:
        return f"<td>{escape(words)}</td>"
    return f'<td class="rating" style="background:{COLOURS[words]};color:{ink_for(words)}">{escape(words)}</td>'


def concern_table(rows: list[Row], strip: dict, caption: str | None = None) -> str:
    """``rows`` (in their order) as an HTML table; ``strip``: the characters no font prints (fonts.Plan)."""

    def cell(value: str) -> str:
        return f"<td>{escape(str(value).translate(strip))}</td>"

    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in HEADINGS)
    body = "".join(
        "<tr>"
        + cell(r.priority)
        + cell(r.department)
        + rating_cell(str(r.rating).translate(strip))
        + rating_cell(str(r.centre).translate(strip))
        + "".join(cell(v) for v in (r.movement, r.trajectory, r.next_milestone))
        + "</tr>"
        for r in rows
    )
    caption_html = f"<caption>{escape(caption.translate(strip))}</caption>" if caption else ""
    return f'<table class="concern">{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
