"""The commands about departments' own forms: map (forms or flat tables into our returns), datamap
(the datamap of our own template) and export --datamap (a return as stored, into their form)."""

from __future__ import annotations

import re

from delivery.commands.common import OK, PROBLEMS, all_ok, print_results
from delivery.commands.sources import form_bytes, sources_of
from delivery.errors import DeliveryError
from delivery.forms.datamap import read_datamap
from delivery.reference.calendar import date_text


def cmd_map(args) -> int:
    """Each form through the datamap: our return written to OUT/<form>.xlsx when it has no problem, else its
    problems listed at the form's own cells and a copy of the form with them marked, OUT/<form> (problems).xlsx."""
    from delivery.returns.annotate import annotate_workbook
    from delivery.returns.problems import blocking
    from delivery.returns.xlsx_writer import write_whole
    from delivery.store.loader import check_files

    if args.out.exists() and not args.out.is_dir():
        raise DeliveryError(f"{args.out} is a file: name a folder to write the returns to.")
    args.out.mkdir(parents=True, exist_ok=True)
    results = check_files(sources_of(args))
    for result in results:
        stem = re.sub(r"[/\\:]", "-", re.sub(r"\.xls[xm]\b", "", result.file_name, flags=re.IGNORECASE))
        if blocking(result.problems, args.strict):
            marked = _marked(annotate_workbook, result)
            if marked:
                path = write_whole(args.out / f"{stem} (problems).xlsx", lambda p, b=marked: p.write_bytes(b))
                result.message = f"Not mapped: {result.file_name} has problems; they are marked on {path}."
            else:
                result.message = f"Not mapped: {result.file_name} has problems."
            continue
        path = write_whole(args.out / f"{stem}.xlsx", lambda p, b=result.mapped.data: p.write_bytes(b))
        result.outcome, result.message = (
            "mapped",
            f"Wrote {result.department}'s return for {date_text(result.period_end)} to {path}.",
        )
    print_results(
        results, args.json, {"outcome": "mapped" if all_ok(results, args.strict) else "rejected"}, args.strict
    )
    return OK if all_ok(results, args.strict) else PROBLEMS


def _marked(annotate, result) -> bytes | None:
    """Their form with every problem marked at its cell, or None when the form cannot be opened to mark."""
    if result.form is None or result.mapped is None:
        return None
    try:
        return annotate(result.form.data, result.problems, result.file_name)
    except DeliveryError:
        return None


def cmd_datamap(args) -> int:
    """Write the identity datamap of our own template: a starting point for a department's own."""
    from delivery.forms.fill import template_datamap
    from delivery.returns.xlsx_writer import write_whole

    data = template_datamap(args.rows)
    path = write_whole(args.out, lambda p: p.write_bytes(data))
    print(f"Wrote the datamap of our template ({args.rows} rows of each sheet) to {path}.")
    return OK


def cmd_export(args) -> int:
    """export: as stored, or with --datamap into the department's own form (its blank ``--form``, else a new one)."""
    from delivery.commands.common import existing_store
    from delivery.commands.returns import cmd_export as export_as_stored
    from delivery.forms.fill import fill_form
    from delivery.returns.xlsx_writer import write_whole
    from delivery.store.export import return_as_stored

    if not args.datamap:
        if args.form:
            raise DeliveryError("--form names the department's blank form to fill: give --datamap with it.")
        return export_as_stored(args)
    datamap = read_datamap(args.datamap)
    about, tables = return_as_stored(existing_store(args), args.department, args.period)
    data = fill_form(form_bytes(args.form) if args.form else None, datamap, about, tables)
    path = write_whole(args.out, lambda p: p.write_bytes(data))
    print(f"Wrote {args.department}'s return for {date_text(about['period_end'])} in its own form to {path}.")
    return OK
