"""Load validated returns into the store: all files checked first, then one transaction.

Checking and batching live here; the writes themselves, rollback and a rebuild's replay
live in delivery/store/history.py, which every change to the return tables goes through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from delivery.errors import NotAWorkbook
from delivery.forms.translate import Form, in_their_cells
from delivery.reference.calendar import date_text
from delivery.reference.departments import department_lookup
from delivery.returns import isolated, safety
from delivery.returns.contract import SHEETS
from delivery.returns.problems import Problem, blocking, warnings_in
from delivery.returns.validate import check_return
from delivery.store import archive, concurrency, periods

# Re-exported (see __all__): callers that import these from the loader keep working.
from delivery.store.history import (
    LOADED,
    REFUSED,
    REJECTED,
    ROLLED_BACK,
    UNCHANGED,
    FileResult,
    apply_entry,
    last_load_id,
    logged_write,
    new_entry,
    parse_archived,
    replace_many,
    replay,
    rollback_load,
)
from delivery.store.rebuild import rebuild
from delivery.store.rights import check_rights
from delivery.store.versions import Store, run_query

__all__ = [
    "LOADED",
    "REFUSED",
    "REJECTED",
    "ROLLED_BACK",
    "UNCHANGED",
    "FileResult",
    "LoadReport",
    "Source",
    "Validation",
    "check_files",
    "load_returns",
    "parse_archived",
    "rebuild",
    "replay",
    "rollback_load",
    "validate_returns",
]

Source = Path | str | tuple[str, bytes] | Form  # a Form: a department's own form, through its datamap


@dataclass
class LoadReport:
    """The result of one ``load_returns`` call: one FileResult per file, in the order given."""

    files: list[FileResult]
    version: str | None = None

    @property
    def ok(self) -> bool:
        """True when the batch was written (every file loaded or unchanged)."""
        return all(f.outcome not in (REJECTED, REFUSED) for f in self.files)

    @property
    def refused(self) -> list[str]:
        """Why the batch was refused as stale: who changed which return since its preview (empty if not)."""
        return [p.message for f in self.files if f.outcome == REFUSED for p in f.problems]

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every file."""
        return [p for f in self.files for p in f.problems]

    def to_dict(self) -> dict:
        """A JSON-ready dict: overall outcome, store version, and the files."""
        outcomes = {f.outcome for f in self.files}
        overall = (
            REJECTED
            if REJECTED in outcomes
            else REFUSED
            if REFUSED in outcomes
            else UNCHANGED
            if outcomes == {UNCHANGED}
            else LOADED
        )
        return {"outcome": overall, "version": self.version, "files": [f.to_dict() for f in self.files]}


def load_returns(
    store: Store,
    sources: Sequence[Source],
    loaded_by: str,
    *,
    reason: str | None = None,
    allowed_departments: Collection[str] | None = None,
    today: dt.date | None = None,
    strict: bool = False,
    bases: Mapping[tuple[str, dt.date], int] | None = None,
    admin: bool = False,
    restate: bool = False,
) -> LoadReport:
    """Validate every file, then write them all in one transaction (or nothing if any has an error).

    Each return replaces its department's rows for its period and keeps every other period;
    a file identical to the active load of its department and period changes nothing.
    Warnings let a file through and are recorded with its load; ``strict`` makes them block too.

    ``bases``: for a commit made from previews, each return's base as its preview recorded it
    (``Preview.base``). If any return was loaded or rolled back since (checked under the write
    lock), the whole batch is refused: logged with outcome "refused", no rows written, each
    file's problem saying who changed what (``LoadReport.refused``). None (the command line,
    which loads without a preview: validating and writing under one lock is its own preview)
    checks nothing. ``admin``: loaded by an administrator, who may add a priority ID without its
    department's prefix (``delivery.store.new_ids``). A return for a period an admin closed is refused unless
    ``admin`` (or ``restate``: the command line, run by whoever holds the store's files) and a ``reason``; it
    is then a restatement (``delivery.store.periods``).
    """
    checked = _check_all(sources, today)
    results = [r for r, _, _ in checked]
    _check_batch(checked, allowed_departments)
    _told_in_forms(results)
    if any(blocking(r.problems, strict) for r in results):
        _explain_rejection(results, strict)
        return LoadReport(results)
    loaded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    try:
        return _write_batch(store, checked, loaded_by, loaded_at, reason, bases, admin, admin or restate)
    except _Refused:
        _told_in_forms(results)
        _explain_rejection(results)
        return LoadReport(results)


