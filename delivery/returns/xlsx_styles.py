"""How cells look in the workbooks ``xlsx_writer`` writes: a ``Style`` per cell, row or column,
and the stylesheet (``styles.xml``) that holds every style one workbook used.

A style is a small frozen value (bold, font colour, solid fill, wrapped text, number format,
quote prefix); each distinct one becomes one entry of the stylesheet, numbered in the order
the writer first meets it, so the same data gives the same bytes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import quoteattr

DATE_FORMAT = "dd mmm yyyy"  # 31 Mar 2027: no day/month ambiguity between UK and US readers
DATETIME_FORMAT = "dd mmm yyyy hh:mm"


@dataclass(frozen=True)
class Style:
    """How a cell looks; ``Style()`` is Excel's default. Colours are "RRGGBB"."""

    bold: bool = False
    colour: str | None = None  # the font's
    fill: str | None = None  # a solid background
    wrap: bool = False  # text wrapped, aligned to the top
    number_format: str | None = None  # e.g. "dd mmm yyyy", "0.0%", "#,##0"
    text: bool = False  # Excel's quote prefix: shown and edited as text, never run as a formula

    def over(self, base: Style) -> Style:
        """This style laid over ``base``: what this one sets wins, the rest comes from ``base``."""
        default = Style()
        return dataclasses.replace(
            base,
            **{
                f.name: getattr(self, f.name)
                for f in dataclasses.fields(self)
                if getattr(self, f.name) != getattr(default, f.name)
            },
        )


class Styled(NamedTuple):
    """A value with its own style (a rating on its colour), laid over its row's and column's."""

    value: object
    style: Style


BOLD, WRAP = Style(bold=True), Style(wrap=True)


class StyleSheet:
    """The styles one workbook uses, each given its number (``xf``) when first met."""

    def __init__(self):
        self.styles: dict[Style, int] = {Style(): 0}
        self._numbered: list[Style] = [Style()]
        self._derived: dict[tuple[int, str], int] = {}

    def xf(self, style: Style) -> int:
        """The number of ``style`` in this workbook's stylesheet."""
        if style not in self.styles:
            self.styles[style] = len(self._numbered)
            self._numbered.append(style)
        return self.styles[style]

    def style(self, xf: int) -> Style:
        """The style numbered ``xf``."""
        return self._numbered[xf]

    def derived(self, xf: int, kind: str) -> int:
        """``xf`` as a date ("date"), a date and time ("datetime") or quoted text ("text")."""
        key = (xf, kind)
        if key not in self._derived:
            base = self.style(xf)
            extra = {
                "date": {"number_format": base.number_format or DATE_FORMAT},
                "datetime": {"number_format": base.number_format or DATETIME_FORMAT},
                "text": {"text": True},
            }[kind]
            self._derived[key] = self.xf(dataclasses.replace(base, **extra))
        return self._derived[key]

    def xml(self) -> str:
        """``xl/styles.xml`` for every style met so far."""
        styles = list(self.styles)
        formats = list(dict.fromkeys(s.number_format for s in styles if s.number_format))
        fonts = list(dict.fromkeys((s.bold, s.colour) for s in styles))
        fills = list(dict.fromkeys(s.fill for s in styles if s.fill))
        xfs = "".join(_xf(s, formats, fonts, fills) for s in styles)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + (
                f'<numFmts count="{len(formats)}">'
                + "".join(f'<numFmt numFmtId="{164 + i}" formatCode={quoteattr(f)}/>' for i, f in enumerate(formats))
                + "</numFmts>"
                if formats
                else ""
            )
            + f'<fonts count="{len(fonts)}">'
            + "".join(_font(*f) for f in fonts)
            + "</fonts>"
            + f'<fills count="{len(fills) + 2}"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            + "".join(
                f'<fill><patternFill patternType="solid"><fgColor rgb="FF{f}"/><bgColor indexed="64"/>'
                "</patternFill></fill>"
                for f in fills
            )
            + "</fills>"
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(styles)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


def _font(bold: bool, colour: str | None) -> str:
    colour_xml = f'<color rgb="FF{colour}"/>' if colour else ""
    return f'<font>{"<b/>" if bold else ""}<sz val="11"/>{colour_xml}<name val="Calibri"/></font>'


def _xf(s: Style, formats: list, fonts: list, fills: list) -> str:
    number = 164 + formats.index(s.number_format) if s.number_format else 0
    font, fill = fonts.index((s.bold, s.colour)), fills.index(s.fill) + 2 if s.fill else 0
    attrs = f'numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
    attrs += ' applyNumberFormat="1"' if number else ""
    attrs += ' applyFont="1"' if font else ""
    attrs += ' applyFill="1"' if fill else ""
    attrs += ' quotePrefix="1"' if s.text else ""
    if s.wrap:
        return f'<xf {attrs} applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>'
    return f"<xf {attrs}/>"
