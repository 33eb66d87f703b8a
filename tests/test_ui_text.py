"""ui/text.plain: what a user typed is shown as typed, never as Markdown."""
import pytest

from ui.text import plain


@pytest.mark.parametrize("typed, shown", [
    # "(" needs no escape once "[" has one; the word joiner (U+2060) stops the bare-URL autolink,
    # which a backslash cannot (tests/e2e/test_planted_text.py).
    ("**bold** [x](http://e.example)", "\\*\\*bold\\*\\* \\[x\\](http\u2060\\://e.example)"),
    ("# heading", "\\# heading"),
    ("- item\n1. one", "\\- item  \n1\\. one"),  # a backslash before a digit would be shown
    ("<b>tag</b> $x$ :red[alarm]", "\\<b\\>tag\\</b\\> \\$x\\$ \\:red\\[alarm\\]"),
    ("Plain words, 3.5% up", "Plain words, 3.5% up"),
    (None, ""),
])
def test_plain_escapes_markdown(typed, shown):
    assert plain(typed) == shown
