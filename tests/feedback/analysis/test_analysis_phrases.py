"""Tests for offline key-phrase extraction."""

from feedback.analysis.phrases import extract_phrases, rank_phrases
from feedback.analysis.words import stem


def test_noun_phrases_are_normalised():
    phrases = extract_phrases(
        text="The waiting times for appointments were long and the reception staff were rude."
    )
    assert phrases == ["waiting time", "appointment", "reception staff"]


def test_pronouns_and_stopwords_are_dropped():
    phrases = extract_phrases(text="They said nothing to me. It was fine.")
    assert phrases == []


def test_conjunctions_split_phrases():
    phrases = extract_phrases(text="Cleaner toilets and more car parking spaces")
    assert "cleaner toilet" in phrases
    assert "car parking space" in phrases


def test_rank_phrases_prefers_frequent_distinctive_phrases():
    docs = [["car park", "staff"], ["car park"], ["staff"], ["car park", "food"]]
    background = [*docs, ["staff"], ["staff"], ["staff"]]
    ranked = rank_phrases(documents=docs, background=background, top_n=2, min_count=1)
    assert ranked[0][0] == "car park"


def test_stem_groups_inflections():
    assert stem(word="waiting") == stem(word="waited") == stem(word="waits") == "wait"
    assert stem(word="appointments") == stem(word="appointment")
    assert stem(word="caring") == "care" and stem(word="car") == "car"


def test_rank_phrases_puts_words_every_group_uses_last():
    # "staff" is in half of this theme's answers but also in half of all answers: it says
    # nothing about the theme, however often it appears.
    theme = [["staff", "car park"], ["car park"], ["staff"], ["parking fee"]] * 2
    others = [["staff", "food"], ["food"], ["staff"], ["ward"]] * 10
    ranked = rank_phrases(documents=theme, background=theme + others, top_n=3)
    assert [p for p, _s in ranked][:2] == ["car park", "parking fee"]
    assert ranked[2][0] == "staff"
