"""Text as the Office files we write hold it (the Word brief and the slides): what a return said, as typed,
less what would do harm there. One rule for both, as inert.py is one rule for every workbook cell.

- control characters are left out (a .docx or .pptx cannot hold them: lxml refuses them);
- the bidirectional embeddings, overrides and isolates are left out, as in the PDF (fonts.BIDI_CONTROLS):
  a right-to-left override typed in a return (U+202E) would reverse the brief's own words after it;
- in slides only, Office's "_xHHHH_" escape is itself escaped: PowerPoint reads "_x0007_" in a slide's text
  as the character it names, so a return's literal "_x0007_" would come back as a bell (the rule is
  ``inert.escaped_for_office``, which the marked-up workbook uses too).
"""

from __future__ import annotations

from delivery.briefs.fonts import BIDI_CONTROLS
from delivery.returns.inert import escaped_for_office, writable

_LEFT_OUT = {c: None for c in BIDI_CONTROLS}


def office_text(text) -> str:
    """``text`` as a Word document holds it: no control character, no bidirectional override."""
    return writable(str(text)).translate(_LEFT_OUT)


def slide_text(text) -> str:
    """``text`` as a slide holds it: ``office_text``, with Office's "_xHHHH_" escape escaped and a carriage
    return as a line feed (``inert.escaped_for_office``, as on the Problems sheet)."""
    return escaped_for_office(office_text(text))
