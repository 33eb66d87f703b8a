"""Build small delivery stores for tests: from return specs, or the ready-made sample.

``build_store(root, returns)`` writes one return workbook per ``ReturnSpec`` with
``delivery.returns.workbook.write_return`` and loads them with ``delivery.store.loader.load_returns``
(or, with ``use_loader=False``, puts the same rows straight in with ``Store.write()``,
one active ``loads`` row per return, as the loader would leave them).

``sample_store(root)`` is a tiny government with known values. As at the latest period
(30 Jun 2026) it holds, exactly:

Departments with returns: DHSC (31 Mar and 30 Jun 2026), DfE (31 Mar and 30 Jun 2026),
HO (31 Mar 2026 only: its 30 Jun return is overdue). MoJ has no data at all.
Periods: 2026-03-31 (PERIOD_1) and 2026-06-30 (PERIOD_2).

Priorities (rating at 31 Mar -> 30 Jun; movement):
  HEA-01 "Cut hospital waiting times"      DHSC, theme Health, Amber -> Amber/Green (improved)
  HEA-02 "Expand mental health support"    DHSC, theme Health, -> Amber (new at 30 Jun; no indicators,
                                           no milestones, no chain, no budget)
  EDU-01 "Raise reading at age 11"         DfE, contributing HO, theme Opportunity,
                                           Green -> Amber/Red (worsened)
  HO-01  "Halve knife crime"               HO, theme Safety, Red -> Red (unchanged; from HO's 31 Mar return)
  Counts at 30 Jun: Red 1, Amber/Red 1, Amber 1, Amber/Green 1, Green 0.
  Counts at 31 Mar: Red 1, Amber 1, Green 1 (all new).

Delivery chain of HEA-01 (5 levels; 30 Jun ratings, 31 Mar in brackets):
  H1 minister "Secretary of State for Health" Green (Green)
  H2 department "Waiting Times Directorate" (parent H1) Green (Green)
  H3 agency "NHS England" (parent H2) Amber/Green (Amber/Green)
  H4 region "Regional health boards" (parent H3) Amber (Amber)
  H5 local "Local hospital trusts" (parent H4) Red (Amber)  <- weakest link at 30 Jun
Chain of EDU-01: E1 minister "Secretary of State for Education" Green, E2 department
  "Schools Directorate" (parent E1) Amber, E3 local "Primary schools" (parent E2)
  Red at 30 Jun (Amber at 31 Mar). HO-01 has one link: K1 minister "Home Secretary" Red.

Milestones (30 Jun; all HEA-01 except M4 and M5):
  M1 "Contract signed"          baseline 2026-05-15, forecast 2026-05-15, completed 2026-05-10
                                (completed this period; at 31 Mar not completed)
  M2 "500 staff recruited"      baseline 2026-05-31, forecast 2026-05-31, not completed: overdue at 30 Jun
  M3 "Diagnostic centres open"  baseline 2026-09-30, forecast 2026-12-31 (31 Mar: 2026-09-30): slipped 92 days
  M4 (EDU-01) "Tutoring programme launched" baseline = forecast 2026-09-01
  M5 (HO-01)  "Strategy published" baseline = forecast 2026-12-31 (31 Mar return)

Indicators (tolerance 5 %, national actuals unless an area is given):
  I1 (HEA-01) "Patients waiting over 18 weeks", people, outcome, down is better,
     baseline 400000 (2025-12-31), target 200000 (2027-12-31).
     Trajectory in the 31 Mar return: 03-31 375000, 06-30 340000, 09-30 305000, 12-31 270000.
     Re-baselined in the 30 Jun return: 03-31 375000, 06-30 350000, 09-30 325000, 12-31 300000.
     Actuals: 03-31 370000, 06-30 352000: on trajectory.
  I2 (HEA-01) "Diagnostic tests within 6 weeks", %, output, up is better, baseline 70, target 95
     (2027-12-31). Trajectory 03-31 73, 06-30 76. Actuals 03-31 74, 06-30 77; areas at
     06-30: NE 80, NW 74, LDN 68. On trajectory.
  I3 (EDU-01) "Pupils meeting the expected reading standard", %, outcome, up is better,
     baseline 73 (2025-06-30), target 90 (2028-06-30). Trajectory 03-31 75, 06-30 77.
     Actuals 03-31 75, 06-30 70: OFF trajectory at 30 Jun (on at 31 Mar).
  I4 (HO-01) "Knife crime offences", offences, outcome, down is better, baseline 50000,
     target 25000 (2028-03-31). Trajectory 03-31 48000, 06-30 46000. Actual 03-31 49000: on.

Risks: R1 (HEA-01, 30 Jun only) barrier "Radiographer shortage needs pay flexibility",
  escalated to the centre, open, likelihood 4, impact 4. R2 (HEA-01, both periods) risk
  "Winter pressures", escalation none, open. R3 (EDU-01, 30 Jun) issue "Tutor recruitment
  behind plan", escalation none, open. R4 (HO-01) risk "Data sharing with police forces",
  escalation minister, closed.

Budget (pounds): HEA-01 2025-26 allocated 100m forecast 98m spent 97m; 2026-27 allocated
  120m, forecast 130m, spent 30m at 30 Jun (120m, 120m, 0 at 31 Mar). EDU-01 2026-27
  40m / 35m / 10m (30 Jun). HO-01 2026-27 25m / 25m / 5m (31 Mar).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from delivery.returns.contract import SHEETS
from delivery.returns.workbook import write_return
from delivery.store.versions import Store, run_query

PERIOD_1 = dt.date(2026, 3, 31)
PERIOD_2 = dt.date(2026, 6, 30)
M = 1_000_000
# Load through delivery.store.loader (the real path) by default; ``use_loader=False`` inserts
# the same rows directly (about four times faster), for tests that build many stores.
USE_LOADER = True


@dataclass
class ReturnSpec:
    """One department's return for one period: rows per sheet (keyed by sheet or table name)."""

    department: str
    period_end: dt.date
    tables: dict[str, list[dict]] = field(default_factory=dict)
    prepared_by: str = "Test Analyst <test@example.gov>"

    def rows(self, sheet) -> list[dict]:
        """The rows given for a contract sheet (by its sheet or its table name)."""
        return list(self.tables.get(sheet.name, self.tables.get(sheet.table, [])))


