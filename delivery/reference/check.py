"""Check a reference folder (a government profile) as a whole: every problem of every file at once, by
file and line, and the warnings where its files do not agree (with the fix). What ``python -m delivery
check-reference`` prints, and what the app says in one sentence when it starts.

A problem stops the file being used (the app falls back or refuses returns); a warning does not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from delivery.errors import DeliveryError
from delivery.reference import profile
from delivery.reference.areas import area_problems
from delivery.reference.calendar import calendar_lines, calendar_warnings
from delivery.reference.departments import department_problems, read_departments
from delivery.reference.ratings import vocabulary_problems

FILES = ("profile.toml", "departments.csv", "calendar.csv", "rating_vocabulary.csv", "areas.csv")
REQUIRED = ("departments.csv", "rating_vocabulary.csv")  # the others have a default when missing


@dataclass(frozen=True)
class ReferenceCheck:
    """What a reference folder's check found: the folder, its problems and its warnings."""

    folder: Path
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing stops the folder being used (warnings may remain)."""
        return not self.problems

    def sentence(self) -> str:
        """One sentence for the app's start: '' when all is well, else what and how to see it."""
        if not self.problems and not self.warnings:
            return ""
        counted = [
            f"{len(found)} {word}{'s' if len(found) != 1 else ''}"
            for found, word in ((self.problems, "problem"), (self.warnings, "warning"))
            if found
        ]
        return (
            f"The reference folder {profile.display_path(self.folder)} has {' and '.join(counted)}: "
            f"python -m delivery check-reference --reference {profile.display_path(self.folder)} lists each with "
            "its file, line and fix."
        )


def _each(check: Callable[[], list[str]]) -> list[str]:
    try:
        return check()
    except (DeliveryError, OSError, ValueError) as error:
        return [str(error)]


def check_reference(folder: Path | None = None) -> ReferenceCheck:
    """Check every file of the reference ``folder`` (default: DELIVERY_REFERENCE)."""
    folder = Path(folder or profile.reference_folder())
    if not folder.is_dir():
        return ReferenceCheck(folder, [f"{folder} is not a folder: DELIVERY_REFERENCE (or --reference) must name one."])
    missing = [f"{folder / name} is missing: a reference folder needs one." for name in REQUIRED]
    missing = [said for name, said in zip(REQUIRED, missing) if not (folder / name).is_file()]
    problems = missing + _each(lambda: _profile_problems(folder))
    departments = folder / "departments.csv"
    if departments.is_file():
        problems += _each(lambda: department_problems(departments))
    problems += _each(lambda: calendar_lines(folder / "calendar.csv")[1])
    if (folder / "rating_vocabulary.csv").is_file():
        problems += _each(lambda: vocabulary_problems(folder / "rating_vocabulary.csv"))
    if (folder / "areas.csv").is_file():
        problems += _each(lambda: area_problems(folder / "areas.csv"))
    warnings = []
    if departments.is_file() and not department_problems(departments):
        warnings = _each(lambda: calendar_warnings(folder / "calendar.csv", read_departments(departments), departments))
    return ReferenceCheck(folder, problems, warnings)


def _profile_problems(folder: Path) -> list[str]:
    path = folder / profile.PROFILE_TOML
    if not path.is_file():
        return []  # read as the UK profile
    return profile.profile_problems(path.read_text(encoding="utf-8-sig"), path)
