"""The reference files every stage reads, for the admin's Settings page: what each is for, where it
is, how many entries it holds now, or why it cannot be read.

Each file is read by its own module, exactly as the app reads it, so what this says is what the
pages get.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from delivery.errors import DeliveryError
from delivery.reference import profile, vocabulary
from delivery.reference.areas import areas_csv, read_areas
from delivery.reference.calendar import read_calendar
from delivery.reference.departments import departments_csv, read_departments


@dataclass(frozen=True)
class ReferenceFile:
    """One reference file: its name, what it holds, its path, its entries now (or why it cannot be read)."""

    name: str
    holds: str
    path: Path
    setting: str  # the setting that moves it, or '' when its place is fixed
    entries: int | None
    problem: str


def _counted(read: Callable[[], object]) -> tuple[int | None, str]:
    try:
        return len(read()), ""
    except (DeliveryError, OSError) as error:
        return None, str(error)


def reference_files(calendar: Path | None) -> list[ReferenceFile]:
    """The profile, departments, areas, rating words and the reporting calendar (at ``calendar``, None for none)."""

    def departments():
        return set(read_departments()["code"])

    def calendar_entries():
        return read_calendar(calendar, departments()).entries if calendar else {}

    def locale():
        return vars(profile.read_profile(profile.reference_folder()))

    found = [
        (
            "Government profile",
            "date order, currency, fiscal year, annual period end, name and marking",
            profile.reference_file(profile.PROFILE_TOML),
            "DELIVERY_REFERENCE",
            locale,
        ),
        (
            "Departments",
            "codes, names, dates, successors and aliases",
            departments_csv(),
            "DELIVERY_REFERENCE",
            read_departments,
        ),
        ("Local areas", "area codes and the names shown for them", areas_csv(), "DELIVERY_REFERENCE", read_areas),
        (
            "Rating words",
            "words returns use for a rating, and what each means",
            vocabulary.vocabulary_csv(),
            "DELIVERY_REFERENCE",
            vocabulary.read_vocabulary,
        ),
        (
            "Reporting calendar",
            "each department's cadence and how many days after a period its return is due",
            Path(calendar) if calendar else None,
            "DELIVERY_CALENDAR, else DELIVERY_REFERENCE",
            calendar_entries,
        ),
    ]
    return [ReferenceFile(name, holds, path, setting, *_counted(read)) for name, holds, path, setting, read in found]