def _loader():
    try:
        from delivery.store.loader import load_returns
    except ImportError:
        return None
    return load_returns


def write_workbooks(folder: Path, returns: list[ReturnSpec]) -> list[Path]:
    """Write each return as a workbook in ``folder``; the paths, in order."""
    paths = []
    for spec in returns:
        about = {"department": spec.department, "period_end": spec.period_end, "prepared_by": spec.prepared_by}
        name = f"{spec.department}-{spec.period_end.isoformat()}.xlsx"
        paths.append(write_return(folder / name, about, {s.name: spec.rows(s) for s in SHEETS}))
    return paths


def build_store(root: Path, returns: list[ReturnSpec], use_loader: bool | None = None) -> Store:
    """A store at ``root/store`` holding ``returns`` (workbooks kept in ``root/returns``)."""
    store = Store(Path(root) / "store")
    paths = write_workbooks(Path(root) / "returns", returns)
    load = _loader() if (USE_LOADER if use_loader is None else use_loader) else None
    if load is not None:
        result = load(store, paths, loaded_by="tests")
        _check_loaded(result)
    else:
        _insert_directly(store, returns, paths)
    return store


def named_query(store: Store, name: str, **params):
    """One named query's rows (queries/NAME.sql) from the store's published version."""
    con = store.connect_read()
    try:
        return run_query(con, name, params)
    finally:
        con.close()


def _check_loaded(result) -> None:
    """Fail loudly if the loader rejected a test return (a test store must be whole)."""
    problems = getattr(result, "problems", None)
    if problems or not getattr(result, "ok", True):
        raise ValueError(f"The loader rejected a test return: {problems[:5]}")


