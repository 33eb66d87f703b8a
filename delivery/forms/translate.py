"""A department's form, through its datamap, into our return; and our problems back into their cells.

``map_form`` reads the cells the datamap names, translates their words, and writes our return
workbook (``delivery.returns.workbook.return_bytes``), so every check applies to it unchanged.
``check_form`` then checks that return and tells each problem at the form's own cell: our
return's layout is fixed (About values in column B from row 2; each table's header on row 1, its
columns in the contract's order), so each of our cells is known to come from one of theirs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl.utils import get_column_letter

from delivery.errors import NotAWorkbook, quoted
from delivery.forms.datamap import Datamap, Entry, Target
from delivery.forms.read import FormCells, read_form
from delivery.returns.contract import ABOUT_FIELDS, ABOUT_SHEET, SHEETS_BY_TABLE
from delivery.returns.normalise import BadValue, as_text, is_blank, parse_number
from delivery.returns.parsed import ParsedReturn
from delivery.returns.problems import Problem
from delivery.returns.validate import check_return
from delivery.returns.workbook import return_bytes

DATAMAP_SHEET = "(datamap)"  # where a problem with no cell of theirs is told
_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")


@dataclass
class MappedForm:
    """A form as our return: its bytes, and which entry of the datamap each of our values came from."""

    file_name: str
    form_sha256: str
    data: bytes
    origin: dict[Target, Entry]
    problems: list[Problem] = field(default_factory=list)
    refused: set[Target] = field(default_factory=set)  # values refused here (a word the map does not translate)


def map_form(source: Path | str | bytes, datamap: Datamap, file_name: str | None = None) -> MappedForm:
    """Read a form through ``datamap`` into our return workbook. Raises NotAWorkbook for a file that is
    not a workbook; every problem with a value (a missing sheet, an untranslated word) is in ``problems``."""
    wanted: dict[str, list[str]] = {}
    for entry in datamap.cells():
        wanted.setdefault(entry.sheet, []).append(entry.cell)
    return map_cells(read_form(source, wanted, file_name), datamap)


def map_cells(cells: FormCells, datamap: Datamap, file_name: str | None = None) -> MappedForm:
    """Our return from the values read from a form (``cells``) through ``datamap``."""
    name = file_name or cells.file_name
    mapped = MappedForm(name, cells.sha256, b"", {})
    for sheet in cells.missing_sheets:
        mapped.problems.append(
            Problem(sheet, "", "", f"The sheet '{sheet}' named by the datamap {datamap.name} is not in {name}.", name)
        )
    about, rows = {}, {}
    uses = Counter((e.sheet, e.cell) for e in datamap.cells())  # a cell many rows read (their project ID) fills none
    for entry in datamap.entries:
        value = _value(entry, cells, mapped)
        target = entry.target
        if target.table == "about":
            about[target.column] = value
        else:
            row = rows.setdefault(target.table, {}).setdefault(target.row, {"_filled": False})
            row[target.column] = value
            own = bool(entry.cell) and uses[entry.sheet, entry.cell] == 1
            row["_filled"] |= own and not is_blank(cells.value(entry.sheet, entry.cell))
        mapped.origin[target] = entry
    mapped.data = return_bytes(about, _tables(rows, mapped))
    return mapped


def _value(entry: Entry, cells: FormCells, mapped: MappedForm) -> object:
    """The value for ``entry``: its fixed value, or their cell's, with their word turned into ours."""
    if not entry.cell:
        return entry.value
    value = cells.value(entry.sheet, entry.cell)
    if entry.times and not is_blank(value):
        return _times(value, entry)
    if not entry.words or is_blank(value):
        return value
    ours = entry.translate(as_text(value))
    if ours is None:
        words = ", ".join(quoted(theirs) for theirs, _ in entry.words)
        mapped.problems.append(
            Problem(
                entry.sheet,
                entry.cell,
                as_text(value),
                f"{quoted(as_text(value))} is not a word the datamap translates for {entry.target.name} "
                f"(line {entry.line}); it translates {words}. Correct the cell, or add the word to the datamap.",
                mapped.file_name,
            )
        )
        mapped.refused.add(entry.target)
    return ours


def _times(value: object, entry: Entry) -> object:
    """A number in their unit, in ours (their £m in our pounds); text that is no number is left for our checks."""
    try:
        number = parse_number(value, entry.target.column)
    except BadValue:
        return value
    return value if number is None else round(number * entry.times, 6)


def _tables(rows: dict[str, dict[int, dict]], mapped: MappedForm) -> dict[str, list[dict]]:
    """Each table's rows in order, leaving out a row none of whose own cells holds a value (an unused line
    of their form: a value only fixed, or read from a cell every row reads, does not make a row); the
    targets of the rows written are renumbered to their place in our table."""
    tables, moved = {}, {}
    for table, by_row in rows.items():
        kept = [(n, row) for n, row in sorted(by_row.items()) if row.pop("_filled")]
        tables[table] = [row for _, row in kept]
        for place, (n, row) in enumerate(kept, start=1):
            for column in row:
                moved[Target(table, n, column)] = Target(table, place, column)
    written = {}
    for target, entry in mapped.origin.items():
        if target.table == "about":
            written[target] = entry
        elif target in moved:
            written[moved[target]] = entry
    mapped.origin = written
    mapped.refused = {moved.get(t, t) for t in mapped.refused}
    return tables


