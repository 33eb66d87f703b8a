"""A second process that draws charts while the first draws its own share: ``python -m
delivery.briefs.chart_worker`` reads ``{"format": "svg" or "png", "scale": S, "specs": [Vega-Lite JSON, ...]}``
on stdin and writes the JSON list of the charts on stdout (SVG text, or PNG bytes in base64).

vl-convert holds Python's lock while it draws (about 70 ms an SVG, 150 ms a PNG), so threads cannot share the
work; a fresh interpreter can. It imports only vl-convert (never the caller's modules, unlike multiprocessing's
spawn, which re-imports the main module: unsafe under Streamlit). It reads every spec before it draws, so the
caller's write never waits on it.
"""

from __future__ import annotations

import base64
import json
import sys

import vl_convert


def draw(spec: str, fmt: str, scale: float) -> str:
    """One chart: SVG text, or PNG bytes in base64."""
    if fmt == "png":
        return base64.b64encode(vl_convert.vegalite_to_png(spec, scale=scale)).decode()
    return vl_convert.vegalite_to_svg(spec)


def main() -> None:
    job = json.load(sys.stdin)
    json.dump([draw(spec, job["format"], job["scale"]) for spec in job["specs"]], sys.stdout)


if __name__ == "__main__":
    main()
