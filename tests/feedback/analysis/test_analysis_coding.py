"""Tests for coding-frame (codebook) tagging."""

import pytest

from feedback.analysis.coding import (
    CodebookError,
    Matcher,
    load_codebook,
    parse_codebook,
    parse_codebook_csv,
    parse_codebook_json,
    read_examples_csv,
)
from feedback.analysis.pipeline import process_batch

CODEBOOK = {
    "themes": [
        {
            "name": "Waiting",
            "description": "Delays and waiting lists",
            "keywords": ["wait", "waiting list", "delay"],
        },
        {
            "name": "Staff",
            "description": "Attitude of staff",
            "keywords": ["nurse", "staff", "rude"],
        },
        {
            "name": "Parking",
            "description": "Car parks",
            "keywords": ["car park", "parking"],
            "parent": "Staff",
        },
    ],
    "fallback": {"positive": "Staff"},
}


def _code(text):
    [analysis] = process_batch(responses=[{"id": "1", "text": text}], codebook=CODEBOOK)
    return analysis.coded_themes


def test_multi_label_with_primary_first():
    themes = _code("I waited for weeks on the waiting list and the nurse was rude")
    names = [name for name, _score in themes]
    assert names == ["Waiting", "Staff"]
    assert themes[0][1] >= themes[1][1]


def test_stemming_and_phrase_keywords():
    assert [n for n, _s in _code("Parking was impossible; the car parks are full")] == ["Parking"]
    assert [n for n, _s in _code("Long delays")] == ["Waiting"]


def test_primary_is_the_theme_the_answer_says_most_about():
    assert _code("The nurse was rude and the staff ignored me while I waited")[0][0] == "Staff"
    mostly_waiting = "I waited ages; the waiting list and delays are awful, the nurse was fine"
    assert _code(mostly_waiting)[0][0] == "Waiting"


def test_confidences_are_between_zero_and_one():
    themes = _code("I waited for weeks on the waiting list and the nurse was rude")
    assert all(0.0 <= score <= 1.0 for _name, score in themes)


def test_no_match_gives_no_themes():
    assert _code("The sandwiches were tasty") == ()


def test_description_words_count_less_than_keywords():
    book = parse_codebook(data=CODEBOOK)
    matcher = Matcher(codebook=book)
    only_description = matcher.score(all_stems=["attitude"], content=["attitude"])
    assert only_description == []


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"themes": []},
        {"themes": [{"description": "x"}]},
        {"themes": [{"name": "A", "keywords": "wait"}]},
        {"themes": [{"name": "A", "keywords": ["x"]}, {"name": "A", "keywords": ["y"]}]},
        # Names are compared ignoring case, in the admin's import as here.
        {"themes": [{"name": "Staff", "keywords": ["x"]}, {"name": "staff", "keywords": ["y"]}]},
        {"themes": [{"name": "A", "keywords": ["x"], "parent": "Missing"}]},
        {"themes": [{"name": "A", "keywords": ["x"]}], "fallback": "Nope"},
        {"themes": [{"name": "A"}]},
    ],
)
def test_malformed_codebooks_are_rejected(data):
    with pytest.raises(CodebookError):
        parse_codebook(data=data)


def test_csv_frame_imports_names_descriptions_and_keywords():
    book = parse_codebook_csv(
        text="name,description,keywords\n"
        'Waiting,Delays and waiting lists,"wait; waiting list | delay"\n'
        ",,\n"
        "Staff,Attitude of staff,\n"
    )
    assert book.theme_names() == ("Waiting", "Staff")
    assert book.themes[0].keywords == ("wait", "waiting list", "delay")
    assert book.themes[1].keywords == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title,description\nA,b\n", "'name' column"),
        ("name,description\nA,first\nA,second\n", "duplicate theme name"),
        ("name,description,keywords\nA,,\n", "needs keywords or a description"),
        ("name,description\n,orphan description\n", "non-empty name"),
    ],
)
def test_bad_csv_frames_are_refused_with_a_reason(text, message):
    with pytest.raises(CodebookError, match=message):
        parse_codebook_csv(text=text)


def test_json_frame_may_be_a_bare_list_of_themes():
    book = parse_codebook_json(text='[{"name": "A", "description": "About a"}]')
    assert book.theme_names() == ("A",)
    with pytest.raises(CodebookError, match="not valid JSON"):
        parse_codebook_json(text="{nope")


def test_load_codebook_reads_csv_by_its_extension(tmp_path):
    path = tmp_path / "frame.csv"
    path.write_text("name,description\nParking,Car parks\n", encoding="utf-8")
    assert load_codebook(path=path).theme_names() == ("Parking",)


def test_examples_must_name_themes_of_the_frame():
    book = parse_codebook(data=CODEBOOK)
    rows = "text,theme\nLong wait,Waiting\n,\nRude nurse,Staff\n"
    assert read_examples_csv(text=rows, codebook=book) == (
        ("Long wait", "Waiting"),
        ("Rude nurse", "Staff"),
    )
    with pytest.raises(CodebookError, match="'Food'"):
        read_examples_csv(text="text,theme\nCold soup,Food\n", codebook=book)
    with pytest.raises(CodebookError, match="missing theme"):
        read_examples_csv(text="text,label\nCold soup,Food\n", codebook=book)
