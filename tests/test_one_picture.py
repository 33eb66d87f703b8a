"""One question, one answer: every surface gives the picture's numbers, at every period.

For the demo government and two generated worlds (tests/worlds.py: monthly, quarterly and
annual calendars, a scale change, a transfer out of an abolished department, a stale
department, a priority that leaves, a withheld allocation), at every "as at" period:
the brief's headline = the picture; where the story turns (quarter ends where monthly and
quarterly departments meet, a monthly period, a department going stale, a priority leaving),
``python -m delivery picture --json`` = the Excel pack = the Overview's metrics = the heatmap's
"All priorities" row = the Priorities table = the Milestones and Indicators pages' metrics = What
changed's counts = the Brief page's headline; and, at a few periods, the PDF's and the slides' text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest
from pptx import Presentation
from pypdf import PdfReader

from delivery import ROOT, cli
from delivery.analysis import movement, picture
from delivery.briefs import content, make, summary, text
from delivery.reference.calendar import read_calendar
from delivery.store.versions import Store
from tests.conftest import run_app, texts
from tests.worlds import world
from ui.frame.components import rating_badge
from ui.frame.text import plain

MILESTONE_LABELS = {
    "overdue": "Overdue",
    "due_30": "Due within 30 days",
    "due_90": "Due within 90 days",
    "slipped": "Slipped",
    "completed": "Completed this period",
}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory, demo_store_root) -> dict[str, tuple[Path, Path]]:
    """name -> (store folder, calendar file): the demo and two generated worlds."""
    root = tmp_path_factory.mktemp("worlds")
    out = {"demo": (demo_store_root, (ROOT / "data" / "calendar.csv"))}
    for seed in (1, 2):
        store, calendar = world(root / f"world-{seed}", seed)
        out[f"world {seed}"] = (store.root, calendar)
    return out


def _serve(monkeypatch, store: Path, calendar: Path) -> None:
    monkeypatch.setenv("DELIVERY_DB", str(store))
    monkeypatch.setenv("DELIVERY_CALENDAR", str(calendar))


def _cli_picture(capsys, store: Path, as_at: dt.date) -> dict:
    assert cli.main(["picture", "--db", str(store), "--period", as_at.isoformat(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _brief_data(store: Path, as_at: dt.date) -> content.BriefData:
    with Store(store).connect_read() as con:
        return make.read_brief_data(con, content.Scope(), as_at)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _overview(at, facts: dict) -> dict:
    """What the Overview shows, in the picture's terms."""
    shown = _metrics(at)
    ratings = {r: int(shown[rating_badge(r)]) for r in facts["ratings"]}
    moves = {m: int(shown[m]) for m in facts["movement"]}
    heat = next(c.proto for c in at.get("vega_lite_chart") if "Ratings by department" in c.proto.spec)
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in heat.datasets]
    rows = [
        r
        for f in frames
        if "department_name" in f
        for r in f.to_dict("records")
        if r["department_name"] == movement.ALL_PRIORITIES
    ]
    return {
        "ratings": ratings,
        "not_reported": int(shown.get(picture.STALE, 0)),
        "movement": moves,
        "heatmap": {r["rag"]: r["priorities"] for r in rows},
    }


def _expected_heatmap(facts: dict) -> dict:
    cells = {r: n for r, n in facts["ratings"].items() if n}
    return cells | ({picture.STALE: facts["not_reported"]} if facts["not_reported"] else {})


def _priorities_table(at) -> dict:
    table = at.dataframe[0].value
    fresh = table[table["Movement"] != picture.STALE]
    return {
        "rows": len(table),
        "not_reported": int((table["Movement"] == picture.STALE).sum()),
        "ratings": fresh["Rating"].value_counts().to_dict(),
        "movement": fresh["Movement"].value_counts().to_dict(),
    }


def _nonzero(counts: dict) -> dict:
    return {k: v for k, v in counts.items() if v}


