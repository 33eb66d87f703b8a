"""The README is a front door and the docs hold together: links lead somewhere, no issue numbers.

Every relative link (and image) in README.md, SECURITY.md and docs/*.md must name a file that
exists and, with a #fragment, a heading in it (GitHub's anchors); the README stays short; no
doc sends a reader to an issue number ("issue 12", "#12") instead of saying what it means.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "SECURITY.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 230
IMAGE_MAX_BYTES = 300_000
LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
ISSUE = re.compile(r"\bissues?\s+#?\d+|(?<![\w&/])#\d+\b", re.IGNORECASE)


def outside_code_blocks(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of every line of ``path`` outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def prose(path: Path) -> list[tuple[int, str]]:
    """The lines outside fenced code blocks, with inline code taken out."""
    return [(number, re.sub(r"`[^`]*`", "", line)) for number, line in outside_code_blocks(path)]


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file (none for any other file)."""
    seen: dict[str, int] = {}
    for _, line in outside_code_blocks(path) if path.suffix == ".md" else []:
        heading = re.match(r"#{1,6}\s+(.*)", line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-")
            seen[slug] = seen.get(slug, -1) + 1
            if seen[slug]:
                seen[f"{slug}-{seen[slug]}"] = 0
    return set(seen)


def relative_links(path: Path) -> list[tuple[int, bool, str, str]]:
    """(line, is an image, text, target) of every link in ``path`` to a file of this repository.

    A link's text may run over two lines, as wrapped prose does."""
    lines = dict(prose(path))
    text = "\n".join(lines.get(n, "") for n in range(1, max(lines, default=0) + 1))
    return [
        (text.count("\n", 0, m.start()) + 1, m.group(1) == "!", " ".join(m.group(2).split()), m.group(3))
        for m in LINK.finditer(text)
        if not re.match(r"[a-z]+:", m.group(3))
    ]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(doc):
    broken = []
    for number, _, _, target in relative_links(doc):
        file, _, fragment = target.partition("#")
        where = (doc.parent / file).resolve() if file else doc
        if not where.exists() or (fragment and fragment not in anchors(where)):
            broken.append(f"{doc.relative_to(ROOT)}:{number}: {target}")
    assert broken == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_doc_cites_an_issue_number(doc):
    cited = [
        f"{doc.relative_to(ROOT)}:{number}: {m.group(0)}" for number, line in prose(doc) for m in ISSUE.finditer(line)
    ]
    assert cited == []


def test_the_readme_is_a_front_door_of_at_most_230_lines():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES


def test_the_readme_links_every_docs_page():
    linked = {(ROOT / target.partition("#")[0]).resolve() for _, _, _, target in relative_links(ROOT / "README.md")}
    assert sorted(p.name for p in (ROOT / "docs").glob("*.md") if p.resolve() not in linked) == []


def test_every_image_says_what_it_shows_and_is_small():
    images = [
        (doc, text, (doc.parent / target).resolve())
        for doc in DOCS
        for _, is_image, text, target in relative_links(doc)
        if is_image
    ]
    assert images, "the README shows at least one screenshot"
    assert [str(path) for _, text, path in images if len(text.split()) < 5] == []
    assert [str(path) for _, _, path in images if path.stat().st_size > IMAGE_MAX_BYTES] == []


def test_the_issue_check_finds_what_it_should():
    assert [m.group(0) for m in ISSUE.finditer("after issue 12 and #14, see Issues #3; colour &#160; a/b#2")] == [
        "issue 12",
        "#14",
        "Issues #3",
    ]
