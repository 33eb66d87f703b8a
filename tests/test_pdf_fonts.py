"""Issue 18, item 11: the PDF brief prints the text returns hold (Chinese, Arabic shaped right to left,
emoji in colour) with Debian's Noto fonts, or refuses, naming the priority and field, when a character
has no glyph in any installed font; a machine without Noto (or any font file) degrades the same way."""

import copy
import re
from collections import defaultdict

import pikepdf
import pytest
from pypdf import PdfReader

from delivery import cli
from delivery.briefs import content, fonts, make, printable, text
from delivery.briefs.pdf import write_pdf
from delivery.errors import Unprintable
from tests.conftest import run_app, texts
from tests.store_builder import build_store, sample_returns
from ui.frame.text import plain

CHINESE, ARABIC, ROCKET = "\u6559\u80b2\u6539\u9769", "\u0627\u0644\u062a\u0639\u0644\u064a\u0645", "\U0001f680"
NO_GLYPH = "\U0010fffd"  # the last private-use code point: no font has it
REFUSED = (
    "The PDF brief cannot be made: the title of priority EDU-01 holds a character that no font on this "
    "server can print (U+10FFFD). Correct it in the return, or download the brief as Word, PowerPoint slides "
    "or an Excel pack, which keep the text as typed."
)


def _returns():
    returns = copy.deepcopy(sample_returns())
    returns[0].tables["Priorities"][0]["commentary"] = "On track"
    dhsc, dfe = returns[3], returns[4]  # the latest returns
    dhsc.tables["Priorities"][0].update(title=f"{CHINESE} reform {ROCKET}", commentary=f"{ARABIC} \u062c\u064a\u062f")
    dhsc.tables["Milestones"][2]["title"] = "Diagnostic centres open \u2605"  # M3, a black star
    # The risk the section lists (rewritten commentary is counted in the brief, not quoted)
    next(r for r in dhsc.tables["Risks"] if r["risk_id"] == "R2")["description"] = f"{ARABIC} \u062c\u064a\u062f"
    dfe.tables["Priorities"][0].update(title=f"Raise reading {NO_GLYPH} at age 11")
    return returns


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("fonts"), _returns())


def _brief(store, department=None, priority_id=None):
    con = store.connect_read()
    try:
        data = content.gather(content.asker(con), content.Scope(department, priority_id))
    finally:
        con.close()
    return data, text.make_brief(data)


