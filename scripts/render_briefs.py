"""The demo brief's PDF pages and slides as PNG pictures in test-output/briefs/, for people to look at (CI keeps it).

    python scripts/render_briefs.py [--db STORE] [--out FOLDER]

Makes the whole-government brief of the demo government (a new store loaded with the small demo, as on the
app's first start, unless --db names a store) as PDF and PowerPoint, then turns each PDF page into
pdf-page-NN.png with pdftoppm (Debian's poppler-utils) and each slide into slide-NN.png (LibreOffice, headless,
turns the slides into a PDF first, then pdftoppm). scripts/test.sh runs it after the tests. Without pdftoppm
or LibreOffice it says in one line which pictures it left out and how to get them, and still exits 0: the
pictures are for looking at, the tests are the check. Exit 1 when a conversion fails.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from delivery.briefs import make  # noqa: E402 (after the project is on the path)
from delivery.demo.bootstrap import ensure_demo_store  # noqa: E402
from delivery.store.versions import Store  # noqa: E402

DPI = 80  # enough to read the text and see the layout; a slide is 1067 x 600 pixels
CONVERT_TIMEOUT_S = 300


def brief_files(store: Path, folder: Path) -> dict[str, Path]:
    """The whole-government brief of ``store`` as PDF and PowerPoint in ``folder``: {format: path}."""
    out = {}
    for fmt in ("pdf", "pptx"):
        con = Store(store).connect_read()
        try:
            out[fmt], _ = make.make_export(con, fmt, folder / f"brief.{fmt}")
        finally:
            con.close()
    return out


def pngs(pdf: Path, prefix: Path) -> list[Path]:
    """Each page of ``pdf`` as ``prefix``-NN.png (pdftoppm numbers them); the pictures, in order."""
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
        timeout=CONVERT_TIMEOUT_S,
    )
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def as_pdf(office_file: Path, folder: Path) -> Path:
    """Slides or a Word file as a PDF in ``folder``, by LibreOffice headless with a profile of its own in
    ``folder`` (never the user's; another soffice may be running); tests/test_brief_render.py uses it too."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf"]
        + ["--outdir", str(folder), str(office_file)],
        check=True,
        capture_output=True,
        timeout=CONVERT_TIMEOUT_S,
    )
    made = folder / f"{office_file.stem}.pdf"
    if not made.exists():
        raise subprocess.CalledProcessError(1, "soffice", stderr=b"no PDF was written")
    return made


def render(store: Path, out: Path, say=print) -> int:
    """Write the pictures of the brief of ``store`` into ``out`` (old pictures removed first); the exit code."""
    if shutil.which("pdftoppm") is None:
        say("Skipped the brief's pictures: pdftoppm is not installed (apt-get install poppler-utils).")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="render-briefs-") as tmp:
        files = brief_files(store, Path(tmp))
        for path in files.values():
            shutil.copy(path, out / path.name)
        pages = pngs(out / "brief.pdf", out / "pdf-page")
        say(f"Wrote the brief's {len(pages)} PDF pages as PNG in {out}.")
        if shutil.which("soffice") is None:
            say("Skipped the slides' pictures: LibreOffice is not installed (apt-get install libreoffice-impress).")
            return 0
        slides = pngs(as_pdf(files["pptx"], Path(tmp)), out / "slide")
        say(f"Wrote the brief's {len(slides)} slides as PNG in {out}.")
    return 0


def demo_store(folder: Path) -> Path:
    """A new store in ``folder`` with the small demo loaded, as the app's first start loads it."""
    store = Store(folder / "store")
    ensure_demo_store(store)
    return store.root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the store whose brief to draw (default: a new demo store)")
    parser.add_argument("--out", type=Path, default=ROOT / "test-output" / "briefs", help="the pictures' folder")
    args = parser.parse_args(argv)
    try:
        if args.db:
            return render(args.db, args.out)
        with tempfile.TemporaryDirectory(prefix="demo-store-") as tmp:
            return render(demo_store(Path(tmp)), args.out)
    except subprocess.CalledProcessError as error:
        said = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        print(f"Error: {error.cmd[0]} failed: {said[-1] if said else 'no message'}.", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as error:
        print(f"Error: {error.cmd[0]} took more than {CONVERT_TIMEOUT_S} s and was stopped.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
