"""Export a department's return as it stands in the store, as a workbook that loads again unchanged.

An analyst starts next period's return from it; the round trip (load, export, load) gives
the same rows, because the export goes through the same ``write_return`` as the template.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from delivery.errors import DeliveryError
from delivery.reference.calendar import date_text
from delivery.reference.suggest import did_you_mean_code
from delivery.returns import normalise
from delivery.returns.contract import SHEETS
from delivery.returns.workbook import return_bytes
from delivery.returns.xlsx_writer import write_whole
from delivery.store import archive
from delivery.store.versions import Store, run_query, sql


def export_return(store: Store, department: str, period: dt.date | None = None, *, out_path: Path | str) -> Path:
    """Write ``department``'s return for ``period`` (default: its latest) to ``out_path``."""
    data = export_return_bytes(store, department, period)
    return write_whole(out_path, lambda partial: partial.write_bytes(data))  # never half a workbook at OUT


def export_return_bytes(store: Store, department: str, period: dt.date | None = None) -> bytes:
    """The workbook ``export_return`` writes, as bytes (for a download button), made in memory."""
    about, tables = return_as_stored(store, department, period)
    # Written into the template (README, dropdowns, Lists): it is next period's starting point.
    return return_bytes(about, tables, styled=True)


def return_as_stored(store: Store, department: str, period: dt.date | None) -> tuple[dict, dict]:
    """(About fields, {table: rows}) of ``department``'s return for ``period`` (default: its latest), as loaded."""
    con = store.connect_read()
    if con is None:
        raise DeliveryError(f"The store at {store.root} is empty: there is nothing to export.")
    try:
        period = period or _latest_period(con, department)
        active = run_query(con, "load_active", {"department": department, "return_period": period})
        if active.empty:
            raise _no_return(con, department, f" for {date_text(period)}")
        tables = {s.table: _rows(con, s, department, period) for s in SHEETS}
    finally:
        con.close()
    about = {
        "department": department,
        "period_end": period,
        "prepared_by": _prepared_by(store, active["sha256"].iloc[0]),
    }
    return about, tables


def _no_return(con, department: str, when: str = "") -> DeliveryError:
    """'There is no return for DFE in the store. Did you mean DfE?' (among the departments with returns)."""
    codes = run_query(con, "department_list")
    codes = sorted(codes[codes["has_returns"]]["code"]) if not codes.empty else []
    suggestion = did_you_mean_code(department, codes)
    return DeliveryError(f"There is no return for {department}{when} in the store.{suggestion}")


def _latest_period(con, department: str) -> dt.date:
    latest = run_query(con, "return_latest_period", {"department": department})["return_period"].iloc[0]
    if pd.isna(latest):
        raise _no_return(con, department)
    return pd.Timestamp(latest).date()


def _rows(con, sheet, department: str, period: dt.date) -> pd.DataFrame:
    query = sql("return_rows").format(table=sheet.table, key=", ".join(sheet.key))
    rows = con.execute(query, {"department": department, "return_period": period}).df()
    for column in (c.name for c in sheet.columns if c.kind == "text" and c.name in rows):
        rows[column] = rows[column].map(_without_controls)
    return rows


def _without_controls(value):
    """Text without control characters (a return never brings one in; this keeps the export as clean
    if an older store holds one). Text that looks like a formula is kept as typed, so the return loads
    again unchanged: the writer stores all text as text, never as a formula."""
    return normalise.CONTROL_IN_TEXT.sub("", value) if isinstance(value, str) else value


def _prepared_by(store: Store, sha256: str) -> str | None:
    """Who prepared the loaded return, from its archived original (the store keeps no copy)."""
    from delivery.returns.reader import read_return

    try:
        return read_return(archive.read_original(store.archive, sha256)).about.get("prepared_by")
    except (OSError, DeliveryError):
        return None