class _Refused(Exception):
    """A batch refused under the write lock (its problems are on its FileResults); nothing written."""


def _check_rights(checked, admin: bool = False, restate: bool = False, reason: str | None = None):
    """The rights check, and closed periods', run under the write lock on the published version before
    anything is written."""

    def check(con) -> None:
        _add_rights_problems(con, checked, admin)
        periods.check_closed(con, checked, restate, reason)
        if any(blocking(result.problems) for result, _, _ in checked):  # warnings passed the checks already
            raise _Refused

    return check


def _add_rights_problems(con, checked, admin: bool = False) -> None:
    """Add to each checked file the problems of ``check_rights`` against the version ``con`` reads."""
    for (result, _, _), found in zip(checked, check_rights(con, [parsed for _, parsed, _ in checked], admin)):
        result.problems += found.problems


def _write_batch(
    store: Store, checked, loaded_by, loaded_at, reason, bases=None, admin=False, restate=False
) -> LoadReport:
    """Write a checked batch in one new version (refused with _Refused by the rights check, or
    logged as refused when a return moved since its preview)."""
    results = [r for r, _, _ in checked]
    with logged_write(store, before=_check_rights(checked, admin, restate, reason)) as (con, entries):
        first_id = last_load_id(con) + 1
        moved = (
            {}
            if bases is None
            else concurrency.moved_returns(con, bases, [(r.department, r.period_end) for r in results])
        )
        if moved:  # logged, so the loads history says what became of this commit
            entries += _refuse_batch(con, store, checked, moved, first_id, loaded_by, loaded_at, reason)
            return LoadReport(results, None)  # (returning publishes the refusal's version)
        entries += [
            _entry_for(con, result, first_id + i, loaded_by, loaded_at, reason)
            for i, (result, _, _) in enumerate(checked)
        ]
        for (_, parsed, _), entry in zip(checked, entries):  # before the rows they replace are gone
            if entry["outcome"] == LOADED and (restated := periods.restatement(con, parsed, entry)):
                entry["restated"] = restated
        # The batch's returns are distinct department-periods, so their rows can be replaced
        # in a few statements per table rather than a few per file (the national demo: 238).
        replace_many(con, [(parsed, e) for (_, parsed, _), e in zip(checked, entries) if e["outcome"] == LOADED])
        for (result, _, data), entry in zip(checked, entries):
            apply_entry(con, entry, parsed_for=None, rows_written=True)
            archive.keep_original(store.archive, result.sha256, data)
            _keep_form(store, result)
    return LoadReport(results, store.version())


@dataclass
class Validation:
    """The result of ``validate_returns``: a FileResult per file, and the store whose rights were checked."""

    files: list[FileResult]
    store: Store | None = None
    version: str | None = None  # the store version the rights were checked against; None: none checked


def validate_returns(
    sources: Sequence[Source],
    store: Store | None = None,
    *,
    allowed_departments: Collection[str] | None = None,
    today: dt.date | None = None,
    strict: bool = False,
) -> Validation:
    """Validate files without loading them: outcome "valid", or "rejected" with every problem.

    With ``store``, also the reporting-rights check ``load`` makes (``check_rights``, against its
    published version) on each file with no error of its own; a store with nothing published has no
    rights to check. Reads the store, writes nothing. A file with warnings only is valid
    (``strict``: rejected); its message counts them.
    """
    checked = _check_all(sources, today)
    _check_batch(checked, allowed_departments)
    version = _check_rights_read(store, checked) if store is not None else None
    results = [r for r, _, _ in checked]
    _told_in_forms(results)
    for r in results:
        refused = bool(blocking(r.problems, strict))
        r.outcome = REJECTED if refused else "valid"
        r.message = _to_fix(r, strict) if refused else f"{r.file_name}: no problems{_warned(r.problems, ' to fix')}."
    return Validation(results, store, version)


def check_files(
    sources: Sequence[Source],
    *,
    allowed_departments: Collection[str] | None = None,
    today: dt.date | None = None,
    strict: bool = False,
) -> list[FileResult]:
    """``validate_returns`` without a store (no rights checked): each file's FileResult."""
    return validate_returns(sources, allowed_departments=allowed_departments, today=today, strict=strict).files


