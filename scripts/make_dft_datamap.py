"""Write data/datamaps/dft.csv from DfT's own datamap (bcompiler's datamap.csv, MIT licence), so each of
our fields is read from the cell DfT's own datamap names for it.

    python scripts/make_dft_datamap.py ../shared/real-workbooks/government/dft_datamaps/datamap.csv \
        data/datamaps/dft.csv
"""

from __future__ import annotations

import csv
import sys

LEVEL = "Very Low=1|Low=2|Medium=3|High=4|Very High=5"
MILESTONE_COLUMNS = (
    ("baseline_date", "Original Baseball", "DATE"),
    ("forecast_date", "Beavis / Beaviz", "DATE"),
    ("commentary", "Notes", "TEXT"),
)
YEARS = ("19-20", "20-21", "21-22", "22-23", "23-24", "24-25", "25-26", "26-27", "27-28", "28-29")
PROJECT_ID = "TOFGM - TUI ID Number"


class Map:
    """The lines of our datamap, read from DfT's cells by their own names."""

    def __init__(self, theirs: list[dict]):
        self.at = {r["cell_key"].strip(): (r["template_sheet"], r["cellreference"]) for r in theirs}
        self.lines = [("field", "sheet", "cell", "type", "words", "value", "times")]
        self.milestones = 0

    def cell(self, field: str, key: str, kind: str = "TEXT", words: str = "", times: str = "") -> None:
        sheet, cell = self.at[key]
        self.lines.append((field, sheet, cell, kind, words, "", times))

    def fixed(self, field: str, value: str) -> None:
        self.lines.append((field, "", "", "TEXT", "", value, ""))

    def milestone_group(self, prefix: str, id_prefix: str) -> None:
        for i in range(1, 100):
            key = f"{prefix} MM{i}"
            if key not in self.at:
                continue
            self.milestones += 1
            row = f"Milestones[{self.milestones}]"
            self.cell(f"{row}.priority_id", PROJECT_ID)
            self.fixed(f"{row}.milestone_id", f"{id_prefix}{i}")
            self.cell(f"{row}.title", key)
            for ours, theirs, kind in MILESTONE_COLUMNS:
                found = next(
                    (k for k in (f"{key} {theirs}", f"{key} {theirs.replace(' / ', ' - ')}") if k in self.at), None
                )
                if found:
                    self.cell(f"{row}.{ours}", found, kind)


def build(theirs: list[dict]) -> list[tuple]:
    m = Map(theirs)
    m.fixed("About.department", "DfT")
    m.cell("About.period_end", "Snapshot Date", "DATE")
    m.cell("About.prepared_by", "Working Contact Name")
    m.cell("Priorities.priority_id", PROJECT_ID)
    m.cell("Priorities.title", "Project/Programme Name")
    m.cell("Priorities.outcome", "List Strategic Outcomes (TOFGM - Intended Outcome 1)")
    m.cell("Priorities.theme", "Primary Category")
    m.fixed("Priorities.lead_department", "DfT")
    m.cell("Priorities.senior_responsible_owner", "Plausible Responsible Owner (SRO)")
    m.cell("Priorities.rag", "Bananan DCA")
    m.cell("Priorities.commentary", "Bananan DCA Narrative")
    m.cell("Priorities.centre_rag", "TOFGM - TUI DCA")
    m.milestone_group("Stonker", "APPROVAL-")
    m.milestone_group("Assurance", "ASSURANCE-")
    m.milestone_group("Project", "DELIVERY-")
    for i in range(1, 6):
        row = f"Risks[{i}]"
        m.cell(f"{row}.priority_id", PROJECT_ID)
        m.fixed(f"{row}.risk_id", f"RISK-{i}")
        m.fixed(f"{row}.kind", "risk")
        m.cell(f"{row}.description", f"Brief Risk Decription {i}")
        m.cell(f"{row}.likelihood", f"BRD {i} Residual Likelihood", words=LEVEL)
        m.cell(f"{row}.impact", f"BRD {i} Residual Guffins", words=LEVEL)
        m.fixed(f"{row}.escalation", "none")
        m.fixed(f"{row}.status", "open")
        m.cell(f"{row}.mitigation", f"BRD {i} Internal Control")
    for i, year in enumerate(YEARS, start=1):
        row = f"Budget[{i}]"
        m.cell(f"{row}.priority_id", PROJECT_ID)
        m.fixed(f"{row}.financial_year", "20" + year)
        m.cell(f"{row}.allocated", f"{year} REPTOL BL WLC", "NUMBER", times="1000000")
        m.cell(f"{row}.forecast", f"{year} REPTOL Beavis Total WLC", "NUMBER", times="1000000")
    m.cell("Budget[1].whole_life_cost_baseline", "Total REPTOL BL WLC", "NUMBER", times="1000000")
    m.cell("Budget[1].whole_life_cost_forecast", "Total REPTOL Beavis Total WLC", "NUMBER", times="1000000")
    return m.lines


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8-sig") as source:
        lines = build(list(csv.DictReader(source)))
    with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows(lines)
    print(f"Wrote {len(lines) - 1} lines to {sys.argv[2]}.")
