"""Text that people typed, shown exactly as typed: never as Markdown, HTML, a link or an image.

Streamlit renders Markdown (GitHub's flavour, plus maths, colours and icons) in
``st.markdown``, ``st.caption``, ``st.info``/``warning``/``error``/``success``, ``st.write``
of a string, headers, widget labels and help. A return's commentary, a file name or a URL
parameter put into any of them must go through ``plain()`` first, so that
``[Sign in again](http://evil.example)`` or ``![x](http://evil.example/x.png)`` shows those
characters instead of a live link, or a picture fetched from another host.

``plain()`` backslash-escapes every character that starts Markdown or HTML anywhere in a line,
the characters that start a block at the beginning of a line (lists, quotes, headings), and
the ways GitHub's Markdown turns bare text into a link (``http://``, ``www.``, an email
address), which it breaks with an invisible word joiner.
A backslash before ASCII punctuation is CommonMark's own escape: it is never shown.
Letters, digits, spaces and the punctuation that means nothing there (``. , - ' " ? % /``
in the middle of a line) are left alone, so "HEA-01" and "31.5%" read the same in the source.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

# Anywhere in a line: emphasis, code, links and images, raw HTML and entities, tables,
# strikethrough, maths ($), Streamlit's :colour[...] and :icon: directives, email autolinks (@).
ANYWHERE = set("\\`*_[]<>#|~$&:@{}")
_ANYWHERE = re.compile("[" + re.escape("".join(sorted(ANYWHERE))) + "]")
# At the start of a line (after spaces): a list bullet ("- ", "+ "), a setext underline or
# thematic break ("===", "---"), a numbered list ("1. ", "2) "). "-1.5" and "31.5%" are none.
_LINE_START = re.compile(r"^([ \t]*)([-+=])(?=[ \t]|$|[-=]+[ \t]*$)", re.M)
_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])(?=[ \t]|$)", re.M)
# GitHub's Markdown also links bare "http://…", "www.…" and "ana@x.gov", and it finds them
# after escapes are resolved, so a backslash cannot stop it. An invisible WORD JOINER
# (U+2060) after the scheme or "www", and before "@", breaks each pattern without changing
# what a reader sees.
WORD_JOINER = "\u2060"
_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp)(?=\\:)")
_WWW = re.compile(r"(?i)\b(www)(?=\.)")


def plain(value) -> str:
    """``value`` as text that any Streamlit Markdown element shows exactly as typed.

    None and missing values are ''. Line breaks are kept (as Markdown hard breaks), so
    a paragraph someone typed over several lines still reads over several lines.
    """
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _ANYWHERE.sub(lambda m: "\\" + m.group(0), text)
    text = _NUMBERED.sub(r"\1\\\2", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _SCHEME.sub(lambda m: m.group(1) + WORD_JOINER, text)
    text = _WWW.sub(lambda m: m.group(1) + WORD_JOINER, text)
    text = text.replace("\\@", WORD_JOINER + "\\@")
    return text.replace("\n", "  \n")


# An absolute path on the server: /srv/data/store/CURRENT, C:\data\store. Not "Amber/Red",
# "1/2" or a URL's path (each has a letter, digit or ':' before its first slash).
_PATH = re.compile(r"""(?<![\w.:/\\~])(?:/[^\s'"/]*[^\s'"/.,;:)])+/?|\b[A-Za-z]:\\(?:[^\s'"]*[^\s'".,;:)])?""")
HIDDEN_PATH = "(a path on the server)"


def hide_paths(text: str) -> str:
    """``text`` with every absolute file path replaced by '(a path on the server)'.

    Error messages name files to help whoever runs the server; the people using the
    pages need not know where the server keeps its data, and should not.
    """
    return _PATH.sub(HIDDEN_PATH, str(text))


def plain_lines(value, prefix: str = "") -> str:
    """``plain(value)`` with ``prefix`` (such as '> ' for a quote) before every line, each line kept a line."""
    return "  \n".join(prefix + line for line in plain(value).split("  \n"))


def text_table(frame: pd.DataFrame) -> None:
    """``frame`` as a plain HTML table (``st.table``): long text wraps, and a screen reader reads it whole.

    st.table renders Markdown in its cells, so every cell goes through ``plain()`` first.
    """
    st.table(frame.map(plain), hide_index=True)