def _read(path) -> tuple[str, set[str]]:
    """The PDF's text as pypdf extracts it, and the names of its fonts."""
    reader = PdfReader(str(path))
    words = " ".join(page.extract_text() or "" for page in reader.pages)
    names = {
        str(f.get_object().get("/BaseFont", f.get_object()["/Subtype"])).split("+")[-1].lstrip("/")
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    return words, names


def _glyphs_of(path, font_name) -> dict[str, set[int]]:
    """Each character a font draws (its /ToUnicode map) with the glyphs drawn for it: shaped Arabic draws a
    letter with a different glyph where it joins on one side, on both or on none."""
    glyphs = defaultdict(set)
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                if str(font.BaseFont).endswith("+" + font_name):
                    cmap = font.ToUnicode.read_bytes().decode()
                    for glyph, code in re.findall(r"<([0-9a-f]{4})> <([0-9a-f]{4,})>", cmap, re.I):
                        glyphs[chr(int(code, 16))].add(int(glyph, 16))
    return glyphs


def test_chinese_arabic_and_emoji_are_printed_with_noto_and_read_back(store, tmp_path):
    data, brief = _brief(store, "DHSC")
    out = make.write(data, brief, "pdf", tmp_path / "b.pdf", protective_marking="OFFICIAL")
    words, names = _read(out)
    assert f"HEA-01: {CHINESE} reform {ROCKET}" in words
    # Arabic reads back in reading order (pypdf puts the comma after it on the wrong side: its own bidi)
    assert f"Risk: {ARABIC} \u062c\u064a\u062f ,likelihood" in words
    # ... and is shaped: lam (U+0644) starts a join in التعليم and is inside one later, so two glyphs draw it;
    # yeh (U+064A) is medial in both words, so one does. Unshaped, each letter would have one glyph.
    glyphs = _glyphs_of(out, "Noto-Sans-Arabic")
    assert len(glyphs["\u0644"]) == 2 and len(glyphs["\u064a"]) == 1
    assert "Diagnostic centres open \u2605: forecast moved" in words
    # The title is printed in bold (its heading) and regular (the table, the lists), so both CJK styles are
    # embedded, in their Simplified Chinese forms; the rocket is drawn from Noto Color Emoji's bitmaps.
    assert names == {
        "Noto-Sans",
        "Noto-Sans-Bold",
        "Noto-Sans-CJK-SC",
        "Noto-Sans-CJK-SC-Bold",
        "Noto-Sans-Arabic",
        "Noto-Sans-Symbols2",
        "Noto-Color-Emoji",
        "Noto-Color-Emoji-Bold",
    }


def test_a_latin_brief_embeds_noto_sans_alone(store, tmp_path):
    data, brief = _brief(store, priority_id="HO-01")
    _, names = _read(make.write(data, brief, "pdf", tmp_path / "b.pdf", protective_marking="OFFICIAL"))
    assert names == {"Noto-Sans", "Noto-Sans-Bold"}


def test_a_character_no_font_has_refuses_the_pdf_naming_the_priority_and_field(store, tmp_path):
    data, brief = _brief(store, "DfE")
    with pytest.raises(Unprintable) as refused:
        make.write(data, brief, "pdf", tmp_path / "b.pdf", protective_marking="OFFICIAL")
    assert str(refused.value) == REFUSED
    assert not (tmp_path / "b.pdf").exists()


def test_the_command_line_says_so_in_one_sentence_and_writes_nothing(store, tmp_path, capsys):
    out = tmp_path / "b.pdf"
    assert cli.main(["brief", "--db", str(store.root), "--department", "DfE", "--format", "pdf", str(out)]) == 1
    assert capsys.readouterr().err == f"Error: {REFUSED}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["pptx", "xlsx"])
def test_the_slides_and_the_pack_keep_that_character(store, tmp_path, fmt):
    data, brief = _brief(store, "DfE")
    assert make.write(data, brief, fmt, tmp_path / f"b.{fmt}", protective_marking="OFFICIAL").stat().st_size > 0


def test_without_noto_chinese_is_refused_by_name(store, tmp_path):
    data, brief = _brief(store, "DHSC")
    dejavu_only = fonts.installed(noto=tmp_path / "no-noto", noto_cjk=tmp_path / "no-noto")
    with pytest.raises(
        Unprintable,
        match=r"^The PDF brief cannot be made: the title of priority HEA-01 holds a "
        r"character that no font on this server can print \(U\+6559 CJK UNIFIED IDEOGRAPH-6559\)\. ",
    ):
        write_pdf(data, brief, tmp_path / "b.pdf", "OFFICIAL", installed=dejavu_only)


def test_without_any_font_file_a_latin_brief_prints_in_the_systems_sans_serif(store, tmp_path):
    none = fonts.installed(dejavu=tmp_path / "none", noto=tmp_path / "none", noto_cjk=tmp_path / "none")
    data, brief = _brief(store, priority_id="HO-01")
    plan = printable.check(data, brief, "OFFICIAL", none)
    assert plan.body is None and fonts.css_families(plan) == ["sans-serif"]
    words, _ = _read(write_pdf(data, brief, tmp_path / "b.pdf", "OFFICIAL", installed=none))
    assert "What is the problem? The return does not say" in words
    data, brief = _brief(store, "DHSC")
    with pytest.raises(Unprintable, match="the title of priority HEA-01 holds a character that no font"):
        write_pdf(data, brief, tmp_path / "c.pdf", "OFFICIAL", installed=none)


def test_the_refusal_names_a_milestone_and_the_list_of_a_brief_level_line(store):
    data, brief = _brief(store, "DHSC")
    assert printable.source_of(data, "\u0627", "HEA-01") == "the commentary of priority HEA-01"
    assert printable.source_of(data, ROCKET, None) == "the title of priority HEA-01"
    assert printable.source_of(data, "\u2605", "HEA-01") == "the title of milestone M3 of priority HEA-01"
    assert printable.source_of(data, "\u2603", None) is None


def test_invisible_characters_need_no_glyph_and_control_characters_are_left_out():
    plan = fonts.plan("a\u200bb\u2764\ufe0fc\x07d\U000e0001")  # zero-width space, emoji selector, language tag
    assert plan.missing == [] and plan.dropped == {"\ufe0f", "\U000e0001"}
    assert "x\x07y\tz\ufe0f\u200b\U000e0001!".translate(plan.unprintable()) == "xy z\u200b!"


def test_the_brief_page_offers_no_pdf_it_cannot_print_and_says_why(store, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    at = run_app("brief", department="DfE")
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == [
        "Download the brief to edit (Word)",
        "Download the stocktake slides (PowerPoint)",
        "Download the tables (Excel pack)",
    ]
    assert plain(REFUSED) in texts(at)
    at = run_app("brief", department="DHSC")
    assert not at.exception and len(at.get("download_button")) == 4


def test_a_damaged_font_file_is_passed_over(tmp_path):
    damaged, other = tmp_path / "damaged-body", tmp_path / "damaged-arabic"
    damaged.mkdir(), other.mkdir()
    (damaged / "NotoSans-Regular.ttf").write_bytes(b"not a font")
    assert fonts.installed(noto=damaged, noto_cjk=damaged)[0].family == "DejaVuSans"  # the next body font
    (other / "NotoSans-Regular.ttf").symlink_to(fonts.NOTO / "NotoSans-Regular.ttf")
    (other / "NotoSansArabic-Regular.ttf").write_bytes(b"\x00\x01\x00\x00 nor this")
    installed = fonts.installed(noto=other, noto_cjk=other)
    assert fonts.plan(ARABIC, fonts=installed).face_of[ARABIC[0]].family == "DejaVuSans"