def _check_rights_read(store: Store, checked) -> str | None:
    """``check_rights`` on the files with no error, against ``store``'s published version; that version's
    name, or None when nothing is published (a load there would find every priority new)."""
    con = store.connect_read()
    if con is None:
        return None
    try:
        ready = [c for c in checked if c[1] is not None and not blocking(c[0].problems)]
        _add_rights_problems(con, ready)
        return Path(
            con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
        ).name
    finally:
        con.close()


# --- checking -------------------------------------------------------------------------


def _check_all(sources: Sequence[Source], today: dt.date | None) -> list[tuple]:
    """Read and validate every source against the department list (read once per batch).

    Files are read in the reader's child processes, so checking as many at once as there
    are children keeps every core busy."""
    departments = department_lookup()
    with ThreadPoolExecutor(max_workers=isolated.PROCESSES) as pool:
        return list(pool.map(lambda src: _check(src, departments, today), sources))


def _check(source: Source, departments: dict[str, str], today: dt.date | None):
    """Read and validate one source: (FileResult, ParsedReturn | None, bytes of our return)."""
    if isinstance(source, Form):
        return _check_form(source, departments, today)
    name, data, problem = _read_source(source)
    result = FileResult(name)
    if problem:
        result.problems.append(problem)
        return result, None, b""
    parsed, problems = check_return(data, departments, today=today, file_name=name)
    return _checked(result, parsed, problems, data)


def _check_form(form: Form, departments: dict[str, str], today: dt.date | None):
    """``_check`` for a department's own form: mapped through its datamap into our return, then checked as one;
    its problems are told at the form's cells."""
    parsed, problems, mapped = form.check(departments, today)
    result = FileResult(form.file_name, form=form, mapped=mapped)
    result, parsed, data = _checked(result, parsed, problems, mapped.data if mapped else b"")
    result.told = len(result.problems)
    return result, parsed, data


def _told_in_forms(results: list[FileResult]) -> None:
    """Tell at their form's cells the problems found since a form's own check (across the batch, rights)."""
    for r in results:
        if r.mapped is not None and len(r.problems) > r.told:
            r.problems = r.problems[: r.told] + in_their_cells(r.problems[r.told :], r.mapped)
            r.told = len(r.problems)


def _keep_form(store: Store, result: FileResult) -> None:
    """Archive the department's own form and the datamap in force, beside the return they made."""
    if result.form is not None and result.form.archived(result.mapped):
        archive.keep_original(store.archive, result.mapped.form_sha256, result.form.data)
        archive.keep_original(store.archive, result.form.datamap.sha256, result.form.datamap.data, ".csv")


def _checked(result: FileResult, parsed, problems: list[Problem], data: bytes):
    """(result with its problems, department, period and row counts; parsed; data)."""
    name = result.file_name
    result.problems = [p if p.file else replace(p, file=name) for p in problems]
    if data:
        result.sha256 = hashlib.sha256(data).hexdigest()
    if parsed is not None:
        result.department = parsed.about.get("department")
        result.period_end = parsed.about.get("period_end")
        result.row_counts = _row_counts(parsed)
    return result, parsed, data


def _read_source(source: Source) -> tuple[str, bytes, Problem | None]:
    """A source's name and bytes, or a problem saying plainly why it cannot be read."""
    if isinstance(source, tuple):
        return source[0], source[1], None
    path = Path(source)
    try:
        safety.check_size(path.stat().st_size, path.name)  # before reading: a 2 GB file is never read
        return path.name, path.read_bytes(), None
    except NotAWorkbook as error:
        why = str(error)
    except FileNotFoundError:
        why = f"There is no file called {path}."
    except IsADirectoryError:
        why = f"{path} is a folder, not a workbook."
    except PermissionError:
        why = f"{path} cannot be opened: permission denied."
    except OSError as e:
        why = f"{path} cannot be read: {e.strerror or e}."
    return path.name, b"", Problem("(file)", "", str(path), why, path.name)


def _check_batch(checked, allowed: Collection[str] | None) -> None:
    """Problems only visible across the batch: two files for one return, departments not allowed."""
    seen: dict[tuple, str] = {}
    for result, parsed, _ in checked:
        if parsed is None or blocking(result.problems):
            continue
        dept, period = result.department, result.period_end
        where = (parsed.sheet_names.get("about", "About"), parsed.about_cells.get("department", ""))
        if allowed is not None and dept not in allowed:
            may = ", ".join(sorted(allowed)) or "no department"
            result.problems.append(
                Problem(
                    *where,
                    dept,
                    f"You may not load returns for {dept}; you may load returns for {may}.",
                    result.file_name,
                )
            )
        if (dept, period) in seen:
            result.problems.append(
                Problem(
                    *where,
                    dept,
                    f"{seen[dept, period]} in this batch is also "
                    f"{dept}'s return for {date_text(period)}; load only one of them.",
                    result.file_name,
                )
            )
        seen.setdefault((dept, period), result.file_name)


