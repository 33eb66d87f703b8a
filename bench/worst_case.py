"""The largest data the limits let in, and the return they refuse, for the memory benchmark.

``worst_store`` copies a demo store and loads, for every department, its newest return again with
every text cell at the longest its column allows (``DELIVERY_MAX_NAME_CHARS`` for names and titles,
``DELIVERY_MAX_TEXT_CHARS`` for commentary and the like; codes and ids as they were) and more
milestones, until the return holds just under ``DELIVERY_MAX_RETURN_TEXT_MB`` of text: the most one
return may bring. ``shared_string_return`` writes issue 18's return: valid per the template, but its
milestones' commentary all point at one 1 MB shared string, so a small file decodes to 300 MB of text.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from delivery import ROOT
from delivery.returns.contract import SHEETS, TEMPLATE_VERSION
from delivery.returns.limits import ID_COLUMNS, TextLimits
from delivery.returns.workbook import write_return
from delivery.store import archive
from delivery.store.export import return_as_stored
from delivery.store.history import LOADED
from delivery.store.loader import load_returns
from delivery.store.rebuild import copy_store
from delivery.store.versions import Store

FILL = 0.97  # of the return's text budget: ids, codes and rating words count too, so leave a little room
WORDS = [
    "delivery",
    "programme",
    "milestone",
    "funding",
    "council",
    "region",
    "recruitment",
    "contract",
    "tender",
    "pilot",
    "evaluation",
    "guidance",
    "ministers",
    "department",
    "agency",
    "board",
    "forecast",
    "baseline",
    "workforce",
    "capacity",
    "schools",
    "hospitals",
    "housing",
    "courts",
    "transport",
    "energy",
    "skills",
    "data",
    "reporting",
    "risk",
    "assurance",
]
SHARED_STRING = 2**20  # characters: issue 18's "one 1 MB shared string"
SHARED_CELLS = 300
MARK = "SHAREDSTRINGZERO"  # written inline first, then pointed at the shared string


def prose(characters: int, seed: int = 7) -> str:
    """Plain words and spaces, ``characters`` long: text as a return would hold it (it compresses like prose)."""
    rng = random.Random(seed)
    text = " ".join(rng.choices(WORDS, k=characters // 6 + 1))
    return text[:characters]


POOL = prose(2**21)


def longest(value: object, characters: int, key: str) -> str:
    """``value``'s text followed by prose, exactly ``characters`` long; the same ``key`` gives the same text."""
    start = f"{value} " if isinstance(value, str) and value else ""
    offset = zlib.crc32(key.encode()) % (len(POOL) - characters)
    return (start + POOL[offset : offset + characters])[: characters - 1] + "."


def inflated(table: str, rows: pd.DataFrame, limits: TextLimits) -> pd.DataFrame:
    """``rows`` with every free-text cell at the longest its column allows (names keyed by their value,
    so a theme or a shared body stays one; long texts keyed by their row, so each is its own)."""
    rows = rows.copy()
    sheet = next(s for s in SHEETS if s.table == table)
    for column in sheet.columns:
        if column.kind != "text" or column.name in ID_COLUMNS:
            continue
        most = limits.of(column.name)[0]
        by_value = most < limits.text_chars
        values = rows[column.name] if column.name in rows else [None] * len(rows)  # a blank one is filled too
        rows[column.name] = [
            longest(v, most, f"{v}" if by_value else f"{table}.{column.name}.{i}") for i, v in enumerate(values)
        ]
    return rows


def text_size(tables: dict[str, pd.DataFrame]) -> int:
    """Characters of text in the contract columns of ``tables``: what the reader counts against the budget."""
    return sum(
        len(v)
        for sheet in SHEETS
        if sheet.table in tables
        for c in sheet.columns
        if c.name in tables[sheet.table]
        for v in tables[sheet.table][c.name]
        if isinstance(v, str)
    )


def fullest(tables: dict[str, pd.DataFrame], limits: TextLimits) -> dict[str, pd.DataFrame]:
    """``tables`` inflated, with milestones repeated (new ids, new commentary) until just under the return's
    text budget."""
    tables = {t: inflated(t, rows, limits) for t, rows in tables.items()}
    milestones = tables["milestones"]
    if milestones.empty:
        return tables
    per_row = text_size({"milestones": milestones}) / len(milestones)
    extra = max(int((limits.return_chars * FILL - text_size(tables)) // per_row), 0)
    more = milestones.iloc[[i % len(milestones) for i in range(extra)]].copy()
    more["milestone_id"] = [f"{m}-W{i // len(milestones) + 1}" for i, m in enumerate(more["milestone_id"])]
    more["commentary"] = [longest(v, limits.text_chars, f"more.{i}") for i, v in enumerate(more["commentary"])]
    tables["milestones"] = pd.concat([milestones, more], ignore_index=True)
    return tables


def worst_store(base: Path, say: Callable[[str], None] = print, target: Path | None = None) -> Path:
    """``target`` (default data/demo/worst-<name of base>): a copy of ``base`` with every department's newest
    return at its largest (see the module docstring), built once; ``base`` is only read."""
    target = target or ROOT / "data" / "demo" / f"worst-{base.name}"
    if Store(target).version() is not None:
        return target
    shutil.rmtree(target, ignore_errors=True)  # a build stopped half-way
    store, limits = copy_store(base, target), TextLimits.from_settings()
    newest = {}
    for entry in archive.read_log(store.archive):
        if entry["outcome"] == LOADED:
            newest[entry["department"]] = max(
                newest.get(entry["department"], entry["return_period"]), entry["return_period"]
            )
    say(f"Building the worst case in {target} from {base} (once): {len(newest)} returns at their largest...")
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for department, period in sorted(newest.items()):
            about, tables = return_as_stored(store, department, dt.date.fromisoformat(str(period)[:10]))
            about["prepared_by"] = longest(about.get("prepared_by"), limits.name_chars, "prepared_by")
            files.append(write_return(Path(tmp) / f"{department}-worst.xlsx", about, fullest(tables, limits)))
        report = load_returns(store, files, "bench", reason="the memory benchmark's worst case")
    if not report.ok:
        shutil.rmtree(target, ignore_errors=True)
        raise RuntimeError(f"The worst case did not load: {report.problems[:3]}")
    return target


def shared_string_return(path: Path, department: str, period: dt.date, priority_id: str) -> Path:
    """A return valid per the template whose ``SHARED_CELLS`` milestones' commentary is one shared string of
    ``SHARED_STRING`` characters (the file stays under 1 MB; it decodes to 300 MB of text)."""
    about = {
        "department": department,
        "period_end": period,
        "prepared_by": "Benchmark",
        "template_version": TEMPLATE_VERSION,
    }
    tables = {
        "priorities": [
            {"priority_id": priority_id, "title": "Shared string", "lead_department": department, "rag": "Amber"}
        ],
        "milestones": [
            {
                "priority_id": priority_id,
                "milestone_id": f"SS-{i}",
                "title": f"Milestone {i}",
                "baseline_date": period + dt.timedelta(days=90),
                "rag": "Amber",
                "commentary": MARK,
            }
            for i in range(SHARED_CELLS)
        ],
    }
    write_return(path, about, tables)
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = re.sub(
            rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"([^>]*)><is><t>' + MARK.encode() + rb"</t></is></c>",
            rb'<c r="\1" t="s"\2><v>0</v></c>',
            parts[name],
        )
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{SHARED_CELLS}" uniqueCount="1"><si><t>{prose(SHARED_STRING, 18)}</t></si>'
        "</sst>"
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path