def check_form(
    source: Path | str | bytes,
    datamap: Datamap,
    departments: Collection[str] | Mapping[str, str],
    today: dt.date | None = None,
    file_name: str | None = None,
) -> tuple[ParsedReturn | None, list[Problem], MappedForm | None]:
    """Map a form and check the return it makes: (parsed, problems at the form's own cells, the mapped form).

    A file that cannot be read as a workbook is one problem, as for a return."""
    name = file_name or (Path(source).name if isinstance(source, (str, Path)) else "the uploaded form")
    try:
        mapped = map_form(source, datamap, name)
    except NotAWorkbook as error:
        return None, [Problem("(file)", "", name, str(error), name)], None
    return check_mapped(mapped, departments, today)


def check_mapped(
    mapped: MappedForm, departments: Collection[str] | Mapping[str, str], today: dt.date | None = None
) -> tuple[ParsedReturn | None, list[Problem], MappedForm]:
    """Check the return a form made: (parsed, problems at the form's own cells, the mapped form)."""
    if not mapped.data:  # no return was made (a flat table without a mapped column): its problems say why
        return None, mapped.problems, mapped
    parsed, problems = check_return(mapped.data, departments, today=today, file_name=mapped.file_name)
    return parsed, mapped.problems + in_their_cells(problems, mapped), mapped


def in_their_cells(problems: list[Problem], mapped: MappedForm) -> list[Problem]:
    """``problems`` found in our return, told at the form's cells (a value the form had no cell for is told
    at the datamap's line); a problem at a value already refused here (its word) is left out."""
    where = our_cells()
    told = []
    for problem in problems:
        target = _target(problem, where)
        if target is None:
            told.append(problem)
        elif target not in mapped.refused:
            told.append(_at_their_cell(problem, target, mapped.origin.get(target)))
    return told


def our_cells() -> dict[tuple[str, str], tuple[str, str]]:
    """Our return's layout: {(our sheet, column letter): (table, column)}, {(About, 'B<row>'): ('about', field)}."""
    cells = {(ABOUT_SHEET, f"B{i}"): ("about", f.name) for i, f in enumerate(ABOUT_FIELDS, start=2)}
    for table, sheet in SHEETS_BY_TABLE.items():
        for i, column in enumerate(sheet.columns, start=1):
            cells[sheet.name, get_column_letter(i)] = (table, column.name)
    return cells


def _target(problem: Problem, where: dict) -> Target | None:
    """The field of ours a problem is at, or None for a problem with no cell of ours (the file, a sheet)."""
    if problem.sheet == ABOUT_SHEET:
        found = where.get((ABOUT_SHEET, problem.cell))
        return Target("about", 0, found[1]) if found else None
    match = _CELL.fullmatch(problem.cell or "")
    found = where.get((problem.sheet, match[1])) if match else None
    return Target(found[0], int(match[2]) - 1, found[1]) if found else None


def _at_their_cell(problem: Problem, target: Target, entry: Entry | None) -> Problem:
    if entry is None:
        message = f"{target.name} is not in the datamap: {problem.message} Add a line for it to the datamap."
        return replace(problem, sheet=DATAMAP_SHEET, cell="", message=message)
    if not entry.cell:
        message = f"{target.name}, the fixed value on line {entry.line} of the datamap: {problem.message}"
        return replace(problem, sheet=DATAMAP_SHEET, cell="", message=message)
    return replace(problem, sheet=entry.sheet, cell=entry.cell, message=_their_words(problem.message, target))


def _their_words(message: str, target: Target) -> str:
    """Our message, saying which of our fields the cell fills: '... (Milestones[2].title in our return)'."""
    return f"{message.replace(' on the About sheet', '')} (This cell is {target.name} in our return.)"


@dataclass(frozen=True)
class Form:
    """A department's own form to load through a datamap: what the loader takes beside a path or (name, bytes).

    Or, with ``mapped``, one return already made from a part of a flat table (``data``, named ``table_name``)
    through a column map (``datamap``: delivery/forms/columns.py's ColumnMap)."""

    file_name: str
    data: bytes
    datamap: Datamap | None = None
    mapped: MappedForm | None = None
    table_name: str = ""

    def check(self, departments, today: dt.date | None = None):
        """``check_form`` of this form, or ``check_mapped`` of the return already made."""
        if self.mapped is not None:
            return check_mapped(self.mapped, departments, today)
        return check_form(self.data, self.datamap, departments, today, self.file_name)

    def archived(self, mapped: MappedForm) -> dict | None:
        """What the load log keeps to replay this form: its file and the map in force, by sha256."""
        if self.datamap is None:
            return None
        kept = {
            "file_name": self.table_name or self.file_name,
            "sha256": mapped.form_sha256,
            "datamap": self.datamap.name,
            "datamap_sha256": self.datamap.sha256,
        }
        return kept | ({"kind": "columns"} if self.table_name else {})
