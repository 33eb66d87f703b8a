"""Local area names in the reference folder's ``areas.csv``: the code a return uses (an ONS/GSS code such as
E09000033) and the name a reader knows (Westminster). Edit the file to add areas; an area
without a name is shown by its code."""

from __future__ import annotations

import csv
from pathlib import Path

from delivery.errors import DeliveryError
from delivery.reference.profile import reference_file


def areas_csv() -> Path:
    """The area names: areas.csv in the reference folder (DELIVERY_REFERENCE)."""
    return reference_file("areas.csv")


def read_areas(path: Path | None = None) -> dict[str, str]:
    """Area code -> name; a line without both is refused, naming the file and line (every such line at once)."""
    names, problems = _read_all(path or areas_csv())
    if problems:
        raise DeliveryError(" ".join(problems))
    return names


def area_problems(path: Path | None = None) -> list[str]:
    """Every problem of the area list by file and line; [] when it can be used (a missing file is one)."""
    return _read_all(path or areas_csv())[1]


def _read_all(path: Path) -> tuple[dict[str, str], list[str]]:
    names, problems = {}, []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
            if not code or not name:
                problems.append(f"{path.name} line {line} needs both a code and a name.")
            names[code] = name
    return names, problems


def area_label(code: str, names: dict[str, str]) -> str:
    """'Westminster (E09000033)' for a known code, the code alone otherwise."""
    return f"{names[code]} ({code})" if code in names else code
