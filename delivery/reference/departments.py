"""The department list in ``data/departments.csv``: each department's code and name."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from delivery import ROOT

DEPARTMENTS_CSV = ROOT / "data" / "departments.csv"


def read_departments(path: Path = DEPARTMENTS_CSV) -> pd.DataFrame:
    """The department reference list (code, name) shipped in ``data/``."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [(r["code"].strip(), r["name"].strip()) for r in csv.DictReader(f) if r.get("code")]
    return pd.DataFrame(rows, columns=["code", "name"])