def _headline_counts(headline: str) -> dict:
    """The counts a headline states: rated Red and Amber/Red (a rating it does not name has none: the headline
    never says "0 are rated Red"), not reported, improved, worsened."""
    one = r"the one priority (?:in scope|reported this period)"
    found = {
        rating: 1 if n.startswith("the one") else int(n.replace(",", ""))
        for n, rating in re.findall(rf"(\d[\d,]*|{one}) (?:is|are) rated (Red|Amber/Red)\b", headline)
    }
    if m := re.search(r"\) is rated (Red|Amber/Red) by its department", headline):  # a brief of one priority
        found[m.group(1)] = 1
    found = {r: found.get(r, 0) for r in ("Red", "Amber/Red")}
    if m := re.search(r"(\d+) (?:is|are) not reported this period", headline):
        found["not_reported"] = int(m.group(1))
    if m := re.search(
        r"ratings (improved|worsened) on (\d+) priorit(?:y|ies) and (?:improved|worsened) on "
        r"(\d+|none)",
        headline,
    ):
        first, second = int(m.group(2)), 0 if m.group(3) == "none" else int(m.group(3))
        found["improved"], found["worsened"] = (first, second) if m.group(1) == "improved" else (second, first)
    elif "no rating improved or worsened" in headline:
        found["improved"], found["worsened"] = 0, 0
    return found


def _facts_in_headline_terms(facts: dict) -> dict:
    out = {r: facts["ratings"].get(r, 0) for r in ("Red", "Amber/Red")}
    if facts["not_reported"]:
        out["not_reported"] = facts["not_reported"]
    return out


def _pack(data, brief) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = make.write(data, brief, "xlsx", Path(tmp) / "pack.xlsx", protective_marking="OFFICIAL")
        wb = openpyxl.load_workbook(path)
    words = {row[0]: row[1] for row in wb["Brief"].iter_rows(min_row=3, values_only=True)}
    priorities = list(wb["Priorities"].iter_rows(min_row=3, values_only=True))
    kinds = [row[2] for row in wb["What changed"].iter_rows(min_row=3, values_only=True)]
    return {
        "headline": words["Headline"],
        "priorities": len(priorities),
        "changes": {k: kinds.count(k) for k in dict.fromkeys(kinds)},
    }


def _one_line(words: str) -> str:
    return " ".join(words.split())


def _recorder(wrong: list[str]):
    """same(what, period, got, expected): notes a disagreement in ``wrong``."""

    def same(what: str, period, got, expected) -> None:
        if got != expected:
            wrong.append(f"{period}: {what}: {got!r} != {expected!r}")

    return same


def check_every_surface(
    at_periods, store: Path, calendar: Path, capsys, monkeypatch, pages_at=(), exports_at=()
) -> list[str]:
    """Compare every surface with the picture: the brief's counts at each period; the command, the Excel pack
    and the pages (in AppTest) at ``pages_at``; the PDF and slides at ``exports_at`` (each costs seconds a
    period). Returns the disagreements, one line each."""
    _serve(monkeypatch, store, calendar)
    wrong: list[str] = []
    same = _recorder(wrong)
    for as_at in at_periods:
        data = _brief_data(store, as_at)
        facts = summary.picture_json(data)["facts"]
        brief = text.make_brief(data)
        same(
            "headline's counts",
            as_at,
            _headline_counts(brief.headline),
            _facts_in_headline_terms(facts)
            | (
                {"improved": facts["movement"]["Improved"], "worsened": facts["movement"]["Worsened"]}
                if "improved" in _headline_counts(brief.headline)
                else {}
            ),
        )
        if as_at not in pages_at:  # the rest costs seconds a period: at the periods the pages are checked
            continue
        same("the command's picture", as_at, _cli_picture(capsys, store, as_at), summary.picture_json(data))
        pack = _pack(data, brief)
        same("Excel pack headline", as_at, pack["headline"], brief.headline)
        same("Excel pack priorities", as_at, pack["priorities"], facts["priorities"])
        same("Excel pack changes", as_at, pack["changes"], facts["changes"])
        if as_at in exports_at:
            wrong += _check_pdf_and_slides(data, brief, as_at)
        wrong += _check_pages(as_at, facts, brief)
    return wrong


