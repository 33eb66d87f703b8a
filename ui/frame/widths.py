"""Tables that fit the page: column widths from their words, long text wrapped, every row shown.

st.dataframe sizes a column to its longest cell (up to 500 px) and shows ten rows, so on a
1400 px window a table of nine columns ran past the right edge ("Overdu", "Mitig" were all a
reader saw of two headers) and a table of twelve rows hid its last two. ``fitted`` gives each
column a width from its header and its words, lets the columns named to wrap share what is
left of TABLE_PX, makes the rows tall enough for the longest wrapped text, and the table tall
enough for every row (up to 20: a longer table scrolls, so the page stays short enough to read
on). The widths are estimates from the grid font's character widths: the browser test
(tests/e2e/test_screens.py) measures the real headers against them.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

import pandas as pd

from ui.frame.components import ROW_PX, fmt_date, table_height

TABLE_PX = 930  # st.dataframe's inner width in a 1400 px window with the sidebar open (938 px, less borders)
# Pixels of each character in the grid's 14 px Source Sans (headers and cells alike), rounded up to its
# group's widest: measured in Chromium with canvas measureText, the way the grid draws. Others: OTHER_PX.
CHAR_PX = {
    **dict.fromkeys(" ", 2.8),
    **dict.fromkeys("i|',.:;j·lI", 3.7),
    **dict.fromkeys("!f()[]{}-", 4.3),
    **dict.fromkeys("t/\\r", 4.9),
    **dict.fromkeys('*s"?z', 6.0),
    **dict.fromkeys("xcvy", 6.5),
    **dict.fromkeys("JY–LFek0123456789#$+<=>^_~£ag", 7.1),
    **dict.fromkeys("VXESTZA`hounbdpq", 7.8),
    **dict.fromkeys("PCRKBDG&", 8.6),
    **dict.fromkeys("→UHNOQ", 9.3),
    **dict.fromkeys("wMW%m@", 11.9),
    "…": 13.3,
}
OTHER_PX = 8.0
PAD_PX = 20  # a cell's padding (8 px each side) and a little room
MOST_PX = 500  # Streamlit's widest automatic column
WRAP_MIN_PX = 110  # a wrapped column is never squeezed narrower than this
LINE_PX = 20  # one wrapped line of a row


def _cell(v) -> str:
    """A value as the table writes it: dates as '30 Sep 2026' (date_columns), a blank for none."""
    if v is None or (not isinstance(v, (str, list, tuple)) and pd.isna(v)):
        return ""
    return fmt_date(v) if isinstance(v, (dt.date, pd.Timestamp)) else str(v)


def _cells(values) -> list[str]:
    return [_cell(v) for v in values]


@functools.lru_cache(maxsize=1 << 16)
def text_px(text: str) -> float:
    """About how many pixels ``text`` takes in the grid's font (never fewer). Cached: a table of 1,000 rows
    measures the same words and cells again and again (a third of the Data quality page's cold run)."""
    return sum(CHAR_PX.get(c, OTHER_PX) for c in text)


def header_px(name: str) -> int:
    """Pixels for a column's header to show in full (headers never wrap)."""
    return math.ceil(text_px(name)) + PAD_PX


def natural_px(name: str, values, shown=None) -> int:
    """The width Streamlit gives a column: its header or its longest cell (as ``shown`` writes it), up to 500 px."""
    cells = [shown(v) for v in values] if shown else _cells(values)
    longest = max((text_px(c) for c in cells), default=0)
    return min(MOST_PX, max(header_px(name), math.ceil(longest) + PAD_PX))


def _lines(text: str, room: float) -> int:
    """Lines ``text`` takes wrapped at spaces into ``room`` pixels (a word wider than the room takes a line)."""
    lines, used = 1, 0.0
    for word in text.split():
        width = text_px(word)
        if used and used + CHAR_PX[" "] + width > room:
            lines, used = lines + 1, width
        else:
            used += (CHAR_PX[" "] if used else 0) + width
    return lines


def lines_px(values, width: int) -> int:
    """How many lines the longest of ``values`` takes, wrapped at words in a column ``width`` pixels wide."""
    return max((_lines(text, width - PAD_PX) for text in _cells(values)), default=1)


def fitted(
    frame: pd.DataFrame,
    wrap: tuple[str, ...] = (),
    column_config: dict | None = None,
    most_rows: int = 20,
    shown: dict | None = None,
    columns: list[str] | None = None,
    room_px: int = TABLE_PX,
) -> dict:
    """``st.dataframe`` arguments (column_config, row_height, height) that fit ``frame`` to TABLE_PX.

    Every column gets the width its header and words need; the columns in ``wrap`` share what is
    left (never less than WRAP_MIN_PX or their header, so a table of too many columns still scrolls
    sideways), and rows grow to the lines the longest wrapped text needs. ``column_config`` entries
    keep their type and options and get a width;
    ``shown`` ({column: function}) says how a column's values are written (dates as '30 Sep 2026');
    ``columns`` are the columns drawn, in order (default: all of ``frame``'s); ``room_px`` is the width
    to fit (less for a table with a selection column).
    """
    config = dict(column_config or {})
    names = [c for c in (columns or list(frame.columns)) if c in frame.columns]
    widths = {}
    for name in names:
        given = config.get(name)
        label = given.get("label") if isinstance(given, dict) and given.get("label") else name
        fixed = given.get("width") if isinstance(given, dict) and isinstance(given.get("width"), int) else None
        widths[name] = fixed or natural_px(label, frame[name], (shown or {}).get(name))
    # The narrowest first: each takes what it needs up to an equal share of what is left, so a column of
    # short words leaves its share to the long ones.
    wrapped = sorted((c for c in wrap if c in widths), key=widths.get)
    room = room_px - sum(w for c, w in widths.items() if c not in wrapped)
    lines = 1
    for i, name in enumerate(wrapped):
        share = int(room / (len(wrapped) - i))
        widths[name] = min(widths[name], max(share, WRAP_MIN_PX, header_px(name)))
        room -= widths[name]
        lines = max(lines, lines_px(frame[name], widths[name]))
    for name, width in widths.items():
        given = config.get(name)
        config[name] = {**given, "width": width} if isinstance(given, dict) else {"width": width}
    row_px = None if lines <= 1 else max(66, 12 + LINE_PX * lines)  # Streamlit wraps only rows over 64 px
    return {
        "column_config": config,
        "row_height": row_px,
        "height": table_height(len(frame), most_rows, row_px or ROW_PX),
    }
