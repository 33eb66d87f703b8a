"""The stocktake slides: a title placeholder with text on every slide, no body text under 14 pt, speaker
notes on every slide, no text box holding more than fits it (long lists continue on the next slide), native
charts with target and tolerance on a y-axis that shows the movement, and labels in plain English."""

import dataclasses

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from delivery.briefs import content, fit, make, outline, slide_table, text
from delivery.briefs.fit import Para
from delivery.briefs.slide_chart import CHART_NS, value_range
from delivery.briefs.slides import FULL
from tests.store_builder import build_store, sample_returns

LONG = (
    "The regional delivery board has asked for a further review of the workforce plan before the next "
    "spending round, because the recruitment figures reported in the last three returns do not agree."
)


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("slides"), sample_returns(), use_loader=False)
    con = store.connect_read()
    try:
        data = content.gather(content.asker(con), content.Scope())
    finally:
        con.close()
    return data, text.make_brief(data)


def _deck(facts, tmp_path, brief=None):
    data, words = facts
    out = make.write(data, brief or words, "pptx", tmp_path / "b.pptx", protective_marking="OFFICIAL")
    return Presentation(str(out))


def _paras(shape):
    return [
        Para(p.text, p.runs[0].font.size.pt, bool(p.runs[0].font.bold)) for p in shape.text_frame.paragraphs if p.runs
    ]


def _check_every_slide(deck):
    """The rules every slide keeps: (titles, problems); problems is [] when all hold."""
    titles, problems = [], []
    for n, slide in enumerate(deck.slides, start=1):
        title = slide.shapes.title
        if (
            title is None
            or title.placeholder_format.type not in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
            or not title.text_frame.text.strip()
        ):
            problems.append((n, "no title"))
        titles.append(title.text_frame.text if title is not None else None)
        if not slide.has_notes_slide or not slide.notes_slide.notes_text_frame.text.strip():
            problems.append((n, "no notes"))
        for shape in (s for s in slide.shapes if s.has_text_frame):
            small = [
                r.text
                for p in shape.text_frame.paragraphs
                for r in p.runs
                if r.font.size is None or r.font.size.pt < 14
            ]
            problems += [(n, "under 14 pt", t) for t in small]
            if not fit.fits(_paras(shape), shape.width, shape.height):
                problems.append((n, "overflows", shape.text_frame.text[:60]))
    return titles, problems


def test_every_slide_has_a_title_notes_14_pt_text_and_nothing_overflowing(facts, tmp_path):
    titles, problems = _check_every_slide(_deck(facts, tmp_path))
    assert problems == []
    assert titles == [
        "Delivery brief: Whole government, as at 30 Jun 2026",
        "Headline",
        "Decisions needed",
        "Every priority, by concern",
        "Actions from the last stocktake",
        "What changed since 31 Mar 2026",
        "Small wins",
        "HO-01: Halve knife crime",  # by concern, as the one-page table
        "EDU-01: Raise reading at age 11",
        "EDU-01: Raise reading at age 11 (continued)",
        "HEA-02: Expand mental health support",
        "HEA-01: Cut hospital waiting times",
        "HEA-01: Cut hospital waiting times (continued)",  # the questions its data checks' flags raise
    ]


def test_a_priority_slide_says_its_lists_in_plain_english_and_its_notes_carry_the_detail(facts, tmp_path):
    deck = _deck(facts, tmp_path)
    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == "HEA-01: Cut hospital waiting times")
    boxes = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
    assert boxes[2:4] == ["Department: Amber/Green", "Centre: Not recorded"]
    assert boxes[4].split("\n") == [
        "Next milestones",
        "\u2022 500 staff recruited: due 31 May 2026, OVERDUE by 30 days",
        "\u2022 Diagnostic centres open: due 31 Dec 2026 (slipped 92 days from 30 Sep 2026)",
        "Top risks, issues and barriers",
        "\u2022 Barrier: Radiographer shortage needs pay flexibility, escalated to the centre, likelihood 4 impact 4",
        "\u2022 Risk: Winter pressures, likelihood 3 impact 3",
        "Open stocktake actions",
        "No open actions.",
        "Questions for the department (flagged by the data checks)",  # its own data do not bear out Amber/Green
        "\u2022 What is the problem? The data checks question the return: Rated Amber/Green, but 1 milestone is "
        "overdue (M2); 1 barrier is open and escalated (R1).",
    ]
    notes = slide.notes_slide.notes_text_frame.text
    assert notes.startswith(
        "Department's rating: Amber/Green (was Amber at 31 Mar 2026). Centre's rating: not recorded.\n\n"
        "Lead: Department of Health and Social Care. From DHSC's return as at 30 Jun 2026.\n\n"
        "Patients waiting over 18 weeks: 352,000 people for 30 Jun 2026 against 350,000 planned: on trajectory.\n\n"
        "The chart's y-axis runs from "
    )
    assert "Top risks, issues and barriers:\n- Barrier: Radiographer shortage" in notes
    words = [p.text for s in deck.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
    assert [w for w in words if "\u2013" in w] == []  # no "Risk – Issue:" labels


def test_the_chart_draws_target_and_tolerance_on_an_axis_that_shows_the_movement(facts, tmp_path):
    deck = _deck(facts, tmp_path)
    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == "EDU-01: Raise reading at age 11")
    (frame,) = [s for s in slide.shapes if s.has_chart]
    chart = frame.chart
    named = {s.name: list(s.values) for s in chart.plots[0].series}
    assert list(named) == ["Planned", "Plan +5%", "Plan \u22125%", "Actual", "Target (by 30 Jun 2028)"]
    plan = [v for v in named["Planned"] if v is not None]
    assert [round(v, 2) for v in named["Plan +5%"] if v is not None] == [round(v * 1.05, 2) for v in plan]
    assert set(named["Target (by 30 Jun 2028)"]) == {90.0}
    axis = chart.value_axis
    assert (axis.minimum_scale, axis.maximum_scale, axis.major_unit) == (65.0, 95.0, 5.0)
    base = chart.element.find(f"{CHART_NS}chart/{CHART_NS}plotArea/{CHART_NS}dateAx/{CHART_NS}baseTimeUnit")
    assert base.get("val") == "months"  # a slot a month: no month labelled twice
    assert (
        "The chart's y-axis runs from 65 to 95: the range of the plan, its tolerance band, the actuals and the "
        "target, with a tenth of that range added either side"
    ) in slide.notes_slide.notes_text_frame.text


