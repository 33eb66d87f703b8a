"""Vega-Lite specs to PNG with vl-convert, several at once for a large brief.

One place for the scale and the call, so the PDF, the page and the tests draw alike.
(Worker processes were tried for national briefs: spawn re-imports the caller's main
module, which is unsafe under Streamlit, and on two cores they gained little.)
"""

from __future__ import annotations

import vl_convert

SCALE = 1.4


def png(spec: str) -> bytes:
    """One Vega-Lite spec (JSON text) as PNG bytes."""
    return vl_convert.vegalite_to_png(spec, scale=SCALE)


def pngs(specs: dict[str, str]) -> dict[str, bytes]:
    """Each spec as PNG bytes, by the same key."""
    return {key: png(spec) for key, spec in specs.items()}