def _insert_directly(store: Store, returns: list[ReturnSpec], paths: list[Path]) -> None:
    with store.write() as con:
        for load_id, (spec, path) in enumerate(zip(returns, paths), start=1):
            counts = {}
            for sheet in SHEETS:
                rows = spec.rows(sheet)
                counts[sheet.name] = len(rows)
                if rows:
                    _insert_rows(con, sheet, spec, load_id, rows)
            con.execute(
                "INSERT INTO loads (load_id, file_name, sha256, department, return_period, loaded_by, loaded_at, "
                "row_counts, outcome, reason, active) "
                "VALUES ($id, $file, $sha, $dept, $period, 'tests', $at, $counts, 'loaded', NULL, true)",
                {
                    "id": load_id,
                    "file": path.name,
                    "sha": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "dept": spec.department,
                    "period": spec.period_end,
                    "at": dt.datetime(2026, 7, 1, 9, 0) + dt.timedelta(minutes=load_id),
                    "counts": json.dumps(counts),
                },
            )


def _insert_rows(con, sheet, spec: ReturnSpec, load_id: int, rows: list[dict]) -> None:
    frame = pd.DataFrame([{c: r.get(c) for c in sheet.column_names} for r in rows], columns=list(sheet.column_names))
    frame.insert(0, "load_id", load_id)
    frame.insert(0, "return_period", spec.period_end)
    frame.insert(0, "department", spec.department)
    for col in sheet.columns:
        if col.kind == "choice":  # the loader stores choices lower case
            frame[col.name] = frame[col.name].map(lambda v: v.lower() if isinstance(v, str) else v)
    con.register("_rows", frame)
    cols = ", ".join(frame.columns)
    con.execute(f"INSERT INTO {sheet.table} ({cols}) SELECT {cols} FROM _rows")
    con.unregister("_rows")


# ---------------------------------------------------------------- the sample government


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _priority(pid, title, theme, lead, rag, contributing=None, **extra) -> dict:
    return {
        "priority_id": pid,
        "title": title,
        "theme": theme,
        "lead_department": lead,
        "rag": rag,
        "contributing_departments": contributing,
        "outcome": extra.get("outcome", f"Outcome of {title.lower()}"),
        "senior_responsible_owner": extra.get("sro", f"SRO {pid}"),
        "centre_co_lead": f"Co-lead {pid}",
        "target": extra.get("target", f"Target for {pid}"),
        "target_date": _d(extra.get("target_date", "2027-12-31")),
        "commentary": extra.get("commentary"),
    }


def _chain(pid, links) -> list[dict]:
    return [
        {
            "priority_id": pid,
            "node_id": n,
            "parent_node_id": p,
            "name": name,
            "level": level,
            "owner": f"Owner {n}",
            "rag": rag,
        }
        for n, p, name, level, rag in links
    ]


def _milestone(pid, mid, title, baseline, forecast, completed=None, rag="Amber") -> dict:
    return {
        "priority_id": pid,
        "milestone_id": mid,
        "title": title,
        "owner": f"Owner {mid}",
        "baseline_date": _d(baseline),
        "forecast_date": _d(forecast),
        "completed_date": _d(completed) if completed else None,
        "rag": rag,
    }


def _indicator(pid, iid, name, unit, stage, direction, baseline, baseline_date, target, target_date) -> dict:
    return {
        "priority_id": pid,
        "indicator_id": iid,
        "name": name,
        "unit": unit,
        "stage": stage,
        "perspective": "citizen",
        "direction": direction,
        "baseline_value": baseline,
        "baseline_date": _d(baseline_date),
        "target_value": target,
        "target_date": _d(target_date),
        "tolerance_pct": 5,
        "source": "Official statistics",
    }


def _series(iid, key, points) -> list[dict]:
    return [{"indicator_id": iid, "period_end": _d(p), key: v} for p, v in points]


def _actuals(iid, points, area=None) -> list[dict]:
    return [{"indicator_id": iid, "period_end": _d(p), "area_code": area, "actual_value": v} for p, v in points]