@pytest.mark.parametrize(
    "values, axis",
    [
        ([70, 77, 90], (65, 95, 5)),  # not from zero: the movement shows
        ([340000, 352000, 350000], (335000, 355000, 5000)),
        ([0.5, 3, 12], (0, 15, 5)),  # near zero: from zero, never below it
        ([50, 50], (44, 56, 2)),  # one value: a tenth of it either side
        ([0, 0], (0, 1, 0.2)),
        ([-20, -5], (-25, 0, 5)),  # negative values (net income) keep their sign
    ],
)
def test_the_y_axis_rule(values, axis):
    assert value_range(values) == pytest.approx(axis)


def test_long_lists_continue_on_further_slides_and_a_long_title_is_shortened_to_fit(facts, tmp_path):
    data, words = facts
    (hea,) = [s for s in words.sections if s.priority_id == "HEA-01"]
    sec = dataclasses.replace(hea, title=LONG, milestones=[f"{n}. {LONG}" for n in range(1, 13)])
    brief = dataclasses.replace(
        words,
        changed=[f"{n}. {LONG}" for n in range(1, 61)],
        sections=[sec] + [s for s in words.sections if s.priority_id != "HEA-01"],
    )
    deck = _deck((data, brief), tmp_path, brief)
    titles, problems = _check_every_slide(deck)
    assert problems == []
    at = titles.index(words.changed_heading)  # after the headline, the decisions and the actions
    assert titles[at : at + 3] == [words.changed_heading] + [f"{words.changed_heading} (continued)"] * 2
    heads = [t for t in titles if t.startswith("HEA-01: The regional delivery board has asked for")]
    assert len(heads) == 3 and heads[0].endswith("\u2026")  # too long for two lines at 26 pt: shortened
    assert heads[1] == heads[2] and heads[1].endswith(" plan\u2026 (continued)")
    last = list(deck.slides)[at + 2].shapes[-1].text_frame.paragraphs[-1].text
    assert last.startswith("\u2026 and ") and last.endswith(" more lines: the speaker notes hold them all.")
    shown = sum(
        1
        for s in list(deck.slides)[at : at + 3]
        for p in s.shapes[-1].text_frame.paragraphs
        if p.text.startswith("\u2022")
    )
    assert last == f"\u2026 and {60 - shown} more lines: the speaker notes hold them all."
    notes = list(deck.slides)[at + 2].notes_slide.notes_text_frame.text
    assert notes.count(LONG) == 60  # every line is in the notes


def _tables(deck) -> list[tuple[str, object, list[list[str]]]]:
    """(title, table's shape, rows in words) of every slide holding a table."""
    return [
        (slide.shapes.title.text_frame.text, shape, [[c.text for c in row.cells] for row in shape.table.rows])
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
    ]


def _table_problems(shape) -> list:
    """Cells under 14 pt, cells whose text needs more than their row's height, a table past the slide's box."""
    table, problems = shape.table, []
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            runs = [run for p in cell.text_frame.paragraphs for run in p.runs]
            problems += [(r, c, "under 14 pt") for run in runs if run.font.size is None or run.font.size.pt < 14]
            paras = [Para(run.text, run.font.size.pt, bool(run.font.bold)) for run in runs]
            if not fit.fits(paras, table.columns[c].width, row.height):
                problems.append((r, c, "overflows", cell.text))
    box_left, box_top, box_width, box_height = FULL
    if shape.left + sum(col.width for col in table.columns) > box_left + box_width:
        problems.append("wider than the slide's box")
    if shape.top + sum(row.height for row in table.rows) > box_top + box_height:
        problems.append("lower than the slide's box")
    return problems


