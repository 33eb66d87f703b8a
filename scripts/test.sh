#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine (nothing, when it is all there), check
# the code with ruff, then run the whole suite; with --fast, the fast tier only: every test but the
# slow ones (they start a process, run AppTest, build the demo or load returns: tests/tiers.py) and
# the end-to-end ones. Other arguments go to pytest.  Usage: bash scripts/test.sh [--fast] [PYTEST_ARGS]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium for the browser tests, the fonts the PDF briefs print with (DejaVu, and Noto:
# its script fonts, CJK and colour emoji, so tests/test_pdf_fonts.py can print Chinese, Arabic and
# emoji; without them the briefs fall back to DejaVu, then the system's sans-serif, and refuse what
# they cannot print), Pango and HarfBuzz's subsetter, which WeasyPrint lays out and prints the PDF
# brief with, nginx-light for the test that puts the README's load-balancer example in front of
# two app processes, and poppler-utils (pdftoppm), libreoffice-impress (without its recommends:
# about a minute to install) and Carlito (Calibri's metrics, the slides' font, so LibreOffice wraps
# their text where PowerPoint would) to draw the demo brief's pages and slides after the tests.
LIBS="$(/sbin/ldconfig -p)"
if ! command -v chromium >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
        || [ ! -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] \
        || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] \
        || [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] \
        || [[ "$LIBS" != *libpangoft2-1.0.so.0* ]] || [[ "$LIBS" != *libharfbuzz-subset.so.0* ]] \
        || ! command -v nginx >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
        || ! command -v soffice >/dev/null 2>&1 \
        || [ ! -f /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf ]; then
    echo "Installing Debian's chromium, fonts-dejavu-core, fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji, libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0, nginx-light, poppler-utils, libreoffice-impress and fonts-crosextra-carlito for the tests..."
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-core \
        fonts-noto-cjk fonts-noto-color-emoji libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 nginx-light \
        poppler-utils fonts-crosextra-carlito >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-impress >/dev/null
fi
# the versions CI tested, every indirect one too (scripts/lock.sh writes the lock)
if ! python scripts/installed.py requirements-dev.lock; then
    python -m pip install -q --disable-pip-version-check -r requirements-dev.lock
fi
python -m ruff check .
python -m ruff format --check .
# On two workers (pytest-xdist), each test file's tests on one of them, so a file's fixtures are made once;
# -n 0 after it (bash scripts/test.sh -n 0 ...) runs everything in one process, as before.
python -m pytest -q -n 2 --dist loadfile "$@"
# The demo brief's PDF pages and slides as PNG in test-output/briefs/, which CI keeps for people to
# look at: after the whole suite, as CI runs it (no arguments), not after --fast or chosen tests.
if [ "$#" -eq 0 ]; then
    python scripts/render_briefs.py
fi
