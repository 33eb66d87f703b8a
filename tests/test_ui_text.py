"""ui/text.plain: what a user typed is shown as typed, never as Markdown."""
import pytest

from ui.text import plain


@pytest.mark.parametrize("typed, shown", [
    ("**bold** [x](http://e.example)", "\\*\\*bold\\*\\* \\[x\\]\\(http\\://e.example\\)"),
    ("# heading", "\\# heading"),
    ("- item\n1. one", "\\- item  \n\\1. one"),
    ("<b>tag</b> $x$ :red[alarm]", "\\<b\\>tag\\</b\\> \\$x\\$ \\:red\\[alarm\\]"),
    ("Plain words, 3.5% up", "Plain words, 3.5% up"),
    (None, ""),
])
def test_plain_escapes_markdown(typed, shown):
    assert plain(typed) == shown
