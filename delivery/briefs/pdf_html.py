"""The PDF brief as one HTML page, from the parts every format reads (outline.py), for WeasyPrint to print
as a tagged PDF: its language and title, headings in order (the brief's title H1; each part H2; in the
annex each priority H3 and its lists H4), paragraphs, lists, the table as a table, each chart an image
with its description. Every text people typed is escaped: it is printed as typed, never read as markup.

The body is what a minister reads: the headline, the decisions needed, every priority in one table by
concern (when it fits on a page; else an annex with one page per department), the actions from the
last stocktake, what changed and small wins. Then the annex: each priority from a new page.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from delivery.briefs import notes, outline
from delivery.briefs.content import BriefData
from delivery.briefs.outline import Part
from delivery.briefs.pdf_table import ONE_PAGE_ROWS, by_department, charted, concern_table, not_charted
from delivery.briefs.print_chart import Printed
from delivery.briefs.text import Brief, Section
from delivery.briefs.words import count
from delivery.reference.ratings import COLOURS, ink_for

CSS = Path(__file__).with_name("brief.css")
LANGUAGE = "en-GB"
ANNEX = "Annex: each priority, in the order of the table"
BY_DEPARTMENT = "Annex: every priority by department, by concern"
DEPT_RATING, CENTRE_RATING = "Department's rating:", "Centre's rating:"


class Page:
    """Builds the HTML of one brief: ``strip`` is the translate table of the characters left out
    (fonts.Plan.unprintable), ``families`` the fonts in CSS order (fonts.css_families)."""

    def __init__(self, strip: dict, families: list[str]):
        self.strip, self.families = strip, families

    def text(self, value) -> str:
        """``value`` as printed: the characters no font prints left out, then escaped for HTML."""
        return escape(str(value).translate(self.strip))

    def para(self, value, cls: str | None = None) -> str:
        return f'<p class="{cls}">{self.text(value)}</p>' if cls else f"<p>{self.text(value)}</p>"

    def part(self, part: Part, level: int = 2, cls: str | None = None) -> str:
        """A heading with its list, or the sentence said instead when the list is empty."""
        heading = f"<h{level}>{self.text(part.heading)}</h{level}>"
        if not part.lines:
            return heading + (self.para(part.none) if part.none else "")
        items = "".join(f"<li>{self.text(line)}</li>" for line in part.lines)
        return heading + (f'<ul class="{cls}">' if cls else "<ul>") + items + "</ul>"

    def note(self, heading: str, note: dict | None, level: int = 2) -> str:
        """The centre's note (delivery/briefs/notes.py), when there is one, signed with who wrote it and when."""
        if note is None:
            return ""
        return (
            f"<h{level}>{self.text(heading)}</h{level}>"
            + self.para(note["note"])
            + self.para(notes.signature(note), "small")
        )

    def badge(self, label: str, rating: str | None) -> str:
        """'Department's rating: Amber/Green', the rating's words on its colour (never colour alone)."""
        words = outline.rating_words(rating)
        style = f' style="background:{COLOURS[rating]};color:{ink_for(rating)}"' if rating in COLOURS else ""
        return f'{self.text(label)} <span class="badge"{style}>{self.text(words)}</span>'


def document(data: BriefData, brief: Brief, marking: str, charts: dict[str, Printed], page: Page) -> str:
    """The whole brief as HTML; ``charts``: each priority's chart as a data: URL (none for a priority
    without one)."""
    head = (
        f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{page.text(brief.title)}</title>'
        f"<style>html {{ font-family: {', '.join(_quoted(f) for f in page.families)}; }}</style></head><body>"
        f'<div class="marking"><b>{page.text(marking)}</b><span>{page.text(brief.title)}</span></div>'
        f'<div class="asat">{page.text(brief.as_at_text)}</div><div class="footmark">{page.text(marking)}</div>'
    )
    return head + "".join(_body(data, brief, page)) + "".join(_annexes(data, brief, charts, page)) + "</body></html>"


def _quoted(family: str) -> str:
    return family if family == "sans-serif" else '"' + family.replace("\\", "").replace('"', "") + '"'


def _body(data: BriefData, brief: Brief, page: Page):
    yield f"<h1>{page.text(brief.title)}</h1>"
    yield page.note(notes.COVERING_HEADING, notes.covering(data.notes))
    yield page.para(brief.headline)
    decisions, *lists = outline.summary_parts(data, brief)
    yield page.part(decisions, cls="decisions")
    if brief.table:
        yield "<h2>Every priority, by concern</h2>" + page.para(brief.concern_rule, "small")
        if len(brief.table) <= ONE_PAGE_ROWS:
            yield concern_table(brief.table, page.strip)
        else:
            yield page.para(
                f"The {len(brief.table):,} priorities are in the first annex, one page per department, the "
                "department with the most concerning priority first."
            )
    for part in lists:
        yield page.part(part)


def _annexes(data: BriefData, brief: Brief, charts: dict[str, Printed], page: Page):
    if len(brief.table) > ONE_PAGE_ROWS:
        for n, (department, rows) in enumerate(by_department(brief.table).items()):
            heading = f"<h2>{BY_DEPARTMENT}</h2>" if n == 0 else ""
            caption = f"{department}: {count(len(rows), 'priority', 'priorities')}"
            yield f'<section class="department">{heading}{concern_table(rows, page.strip, caption)}</section>'
    drawn = charted(brief.table) if brief.table else {sec.priority_id for sec in brief.sections}
    for n, sec in enumerate(brief.sections):
        heading = f"<h2>{ANNEX}</h2>" if n == 0 and len(brief.sections) > 1 else ""
        chart = charts.get(sec.priority_id)
        left_out = None if sec.priority_id in drawn or sec.indicator_id is None else not_charted(len(brief.table))
        yield f'<section class="priority">{heading}{_section(data, sec, chart, left_out, page)}</section>'


def _section(data: BriefData, sec: Section, chart: Printed | None, left_out: str | None, page: Page) -> str:
    """One priority's annex page; ``chart``: its chart (image and heading); ``left_out``: what is said instead
    of a chart it has but this brief does not draw."""
    dept, centre = outline.ratings(data, sec.priority_id)
    html = [
        f"<h3>{page.text(f'{sec.priority_id}: {sec.title}')}</h3>",
        f'<p class="badges">{page.badge(DEPT_RATING, dept)}{page.badge(CENTRE_RATING, centre)}</p>',
        page.para(sec.ratings),
        page.para(sec.source, "small"),
        page.note(notes.PRIORITY_HEADING, notes.of_priority(data.notes, sec.priority_id), level=4),
    ]
    if chart:
        alt = page.text(outline.chart_alt_text(data, sec))
        lines = [("chart-title", chart.heading.title)] + [("chart-sub", line) for line in chart.heading.subtitle]
        top = "".join(f'<p class="{kind}">{page.text(line)}</p>' for kind, line in lines)
        html.append(f'<div class="chart">{top}<img class="chart" src="{chart.url}" alt="{alt}"></div>')
    elif left_out:
        html.append(page.para(left_out))
    if sec.trajectory or not chart and not left_out:
        html.append(page.para(sec.trajectory or outline.no_chart(sec)))
    html += [page.part(part, level=4) for part in outline.section_parts(sec)]
    return "".join(html)
