"""The department list, ``departments.csv`` in the reference folder (``data/`` by default): who each
department is, when it existed, what it became.

One row per department, editable by hand. Columns:

- ``code``, ``name``: the canonical code returns are stored under, and its name (required).
- ``start_date``, ``end_date``: when it existed, as YYYY-MM-DD; blank means open (no known
  start, or still exists). After its ``end_date`` a department's returns leave the current
  picture unless its priorities were transferred (``python -m delivery transfer``).
- ``successors``: the codes of the departments that took over its work, ';'-separated.
- ``former_names``: names it had before, ';'-separated (shown, never matched).
- ``aliases``: other codes and spellings that mean it (``DH;DoH``), ';'-separated. A return
  that uses an alias is loaded under the canonical code.

Every problem in the file is reported at once, each naming the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd

from delivery.errors import DeliveryError
from delivery.reference.profile import current as current_profile
from delivery.reference.profile import display_path as profile_path
from delivery.reference.profile import reference_file


def departments_csv() -> Path:
    """The department list: departments.csv in the reference folder (DELIVERY_REFERENCE)."""
    return reference_file("departments.csv")


COLUMNS = ("code", "name", "start_date", "end_date", "successors", "former_names", "aliases")
LIST_COLUMNS = ("successors", "former_names", "aliases")


class DepartmentListError(DeliveryError):
    """data/departments.csv has problems; the message lists each one by file and line."""


def read_departments(path: Path | None = None) -> pd.DataFrame:
    """The department reference list: one row per department, the columns of ``COLUMNS``.

    Dates are ``datetime.date`` or None; the ';'-separated columns are tuples of text.
    Raises DepartmentListError naming the file and line of every problem.
    """
    rows, problems = _read_all(path or departments_csv())
    if problems:
        raise DepartmentListError("The department list has problems to fix: " + " ".join(problems))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def department_problems(path: Path | None = None) -> list[str]:
    """Every problem of the department list, each naming the file and line; [] when it can be used."""
    return _read_all(path or departments_csv())[1]


def _read_all(path: Path) -> tuple[list[dict], list[str]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [c for c in ("code", "name") if c not in (reader.fieldnames or [])]
            if missing:
                return [], [
                    f"{path}, line 1: the header must have the columns code and name (missing: {', '.join(missing)})."
                ]
            raw = [(reader.line_num, row) for row in reader]
    except UnicodeDecodeError:
        return [], [f"{path} is not a text (UTF-8) CSV file; save it as CSV UTF-8."]
    rows, problems = [], []
    for line, row in raw:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # a blank line
        rows.append(_read_row(row, f"{path}, line {line}", problems))
    problems += _check_across(rows, raw, path)
    return rows, problems


def _read_row(row: dict, where: str, problems: list[str]) -> dict:
    text = {c: (row.get(c) or "").strip() for c in COLUMNS}
    out: dict = {"code": text["code"], "name": text["name"]}
    if not out["code"]:
        problems.append(f"{where}: code is blank.")
    elif not out["name"]:
        problems.append(f"{where}: {out['code']} has no name.")
    for column in ("start_date", "end_date"):
        out[column] = _date(text[column], f"{where}: {column} '{text[column]}'", problems)
    if out["start_date"] and out["end_date"] and out["end_date"] < out["start_date"]:
        problems.append(f"{where}: {out['code']} ends ({out['end_date']}) before it starts ({out['start_date']}).")
    for column in LIST_COLUMNS:
        out[column] = tuple(v.strip() for v in text[column].split(";") if v.strip())
    return out


def _date(text: str, what: str, problems: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"{what} is not a date written YYYY-MM-DD.")
        return None


def _check_across(rows: list[dict], raw: list, path: Path) -> list[str]:
    """Codes and aliases unique (ignoring case); successors are listed codes."""
    lines = [line for line, row in raw if any((v or "").strip() for v in row.values() if isinstance(v, str))]
    problems, seen = [], {}
    for line, row in zip(lines, rows):
        for name in (row["code"], *row["aliases"]):
            if not name:
                continue
            first = seen.setdefault(name.lower(), (line, row["code"]))
            if first[0] != line:
                problems.append(f"{path}, line {line}: '{name}' already means {first[1]} (line {first[0]}).")
    codes = {r["code"] for r in rows}
    for line, row in zip(lines, rows):
        unknown = [s for s in row["successors"] if s not in codes]
        if unknown:
            problems.append(
                f"{path}, line {line}: successors of {row['code']} are not listed codes: {', '.join(unknown)}."
            )
    return problems


def department_lookup(path: Path | None = None) -> dict[str, str]:
    """Every spelling that means a department, lower-cased, to its canonical code: codes and aliases."""
    path = path or departments_csv()
    lookup = {}
    for row in read_departments(path).itertuples(index=False):
        lookup[row.code.lower()] = row.code
        lookup.update({alias.lower(): row.code for alias in row.aliases})
    return lookup


def where_to_add(codes: list[str]) -> str:
    """' If XYZ is a new department, add a line for it to data/departments.csv: XYZ,Its name,,,,,' (to end a
    message about unknown codes: where a department is added, rather than every code there is)."""
    file = profile_path(departments_csv())
    which = f"{codes[0]} is a new department" if len(codes) == 1 else "one is a new department"
    return f" If {which}, add a line for it to {file}, such as '{codes[0]},Its full name,,,,,'."


def code_lookup(departments: Collection[str] | Mapping[str, str]) -> dict[str, str]:
    """A lower-case spelling -> canonical code map from a list of codes or a ``department_lookup``."""
    if isinstance(departments, Mapping):
        return {str(k).lower(): str(v) for k, v in departments.items()}
    return {str(d).lower(): str(d) for d in departments}


def canonical_code(code: str | None, lookup: Mapping[str, str]) -> str | None:
    """The canonical code for ``code`` (an alias or a different case), or None if it is unknown."""
    return lookup.get(code.strip().lower()) if code else None


def open_departments(as_at: dt.date, path: Path | None = None) -> list[str]:
    """The codes of the departments that existed on ``as_at`` (blank dates are open)."""
    path = path or departments_csv()
    frame = read_departments(path)
    return [
        r.code
        for r in frame.itertuples(index=False)
        if (r.start_date is None or r.start_date <= as_at) and (r.end_date is None or as_at <= r.end_date)
    ]


def existence_problem(code: str | None, on: dt.date | None, path: Path | None = None) -> str | None:
    """Why department ``code`` cannot send a return for period ``on`` (it had ended, or not yet
    started), naming its successors; None when it existed then or is not in the list."""
    path = path or departments_csv()
    if not code or not on:
        return None
    span = _spans(path, path.stat().st_mtime_ns).get(code)
    if span is None:
        return None
    start, end, successors = span
    if end and on > end:
        who = f" as its successor ({' or '.join(successors)})" if successors else ""
        return (
            f"department {code} ended on {written(end)}, before this return's period_end ({written(on)}): send it{who}."
        )
    if start and on < start:
        return (
            f"department {code} started on {written(start)}, after this return's period_end "
            f"({written(on)}): send it as the department that existed then."
        )
    return None


def written(day: dt.date) -> str:
    """A date as the profile writes it in a cell (31/03/2027 day first)."""
    return current_profile().date_text(day)


@functools.lru_cache(maxsize=4)
def _spans(path: Path, mtime_ns: int) -> dict[str, tuple]:
    """code -> (start_date, end_date, successors), read again only when the file changes."""
    return {r.code: (r.start_date, r.end_date, r.successors) for r in read_departments(path).itertuples(index=False)}


def store_frame(path: Path | None = None) -> pd.DataFrame:
    """The department list as the store's ``departments`` table holds it (lists as '; ' text)."""
    path = path or departments_csv()
    frame = read_departments(path).copy()
    for column in LIST_COLUMNS:
        frame[column] = ["; ".join(v) or None for v in frame[column]]
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def read_contacts(path: Path | None = None) -> dict[str, str]:
    """Whom to remind about each department's return: the optional ``contact`` column of the department list
    (the reference folder's, unless ``path``; a name and address, as the centre writes it), by code;
    departments without one are left out."""
    with open(path or departments_csv(), newline="", encoding="utf-8-sig") as f:
        return {
            (row.get("code") or "").strip(): (row.get("contact") or "").strip()
            for row in csv.DictReader(f)
            if (row.get("contact") or "").strip()
        }
