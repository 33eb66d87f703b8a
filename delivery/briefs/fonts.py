"""The fonts a PDF brief prints with: chosen for the characters it holds, from Debian's packages.

The body is Noto Sans (fonts-noto-core), else DejaVu Sans (fonts-dejavu-core), else the system's
sans-serif, trusted with Windows-1252 only. Each character the body lacks is printed in the first installed
font that has it: Noto Sans's script and symbol fonts (Arabic, Hebrew, Devanagari, ...), Noto Sans
CJK (fonts-noto-cjk, in its Simplified Chinese forms), DejaVu Sans, Noto's other fonts (the Serif
ones), then Noto Color Emoji (fonts-noto-color-emoji), which comes first for an emoji (a pictograph
from U+1F000, or a character followed by the emoji variation selector U+FE0F). Only the fonts a
brief needs are named in its CSS, and the PDF embeds only the glyphs it prints. A character no installed
font has is reported, never dropped; an invisible one (a joiner, a variation selector) the body
font lacks is left out, as it draws nothing.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont

LOG = logging.getLogger(__name__)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
CJK_SC = 2  # the face of Noto Sans CJK's collections drawn in Simplified Chinese forms (0 JP, 1 KR, 3 TC, 4 HK)
CORE_ENCODING = "windows-1252"  # what a brief may hold when no font file is known: any sans-serif has it
EMOJI_PRESENTATION = "\ufe0f"
BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # LRE RLE PDF LRO RLO; LRI RLI FSI PDI


@dataclass(frozen=True)
class Face:
    """One installed font: a name for it (its file's), its regular and bold files."""

    family: str
    regular: Path
    bold: Path | None = None
    index: int = 0  # the face within a .ttc collection

    def file(self, bold: bool) -> Path:
        """The file for regular or bold text (the regular one when the font has no bold)."""
        return self.bold if bold and self.bold else self.regular


@dataclass
class Plan:
    """What prints a brief: its body font (None: the system's sans-serif), the fallback faces it needs,
    in order, the face of each character the body lacks, and the characters nothing can print."""

    body: Face | None
    fallbacks: list[Face] = field(default_factory=list)
    face_of: dict[str, Face] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    styles: dict[Face, set[str]] = field(default_factory=dict)  # each fallback's styles in use: "" and/or "B"
    dropped: set[str] = field(default_factory=set)  # invisible characters no font has: left out, nothing lost

    def unprintable(self) -> dict[int, str | None]:
        """A ``str.translate`` table leaving out control characters (but line breaks; a tab as a space),
        the invisible characters no font has, and the bidirectional embeddings, overrides and isolates:
        the brief's sentences hold what people typed, and a right-to-left override in a return
        (U+202E) would otherwise reverse the brief's own words after it on that line."""
        table = {c: None for c in [*range(0x20), *range(0x7F, 0xA0), *BIDI_CONTROLS] if c != 0x0A}
        return table | {0x09: " "} | {ord(ch): None for ch in self.dropped}


Installed = tuple[Face | None, tuple[Face, ...]]


def _face(family: str, regular: Path, bold: Path | None = None, index: int = 0) -> Face | None:
    return Face(family, regular, bold if bold and bold.is_file() else None, index) if regular.is_file() else None


@functools.lru_cache(maxsize=4)
def installed(dejavu: Path = DEJAVU, noto: Path = NOTO, noto_cjk: Path = NOTO_CJK) -> Installed:
    """(the body face, the fallback faces in order of preference) among the fonts installed here; the
    folders are Debian's (a test names empty ones to see a machine without them)."""
    noto_sans = _face("NotoSans", noto / "NotoSans-Regular.ttf", noto / "NotoSans-Bold.ttf")
    dejavu_sans = _face("DejaVuSans", dejavu / "DejaVuSans.ttf", dejavu / "DejaVuSans-Bold.ttf")
    body = next((f for f in (noto_sans, dejavu_sans) if f is not None and coverage(f)), None)
    scripts = sorted(p for p in noto.glob("NotoSans?*-Regular.ttf") if not p.name.startswith("NotoSansDisplay"))
    others = sorted(p for p in noto.glob("Noto*-Regular.ttf") if p not in scripts and p.name != "NotoSans-Regular.ttf")
    faces = [
        *(
            _face(p.name.removesuffix("-Regular.ttf"), p, p.with_name(p.name.replace("-Regular", "-Bold")))
            for p in scripts
        ),
        _face("NotoSansCJKSC", noto_cjk / "NotoSansCJK-Regular.ttc", noto_cjk / "NotoSansCJK-Bold.ttc", CJK_SC),
        dejavu_sans if body is not dejavu_sans else None,
        *(
            _face(p.name.removesuffix("-Regular.ttf"), p, p.with_name(p.name.replace("-Regular", "-Bold")))
            for p in others
        ),
        _face("NotoColorEmoji", noto / "NotoColorEmoji.ttf"),
    ]
    return body, tuple(f for f in faces if f is not None)


@functools.cache
def coverage(face: Face) -> frozenset[int]:
    """The code points ``face`` has a glyph for (its regular file's cmap; read once per process); none when
    the file cannot be read, so a damaged font is never chosen (the server log says which)."""
    try:
        with TTFont(face.regular, fontNumber=face.index, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception:  # fontTools raises many kinds on a damaged file; the brief goes on without this font
        LOG.warning("The font %s cannot be read; briefs are printed without it.", face.regular, exc_info=True)
        return frozenset()


@functools.cache
def family_name(face: Face) -> str:
    """The family the font calls itself ('Noto Sans CJK SC'), by which fontconfig, and so the PDF's
    renderer, finds it; the file's name when the font does not say."""
    try:
        with TTFont(face.regular, fontNumber=face.index, lazy=True) as font:
            return font["name"].getDebugName(16) or font["name"].getDebugName(1) or face.family
    except Exception:  # a damaged file has no coverage either (``coverage``), so it is never chosen
        return face.family


def css_families(chosen: Plan) -> list[str]:
    """The fonts to print a brief in, in order, for CSS's font-family: its body font, then the other fonts
    the brief needs in ``plan``'s order, then the generic sans-serif (the only one when no font file is
    known). Not the colour emoji: named, it drew every digit of the brief (WeasyPrint 70 with Pango 1.50);
    unnamed, fontconfig still finds it for an emoji, the only font that has one."""
    faces = ([chosen.body] if chosen.body else []) + [f for f in chosen.fallbacks if f.family != "NotoColorEmoji"]
    return [family_name(f) for f in faces] + ["sans-serif"]


def invisible(ch: str) -> bool:
    """True for a character that draws nothing by design (Unicode's default-ignorables, roughly: format
    characters such as a zero-width space or a joiner, and variation selectors), so needs no glyph."""
    code = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x180B <= code <= 0x180F
        or code in (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0)
    )


def plan(text: str, bold_text: str = "", fonts: Installed | None = None) -> Plan:
    """The fonts that print ``text`` in regular and ``bold_text`` in bold (every string of a brief, joined):
    ``fonts`` is ``installed()`` by default."""
    body, faces = fonts or installed()
    chosen = Plan(body)
    covered = coverage(body) if body else None
    emoji = {m[0] for m in re.findall(f".{EMOJI_PRESENTATION}", text + bold_text)}
    for ch in sorted(set(text) | set(bold_text)):
        if ch in "\n\r\t" or (covered is not None and ord(ch) in covered):
            continue
        if covered is None:
            _core(ch, chosen)
            continue
        face = None if invisible(ch) else _first_with(ch, faces, prefer_emoji=ord(ch) >= 0x1F000 or ch in emoji)
        if face is not None:
            chosen.face_of[ch] = face
        else:
            _nowhere(ch, chosen)
    for style, chars in (("", set(text)), ("B", set(bold_text))):
        for ch in chars & chosen.face_of.keys():
            chosen.styles.setdefault(chosen.face_of[ch], set()).add(style)
    chosen.fallbacks = [f for f in faces if f in chosen.styles]
    return chosen


def _core(ch: str, chosen: Plan) -> None:
    try:
        ch.encode(CORE_ENCODING)
    except UnicodeEncodeError:
        _nowhere(ch, chosen)


def _nowhere(ch: str, chosen: Plan) -> None:
    """A character no font has: an invisible one is left out, any other cannot be printed."""
    if invisible(ch):
        chosen.dropped.add(ch)
    elif unicodedata.category(ch) != "Cc":
        chosen.missing.append(ch)


def _first_with(ch: str, faces: tuple[Face, ...], prefer_emoji: bool) -> Face | None:
    order = sorted(faces, key=lambda f: f.family != "NotoColorEmoji") if prefer_emoji else faces
    return next((f for f in order if ord(ch) in coverage(f)), None)


def describe(ch: str) -> str:
    """'U+10FFFD', or 'U+13000 EGYPTIAN HIEROGLYPH A001' when Unicode names it."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")
