"""Tests for coding-frame (codebook) tagging."""

import pytest

from feedback.analysis.coding import CodebookError, Matcher, parse_codebook
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


def test_ties_go_to_first_mention():
    assert _code("The staff were fine but the wait was long")[0][0] == "Staff"
    assert _code("The wait was long but the staff were fine")[0][0] == "Waiting"


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
        {"themes": [{"name": "A", "keywords": ["x"], "parent": "Missing"}]},
        {"themes": [{"name": "A", "keywords": ["x"]}], "fallback": "Nope"},
        {"themes": [{"name": "A"}]},
    ],
)
def test_malformed_codebooks_are_rejected(data):
    with pytest.raises(CodebookError):
        parse_codebook(data=data)
