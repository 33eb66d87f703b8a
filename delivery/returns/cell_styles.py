"""What a cell's style says about its value: a rating given by a red, amber or green fill,
and a number shown as a percentage (Excel stores 45% as 0.45; the reader reads 45).

openpyxl reads the stylesheet and theme only (not the sheets); each cell's style id comes
from a scan of the sheet XML for just the columns that need it, and only when some style
has a rating fill or a % format. Fill colours may be given as RGB, as a theme colour with
a tint, or as one of Excel's indexed colours; all three are turned into 'RRGGBB'.
"""

from __future__ import annotations

import re

from delivery.reference import ratings
from delivery.returns import normalise
from delivery.returns.contract import Column
from delivery.returns.openpyxl_private import read_stylesheet

# --- ratings from cell fills -------------------------------------------------------
# Excel numbers theme colours lt1, dk1, lt2, dk2, accent1-6, hlink, folHlink, while the
# theme XML lists dk1 before lt1 and dk2 before lt2: hence the swapped first four.
_THEME_ORDER = (
    "lt1",
    "dk1",
    "lt2",
    "dk2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)
_DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def theme_colours(theme_xml: bytes | str | None) -> list[str]:
    """The workbook theme's colours as 'RRGGBB', in Excel's theme index order ([] if none)."""
    if not theme_xml:
        return []
    from defusedxml.ElementTree import fromstring  # refuses entity expansion bombs

    try:
        scheme = fromstring(theme_xml).find(f".//{_DRAWING_NS}clrScheme")
    except Exception:  # a malformed theme costs us only fill colours, never the read
        return []
    if scheme is None:
        return []
    colours = {}
    for child in scheme:
        name = child.tag.removeprefix(_DRAWING_NS)
        for spec in child:
            colours[name] = spec.get("val") if spec.tag.endswith("srgbClr") else spec.get("lastClr")
    return [colours.get(name) or "" for name in _THEME_ORDER]


def apply_tint(rgb: str, tint: float) -> str:
    """Excel's tint: lighten (tint > 0) or darken (tint < 0) a colour's luminance."""
    import colorsys

    if not tint:
        return rgb
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = lum * (1 + tint) if tint < 0 else lum * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(h, lum, s)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def colour_rgb(colour: object, theme: list[str]) -> str | None:
    """An openpyxl Color (rgb, theme with tint, or indexed) as 'RRGGBB', or None."""
    from openpyxl.styles.colors import COLOR_INDEX

    kind = getattr(colour, "type", None)
    if kind == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:]
    if kind == "theme" and isinstance(colour.theme, int) and colour.theme < len(theme):
        base = theme[colour.theme]
        return apply_tint(base, colour.tint or 0.0) if re.fullmatch(r"[0-9A-Fa-f]{6}", base) else None
    if kind == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
        return COLOR_INDEX[colour.indexed][-6:]
    return None


def fill_rating(fill: object, theme: list[str]) -> str | None:
    """Red, Amber or Green for a cell's solid or patterned fill, or None."""
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    return ratings.rating_for_colour(colour_rgb(fill.fgColor, theme))


# --- styles of a workbook's cells ----------------------------------------------------


class CellStyles:
    """What each cell style means for a return (a rating fill, a percentage format), loaded on first use."""

    def __init__(self, data: bytes):
        self.data, self.meanings, self.sheet, self.xml = data, None, None, {}

    def _load(self) -> None:
        import warnings

        self.meanings = []
        with warnings.catch_warnings():  # openpyxl warns about extensions it skips: not the user's concern
            warnings.simplefilter("ignore")
            try:
                self.sheet = read_stylesheet(self.data)
                theme = theme_colours(self.sheet.theme)
                self.meanings = [(fill_rating(fill, theme), "%" in (fmt or "")) for fill, fmt in self.sheet.styles]
            except MemoryError:
                raise  # the child reports it as memory, not as a file without colours
            except Exception:  # a stylesheet we cannot read leaves every value as found
                return

    def of_column(self, sheet_name: str, letter: str) -> dict[int, tuple[str | None, bool]]:
        """{row: (rating of its fill, is a percentage)} for the styled cells of one column that matter."""
        if self.meanings is None:
            self._load()
        if not any(rating or percent for rating, percent in self.meanings) or sheet_name not in self.sheet.parts:
            return {}
        if sheet_name not in self.xml:
            self.xml = {sheet_name: self.sheet.read_part(sheet_name)}  # one sheet at a time
        meanings = self.meanings
        return {
            row: meanings[style]
            for row, style in _style_ids(self.xml[sheet_name], letter).items()
            if style < len(meanings) and (meanings[style][0] or meanings[style][1])
        }


def apply_styles(column: Column, values: list, typed: list, rows: list[int], column_styles) -> None:
    """A blank rating takes its fill's rating; a number shown as a percentage (0.05 as 5%) becomes 5."""
    styles = None
    for i, (value, out) in enumerate(zip(values, typed)):
        if column.kind == "rating":
            if out is not None or not normalise.is_blank(value):
                continue
        elif type(value) is not float and type(value) is not int:  # text such as "5%" is already per cent
            continue
        styles = column_styles() if styles is None else styles
        if not styles:
            return
        rating, percent = styles.get(rows[i], (None, False))
        if column.kind == "rating" and rating:
            typed[i] = rating
        elif column.kind != "rating" and percent and out is not None:
            typed[i] = out * 100


_STYLE_ID = re.compile(rb's="([0-9]+)"')


def _style_ids(xml: bytes, letter: str) -> dict[int, int]:
    """{row: style id} for the cells of one column, as Excel writes them (<c r="I5" s="3" ...>)."""
    found = {}
    for row, attributes in re.findall(rb'c r="' + letter.encode() + rb'([0-9]+)"([^>]*)>', xml):
        if style := _STYLE_ID.search(attributes):
            found[int(row)] = int(style[1])
    return found
