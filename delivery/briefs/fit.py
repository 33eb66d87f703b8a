"""Whether text fits its box on a slide, estimated as a careful person checks a slide: characters per line
from the box's width and the font size, lines by wrapping the words, height from the lines. PowerPoint
does not say where it will wrap (that needs its fonts), so the estimate leans wide: a character is taken
as CHAR_EM of the font size (Calibri, the default theme's font, averages under 0.5 for English text; 0.6
in bold), and a line as LINE times the size. Text that does not fit is carried to the next box, or
shortened with "…" when one paragraph alone is too long for an empty box.
"""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_PT = 12700
CHAR_EM, BOLD_EM = 0.55, 0.6
LINE = 1.2
INSET_X, INSET_Y = 14.4, 7.2  # a text box's default margins, left+right and top+bottom, in points (0.1", 0.05")


@dataclass(frozen=True)
class Para:
    """One paragraph as a slide draws it: its text, size in points, and whether it is bold."""

    text: str
    size: float
    bold: bool = False


def per_line(width_emu: int, size: float, bold: bool = False) -> int:
    """How many characters a line of a box ``width_emu`` wide holds at ``size`` points."""
    usable = width_emu / EMU_PER_PT - INSET_X
    return max(1, int(usable / (size * (BOLD_EM if bold else CHAR_EM))))


def lines(text: str, width_emu: int, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes in a box ``width_emu`` wide, wrapping at spaces (a longer word is broken)."""
    most, total = per_line(width_emu, size, bold), 0
    for row in text.split("\n"):
        count, used = 1, 0
        for word in row.split(" "):
            for piece in [word[i : i + most] for i in range(0, len(word), most)] or [""]:
                need = len(piece) if used == 0 else used + 1 + len(piece)
                if need <= most:
                    used = need
                else:
                    count, used = count + 1, len(piece)
        total += count
    return total


def height(paras: list[Para], width_emu: int) -> float:
    """Points the paragraphs take in a box ``width_emu`` wide, with its top and bottom margins."""
    return INSET_Y + sum(lines(p.text, width_emu, p.size, p.bold) * p.size * LINE for p in paras)


def fits(paras: list[Para], width_emu: int, height_emu: int) -> bool:
    """True when the paragraphs fit a box of that size."""
    return height(paras, width_emu) <= height_emu / EMU_PER_PT


def shorten(para: Para, width_emu: int, height_emu: int, suffix: str = "") -> Para:
    """The paragraph cut at a word and ended with "…" (and ``suffix``) so that it fits the box alone."""
    words = para.text.split(" ")
    low, high = 0, len(words)
    while low < high:  # the most words that fit
        mid = (low + high + 1) // 2
        if fits([Para(" ".join(words[:mid]) + "\u2026" + suffix, para.size, para.bold)], width_emu, height_emu):
            low = mid
        else:
            high = mid - 1
    return Para(" ".join(words[:low]) + "\u2026" + suffix, para.size, para.bold)


def flow(paras: list[Para], sizes: list[tuple[int, int]]) -> list[list[Para]]:
    """The paragraphs packed in order into boxes of ``sizes`` (width, height): the first box of the first
    size, the next of the next, the last size for every box after. Each box is as full as it fits; a
    heading (bold) is never left last in a box with its lines in the next."""
    boxes: list[list[Para]] = [[]]

    def size() -> tuple[int, int]:
        return sizes[min(len(boxes), len(sizes)) - 1]

    for para in paras:
        if not fits(boxes[-1] + [para], *size()):
            carried = [boxes[-1].pop()] if len(boxes[-1]) > 1 and boxes[-1][-1].bold else []
            if boxes[-1] or carried:
                boxes.append(carried)
            if carried and not fits(carried + [para], *size()):
                boxes[-2].append(carried.pop())
            if not fits([para], *size()):
                para = shorten(para, *size())
        boxes[-1].append(para)
    return [box for box in boxes if box]


def cut(page: list[Para], last: Para, width_emu: int, height_emu: int) -> list[Para]:
    """``page`` with ``last`` added at its end, less as many of its own last paragraphs as it takes to fit."""
    while page and not fits(page + [last], width_emu, height_emu):
        page = page[:-1]
    return page + [last]
