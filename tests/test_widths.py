"""Tables sized to the page (ui/frame/widths.py): widths from words, long text wrapped, every row shown."""

import datetime as dt
import math

import pandas as pd

from ui.frame.widths import TABLE_PX, fitted, header_px, lines_px, text_px


def test_a_header_is_measured_in_the_grid_s_font():
    # Chromium's canvas measures 'Next milestone due' at 112.4 px and 'Outcome' at 53.7 px in 14 px Source Sans.
    assert 112.4 <= text_px("Next milestone due") <= 118
    assert 53.7 <= text_px("Outcome") <= 57
    assert header_px("Outcome") == 76  # its words, 16 px of padding and 4 px to spare


def test_columns_that_wrap_share_what_the_others_leave_and_rows_grow_to_fit():
    frame = pd.DataFrame(
        {
            "ID": ["DHSC-PR-01", "DHSC-PR-02"],
            "Description": ["Supply teachers not trained in the new phonics scheme " * 4, "Short"],
            "Due": [dt.date(2026, 9, 30), None],
            "Mitigation": ["Extra training days for every school in the region, paid centrally " * 3, ""],
        }
    )
    size = fitted(frame, wrap=("Description", "Mitigation"), column_config={"Due": {"label": "Due date"}})
    widths = {name: c["width"] for name, c in size["column_config"].items()}
    assert widths["ID"] >= text_px("DHSC-PR-01") + 16  # ten-character IDs in full
    assert widths["Due"] == math.ceil(text_px("30 Sep 2026")) + 20  # the date as written, not '2026-09-30'
    assert sum(widths.values()) <= TABLE_PX
    lines = max(lines_px(frame[c], widths[c]) for c in ("Description", "Mitigation"))
    assert lines > 1 and size["row_height"] == 12 + 20 * lines
    assert size["height"] == 35 + 2 * size["row_height"] + 3  # both rows, no scrolling
    assert size["column_config"]["Due"]["label"] == "Due date"  # the column's own settings are kept


def test_a_short_table_keeps_one_line_rows_and_shows_every_row_up_to_the_limit():
    frame = pd.DataFrame({"Priority": [f"P{i}" for i in range(12)]})
    assert (fitted(frame)["row_height"], fitted(frame)["height"]) == (None, 35 + 12 * 35 + 3)
    assert fitted(pd.concat([frame] * 5), most_rows=40)["height"] == 35 + 40 * 35 + 3