def _check_pages(as_at: dt.date, facts: dict, brief) -> list[str]:
    """The Overview, Priorities, Milestones, What changed and Brief pages against the picture's facts."""
    wrong: list[str] = []
    same = _recorder(wrong)
    at = run_app("overview", period=as_at.isoformat())
    assert not at.exception, at.exception
    if facts["priorities"]:
        shown = _overview(at, facts)
        same("Overview ratings", as_at, shown["ratings"], facts["ratings"])
        same("Overview not reported", as_at, shown["not_reported"], facts["not_reported"])
        same("Overview movement", as_at, shown["movement"], facts["movement"])
        same("heatmap's all-priorities row", as_at, shown["heatmap"], _expected_heatmap(facts))
        table = _priorities_table(at.switch_page("pages/priorities.py").run())
        same("Priorities rows", as_at, table["rows"], facts["priorities"])
        same("Priorities not reported", as_at, table["not_reported"], facts["not_reported"])
        same("Priorities ratings", as_at, table["ratings"], _nonzero(facts["ratings"]))
        same("Priorities movement", as_at, table["movement"], _nonzero(facts["movement"]))
        miles = _metrics(at.switch_page("pages/milestones.py").run())
        if miles:
            same(
                "Milestones metrics",
                as_at,
                {k: int(miles[v].replace(",", "")) for k, v in MILESTONE_LABELS.items()},
                facts["milestones"],
            )
        indicators = _metrics(at.switch_page("pages/indicators.py").run())
        if indicators:
            same(
                "Indicators metrics",
                as_at,
                {s: int(indicators[s].replace(",", "")) for s in facts["indicators"]},
                facts["indicators"],
            )
        changes = _metrics(at.switch_page("pages/changes.py").run())
        same("What changed counts", as_at, {k: int(v) for k, v in changes.items()}, facts["changes"])
        page = texts(at.switch_page("pages/brief.py").run())
        same("Brief page headline", as_at, plain(brief.headline) in page, True)
    return wrong


def _check_pdf_and_slides(data, brief, as_at) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = make.write(data, brief, "pdf", Path(tmp) / "brief.pdf", protective_marking="OFFICIAL")
        pdf_text = _one_line(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages[:2]))
        deck = make.write(data, brief, "pptx", Path(tmp) / "brief.pptx", protective_marking="OFFICIAL")
        slides = _one_line(
            " ".join(sh.text_frame.text for s in Presentation(str(deck)).slides for sh in s.shapes if sh.has_text_frame)
        )
    headline = _one_line(brief.headline)
    in_pdf = "".join(headline.split()) in "".join(pdf_text.split())  # a PDF line may break after a "/"
    return ([f"{as_at}: the PDF does not carry the headline"] if not in_pdf else []) + (
        [f"{as_at}: the slides do not carry the headline"] if headline not in slides else []
    )


def _periods(store: Path, calendar: Path) -> list[dt.date]:
    with Store(store).connect_read() as con:
        rules = picture.Rules(read_calendar(calendar))
        return sorted(picture.as_at_choices(content.asker(con), rules)[0])


def test_the_demo_agrees_everywhere_at_every_period(worlds, capsys, monkeypatch):
    store, calendar = worlds["demo"]
    periods = _periods(store, calendar)
    assert len(periods) >= 20
    # the pages where monthly and quarterly departments meet, a monthly period, and the first period
    pages = {dt.date(2026, 9, 30), dt.date(2026, 8, 31), dt.date(2026, 6, 30), dt.date(2026, 3, 31), periods[0]}
    exports = {dt.date(2026, 9, 30), dt.date(2026, 8, 31)}
    wrong = check_every_surface(periods, store, calendar, capsys, monkeypatch, pages, exports)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", ["world 1", "world 2"])
def test_a_generated_world_agrees_everywhere_at_every_period(worlds, name, capsys, monkeypatch):
    store, calendar = worlds[name]
    periods = _periods(store, calendar)
    # the pages where the story turns: a monthly period, stale, leaving, no longer reported
    pages = (
        {dt.date(2022, 8, 31), dt.date(2022, 12, 31), dt.date(2023, 3, 31), dt.date(2023, 6, 30)}
        if name == "world 1"
        else {dt.date(2022, 12, 31), dt.date(2023, 4, 30), dt.date(2023, 6, 30)}
    )
    exports = {dt.date(2023, 3, 31)}
    wrong = check_every_surface(periods, store, calendar, capsys, monkeypatch, pages, exports)
    assert not wrong, "\n".join(wrong)
