"""The Excel pack read back with openpyxl as a private office opens it: plain-English headers, real dates,
percentages with one decimal, money, numbers stored as numbers, ratings as words on their colours, a filter
and a frozen header on every sheet, long text wrapped, and text a user typed that starts with "=" kept as
text."""

import datetime as dt

import openpyxl
import pytest

from delivery.auth import CENTRE_ANALYST, User
from delivery.briefs import content, make, pack, text
from delivery.store import judgements
from tests.store_builder import PERIOD_1, PERIOD_2, build_store, sample_returns

CARA = User("Cara", "cara@centre.gov", CENTRE_ANALYST)
DATE, PERCENT, VALUE, COUNT, MONEY = "dd mmm yyyy", "0.0%", "#,##0.0#", "#,##0", '"£"#,##0;-"£"#,##0'


@pytest.fixture(scope="module")
def wb(tmp_path_factory):
    root = tmp_path_factory.mktemp("pack")
    store = build_store(root, sample_returns(), use_loader=False)
    judgements.record_rating(store, CARA, "EDU-01", PERIOD_2, "Red", "=1+1")
    judgements.record_action(store, CARA, "HEA-01", PERIOD_1, "=SUM(A1:A9)", "HMT", dt.date(2026, 5, 15))
    con = store.connect_read()
    try:
        data = content.gather(content.asker(con), content.Scope())
        out = make.write(data, text.make_brief(data), "xlsx", root / "pack.xlsx", protective_marking="OFFICIAL")
    finally:
        con.close()
    return openpyxl.load_workbook(out)


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[2]]
    return [{h: c for h, c in zip(header, row)} for row in ws.iter_rows(min_row=3)]


def test_every_sheet_has_plain_headers_a_frozen_header_row_and_a_filter_over_its_table(wb):
    assert wb.sheetnames == list(pack.SHEETS)
    assert {ws.title: (ws.freeze_panes, ws.auto_filter.ref) for ws in wb} == {
        "Brief": ("A3", "A2:B20"),
        "By concern": ("A3", "A2:H6"),
        "Priorities": ("A3", "A2:P6"),
        "What changed": ("A3", "A2:G15"),
        "Milestones": ("A3", "A2:L7"),
        "Risks": ("A3", "A2:L6"),
        "Indicators": ("A3", "A2:M6"),
        "Actions": ("A3", "A2:J3"),
        "Returns": ("A3", "A2:F5"),
        "Budget": ("A3", "A2:I6"),
        "Out of the picture": ("A3", "A2:H2"),  # nothing left the picture: the headers alone, filtered
    }
    headers = {ws.title: [c.value for c in ws[2]] for ws in wb}
    assert [h for hs in headers.values() for h in hs if "_" in h] == []  # no code names
    assert headers["Priorities"] == [
        "Priority ID",
        "Priority",
        "Lead department",
        "Standing",
        "Department's rating",
        "Previous return",
        "Rating at previous return",
        "Movement",
        "Centre's rating",
        "Centre rated as at",
        "Centre's reason",
        "Centre rating by",
        "Target",
        "Target date",
        "Last return",
        "Department's commentary",
    ]
    assert headers["By concern"] == [
        "Priority",
        "Department",
        "Department's rating",
        "Centre's rating",
        "Movement",
        "Trajectory",
        "Next milestone",
        "Concern",
    ]
    assert headers["Indicators"][6:10] == [
        "Actual",
        "Planned",
        "Gap from plan (+ is better than plan)",
        "Difference from plan, in words",
    ]
    header = wb["Priorities"]["A2"]
    assert (header.font.b, header.fill.fgColor.rgb, header.alignment.wrap_text) == (True, "FFE7E6E6", True)


def test_the_table_by_concern_is_the_briefs_with_each_rating_its_word_on_its_colour(wb):
    rows = [[c.value for c in row] for row in wb["By concern"].iter_rows(min_row=3)]
    assert [r[:5] for r in rows] == [
        ["Halve knife crime (HO-01)", "HO", "Red", "Not recorded", "Not reported since 31 Mar 2026"],
        ["Raise reading at age 11 (EDU-01)", "DfE", "Amber/Red", "Red", "Worsened from Green"],
        ["Expand mental health support (HEA-02)", "DHSC", "Amber", "Not recorded", "New this period"],
        ["Cut hospital waiting times (HEA-01)", "DHSC", "Amber/Green", "Not recorded", "Improved from Amber"],
    ]
    looks = {
        c.value: (c.fill.fgColor.rgb, c.font.color.rgb if c.font.color else None, c.font.b)
        for row in wb["By concern"].iter_rows(min_row=3, min_col=3, max_col=4)
        for c in row
    }
    assert looks == {
        "Red": ("FFC0392B", "FFFFFFFF", True),
        "Amber/Red": ("FFE67E22", "FF000000", True),
        "Amber": ("FFF1C40F", "FF000000", True),
        "Amber/Green": ("FF9ACD32", "FF000000", True),
        "Not recorded": ("00000000", None, False),  # no rating: no colour, and the words say so
    }


