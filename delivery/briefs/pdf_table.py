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


def charted(rows: list[Row]) -> set[str]:
    """The priorities whose annex page draws its chart: all of them in a brief whose table fits on one page;
    in a larger one (a government at national scale) only those of concern (a tier of agenda.CONCERNS):
    a chart is most of a page's time to print, and a minister reads the ones of concern."""
    return {r.priority_id for r in rows if len(rows) <= ONE_PAGE_ROWS or r.concern}


def not_charted(total: int) -> str:
    """What an annex page says where the chart of a priority not of concern would be."""
    return (
        f"Its chart is left out of a brief of {total} priorities, which charts only those of concern: this one "
        "is rated Green or Amber/Green, on trajectory, reported this period and not new. The app's "
        "priority page draws it."
    )


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