def _risk(pid, rid, kind, description, escalation, status, likelihood="3", impact="3") -> dict:
    return {
        "priority_id": pid,
        "risk_id": rid,
        "kind": kind,
        "description": description,
        "owner": f"Owner {rid}",
        "likelihood": likelihood,
        "impact": impact,
        "escalation": escalation,
        "status": status,
        "raised_date": _d("2026-01-15"),
        "due_date": _d("2026-12-31"),
        "mitigation": f"Mitigation for {rid}",
    }


def _budget(pid, year, allocated, forecast, spent) -> dict:
    return {"priority_id": pid, "financial_year": year, "allocated": allocated, "forecast": forecast, "spent": spent}


def _dhsc(period: dt.date) -> ReturnSpec:
    q2 = period == PERIOD_2
    priorities = [
        _priority(
            "HEA-01",
            "Cut hospital waiting times",
            "Health",
            "DHSC",
            "Amber/Green" if q2 else "Amber",
            sro="Dr Jane Smith",
            target="No one waits more than 18 weeks",
            target_date="2027-12-31",
        )
    ]
    if q2:
        priorities.append(_priority("HEA-02", "Expand mental health support", "Health", "DHSC", "Amber"))
    chain = _chain(
        "HEA-01",
        [
            ("H1", None, "Secretary of State for Health", "minister", "Green"),
            ("H2", "H1", "Waiting Times Directorate", "department", "Green"),
            ("H3", "H2", "NHS England", "agency", "Amber/Green"),
            ("H4", "H3", "Regional health boards", "region", "Amber"),
            ("H5", "H4", "Local hospital trusts", "local", "Red" if q2 else "Amber"),
        ],
    )
    milestones = [
        _milestone(
            "HEA-01", "M1", "Contract signed", "2026-05-15", "2026-05-15", "2026-05-10" if q2 else None, "Green"
        ),
        _milestone("HEA-01", "M2", "500 staff recruited", "2026-05-31", "2026-05-31", None, "Red" if q2 else "Amber"),
        _milestone("HEA-01", "M3", "Diagnostic centres open", "2026-09-30", "2026-12-31" if q2 else "2026-09-30"),
    ]
    indicators = [
        _indicator(
            "HEA-01",
            "I1",
            "Patients waiting over 18 weeks",
            "people",
            "outcome",
            "down",
            400000,
            "2025-12-31",
            200000,
            "2027-12-31",
        ),
        _indicator(
            "HEA-01", "I2", "Diagnostic tests within 6 weeks", "%", "output", "up", 70, "2025-12-31", 95, "2027-12-31"
        ),
    ]
    plan_1 = [
        ("2026-03-31", 375000),
        ("2026-06-30", 350000 if q2 else 340000),
        ("2026-09-30", 325000 if q2 else 305000),
        ("2026-12-31", 300000 if q2 else 270000),
    ]
    trajectory = _series("I1", "planned_value", plan_1) + _series(
        "I2", "planned_value", [("2026-03-31", 73), ("2026-06-30", 76)]
    )
    actuals = _actuals("I1", [("2026-03-31", 370000)]) + _actuals("I2", [("2026-03-31", 74)])
    if q2:
        actuals += _actuals("I1", [("2026-06-30", 352000)]) + _actuals("I2", [("2026-06-30", 77)])
        actuals += [
            a for area, v in (("NE", 80), ("NW", 74), ("LDN", 68)) for a in _actuals("I2", [("2026-06-30", v)], area)
        ]
    risks = [_risk("HEA-01", "R2", "risk", "Winter pressures", "none", "open")]
    if q2:
        risks.insert(
            0,
            _risk("HEA-01", "R1", "barrier", "Radiographer shortage needs pay flexibility", "centre", "open", "4", "4"),
        )
    budget = [
        _budget("HEA-01", "2025-26", 100 * M, 98 * M, 97 * M),
        _budget("HEA-01", "2026-27", 120 * M, (130 if q2 else 120) * M, (30 if q2 else 0) * M),
    ]
    return ReturnSpec(
        "DHSC",
        period,
        {
            "Priorities": priorities,
            "Delivery chain": chain,
            "Milestones": milestones,
            "Indicators": indicators,
            "Trajectory": trajectory,
            "Actuals": actuals,
            "Risks": risks,
            "Budget": budget,
        },
    )


