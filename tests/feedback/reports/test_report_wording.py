"""The plain words for shares: one set of bands, "n of N", used the same way everywhere."""

import pytest

from feedback.reports import wording


@pytest.mark.parametrize(
    ("n", "total", "word"),
    [
        (151, 300, "most"),
        (150, 300, "many"),  # exactly half is not "most"
        (75, 300, "many"),  # exactly a quarter is "many"
        (74, 300, "some"),
        (30, 300, "some"),  # exactly one in ten is "some"
        (29, 300, "a few"),
        (1, 300, "a few"),
        (0, 300, ""),
        (5, 0, ""),
    ],
)
def test_proportion_word_uses_the_bands_at_their_edges(n, total, word):
    assert wording.proportion_word(n, total) == word


def test_band_definitions_name_every_band_once():
    sentence = wording.band_definitions()
    for band in wording.BANDS:
        assert sentence.count(f"“{band.word}” means {band.definition}") == 1


def test_people_finding_reads_as_plain_words_with_n_of_n():
    sentence = wording.people_finding(1234, 2000, noun="respondents", verb_phrase="raised cost.")
    assert sentence == "Most respondents (1,234 of 2,000) raised cost."


def test_list_in_words_joins_the_last_two_with_and():
    assert wording.list_in_words(["a", "b", "c"]) == "a, b and c"
    assert wording.list_in_words(["a"]) == "a"
