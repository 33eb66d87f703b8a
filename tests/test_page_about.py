"""The About this data page: the rating words, what every column means, the return's columns, and the
accessibility statement; and the check that no page shows a column the dictionary does not explain."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from delivery.analysis.dictionary import PAGE_COLUMNS
from delivery.reference import ratings, vocabulary
from delivery.returns.contract import ABOUT_FIELDS, SHEETS
from ui.frame.text import plain

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STATEMENT_HEADINGS = [  # GOV.UK's model statement, under the page's title
    "## Accessibility statement for the delivery dashboard",
    "### How accessible the dashboard is",
    "### Feedback and contact information",
    "### Reporting accessibility problems with the dashboard",
    "### Enforcement procedure",
    "### Technical information about the dashboard's accessibility",
    "#### Compliance status",
    "#### Non-accessible content",
    "### What we're doing to improve accessibility",
    "### Preparation of this accessibility statement",
]


@pytest.fixture(autouse=True)
def app_env(serve_sample, monkeypatch):
    monkeypatch.delenv("DELIVERY_LOCAL_MODE", raising=False)


def viewer(page: str = "pages/about.py", **params) -> AppTest:
    """The app signed out (a viewer), on ``page``."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-secret",
        "client_id": "test",
        "client_secret": "test",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
    }
    at.user = {"is_logged_in": False}
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


def shown_as_typed(rows: list[list[str]]) -> list[list[str]]:
    """The cells as st.table gets them: escaped, so that its Markdown shows them exactly as typed."""
    return [[plain(cell) for cell in row] for row in rows]


def test_a_viewer_finds_it_in_the_browse_menu_with_the_rating_scale(menus):
    at = viewer()
    assert not at.exception
    assert menus[-1]["Browse"][-1] == "About this data"
    assert [h.value for h in at.header] == ["Ratings", "What the columns mean", "What a return holds"]
    scale = at.table[0].value
    assert list(scale.columns) == ["Rating", "Score", "On the scales", "What it means"]
    assert scale.values.tolist() == shown_as_typed(
        [
            ["Red", "1", "three- and five-point", ratings.MEANINGS["Red"]],
            ["Amber/Red", "2", "five-point", ratings.MEANINGS["Amber/Red"]],
            ["Amber", "3", "three- and five-point", ratings.MEANINGS["Amber"]],
            ["Amber/Green", "4", "five-point", ratings.MEANINGS["Amber/Green"]],
            ["Green", "5", "three- and five-point", ratings.MEANINGS["Green"]],
            ["Complete", "", "both (not a rating of confidence)", ratings.MEANINGS["Complete"]],
            ["Not assessed", "", "both (not a rating of confidence)", ratings.MEANINGS["Not assessed"]],
        ]
    )
    assert scale.iloc[0, 3] == (
        "Successful delivery appears unachievable unless major problems are dealt with at once\\: "
        "it needs the centre's attention now."
    )


def test_the_other_rating_words_are_read_from_the_vocabulary_file(tmp_path, monkeypatch):
    words = tmp_path / "rating_vocabulary.csv"
    words.write_text(
        "word,rating,why\nOn track,Green,Going to plan.\n"
        "Paused **now**,Not assessed,See [the note](http://evil.example).\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(vocabulary, "RATING_VOCABULARY_CSV", words)
    table = viewer().table[1].value
    assert list(table.columns) == ["Word in a return", "Read as", "Why"]
    # st.table renders Markdown: what the file says is shown as typed, never as a link.
    assert table.values.tolist() == [
        ["On track", "Green", "Going to plan."],
        ["Paused \\*\\*now\\*\\*", "Not assessed", "See \\[the note\\](http\u2060\\://evil.example)."],
    ]


def test_every_column_of_the_return_is_explained_from_its_contract():
    at = viewer()
    held = at.table[2 + len(PAGE_COLUMNS) :]
    assert [len(t.value) for t in held] == [len(ABOUT_FIELDS)] + [len(s.columns) for s in SHEETS]
    priorities = held[1].value
    assert list(priorities.columns) == ["Column", "In plain words", "Must be filled", "Allowed values", "What it means"]
    assert priorities.iloc[[0, 10]].values.tolist() == shown_as_typed(
        [
            [
                "priority_id",
                "priority ID",
                "yes",
                "text",
                "A short, stable code for the priority, e.g. HEA-01. Never reuse or change it.",
            ],
            [
                "rag",
                "rating",
                "yes",
                "Red, Amber/Red, Amber, Amber/Green, Green, Complete, Not assessed (three-point returns: Red, Amber, "
                "Green), or a word of the rating vocabulary: No DCA, Reset, Exempt, N/A, Not rated, On track, Ahead, "
                "Delayed, Blocked, Unavailable",
                "Your department's delivery confidence rating.",
            ],
        ]
    )


def test_the_accessibility_statement_has_the_gov_uk_headings_and_says_wcag_2_2_aa():
    text = "\n".join(m.value for m in viewer().markdown)
    headings = [line for line in text.splitlines() if line.startswith("##")]
    assert headings == STATEMENT_HEADINGS
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2\nAA standard" in text
    assert "http" not in text  # nothing on the page is fetched or linked from outside


@pytest.mark.parametrize("title", list(PAGE_COLUMNS))
def test_every_column_a_page_shows_is_in_the_dictionary(title):
    page = {
        "Overview": "overview",
        "Priorities": "priorities",
        "Priority": "priority",
        "Milestones": "milestones",
        "Delivery chains": "chains",
        "Indicators": "indicators",
        "What changed": "changes",
        "Brief": "brief",
    }[title]
    at = viewer(f"pages/{page}.py", priority="HEA-01") if page == "priority" else viewer(f"pages/{page}.py")
    assert not at.exception
    shown = {c for frame in at.dataframe for c in frame.value.columns} - set(ratings.ALL_RATINGS)
    assert shown, f"{title} showed no table"
    assert sorted(shown - set(PAGE_COLUMNS[title])) == []


def test_a_copy_without_the_statement_says_so_plainly(tmp_path, monkeypatch):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    real = Path.read_text

    def read_text(path, *args, **kwargs):  # this copy has no docs/accessibility.md; every other file reads
        if path.name == "accessibility.md":
            raise FileNotFoundError(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    at.switch_page("pages/about.py").run()
    assert not at.exception
    assert [i.value for i in at.info] == [
        "The accessibility statement is missing from this copy of the dashboard: ask the delivery unit for it."
    ]
