"""ui/frame/text.plain: what a user typed is shown as typed, never as Markdown."""

import pytest

from ui.frame.text import plain


@pytest.mark.parametrize(
    "typed, shown",
    [
        # "(" needs no escape once "[" has one; the word joiner (U+2060) stops the bare-URL autolink,
        # which a backslash cannot (tests/e2e/test_planted_text.py).
        ("**bold** [x](http://e.example)", "\\*\\*bold\\*\\* \\[x\\](http\u2060\\://e.example)"),
        ("# heading", "\\# heading"),
        ("- item\n1. one", "\\- item  \n1\\. one"),  # a backslash before a digit would be shown
        ("<b>tag</b> $x$ :red[alarm]", "\\<b\\>tag\\</b\\> \\$x\\$ \\:red\\[alarm\\]"),
        ("Plain words, 3.5% up", "Plain words, 3.5% up"),
        (None, ""),
    ],
)
def test_plain_escapes_markdown(typed, shown):
    assert plain(typed) == shown


def test_a_table_is_tall_enough_for_every_row():
    from ui.frame.components import table_height

    assert table_height(3) == 35 * 4 + 3 and table_height(3, row_px=72) == 35 + 72 * 3 + 3


def test_counts_are_singular_or_plural_never_s_in_brackets():
    from delivery.analysis.tables import counted

    assert [counted(n, "stocktake action") for n in (0, 1, 2, 1200)] == [
        "0 stocktake actions",
        "1 stocktake action",
        "2 stocktake actions",
        "1,200 stocktake actions",
    ]
    assert counted(3, "body", "bodies") == "3 bodies" and counted(1, "body", "bodies") == "1 body"


def test_money_has_a_real_minus_before_the_pound_sign():
    from delivery.analysis.tables import money_text

    assert [money_text(v) for v in (-162_000_000, 1_350_000_000, 0, None, float("nan"))] == [
        "−£162.0m",
        "£1,350.0m",
        "£0.0m",
        "",
        "",
    ]