def test_the_table_by_concern_is_the_briefs_rows_in_order_14_pt_ratings_on_their_colours(facts, tmp_path):
    data, words = facts
    ((title, shape, rows),) = _tables(_deck(facts, tmp_path))
    assert title == "Every priority, by concern"
    assert rows == [list(outline.RATINGS_HEADER)] + [list(r) for r in outline.ratings_rows(words)]
    assert [r[0] for r in rows[1:]] == [
        "Halve knife crime (HO-01)",  # Red first: the order of the PDF's one-page table
        "Raise reading at age 11 (EDU-01)",
        "Expand mental health support (HEA-02)",
        "Cut hospital waiting times (HEA-01)",
    ]
    assert _table_problems(shape) == []
    looks = {
        shape.table.cell(r, 2).text: (str(shape.table.cell(r, 2).fill.fore_color.rgb), _ink(shape.table.cell(r, 2)))
        for r in range(1, 5)
    }
    assert looks == {
        "Red": ("C0392B", "FFFFFF"),
        "Amber/Red": ("E67E22", "000000"),
        "Amber": ("F1C40F", "000000"),
        "Amber/Green": ("9ACD32", "000000"),
    }
    slide = next(s for s in _deck(facts, tmp_path).slides if s.shapes.title.text_frame.text == title)
    notes = slide.notes_slide.notes_text_frame.text
    assert notes.startswith(
        words.concern_rule + "\n\n- Priority: Halve knife crime (HO-01); Dept: HO; Dept's rating: Red;"
    )


def _ink(cell) -> str:
    return str(cell.text_frame.paragraphs[0].runs[0].font.color.rgb)


def test_a_long_table_continues_on_further_slides_with_its_heading_row_and_every_row_in_order(facts, tmp_path):
    data, words = facts
    many = [dataclasses.replace(r, priority=f"{n}. {r.priority}") for n in range(1, 11) for r in words.table]
    deck = _deck((data, dataclasses.replace(words, table=many)), tmp_path, dataclasses.replace(words, table=many))
    tables = _tables(deck)
    assert [t for t, _, _ in tables] == ["Every priority, by concern"] + ["Every priority, by concern (continued)"] * (
        len(tables) - 1
    )
    assert len(tables) == len(slide_table.pages(outline.ratings_rows(dataclasses.replace(words, table=many)), FULL[3]))
    assert len(tables) > 1 and all(rows[0] == list(outline.RATINGS_HEADER) for _, _, rows in tables)
    assert [row[0] for _, _, rows in tables for row in rows[1:]] == [r.priority for r in many]
    assert [p for _, shape, _ in tables for p in _table_problems(shape)] == []
    assert _check_every_slide(deck)[1] == []


def test_the_fit_estimate():
    from pptx.util import Inches

    width = Inches(5.33)  # 383.8 pt less 14.4 of margins, at 14 pt * 0.55 a character: 47 a line
    assert fit.per_line(width, 14) == 47
    assert [fit.lines(t, width, 14) for t in ["", "a " * 200, "x" * 130, "word " * 9 + "\n" + "x"]] == [1, 9, 3, 2]
    assert fit.fits([Para("x" * 47, 14)] * 20, width, Inches(4.85))  # 20 lines: 343.2 pt of 349.2
    assert not fit.fits([Para("x" * 47, 14)] * 21, width, Inches(4.85))
    # 1" high: 3 lines of 14 pt; 9 words of "word" a line
    assert fit.shorten(Para("word " * 300, 14), width, Inches(1)).text == "word " * 26 + "word\u2026"


def test_a_charted_indicator_with_a_forecast_draws_it_dashed_purple_as_the_pages_do(demo_store_root, tmp_path):
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    from delivery import ROOT
    from delivery.briefs.print_chart import FORECAST
    from delivery.charts.forecast_layer import FORECAST_INK
    from delivery.store.versions import Store

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DELIVERY_CALENDAR", str(ROOT / "data" / "calendar.csv"))
        with Store(demo_store_root).connect_read() as con:
            data = make.read_brief_data(con, content.Scope())
    deck = _deck((data, text.make_brief(data)), tmp_path)
    drawn = [
        (s, next(x for x in sh.chart.plots[0].series if x.name == FORECAST))
        for s in deck.slides
        for sh in s.shapes
        if sh.has_chart and FORECAST in [x.name for x in sh.chart.plots[0].series]
    ]
    assert drawn, "no slide drew a forecast"
    for _, line in drawn:
        assert str(line.format.line.color.rgb) == FORECAST_INK.lstrip("#").upper()
        assert line.format.line.dash_style == MSO_LINE_DASH_STYLE.DASH
        assert any(v is not None for v in line.values)
