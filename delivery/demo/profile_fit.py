"""The demo on any government's profile: the small demo's story (delivery/demo/story.py) is written for
the shipped UK departments; on another reference folder its departments, areas and fiscal years become
that government's, or the demo says plainly what it needs.

The story is kept as it is on the UK profile. On another, each story department takes one of the
profile's open departments in file order: a story department that reports monthly takes one the
profile's calendar says reports monthly (if none does, it reports quarterly), the others take
quarterly ones. The story's merger (DHLG into MHCLG) is told as one department from the start (its
transfer is not recorded), and the local areas are the profile's first areas. The demo's returns end
on 31 March, 30 June, 30 September and 31 December, so a profile whose quarters end in other months
is refused, as is one with too few quarterly departments.
"""

from __future__ import annotations

import re
from dataclasses import replace

from delivery.errors import DeliveryError
from delivery.reference import profile
from delivery.reference.areas import read_areas
from delivery.reference.calendar import MONTHLY, QUARTERLY, read_calendar
from delivery.reference.departments import read_departments

DEMO_QUARTER_ENDS = (3, 6, 9, 12)
# What each story department does, as words another government's department names may hold: the story's
# health priorities go to a health department where the profile has one, and so on (whole words: the
# culture of DCMS is not in agriculture).
KEYWORDS = {
    "DHSC": ("health",),
    "DfE": ("education",),
    "HO": ("home", "homeland", "interior"),
    "MoJ": ("justice",),
    "MHCLG": ("housing", "communities", "local government"),
    "DESNZ": ("energy",),
    "DWP": ("work", "labor", "labour", "pensions", "social security"),
    "DfT": ("transport",),
    "HMT": ("treasury", "finance"),
    "DCMS": ("culture", "commerce"),
    "CPS": ("prosecution", "attorney"),
}


class DemoNeedsProfile(DeliveryError):
    """The demo cannot be told with this reference folder's departments or calendar; the message says why."""


def story_codes(plan) -> list[str]:
    """Every department code the story names (leads, contributors, mergers), in a stable order."""
    named = [*plan.departments, *(c for p in plan.priorities for c in (p.lead, *p.contributors))]
    named += [successor for successor, _ in plan.mergers.values()]
    return list(dict.fromkeys(named))


def is_the_storys_government(plan) -> bool:
    """True when the reference folder lists every department the story names (the shipped UK profile)."""
    return set(story_codes(plan)) <= set(read_departments()["code"])


def fitted(plan):
    """``plan`` (a demo Scale) told with the profile's departments and areas; unchanged on the UK profile."""
    if is_the_storys_government(plan):
        return plan
    mapping = department_mapping(plan)
    priorities = tuple(
        replace(
            p,
            lead=mapping[p.lead],
            contributors=tuple(dict.fromkeys(mapping[c] for c in p.contributors if mapping[c] != mapping[p.lead])),
            indicators=tuple(_in_local_money(i) for i in p.indicators),
        )
        for p in plan.priorities
    )
    areas = _areas(plan.areas)
    return replace(
        plan,
        departments=tuple(dict.fromkeys(mapping[d] for d in plan.departments)),
        priorities=priorities,
        areas=areas,
        overdue=frozenset(mapping[d] for d in plan.overdue),
        three_point=frozenset(mapping[d] for d in plan.three_point),
        mergers={},
        monthly=frozenset(mapping[d] for d in plan.monthly) & _cadence(MONTHLY),
        five_point_from=tuple((mapping[d], q) for d, q in plan.five_point_from),
    )


def _in_local_money(indicator):
    """The indicator with its unit in the profile's currency ("£ thousand" -> "$ thousand")."""
    symbol = profile.current().currency_symbol
    return replace(indicator, unit=indicator.unit.replace("£", symbol)) if "£" in indicator.unit else indicator


def department_mapping(plan) -> dict[str, str]:
    """Story code -> profile code; a merged department maps to its successor's code."""
    locale = profile.current()
    if locale.quarter_end_months != DEMO_QUARTER_ENDS:
        raise DemoNeedsProfile(
            f"The demo's returns end in March, June, September and December, but this profile's quarters end in "
            f"months {', '.join(map(str, locale.quarter_end_months))} (fiscal_year_start {locale.fiscal_year_start}). "
            "Use the shipped profile (DELIVERY_REFERENCE=data, or data/profiles/us-federal) for the demo."
        )
    monthly, quarterly = sorted(_cadence(MONTHLY), key=_order), sorted(_cadence(QUARTERLY), key=_order)
    own = [c for c in story_codes(plan) if c not in plan.mergers]
    by_month = [c for c in own if c in plan.monthly and monthly]
    wanted = by_month + [c for c in own if c not in by_month]
    if len(wanted) - len(by_month) > len(quarterly):
        raise DemoNeedsProfile(
            f"The demo tells its story with {len(own)} departments that report quarterly, but "
            f"{profile.display_path(profile.reference_file('departments.csv'))} has {len(quarterly)} open "
            "departments reporting quarterly. Add departments, or use the shipped profile (DELIVERY_REFERENCE=data)."
        )
    pools, names, mapping = {True: monthly, False: quarterly}, _names(), {}
    for code in wanted:
        free = [c for c in pools[code in plan.monthly and bool(monthly)] if c not in mapping.values()]
        alike = [c for c in free if any(re.search(rf"\b{word}\b", names[c]) for word in KEYWORDS.get(code, ()))]
        mapping[code] = (alike or free)[0]
    mapping |= {gone: mapping[successor] for gone, (successor, _) in plan.mergers.items()}
    return mapping


def _names() -> dict[str, str]:
    """code -> name, lower case, for matching the story's departments by what they do."""
    return {r.code: r.name.lower() for r in read_departments().itertuples(index=False)}


def _open_codes() -> list[str]:
    frame = read_departments()
    return [r.code for r in frame.itertuples(index=False) if r.end_date is None]


def _order(code: str) -> int:
    return _open_codes().index(code)


def _cadence(cadence: str) -> frozenset[str]:
    """The profile's open departments whose calendar cadence is ``cadence``."""
    codes = _open_codes()
    calendar = read_calendar(None, codes)
    return frozenset(c for c in codes if calendar.cadence(c).cadence == cadence)


def _areas(story_areas: tuple[tuple[str, float], ...]) -> tuple[tuple[str, float], ...]:
    """The story's areas (code, offset from plan) with the profile's area codes, as many as it has."""
    try:
        codes = list(read_areas())
    except (DeliveryError, OSError):
        return story_areas
    return tuple((code, offset) for code, (_, offset) in zip(codes, story_areas)) or story_areas


def transfers(plan, recorded: tuple) -> tuple:
    """The story's recorded transfers, on the story's own government only (elsewhere it has no merger)."""
    return recorded if is_the_storys_government(plan) else ()
