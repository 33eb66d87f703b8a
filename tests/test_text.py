"""ui.text.plain: whatever someone typed, Markdown shows those characters and nothing else."""
import math

import pytest

from ui.text import plain, plain_lines


@pytest.mark.parametrize("typed, escaped", [
    ("[click](http://evil)", r"\[click\](http\://evil)"),
    ("![x](http://evil/x.png)", r"!\[x\](http\://evil/x.png)"),
    ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert(1)\>"),
    ("**bold** _it_ `code` ~~gone~~", r"\*\*bold\*\* \_it\_ \`code\` \~\~gone\~\~"),
    ("Your session expired: sign in again at https://evil.example/login",
     r"Your session expired\: sign in again at https\://evil.example/login"),
    ("www.evil.example", r"www\.evil.example"),
    ("ana@x.gov", r"ana\@x.gov"),
    ("$x^2$ :red[alarm] :material/warning: &lt;", r"\$x^2\$ \:red\[alarm\] \:material/warning\: \&lt;"),
    ("| a | b |", r"\| a \| b \|"),
    ("C:\\temp", r"C\:\\temp"),
    ("{braces}", r"\{braces\}"),
])
def test_markdown_and_html_are_escaped(typed, escaped):
    assert plain(typed) == escaped


@pytest.mark.parametrize("typed", ["HEA-01", "Cut hospital waiting times", "31.5% of 2,000", "Amber/Green",
                                   "It's \"fine\"? Yes; 100%", "2026-06-30"])
def test_ordinary_text_is_left_as_it_is(typed):
    assert plain(typed) == typed


def test_a_line_cannot_start_a_block():
    assert plain("intro\n# Heading\n- item\n+ item\n  1. one\n2) two\n> quote\n===\n---") == (
        "intro  \n\\# Heading  \n\\- item  \n\\+ item  \n  1\\. one  \n2\\) two  \n\\> quote  \n\\===  \n\\---")


def test_blanks_are_empty_and_other_values_are_their_text():
    assert [plain(None), plain(math.nan), plain(""), plain(42), plain(-1.5)] == ["", "", "", "42", "-1.5"]


def test_windows_line_ends():
    assert plain("a\r\nb\rc") == "a  \nb  \nc"


def test_plain_lines_prefixes_every_line():
    assert plain_lines("first\n[x](http://y)", "> ") == "> first\n> \\[x\\](http\\://y)"