def _explain_rejection(results: list[FileResult], strict: bool = False) -> None:
    for r in results:
        r.outcome = REJECTED
        r.message = (
            f"Not loaded: {_to_fix(r, strict)}"
            if blocking(r.problems, strict)
            else f"Not loaded: {r.file_name} has no problems{_warned(r.problems, ' to fix')}, but nothing "
            "was written because other files in this batch have problems."
        )


def _to_fix(result: FileResult, strict: bool = False) -> str:
    """'3 problems to fix in DfE.xlsx.', then '; 1 warning.' if it has warnings too.

    With ``strict`` the warnings are among the problems to fix, and the sentence says so.
    """
    n = len(blocking(result.problems, strict))
    text = f"{n} problem{'s' if n != 1 else ''} to fix in {result.file_name}"
    w = len(warnings_in(result.problems))
    if strict and w:
        return text + (
            f"; {'it is a warning' if w == 1 else f'{w} of them are warnings'}, which --strict "
            "counts as problems to fix."
        )
    return text + _warned(result.problems) + "."


def _warned(problems: list[Problem], lead: str = "") -> str:
    """'; 2 warnings' (after ``lead``) when there are warnings, else ''."""
    w = len(warnings_in(problems))
    return f"{lead}; {w} warning{'s' if w != 1 else ''}" if w else ""


def _row_counts(parsed) -> dict[str, int]:
    return {s.name: len(parsed.tables[s.table]) for s in SHEETS if s.table in parsed.tables}


# --- writing (through delivery/store/history.py) -------------------------------------------


def _refuse_batch(con, store: Store, checked, moved: dict, first_id: int, loaded_by, loaded_at, reason) -> list[dict]:
    """Log every file of a batch as refused (its return, or another in the batch, moved since its preview)."""
    entries = []
    for i, (result, _, data) in enumerate(checked):
        why = moved.get((result.department, result.period_end))
        stale = next(iter(moved))
        entry = new_entry(
            first_id + i,
            REFUSED,
            result.file_name,
            result.sha256,
            result.department,
            result.period_end,
            loaded_by,
            reason,
            loaded_at,
        )
        entry["refused"] = why or (
            f"{stale[0]}'s return for {date_text(stale[1])} in the same commit changed since its preview"
        )
        apply_entry(con, entry, parsed_for=None)
        archive.keep_original(store.archive, result.sha256, data)  # what was refused, for the record
        _keep_form(store, result)
        entries.append(entry)
        result.outcome, result.load_id = REFUSED, first_id + i
        result.message = why or (
            f"Not loaded: {result.file_name} was not committed because "
            f"{entry['refused']}; look at the new preview before committing again."
        )
        if why:
            result.problems.append(Problem("(file)", "", result.file_name, why, result.file_name))
    return entries


def _entry_for(con, result: FileResult, load_id, loaded_by, loaded_at, reason) -> dict:
    """The log entry for one checked file: loaded, or unchanged if identical to the active load."""
    active = run_query(con, "load_active", {"department": result.department, "return_period": result.period_end})
    same = not active.empty and active["sha256"].iloc[0] == result.sha256
    entry = new_entry(
        load_id,
        UNCHANGED if same else LOADED,
        result.file_name,
        result.sha256,
        result.department,
        result.period_end,
        loaded_by,
        reason,
        loaded_at,
    )
    entry["row_counts"] = result.row_counts
    if result.form is not None and result.form.archived(result.mapped):
        entry["form"] = result.form.archived(result.mapped)
    entry["warnings"] = [p.to_dict() for p in warnings_in(result.problems)]  # kept in the log: rebuild keeps them
    result.outcome, result.load_id = entry["outcome"], load_id
    counts = ", ".join(f"{sheet} {n}" for sheet, n in result.row_counts.items())
    period = date_text(result.period_end)
    result.message = (
        f"{result.file_name} was already loaded for {result.department} {period} "
        f"(load {int(active['load_id'].iloc[0])}); nothing changed."
        if same
        else f"Loaded {result.department}'s return for {period} (load {load_id}): {counts}{_warned(result.problems)}."
    )
    return entry
