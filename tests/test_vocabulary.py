"""The rating vocabulary (data/rating_vocabulary.csv): words real returns use, mapped to a
rating; the word as written kept in the store, shown beside the rating, and exported back."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from delivery.reference import vocabulary
from delivery.returns import normalise
from delivery.returns.reader import read_return
from delivery.store.export import export_return
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests.conftest import run_app, texts
from tests.test_cli import run, run_process
from tests.test_reader import TABLES, valid_return

TODAY = dt.date(2026, 5, 1)
WORDS = "No DCA, Reset, Exempt, N/A, Not rated, On track, Ahead, Delayed, Blocked, Unavailable"
UNKNOWN = (
    "rating ('rag') must be one of the ratings: Red, Amber/Red, Amber, Amber/Green, Green, Complete or Not assessed (or a red, "
    f"amber or green fill), or a word listed in data/rating_vocabulary.csv ({WORDS}); to use another word, "
    "add it to that file with the rating it means."
)


@pytest.mark.parametrize(
    "word, rating",
    [
        ("No DCA", "Not assessed"),
        ("Reset", "Not assessed"),
        ("Exempt", "Not assessed"),
        ("N/A", "Not assessed"),
        ("Not rated", "Not assessed"),
        ("Unavailable", "Not assessed"),
        ("On track", "Green"),
        ("Ahead", "Green"),
        ("Delayed", "Amber"),
        ("Blocked", "Red"),
        ("no dca", "Not assessed"),
        (" ON-TRACK ", "Green"),
        ("n/a", "Not assessed"),
    ],
)
def test_each_shipped_word_means_its_rating_and_is_kept_as_written(word, rating):
    assert normalise.parse_rating(word, "rag") == rating
    assert normalise.rating_as_written(word) == word.strip()


@pytest.mark.parametrize("spelling", ["A/G", "amber-green", "Red", "Complete", "Not assessed", 3.0, None, ""])
def test_the_scales_own_spellings_keep_no_word(spelling):
    assert normalise.rating_as_written(spelling) is None


def _tables(**rags):
    tables = copy.deepcopy(TABLES)
    tables["priorities"][0]["rag"] = rags.get("priority", "No DCA")
    tables["milestones"][1]["rag"] = rags.get("milestone", "on track")
    return tables


def test_the_word_as_written_is_stored_and_exported_back(tmp_path):
    store = Store(tmp_path / "store")
    path = valid_return(tmp_path / "words.xlsx", None, _tables())
    assert load_returns(store, [path], "ana", today=TODAY).ok
    with store.connect_read() as con:
        assert con.execute("SELECT rag, rag_as_written FROM priorities").fetchall() == [("Not assessed", "No DCA")]
        assert con.execute("SELECT milestone_id, rag, rag_as_written FROM milestones ORDER BY 1").fetchall() == [
            ("M1", "Complete", None),
            ("M2", "Green", "on track"),
        ]
    again = read_return(export_return(store, "DfE", out_path=tmp_path / "export.xlsx"))
    assert again.tables["priorities"][["rag", "rag_as_written"]].values.tolist() == [["Not assessed", "No DCA"]]
    assert again.tables["milestones"]["rag_as_written"].tolist() == [None, "on track"]


def test_an_unknown_word_is_an_error_naming_the_file_to_edit(tmp_path, no_store):
    done = run_process("validate", valid_return(tmp_path / "odd.xlsx", None, _tables(priority="Paused")))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        no_store,
        f"odd.xlsx: Priorities!K2: {UNKNOWN} (found 'Paused')",
        "1 problem to fix in odd.xlsx.",
    ]


def test_a_word_added_to_the_file_is_accepted(tmp_path, monkeypatch):
    words = tmp_path / "rating_vocabulary.csv"
    words.write_text(
        vocabulary.vocabulary_csv().read_text(encoding="utf-8") + 'Paused,Amber,"Work stopped for now, by choice."\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(vocabulary, "RATING_VOCABULARY_CSV", words)
    assert normalise.parse_rating("Paused", "rag") == "Amber"
    assert normalise.rating_as_written("paused") == "paused"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "word,rating,why\nPaused,Purple,\n",
            "Error: {words}: 'Paused' maps to 'Purple', which is not a rating; use one of Red, "
            "Amber/Red, Amber, Amber/Green, Green, Complete, Not assessed.\n",
        ),
        (
            "word,rating,why\nGreen,Red,\n",
            "Error: {words}: 'Green' is already the rating Green; it cannot mean another.\n",
        ),
        (
            "word,rating,why\nPaused,,\n",
            "Error: {words} line 2: give both a word and the rating it means.\n",
        ),
        (
            "term,meaning\nPaused,Amber\n",
            "Error: {words} must have the columns word, rating and why.\n",
        ),
    ],
)
def test_a_broken_vocabulary_file_is_one_plain_sentence(capsys, tmp_path, monkeypatch, text, message):
    words = tmp_path / "rating_vocabulary.csv"
    words.write_text(text, encoding="utf-8")
    monkeypatch.setattr(vocabulary, "RATING_VOCABULARY_CSV", words)
    path = valid_return(tmp_path / "words.xlsx", None, _tables(priority="Paused"))
    assert run(capsys, "validate", path) == (1, "", message.format(words=words))


@pytest.fixture
def serve_words(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    assert load_returns(store, [valid_return(tmp_path / "words.xlsx", None, _tables())], "ana", today=TODAY).ok
    monkeypatch.setenv("DELIVERY_DB", str(store.root))
    return store


def test_priority_page_shows_the_word_beside_the_rating(serve_words):
    at = run_app("priority", priority="EDU-01")
    assert not at.exception
    assert (
        "**Department's rating:** :gray-badge[Not assessed] (written as 'No DCA') · **Centre's rating:** not recorded · **Since 31 Dec 2025:** New this period · "
        "from DfE's return as at 31 Mar 2026"
    ) in texts(at)


def test_priorities_table_shows_the_word_beside_the_rating(serve_words):
    at = run_app("priorities")
    assert not at.exception
    table = at.dataframe[0].value
    assert table[["ID", "Rating", "Written as"]].values.tolist() == [["EDU-01", "Not assessed", "No DCA"]]


def test_rows_given_as_records_write_the_word_as_written_too(tmp_path):
    tables = copy.deepcopy(TABLES)
    tables["priorities"][0] |= {"rag": "Not assessed", "rag_as_written": "Exempt"}
    parsed = read_return(valid_return(tmp_path / "r.xlsx", None, tables))
    assert parsed.tables["priorities"][["rag", "rag_as_written"]].values.tolist() == [["Not assessed", "Exempt"]]


@pytest.mark.parametrize(
    "written, rating",
    [
        ("Exempt under Section 43 (commercial interests)", "Not assessed"),  # as real returns write it
        ("EXEMPT - s.43", "Not assessed"),
        ("exempt", "Not assessed"),
        ("on-track", "Green"),  # case, spaces and punctuation ignored
        ("ON TRACK", "Green"),
    ],
)
def test_words_match_as_people_write_them_and_are_kept_as_written(written, rating):
    assert normalise.parse_rating(written, "rag") == rating
    assert normalise.rating_as_written(written) == written


def test_only_a_word_marked_start_matches_the_start_of_longer_text():
    with pytest.raises(normalise.BadValue):
        normalise.parse_rating("On track but at risk", "rag")  # On track matches the whole text only
    with pytest.raises(normalise.BadValue):
        normalise.parse_rating("Exemption", "rag")  # the start is matched word by word


def test_a_words_matches_column_must_be_whole_or_start(capsys, tmp_path, monkeypatch):
    words = tmp_path / "rating_vocabulary.csv"
    words.write_text("word,rating,why,matches\nExempt,Not assessed,,prefix\n", encoding="utf-8")
    monkeypatch.setattr(vocabulary, "RATING_VOCABULARY_CSV", words)
    path = valid_return(tmp_path / "words.xlsx", None, _tables(priority="Exempt"))
    assert run(capsys, "validate", path) == (
        1,
        "",
        f"Error: {words} line 2: matches must be whole (the default) or start, not 'prefix'.\n",
    )