def test_dates_are_dates_and_numbers_are_numbers_each_in_its_format(wb):
    hea = next(r for r in _rows(wb["Priorities"]) if r["Priority ID"].value == "HEA-01")
    assert (hea["Target date"].value, hea["Target date"].number_format) == (dt.datetime(2027, 12, 31), DATE)
    i3 = next(r for r in _rows(wb["Indicators"]) if r["Indicator ID"].value == "I3")
    gap = i3["Gap from plan (+ is better than plan)"]
    assert (round(gap.value, 4), gap.number_format) == (-0.0909, PERCENT)  # shown as -9.1%
    assert [(i3[k].value, i3[k].number_format) for k in ("Actual", "Planned", "Target")] == [
        (70, VALUE),
        (77, VALUE),
        (90, VALUE),
    ]
    r1 = next(r for r in _rows(wb["Risks"]) if r["Risk ID"].value == "R1")
    # read from the return as the words "4": stored as the number
    assert [(r1[k].value, r1[k].data_type, r1[k].number_format) for k in ("Likelihood (1-5)", "Impact (1-5)")] == [
        (4, "n", COUNT),
        (4, "n", COUNT),
    ]
    m2 = next(r for r in _rows(wb["Milestones"]) if r["Milestone ID"].value == "M2")
    assert [(m2[k].value, m2[k].number_format) for k in ("Slippage (days)", "Days overdue")] == [
        (30, COUNT),
        (30, COUNT),
    ]
    budget = [[c.value for c in row][:6] for row in wb["Budget"].iter_rows(min_row=3)]
    assert budget == [
        ["EDU-01", "2026-27", 40_000_000, 35_000_000, 10_000_000, -5_000_000],
        ["HEA-01", "2025-26", 100_000_000, 98_000_000, 97_000_000, -2_000_000],
        ["HEA-01", "2026-27", 120_000_000, 130_000_000, 30_000_000, 10_000_000],
        ["HO-01", "2026-27", 25_000_000, 25_000_000, 5_000_000, 0],
    ]
    assert {c.number_format for row in wb["Budget"].iter_rows(min_row=3, min_col=3, max_col=6) for c in row} == {MONEY}


def test_no_number_or_date_column_holds_text(wb):
    kinds = {"date", "percent", "value", "count", "money"}
    found = []
    for name, columns in {"By concern": pack.BY_CONCERN, **pack.TABLES}.items():
        for row in _rows(wb[name]):
            found += [(name, c.header, row[c.header].value) for c in columns if c.kind in kinds]
    assert found and [f for f in found if isinstance(f[2], str)] == []


def test_long_text_wraps_in_a_wide_column_and_short_codes_stay_narrow(wb):
    ws = wb["Priorities"]
    assert [ws.column_dimensions[c].width for c in "ABKP"] == [12, 18, 50, 50]
    assert (ws["M3"].alignment.wrap_text, ws["A3"].alignment.wrap_text) == (True, None)
    assert wb["Brief"].column_dimensions["B"].width == 100


def test_text_a_user_typed_that_starts_with_equals_stays_text(wb):
    edu = next(r for r in _rows(wb["Priorities"]) if r["Priority ID"].value == "EDU-01")
    assert (edu["Centre's reason"].value, edu["Centre's reason"].data_type) == ("'=1+1", "s")
    (action,) = _rows(wb["Actions"])
    assert [(c.value, c.data_type) for c in action.values()] == [
        (1, "n"),
        ("HEA-01", "s"),
        (dt.datetime(2026, 3, 31), "d"),
        ("'=SUM(A1:A9)", "s"),
        ("HMT", "s"),
        (dt.datetime(2026, 5, 15), "d"),
        ("open", "s"),
        (None, "n"),
        ("Yes", "s"),
        (46, "n"),
    ]
    assert [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"] == []


def test_the_brief_sheet_says_the_summary_in_the_words_of_every_format(wb):
    parts = [row[0].value for row in wb["Brief"].iter_rows(min_row=3)]
    assert list(dict.fromkeys(parts)) == [
        "Title",
        "As at",
        "Headline",
        "Decisions needed",
        "Actions from the last stocktake",
        "What changed since 31 Mar 2026",
        "Small wins",
    ]
    assert wb["Brief"]["B8"].value == (
        "Cut hospital waiting times (HEA-01): =SUM(A1:A9) (owner HMT; agreed 31 Mar 2026; due 15 May 2026): "
        "overdue by 46 days."
    )
