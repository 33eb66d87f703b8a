"""A small store where departments change (tests/test_departments.py and its AppTests).

Real codes from data/departments.csv: BEIS existed until 2023-02-06 (successors DESNZ, DSIT,
DBT); DESNZ and DBT start 2023-02-07. Returns:

  BEIS 2022-09-30: ENE-01 Amber, BUS-01 Green, OLD-01 Amber/Red
  BEIS 2022-12-31: ENE-01 Amber/Green, BUS-01 Green, OLD-01 Amber
  DESNZ 2023-03-31: ENE-01 Green (the same priority, now reported by DESNZ),
                    SMT-01 Amber/Green (OLD-01 renamed; joined by ``record_alias``)
  DH 2022-12-31 and 2023-03-31 (an alias of DHSC; lead_department written DoH): HEA-01 Amber, Amber/Green
                    (and, on 31 Dec, a milestone rated Amber/Green)
  DfE 2023-03-31: EDU-01 Red, contributing "DH" (an alias), stored as DHSC

``with_records`` adds: BUS-01 transferred to DBT from 2023-02-07 (DBT never reports it), and
OLD-01 -> SMT-01. As at 2023-03-31 without records: ENE-01, SMT-01, HEA-01, EDU-01 (BEIS's
BUS-01 and OLD-01 left the picture with BEIS). With records: BUS-01 too, led by DBT.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from delivery.store.records import record_alias, record_transfer
from tests.store_builder import ReturnSpec, _milestone, _priority, build_store

SEP, DEC, MAR = dt.date(2022, 9, 30), dt.date(2022, 12, 31), dt.date(2023, 3, 31)
TRANSFER_DAY = dt.date(2023, 2, 7)


def _beis(period, ene, bus, old) -> ReturnSpec:
    return ReturnSpec(
        "BEIS",
        period,
        {
            "Priorities": [
                _priority("ENE-01", "Clean power grid", "Energy", "BEIS", ene),
                _priority("BUS-01", "Help small firms export", "Growth", "BEIS", bus),
                _priority("OLD-01", "Smart meters in every home", "Energy", "BEIS", old),
            ]
        },
    )


def machinery_returns() -> list[ReturnSpec]:
    """The returns above, in load order."""
    return [
        _beis(SEP, "Amber", "Green", "Amber/Red"),
        _beis(DEC, "Amber/Green", "Green", "Amber"),
        ReturnSpec(
            "DESNZ",
            MAR,
            {
                "Priorities": [
                    _priority("ENE-01", "Clean power grid", "Energy", "DESNZ", "Green"),
                    _priority("SMT-01", "Smart meters in every home", "Energy", "DESNZ", "Amber/Green"),
                ]
            },
        ),
        # the milestone's Amber/Green shows DH rates on five points (a return rated only Red, Amber
        # or Green reads as three-point, and its next rating would be "Scale changed")
        ReturnSpec(
            "DH",
            DEC,
            {
                "Priorities": [_priority("HEA-01", "Cut waiting times", "Health", "DoH", "Amber")],
                "Milestones": [
                    _milestone("HEA-01", "HEA-M1", "Hubs open", "2023-06-30", "2023-06-30", rag="Amber/Green")
                ],
            },
        ),
        ReturnSpec(
            "DH", MAR, {"Priorities": [_priority("HEA-01", "Cut waiting times", "Health", "DoH", "Amber/Green")]}
        ),
        ReturnSpec(
            "DfE",
            MAR,
            {"Priorities": [_priority("EDU-01", "Raise reading", "Opportunity", "DfE", "Red", contributing="DH")]},
        ),
    ]


def machinery_store(root: Path, with_records: bool = True):
    """The store above at ``root/store``; with the transfer and the alias recorded unless told not to."""
    store = build_store(root, machinery_returns(), use_loader=True)
    if with_records:
        record_transfer(store, "BUS-01", "DBT", "Centre Analyst", "BEIS abolished; exports went to DBT", TRANSFER_DAY)
        record_alias(store, "OLD-01", "SMT-01", "Centre Analyst", "Renamed by DESNZ")
    return store
