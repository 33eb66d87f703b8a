"""User text on screen: what a department or analyst typed is shown as typed, never as Markdown."""
from __future__ import annotations

import re

# Markdown and Streamlit's extras: emphasis, code, links, HTML, headings, tables, strike,
# LaTeX ($), emoji and icon shortcodes (:name:), and list or quote markers at a line's start.
_SPECIALS = re.compile(r"([\\`*_\[\]<>#|~$:{}()!])")
_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+[.)])", re.MULTILINE)


def plain(text) -> str:
    """``text`` escaped so st.markdown shows it exactly as typed ('' for blank)."""
    if text is None or (not isinstance(text, str) and text != text):
        return ""
    escaped = _SPECIALS.sub(r"\\\1", str(text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped).replace("\n", "  \n")