def _dfe(period: dt.date) -> ReturnSpec:
    q2 = period == PERIOD_2
    priorities = [
        _priority(
            "EDU-01",
            "Raise reading at age 11",
            "Opportunity",
            "DfE",
            "Amber/Red" if q2 else "Green",
            contributing="HO",
            target="90% of pupils meet the expected standard",
            target_date="2028-06-30",
        )
    ]
    chain = _chain(
        "EDU-01",
        [
            ("E1", None, "Secretary of State for Education", "minister", "Green"),
            ("E2", "E1", "Schools Directorate", "department", "Amber"),
            ("E3", "E2", "Primary schools", "local", "Red" if q2 else "Amber"),
        ],
    )
    milestones = [_milestone("EDU-01", "M4", "Tutoring programme launched", "2026-09-01", "2026-09-01")]
    indicators = [
        _indicator(
            "EDU-01",
            "I3",
            "Pupils meeting the expected reading standard",
            "%",
            "outcome",
            "up",
            73,
            "2025-06-30",
            90,
            "2028-06-30",
        )
    ]
    trajectory = _series("I3", "planned_value", [("2026-03-31", 75), ("2026-06-30", 77)])
    actuals = _actuals("I3", [("2026-03-31", 75)] + ([("2026-06-30", 70)] if q2 else []))
    risks = [_risk("EDU-01", "R3", "issue", "Tutor recruitment behind plan", "none", "open")] if q2 else []
    budget = [_budget("EDU-01", "2026-27", 40 * M, 35 * M, 10 * M)] if q2 else []
    return ReturnSpec(
        "DfE",
        period,
        {
            "Priorities": priorities,
            "Delivery chain": chain,
            "Milestones": milestones,
            "Indicators": indicators,
            "Trajectory": trajectory,
            "Actuals": actuals,
            "Risks": risks,
            "Budget": budget,
        },
    )


# A priority new in HO's 30 Jun return, as the upload and reporting-cycle browser tests send it.
HO_02 = {
    "priority_id": "HO-02",
    "title": "Fewer burglaries",
    "theme": "Safety",
    "lead_department": "HO",
    "rag": "Green",
}


def _ho() -> ReturnSpec:
    return ReturnSpec(
        "HO",
        PERIOD_1,
        {
            "Priorities": [_priority("HO-01", "Halve knife crime", "Safety", "HO", "Red", target_date="2028-03-31")],
            "Delivery chain": _chain("HO-01", [("K1", None, "Home Secretary", "minister", "Red")]),
            "Milestones": [_milestone("HO-01", "M5", "Strategy published", "2026-12-31", "2026-12-31")],
            "Indicators": [
                _indicator(
                    "HO-01",
                    "I4",
                    "Knife crime offences",
                    "offences",
                    "outcome",
                    "down",
                    50000,
                    "2025-12-31",
                    25000,
                    "2028-03-31",
                )
            ],
            "Trajectory": _series("I4", "planned_value", [("2026-03-31", 48000), ("2026-06-30", 46000)]),
            "Actuals": _actuals("I4", [("2026-03-31", 49000)]),
            "Risks": [_risk("HO-01", "R4", "risk", "Data sharing with police forces", "minister", "closed")],
            "Budget": [_budget("HO-01", "2026-27", 25 * M, 25 * M, 5 * M)],
        },
    )


def sample_returns() -> list[ReturnSpec]:
    """The sample government's returns, oldest first (see the module docstring)."""
    return [_dhsc(PERIOD_1), _dfe(PERIOD_1), _ho(), _dhsc(PERIOD_2), _dfe(PERIOD_2)]


def sample_store(root: Path, use_loader: bool | None = None) -> Store:
    """The sample government described in this module's docstring, in a store under ``root``."""
    return build_store(root, sample_returns(), use_loader)


def empty_store(root: Path) -> Store:
    """A store directory with nothing published."""
    return Store(Path(root) / "store")
