"""The values an upload's preview compares and shows: a return's or the store's table typed for
comparing, rows matched by key, and each value as the preview shows it (no Streamlit)."""

from __future__ import annotations

import datetime as dt
import math
import numbers

import numpy as np
import pandas as pd

from delivery.returns.contract import SHEETS_BY_TABLE
from delivery.returns.reader import NUMERIC_KINDS


def typed_table(frame: pd.DataFrame | None, table: str) -> pd.DataFrame:
    """A table's contract columns typed for comparing (dates as days, numbers as floats, text
    stripped with blanks as None), plus the workbook row ``_row`` when the frame has one."""
    sheet = SHEETS_BY_TABLE[table]
    frame = frame if frame is not None else pd.DataFrame()
    out = {}
    for column in sheet.columns:
        values = frame[column.name] if column.name in frame else pd.Series([None] * len(frame), index=frame.index)
        if column.kind == "date":
            out[column.name] = pd.to_datetime(values, errors="coerce").astype("datetime64[us]").dt.normalize()
        elif column.kind in NUMERIC_KINDS:
            out[column.name] = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            text = values.astype("string").str.strip()
            out[column.name] = text.mask(text == "").astype(object).where(text.notna() & (text != ""), None)
    out["_row"] = frame["_row"] if "_row" in frame else pd.Series([None] * len(frame), index=frame.index)
    normal = pd.DataFrame(out, index=frame.index).reset_index(drop=True)
    for column in sheet.key:  # merge keys: blank area_code is the national figure, "" not None
        normal[column] = normal[column].fillna("")
    return normal


def differs(a: pd.Series, b: pd.Series) -> pd.Series:
    """Row by row, True where two normalised columns differ: blanks alike, numbers to 1e-9."""
    both_blank = (a.isna() & b.isna()).to_numpy()
    if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
        close = np.isclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-9, atol=1e-9)
        return pd.Series(~(close | both_blank), index=a.index)
    equal = (a == b).fillna(False).to_numpy(bool) if len(a) else np.zeros(0, bool)
    return pd.Series(~(equal | both_blank), index=a.index)


def matched(new: pd.DataFrame, old: pd.DataFrame, key) -> pd.DataFrame:
    """New rows beside the stored ones with the same key (old columns suffixed _was), in the return's order."""
    return new.merge(old.drop(columns="_row"), on=list(key), how="inner", suffixes=("", "_was"), sort=False)


def key_text(frame: pd.DataFrame, key) -> pd.Series:
    """The key as one text: "EDU-01 / N1" for a chain link."""
    ids = frame[key[0]].astype(str)
    for column in key[1:]:
        ids = ids + " / " + frame[column].astype(str)
    return ids


def joined(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The non-empty ``parts`` one under another, in ``columns``; an empty frame of them if none."""
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def as_dates(values: pd.Series) -> pd.Series:
    """datetime64 values as Python dates (how a preview shows them)."""
    return pd.Series([v.date() if pd.notna(v) else None for v in values], index=values.index, dtype=object)


def is_blank(v: object) -> bool:
    """None, NaT, NaN or text of spaces only."""
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def as_date(v: object) -> dt.date | None:
    """A date, Timestamp or ISO text as a date; None for a blank."""
    if is_blank(v):
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return pd.Timestamp(v).date()


def shown_value(v: object) -> object:
    """A value as a preview shows it: dates as dates, blanks as None, numbers as floats."""
    if is_blank(v) or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, (dt.date, pd.Timestamp)):
        return as_date(v)
    return float(v) if isinstance(v, numbers.Real) else v


def cell_where(parsed, table: str, column: str, row: object) -> str:
    """'Actuals!D14': where the new value is in the analyst's workbook."""
    if row is None or pd.isna(row):
        return ""
    cell = parsed.cell(table, column, int(row))
    return f"{parsed.sheet(table)}!{cell}" if cell else ""
