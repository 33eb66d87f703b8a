"""ui.frame.text.plain: whatever someone typed, Markdown shows those characters and nothing else.

GitHub's Markdown links bare URLs and addresses after escapes are resolved, so plain() puts
an invisible word joiner (WJ, U+2060) into "http://", "www." and "@" (tests/e2e/test_planted_text.py
shows that a browser then draws no link).
"""

import math

import pytest

from ui.frame.text import WORD_JOINER as WJ
from ui.frame.text import hide_paths, plain, plain_lines


@pytest.mark.parametrize(
    "typed, escaped",
    [
        ("[click](http://evil)", "\\[click\\](http" + WJ + "\\://evil)"),
        ("![x](http://evil/x.png)", "!\\[x\\](http" + WJ + "\\://evil/x.png)"),
        ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert(1)\>"),
        ("**bold** _it_ `code` ~~gone~~", r"\*\*bold\*\* \_it\_ \`code\` \~\~gone\~\~"),
        (
            "Your session expired: sign in again at https://evil.example/login",
            "Your session expired\\: sign in again at https" + WJ + "\\://evil.example/login",
        ),
        ("www.evil.example and WWW.x", "www" + WJ + ".evil.example and WWW" + WJ + ".x"),
        ("ana@x.gov", "ana" + WJ + "\\@x.gov"),
        ("mailto:ana", "mailto" + WJ + "\\:ana"),
        ("$x^2$ :red[alarm] :material/warning: &lt;", r"\$x^2\$ \:red\[alarm\] \:material/warning\: \&lt;"),
        ("| a | b |", r"\| a \| b \|"),
        ("C:\\temp", r"C\:\\temp"),
        ("{braces}", r"\{braces\}"),
    ],
)
def test_markdown_and_html_are_escaped(typed, escaped):
    assert plain(typed) == escaped


@pytest.mark.parametrize(
    "typed",
    ["HEA-01", "Cut hospital waiting times", "31.5% of 2,000", "Amber/Green", 'It\'s "fine"? Yes; 100%', "2026-06-30"],
)
def test_ordinary_text_is_left_as_it_is(typed):
    assert plain(typed) == typed


def test_a_line_cannot_start_a_block():
    assert plain("intro\n# Heading\n- item\n+ item\n  1. one\n2) two\n> quote\n===\n---") == (
        "intro  \n\\# Heading  \n\\- item  \n\\+ item  \n  1\\. one  \n2\\) two  \n\\> quote  \n\\===  \n\\---"
    )


def test_blanks_are_empty_and_other_values_are_their_text():
    assert [plain(None), plain(math.nan), plain(""), plain(42), plain(-1.5)] == ["", "", "", "42", "-1.5"]


def test_windows_line_ends():
    assert plain("a\r\nb\rc") == "a  \nb  \nc"


def test_plain_lines_prefixes_every_line():
    assert plain_lines("first\n[x](http://y)", "> ") == "> first  \n> \\[x\\](http" + WJ + "\\://y)"


@pytest.mark.parametrize(
    "text, shown",
    [
        ("The store at /srv/data/store is busy.", "The store at (a path on the server) is busy."),
        (
            "Error parsing secrets file at /home/ana/app/.streamlit/secrets.toml: line 2",
            "Error parsing secrets file at (a path on the server): line 2",
        ),
        ("the file C:\\data\\store\\CURRENT.", "the file (a path on the server)."),
        ("Amber/Red, 1/2, ./relative/path, http://x.gov/a/b", "Amber/Red, 1/2, ./relative/path, http://x.gov/a/b"),
    ],
)
def test_hide_paths(text, shown):
    assert hide_paths(text) == shown


def test_error_text_names_server_paths_to_admins_only(monkeypatch):
    import ui.frame.auth
    from delivery.auth import ADMIN, ANALYST, User

    error = OSError("The store at /srv/data/store cannot be opened.")
    monkeypatch.setattr(ui.frame.auth, "current_user", lambda: User("Ana", "ana@x.gov", ANALYST, ("DfE",)))
    assert ui.frame.auth.error_text(error) == "The store at (a path on the server) cannot be opened."
    monkeypatch.setattr(ui.frame.auth, "current_user", lambda: User("Ada", "ada@x.gov", ADMIN))
    assert ui.frame.auth.error_text(error) == "The store at /srv/data/store cannot be opened."
