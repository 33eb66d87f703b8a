"""The README's screenshot: the Overview page of the demo store at 1400x900, saved as docs/images/overview.png.

    python scripts/screenshot_overview.py [--db PATH] [--out PATH]

Starts ``streamlit run app.py`` on a free port of this computer (on first start an empty store
gets the demo, as in the README's Start section), opens the Overview in Debian's Chromium
(/usr/bin/chromium) with Playwright, waits until the page has drawn, saves it, stops the app
by its PID, and shrinks the PNG to a 256-colour palette with Pillow (pngquant is not needed).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import ARGS, CHROMIUM, free_ports, serve, stop  # noqa: E402 (after the project is on the path)
from delivery.store.versions import default_store_path  # noqa: E402

WAIT_MS = 180_000  # a first start generates and loads the demo before the page draws


def capture(url: str) -> bytes:
    """The Overview at 1400x900 once it has drawn: its heading and metrics, no spinner or skeleton."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
        for busy in ("stStatusWidget", "stSkeleton", "stException"):
            expect(page.get_by_test_id(busy)).to_have_count(0, timeout=WAIT_MS)
        png = page.screenshot()
        browser.close()
    return png


def shrink(png: bytes, out: Path) -> None:
    """Save ``png`` as a 256-colour palette PNG (screenshots of flat UI lose nothing visible)."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, format="PNG", optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the store to serve (default: the DELIVERY_DB setting, data/store)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "overview.png")
    args = parser.parse_args()
    (port,) = free_ports(1)
    app = serve(ROOT / "app.py", args.db or default_store_path(), port)  # bench's server: waits until healthy
    try:
        shrink(capture(f"http://127.0.0.1:{port}/overview"), args.out)
    finally:
        stop(app)
    print(f"{args.out}: {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
