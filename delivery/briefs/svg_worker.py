"""A second process that draws charts while the first draws its own share: ``python -m delivery.briefs.svg_worker``
reads a JSON list of Vega-Lite specs on stdin and writes the JSON list of their SVGs on stdout.

vl-convert holds Python's lock while it draws (about 70 ms a chart), so threads cannot share the work; a fresh
interpreter can. It imports only vl-convert (never the caller's modules, unlike multiprocessing's spawn, which
re-imports the main module: unsafe under Streamlit). It reads every spec before it draws, so the caller's write
never waits on it.
"""

from __future__ import annotations

import json
import sys

import vl_convert


def main() -> None:
    specs = json.load(sys.stdin)
    json.dump([vl_convert.vegalite_to_svg(spec) for spec in specs], sys.stdout)


if __name__ == "__main__":
    main()
