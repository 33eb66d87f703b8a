"""One way to make a brief export from a store connection: what the command line runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from delivery.analysis import picture
from delivery.briefs import content, text
from delivery.errors import DeliveryError, quoted
from delivery.reference import profile
from delivery.reference.calendar import date_text
from delivery.reference.suggest import did_you_mean_code
from delivery.returns.xlsx_writer import write_whole

FORMATS = ("pdf", "docx", "pptx", "xlsx")
WHAT = {"pdf": "a PDF", "docx": "a Word document", "pptx": "PowerPoint slides", "xlsx": "an Excel pack"}


def marking() -> str:
    """The protective marking for briefs (DELIVERY_PROTECTIVE_MARKING, else the profile's)."""
    return profile.protective_marking()


def government() -> str:
    """The government's name (DELIVERY_GOVERNMENT_NAME, else the profile's)."""
    return profile.government_name()


def write(
    data: content.BriefData,
    brief: text.Brief,
    fmt: str,
    out: Path | str,
    progress: Callable[[str], None] | None = None,
    protective_marking: str | None = None,
) -> Path:
    """Write ``brief`` in ``fmt`` (pdf, docx, pptx or xlsx) to ``out``."""
    mark = protective_marking or marking()
    if fmt == "pdf":
        from delivery.briefs.pdf import write_pdf

        return write_pdf(data, brief, out, mark, progress)
    if fmt == "docx":
        from delivery.briefs.word import write_docx

        return write_docx(data, brief, out, mark, progress)
    if fmt == "pptx":
        from delivery.briefs.slides import write_pptx

        return write_pptx(data, brief, out, mark, progress)
    if fmt == "xlsx":
        from delivery.briefs.pack import write_xlsx

        return write_xlsx(data, brief, out, mark)
    raise DeliveryError(f"A brief can be written as {', '.join(FORMATS)}, not {quoted(fmt)}.")


def format_for(out: Path | str, fmt: str | None = None) -> str:
    """The format to write ``out`` in: ``fmt`` (--format) when given, which must match the file's extension;
    else the extension itself. Refused in a plain sentence when they differ or the extension names no format."""
    name = Path(out).name
    ext = Path(out).suffix.lower().lstrip(".")
    if fmt is not None and fmt not in FORMATS:
        raise DeliveryError(f"A brief can be written as {', '.join(FORMATS)}, not {quoted(fmt)}.")
    if fmt is None:
        if ext in FORMATS:
            return ext
        raise DeliveryError(
            f"Cannot tell which format to write {quoted(name)} in: end the file name in "
            f"{', '.join('.' + f for f in FORMATS[:-1])} or .{FORMATS[-1]}, or give --format."
        )
    if ext != fmt:
        ends = f"ends in .{ext}" if ext else "has no extension"
        also = f", or leave --format out to write {WHAT[ext]}" if ext in FORMATS else ""
        raise DeliveryError(f"The file name {quoted(name)} {ends} but --format is {fmt}: end it in .{fmt}{also}.")
    return fmt


def make_export(
    con,
    fmt: str | None,
    out: Path | str,
    period: dt.date | None = None,
    department: str | None = None,
    priority_id: str | None = None,
    progress: Callable[[str], None] | None = None,
):
    """Gather, word and write a brief for a scope and period; returns (path, brief). ``fmt`` None: the
    format is taken from ``out``'s extension (``format_for``)."""
    fmt = format_for(out, fmt)
    data = read_brief_data(con, content.Scope(department, priority_id), period)
    brief = text.make_brief(data, government())
    path = write_whole(out, lambda partial: write(data, brief, fmt, partial, progress))  # never half a brief at OUT
    return path, brief


def read_brief_data(con, scope: content.Scope, period: dt.date | None = None) -> content.BriefData:
    """The picture of ``scope`` as at ``period`` (default: the period the app opens on) and what changed,
    with the settings' calendar: what ``brief`` and ``picture`` print."""
    ask = content.asker(con)
    rules = picture.rules_from_settings()
    as_at = picture.resolve_as_at(ask, rules, period)
    check_scope(ask, as_at, scope.department, scope.priority_id)
    return content.gather(ask, scope, as_at, rules)


def check_scope(ask, as_at: dt.date | None, department: str | None, priority_id: str | None) -> None:
    """Refuse, in a plain sentence, a department or priority the store does not know."""
    if department is not None:
        codes = set(ask("department_list")["code"])
        if department not in codes:
            raise DeliveryError(
                f"There is no department {quoted(department)}; the codes are in data/departments.csv "
                f"(for example {', '.join(sorted(codes)[:5])}).{did_you_mean_code(department, sorted(codes))}"
            )
    if priority_id is not None and as_at is not None:
        known = set(ask("priority_choices", as_at=as_at)["priority_id"])
        known |= set(ask("priorities_ended", as_at=as_at, department=None, theme=None)["priority_id"])
        if priority_id not in known:
            raise DeliveryError(
                f"There is no priority {quoted(priority_id)} in the store as at {date_text(as_at)}."
                + did_you_mean_code(priority_id, sorted(known))
            )
