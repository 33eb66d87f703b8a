"""The briefs' charts: drawn by vl-convert, shared with a second process when there are many (the PDF's SVGs,
the Word file's PNGs), and the PDF's made lean (nothing that draws nothing) before WeasyPrint paints them."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
import vl_convert

from delivery import ROOT
from delivery.briefs import render
from delivery.briefs.print_chart import trajectory_spec, untitled_spec

SVG = "{http://www.w3.org/2000/svg}"


def _spec(n: int) -> str:
    indicator = {"name": f"Chart {n}", "unit": "people", "target_value": 90 + n, "target_date": "2028-03-31"}
    plan = pd.DataFrame({"period_end": pd.date_range("2025-03-31", periods=8, freq="QE"), "planned_value": 60.0 + n})
    actuals = pd.DataFrame({"period_end": pd.date_range("2025-03-31", periods=5, freq="QE"), "actual_value": 55.0})
    return trajectory_spec(indicator, plan, actuals, pd.Timestamp("2026-06-30"))


def _drawn(svg: str) -> tuple[list, list, list]:
    """What an SVG draws: each text, each path's outline, each line's place, in document order."""
    root = ET.fromstring(svg)
    texts = [" ".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    paths = [p.get("d") for p in root.iter(f"{SVG}path") if p.get("d") and p.get("display") != "none"]
    lines = [ln.get("transform") for ln in root.iter(f"{SVG}line")]
    return texts, [p for p in paths if p != "M0,0h0v0h0Z"], lines


def _svg(url: str) -> str:
    return base64.b64decode(url.removeprefix("data:image/svg+xml;base64,")).decode()


def test_a_lean_chart_draws_the_same_in_half_the_elements():
    raw = vl_convert.vegalite_to_svg(_spec(1))
    lean = render.lean(raw)
    assert _drawn(lean) == _drawn(raw)
    assert "Chart 1" in _drawn(lean)[0] and "Current plan" in _drawn(lean)[0]
    assert ET.fromstring(lean).tag == f"{SVG}svg" and "ns0:" not in lean  # one namespace, unprefixed
    assert lean.count("<") < raw.count("<") * 0.65  # 350 elements down to about 200 on this chart
    assert 'd="M0,0h0v0h0Z"' in raw and 'd="M0,0h0v0h0Z"' not in lean


def test_a_group_that_draws_is_kept_with_its_children():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g class="a"><g transform="translate(5,5)" opacity="0.5">'
        '<path d="M0,0h1"/></g><g class="b"/><path class="background" d=""/></g></svg>'
    )
    assert render.lean(svg) == (
        '<svg xmlns="http://www.w3.org/2000/svg"><g transform="translate(5,5)" opacity="0.5"><path d="M0,0h1" />'
        "</g></svg>"
    )


@pytest.fixture
def fresh(monkeypatch):
    """Nothing kept from an earlier test's charts."""
    monkeypatch.setattr(render, "_drawn", type(render._drawn)())


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_the_worker_draws_each_spec_it_reads_as_vl_convert_does(fmt):
    specs = [_spec(1), _spec(2)]
    job = json.dumps({"format": fmt, "scale": render.SCALE, "specs": specs})
    done = subprocess.run(render.WORKER, input=job, capture_output=True, text=True, cwd=ROOT, check=True)
    if fmt == "svg":
        assert json.loads(done.stdout) == [vl_convert.vegalite_to_svg(s) for s in specs]
    else:
        assert [base64.b64decode(c) for c in json.loads(done.stdout)] == [
            vl_convert.vegalite_to_png(s, scale=render.SCALE) for s in specs
        ]


def _marking_worker(ran) -> list[str]:
    """The real worker, run after it leaves the file ``ran`` to show it was started."""
    return [
        sys.executable,
        "-c",
        f"open({str(ran)!r}, 'w').close(); from delivery.briefs import chart_worker; chart_worker.main()",
    ]


def test_the_word_briefs_pictures_are_shared_too_by_key(tmp_path):
    specs = {f"P-{n}": _spec(n) for n in range(render.MIN_SHARED)} | {"P-again": _spec(0)}  # one chart twice
    ran = tmp_path / "worker-ran"
    pictures = render.pngs(specs, worker=_marking_worker(ran))
    assert ran.exists() and list(pictures) == list(specs)
    assert pictures == {k: vl_convert.vegalite_to_png(s, scale=render.SCALE) for k, s in specs.items()}
    assert pictures["P-0"][:8] == b"\x89PNG\r\n\x1a\n"


def test_many_charts_are_shared_with_a_second_process_and_come_back_in_order(fresh, tmp_path):
    specs = [_spec(n) for n in range(render.MIN_SHARED + 2)]
    expected = [render._data_url(vl_convert.vegalite_to_svg(s)) for s in specs]
    ran = tmp_path / "worker-ran"
    urls = render.svg_urls(specs, worker=_marking_worker(ran))
    assert ran.exists()
    assert urls == expected
    assert [_drawn(_svg(u))[0][-2] for u in urls] == [f"Chart {n}" for n in range(len(specs))]  # each its own


@pytest.mark.parametrize(
    "worker",
    [
        ["/nonexistent/python"],  # cannot start
        [sys.executable, "-c", "import sys; sys.exit(3)"],  # ends at once, before reading its specs
        [sys.executable, "-c", "import sys; sys.stdin.read(); print('[\"half\"]')"],  # answers with too few
        [sys.executable, "-c", "import sys; sys.stdin.read(); print('[' + ','.join(['1'] * 4) + ']')"],  # not charts
        [sys.executable, "-c", "import sys; sys.stdin.read(); print('not json')"],
    ],
    ids=["missing", "exits", "too-few", "not-charts", "garbage"],
)
def test_a_worker_that_fails_leaves_this_process_to_draw_its_share(fresh, worker):
    specs = [_spec(n) for n in range(render.MIN_SHARED)]
    assert render.svg_urls(specs, worker=worker) == [render._data_url(vl_convert.vegalite_to_svg(s)) for s in specs]


def test_a_kept_chart_is_not_drawn_again(fresh):
    spec = _spec(3)
    (first,) = render.svg_urls([spec])
    assert render.svg_urls([spec], worker=["/nonexistent/python"]) == [first]
    assert list(render._drawn) == [spec]


def test_the_pdf_prints_the_heading_as_text_above_the_untitled_chart():
    indicator = {"name": "Nurses", "unit": "people", "direction": "down", "status": "Off trajectory"}
    plan = pd.DataFrame({"period_end": pd.date_range("2025-03-31", periods=4, freq="QE"), "planned_value": 60.0})
    actuals = plan.rename(columns={"planned_value": "actual_value"})
    titled = json.loads(trajectory_spec(indicator, plan, actuals, pd.Timestamp("2025-12-31")))
    spec, heading = untitled_spec(indicator, plan, actuals, pd.Timestamp("2025-12-31"))
    assert "title" not in json.loads(spec)
    assert {k: v for k, v in titled.items() if k != "title"} == json.loads(spec)
    assert heading.title == titled["title"]["text"] == "Nurses"
    assert (
        heading.subtitle
        == [
            titled["title"]["subtitle"],
            "As at 31 Dec 2025 · down is better · shaded band: plan ±5% · Off trajectory",
        ][1:]
    )
