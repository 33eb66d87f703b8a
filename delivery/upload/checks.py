"""The Upload page's checks and downloads that need no Streamlit, so a unit test can call them.

A file is checked for size, then as a return (delivery.returns.validate), then against the user's
departments; a batch is checked for two files that are the same department's return for
the same period, and against the store for priorities a file's department may not report on
(delivery/store/rights.py; the load checks again under the write lock). A checked file is a
dict: name, data (bytes), parsed (or None), problems, and after ``check_batch`` transfers: the
transfers an administrator could record to let its refused rows in (``rights.Transfer``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb

from delivery import auth
from delivery.errors import DeliveryError, NotAWorkbook
from delivery.forms.datamap import Datamap
from delivery.forms.translate import Form, check_form, in_their_cells
from delivery.reference.departments import department_lookup
from delivery.returns.annotate import annotate_workbook, problems_workbook
from delivery.returns.normalise import as_text
from delivery.returns.problems import Problem, blocking
from delivery.returns.validate import check_return
from delivery.returns.workbook import template_bytes  # noqa: F401  (the Upload page's blank template, made in memory)
from delivery.store.rights import check_rights
from delivery.store.versions import Store


def check_file(
    name: str, data: bytes, user: auth.User, today: dt.date, cap: int, datamap: Datamap | None = None
) -> dict:
    """One uploaded file: not read if over ``cap`` MB, else validated and checked against the user's departments.

    With ``datamap`` the file is a department's own form: mapped into our return first, its problems told
    at its own cells, and loaded as that form (``source``: delivery.forms.translate.Form)."""
    if len(data) > cap * 2**20:
        why = (
            f"{name} is {len(data) / 2**20:.1f} MB, over the {cap} MB limit for an upload, so it was not read. "
            "Check it is the right file; remove pictures and unused sheets."
        )
        return {"name": name, "data": data, "parsed": None, "problems": [Problem("(file)", "", name, why, name)]}
    mapped = None
    if datamap is None:
        parsed, problems = check_return(data, department_lookup(), today, name)
    else:
        parsed, problems, mapped = check_form(data, datamap, department_lookup(), today, name)
    problems = [p if p.file else replace(p, file=name) for p in problems]  # keeps each one's severity
    told = len(problems)
    if parsed is not None and not blocking(problems):
        dept = parsed.about["department"]
        refused = auth.refusal(user, auth.UPLOAD, dept)
        if refused:
            problems.append(
                Problem(
                    parsed.sheet_names.get("about", "About"),
                    parsed.about_cells.get("department", ""),
                    dept,
                    refused,
                    name,
                )
            )
    checked = {"name": name, "data": data, "parsed": parsed, "problems": problems}
    if datamap is not None:
        checked |= {"source": Form(name, data, datamap), "mapped": mapped, "told": told}
        tell_in_forms([checked])
    return checked


def tell_in_forms(files: list[dict]) -> None:
    """Tell at their form's cells the problems found since a form's own check (its department, the batch)."""
    for f in files:
        if f.get("mapped") is not None and len(f["problems"]) > f["told"]:
            f["problems"] = f["problems"][: f["told"]] + in_their_cells(f["problems"][f["told"] :], f["mapped"])
            f["told"] = len(f["problems"])


def source_of(f: dict):
    """What the loader takes for a checked file: its form (through its datamap), else (name, bytes)."""
    return f.get("source") or (f["name"], f["data"])


def check_batch(files: list[dict], store: Store, admin: bool = False) -> None:
    """Two files in one upload for the same department and period: only one may be loaded.

    Then each file against ``store`` (the one the app serves) for priorities its
    department may not report on; run on every check, as a load may have changed who leads what.
    ``admin``: the user is an administrator, who may add a priority ID without its department's prefix.
    """
    _check_pairs(files)
    _check_rights(files, store, admin)
    tell_in_forms(files)


def _check_rights(files: list[dict], store: Store, admin: bool) -> None:
    for f in files:
        f["transfers"] = []
    ready = [f for f in files if f["parsed"] is not None and not blocking(f["problems"])]  # warnings: as load
    if not ready:
        return
    try:
        con = store.connect_read()
        try:  # open while checking: transfers and successors are looked up per return period
            found = check_rights(con, [f["parsed"] for f in ready], admin)
        finally:
            if con is not None:
                con.close()
    except (DeliveryError, duckdb.Error) as error:
        why = f"Nothing can be loaded until the store is repaired. {error}"
        for f in ready:
            f["problems"].append(Problem("(file)", "", f["name"], why, f["name"]))
        return
    for f, checked in zip(ready, found):
        f["problems"] += checked.problems
        f["transfers"] = checked.transfers


def _check_pairs(files: list[dict]) -> None:
    seen: dict[tuple, str] = {}
    for f in files:
        if f["parsed"] is None or blocking(f["problems"]):
            continue
        parsed = f["parsed"]
        dept, period = parsed.about["department"], parsed.about["period_end"]
        if (dept, period) in seen:
            f["problems"].append(
                Problem(
                    parsed.sheet_names.get("about", "About"),
                    parsed.about_cells.get("period_end", ""),
                    as_text(period),
                    f"{seen[dept, period]} in this upload is also {dept}'s return for "
                    f"{period:%-d %b %Y}; upload only one of them.",
                    f["name"],
                )
            )
        seen.setdefault((dept, period), f["name"])


def marked_workbook(data: bytes, problems: tuple, name: str) -> bytes:
    """The analyst's workbook with the problems marked; just the problem list if it cannot be opened."""
    try:
        return annotate_workbook(data, problems, name)
    except NotAWorkbook:
        return problems_workbook(problems)


def shown_text(value) -> str:
    """A target, baseline or date as text: 90, 31 Jul 2028, or blank."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%-d %b %Y}"
    return f"{value:,g}" if isinstance(value, float) else str(value)
