"""The Excel pack: the brief's words, the one-page table of every priority by concern, then the tables
behind the brief, one sheet each.

Written with the app's one workbook writer (``xlsx_writer``: fast on a whole government's tables, with the
styles a formatted pack needs). Every sheet has the protective marking and date on row 1 and plain-English
headers on row 2 (pack_columns.py), kept in view, with a filter over the table. Each column is formatted by
its kind: dates are real dates, percentages show one decimal, numbers are stored as numbers (never as text),
long text wraps, and a rating is its word on its colour (never colour alone).

Everything a user typed (commentary, descriptions, owners, reasons) is text that must never run: it goes
through the app's one rule, ``inert.inert_text`` (a leading apostrophe before text that would start a
formula, characters a workbook cannot hold removed), and the writer stores every string as text, so no
formula runs on open.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd

from delivery.analysis.trajectories import differences_from_plan
from delivery.briefs import notes, outline
from delivery.briefs.content import BriefData
from delivery.briefs.pack_columns import BRIEF, BY_CONCERN, TABLES, Column, kind_of
from delivery.briefs.text import Brief
from delivery.reference.ratings import COLOURS, ink_for
from delivery.returns import xlsx_writer
from delivery.returns.inert import inert_text
from delivery.returns.xlsx_writer import SheetSpec, Style, Styled

SHEETS = ("Brief", "By concern", *TABLES)
HEADER_ROW = 2  # under the marking line
HEADER = Style(bold=True, wrap=True, fill="E7E6E6")
RATING_STYLES = {
    rating: Style(bold=True, fill=colour.lstrip("#").upper(), colour=ink_for(rating).lstrip("#").upper())
    for rating, colour in COLOURS.items()
}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
NUMERIC = frozenset({"percent", "value", "count", "money"})
_AS_TEXT = frozenset({"id", "text", "long", "paragraph", "date"})  # kinds whose text is written as it is


def _blank(value) -> bool:
    if isinstance(value, str):
        return not value
    return value is None or (not isinstance(value, (list, tuple)) and bool(pd.isna(value)))


def _plain(value):
    """A value as a cell holds it: dates as dates, numpy numbers as numbers, lists joined, text made inert."""
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, (list, tuple)):
        return inert_text(", ".join(map(str, value)))
    if hasattr(value, "item"):
        return value.item()
    return inert_text(value)


def _number(value):
    """A number as a number: text that is one (a likelihood read as "3") is stored as the number."""
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value else number
    return _plain(value)


def cell(value, kind: str):
    """``value`` as the pack writes it in a column of ``kind`` (pack_columns.KINDS); None for a blank."""
    if type(value) is str and kind in _AS_TEXT:  # most cells of a national pack: straight to the one rule
        return inert_text(value) if value else None
    if _blank(value):
        return None
    if kind in NUMERIC:
        number = _number(value)
        if kind == "percent" and isinstance(number, (int, float)) and not isinstance(number, bool):
            return number / 100  # the picture's percentages are in points (9.1); a percent cell holds 0.091
        return number
    if kind == "rating" and value in RATING_STYLES:
        return Styled(value, RATING_STYLES[value])
    plain = _plain(value)
    if kind == "yes/no" and isinstance(plain, bool):
        return "Yes" if plain else "No"
    return plain


def table_sheet(name: str, frame: pd.DataFrame, columns: tuple[Column, ...], marking: str, as_at: str) -> SheetSpec:
    """One sheet of the pack: ``columns`` that ``frame`` has (all of them when it is empty), formatted by kind."""
    shown = [c for c in columns if frame.empty or c.key in frame.columns]
    kinds = [kind_of(c.kind) for c in shown]
    rows: list[list] = [[f"{marking} \u00b7 {as_at}"], [c.header for c in shown]]
    if not frame.empty:
        values = frame[[c.key for c in shown]].itertuples(index=False, name=None)
        rows += [[cell(v, c.kind) for v, c in zip(row, shown)] for row in values]
    return SheetSpec(
        name,
        rows,
        freeze_header=True,
        header_row=HEADER_ROW,
        autofilter=True,
        bold_rows=frozenset({HEADER_ROW}),
        row_styles={HEADER_ROW: HEADER},
        widths=[k.width for k in kinds],
        wrap_columns=frozenset(i for i, k in enumerate(kinds) if k.wrap),
        date_columns=frozenset(i for i, c in enumerate(shown) if c.kind == "date"),
        column_styles={i: Style(number_format=k.number_format) for i, k in enumerate(kinds) if k.number_format},
    )


def _indicators(status: pd.DataFrame) -> pd.DataFrame:
    """The indicators with their gap from plan said in words beside the signed number."""
    return status if status.empty else status.assign(difference_from_plan=differences_from_plan(status))


def brief_words(data: BriefData, brief: Brief) -> pd.DataFrame:
    """The brief's words as (part, text) rows: title, date, the centre's notes, the headline, then each list
    of the summary under its heading, in the words every other format uses (outline.summary_parts)."""
    words = [("Title", brief.title), ("As at", brief.as_at_text), *notes.labelled(data.notes)]
    words += [("Headline", brief.headline)]
    if brief.sections:
        for part in outline.summary_parts(data, brief):
            words += [(part.heading, line) for line in part.lines] or [(part.heading, part.none)]
    return pd.DataFrame(words, columns=["part", "text"])


def write_xlsx(data: BriefData, brief: Brief, out: Path | str, marking: str) -> Path:
    """Write the pack at ``out``: the brief's words, the table by concern, then one sheet per table behind it."""
    return xlsx_writer.write_xlsx(Path(out), pack_sheets(data, brief, marking))


def pack_sheets(data: BriefData, brief: Brief, marking: str) -> list[SheetSpec]:
    """The pack's sheets, as the writer takes them (``scripts/bench_writers.py --pack`` times writers on them)."""
    by_concern = pd.DataFrame([dataclasses.asdict(r) for r in brief.table], columns=[c.key for c in BY_CONCERN])
    frames = {
        "Priorities": data.priorities,
        "What changed": data.changes,
        "Milestones": data.milestones,
        "Risks": data.risks,
        "Indicators": _indicators(data.status),
        "Actions": data.actions,
        "Returns": data.freshness,
        "Budget": data.budget
        if data.budget.empty
        else data.budget.assign(over=data.budget.forecast - data.budget.allocated),
        "Out of the picture": data.ended,
    }
    when = brief.as_at_text
    return [
        table_sheet("Brief", brief_words(data, brief), BRIEF, marking, when),
        table_sheet("By concern", by_concern, BY_CONCERN, marking, when),
        *(table_sheet(name, frames[name], columns, marking, when) for name, columns in TABLES.items()),
    ]
