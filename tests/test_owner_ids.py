"""Issue 18 item 6: priority IDs with invisible format characters are refused at their cell."""
from __future__ import annotations

import copy
import sys
import unicodedata

import pytest

from delivery.returns import normalise
from tests.test_hostile_values import problems_of
from tests.test_reader import TABLES, valid_return


@pytest.mark.parametrize("char, name", [
    ("\u061c", "U+061C ARABIC LETTER MARK"), ("\u2060", "U+2060 WORD JOINER"),
    ("\u2061", "U+2061 FUNCTION APPLICATION"), ("\u00ad", "U+00AD SOFT HYPHEN"),
    ("\u180e", "U+180E MONGOLIAN VOWEL SEPARATOR"), ("\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    ("\U000e0001", "U+E0001 LANGUAGE TAG"), ("\U000e007f", "U+E007F CANCEL TAG"),
])
def test_each_format_character_in_a_priority_id_is_refused_at_its_cell(tmp_path, char, name):
    tables = copy.deepcopy(TABLES)
    tables["priorities"].append(dict(tables["priorities"][0], priority_id=f"EDU-{char}01"))
    assert problems_of(valid_return(tmp_path / "r.xlsx", None, tables)) == [
        ("Priorities", "A3", f"EDU-{char}01", f"priority ID ('priority_id') contains invisible characters ({name}): "
                                              "type the id again without them.", "error")]


def test_every_format_character_is_refused_in_ids():
    """The id pattern covers Unicode category Cf as this Python knows it (and the whole tag block)."""
    missed = [f"U+{c:04X}" for c in range(sys.maxunicode + 1)
              if unicodedata.category(chr(c)) == "Cf" and not normalise.INVISIBLE_IN_ID.fullmatch(chr(c))]
    assert missed == []
    assert all(normalise.INVISIBLE_IN_ID.fullmatch(chr(c)) for c in range(0xE0000, 0xE0080))


def test_free_text_keeps_format_characters_other_than_the_invisible_ones():
    assert normalise.parse_text("Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f") \
        == "Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
