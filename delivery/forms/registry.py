"""The datamaps kept in the reference folder (``data/datamaps/*.csv``) and which department's forms each
reads (``data/datamaps/registered.csv``: department,datamap), for the Upload page to offer."""

from __future__ import annotations

import csv
from pathlib import Path

from delivery import ROOT
from delivery.forms.datamap import Datamap, DatamapError, read_datamap

DATAMAPS = ROOT / "data" / "datamaps"
REGISTERED = "registered.csv"


def datamap_names(folder: Path = DATAMAPS) -> list[str]:
    """The datamaps in the reference folder, by file name."""
    return sorted(p.name for p in folder.glob("*.csv") if p.name != REGISTERED)


def registered(folder: Path = DATAMAPS) -> dict[str, str]:
    """{department code: the datamap its forms are read through}, as an admin registered them."""
    try:
        with open(folder / REGISTERED, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        return {}
    known = set(datamap_names(folder))
    return {r["department"].strip(): r["datamap"].strip() for r in rows if (r.get("datamap") or "").strip() in known}


def datamap_named(name: str, folder: Path = DATAMAPS) -> Datamap:
    """A datamap of the reference folder by its file name. Raises DatamapError if there is none."""
    if name not in datamap_names(folder):
        raise DatamapError(f"There is no datamap {name} in {folder}.")
    return read_datamap(folder / name)
