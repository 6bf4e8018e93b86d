"""Tests for base and tuned sentiment."""

import csv
from pathlib import Path

import pytest
from textblob import TextBlob

from feedback.analysis.sentiment import (
    asks_for_improvements,
    label_for,
    score_batch,
    score_sentences,
    score_text,
)

SAMPLES = [
    "The staff were lovely and the care was excellent!",
    "I waited far too long and nobody called back. Terrible.",
    "Not a good experience, not very helpful :( but the nurse was nice",
    "Couldn't be better, thank you so much!!",
    "It was OK I suppose... (!)",
    "",
    "Really really bad. Not bad at all? 'good' \"great\"",
]
DATA = Path(__file__).resolve().parents[4] / "shared/data/nhs-patient-feedback/comments.csv"


def test_base_polarity_equals_textblob_on_samples():
    results = score_batch(texts=SAMPLES)
    for text, result in zip(SAMPLES, results, strict=True):
        assert result.base_polarity == TextBlob(text).sentiment.polarity


@pytest.mark.skipif(not DATA.exists(), reason="shared NHS data not present")
def test_base_polarity_equals_textblob_on_real_sample():
    with DATA.open(encoding="utf-8") as handle:
        texts = [row["text"] for _i, row in zip(range(400), csv.DictReader(handle), strict=False)]
    for text, result in zip(texts, score_batch(texts=texts), strict=True):
        assert result.base_polarity == TextBlob(text).sentiment.polarity


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I waited ages for an appointment", "negative"),
        ("The wait was far too long", "negative"),
        ("I was not listened to", "negative"),
        ("No one called back", "negative"),
        ("The ward is understaffed", "negative"),
        ("The receptionist was rude", "negative"),
        ("My appointment was cancelled twice", "negative"),
        ("Couldn't be better", "positive"),
        ("Nothing to improve", "positive"),
        ("Can't fault the service", "positive"),
        ("More parking spaces.", "negative"),
        ("Not very helpful", "negative"),
    ],
)
def test_service_phrases_tune_the_label(text, label):
    assert score_text(text=text).label == label


def test_tuning_changes_polarity_where_lexicon_is_wrong():
    result = score_text(text="Nobody called back and I waited ages")
    assert result.base_polarity == 0
    assert result.polarity < 0
    assert result.phrases == ("nobody called back", "waited ages")


def test_nothing_depends_on_the_question():
    improve = "What could we do better?"
    liked = "What did you like about the service?"
    assert asks_for_improvements(question=improve)
    assert not asks_for_improvements(question=liked)
    assert score_text(text="Nothing", question=improve).label == "positive"
    # Without a question, a leading "Nothing" is read as "nothing needs to change".
    assert score_text(text="Nothing.").label == "positive"
    assert score_text(text="Nothing", question=liked).label == "neutral"


@pytest.mark.parametrize("text", ["Nothing to add.", "Nothing helped me", "Nothing was done"])
def test_nothing_statements_are_not_praise(text):
    assert score_text(text=text).label != "positive"


def test_leading_no_does_not_negate_praise():
    result = score_text(text="No, perfect.")
    assert result.base_polarity < 0 < result.polarity


def test_sentence_level_scores():
    sentences = score_sentences(text="The nurse was lovely. The food was awful.")
    assert [s.label for _text, s in sentences] == ["positive", "negative"]


def test_label_thresholds():
    assert label_for(polarity=0.0) == "neutral"
    assert label_for(polarity=0.3) == "positive"
    assert label_for(polarity=-0.3) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Colleagues in early intervention are already leaving because of the uncertainty",
        "Families rely on this service and losing that could set them back",
        "I am worried about what happens when the clinic closes",
        "The stress of not knowing has been a real problem for us",
    ],
)
def test_loss_worry_and_leaving_read_as_negative(text):
    assert score_text(text=text).label == "negative"


def test_vader_fills_words_textblob_does_not_know():
    result = score_text(text="I am worried")
    assert result.base_polarity == 0
    assert result.polarity < 0
    assert "worried" in result.phrases


def test_negated_worry_is_not_negative():
    assert score_text(text="I was not worried at all").polarity >= 0


def test_words_textblob_knows_are_not_counted_again_by_vader():
    # "great" is in both lexicons: only TextBlob's reading counts, so no VADER entry appears.
    assert score_text(text="The staff were great").phrases == ()
