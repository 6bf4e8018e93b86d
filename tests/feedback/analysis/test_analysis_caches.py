"""The speed-ups (per-chunk and per-sentence caches, forked workers) must not change any output."""

import csv
import random
from pathlib import Path

import pytest
from textblob import TextBlob
from textblob.en import parser

from feedback.analysis import campaigns, phrases, sentiment, tokens
from feedback.analysis.pipeline import analyse
from feedback.analysis.tokens import find_tokens

DATA = Path(__file__).resolve().parents[4] / "shared/data/nhs-patient-feedback/comments.csv"
IMPROVE = "What could we do better?"

# Sentence boundaries that pattern's scoring looks across, and the answer-word rule.
CROSSING = [
    "Thank you very much. Good staff.",  # "much" leaves a modifier pending over the full stop
    "They were very. Good indeed.",
    "Absolutely not. Good service",  # a pending negation carries into the next sentence
    "Great care. !! Nice staff",  # a "!" before any word boosts the previous sentence
    "Really kind! ! ! (!) :) Very. Rude. Not.",
    "No, the wait was far too long. Nothing else.",
    "Nothing. Lovely staff.",
    "Nothing helped. Poor.",
    "No. More parking. Better signs, please.",
    "None",
    "nope... Not very helpful!!",
    "I was not. Listened to at all.",
    "It was not very. Good.",
    "Couldn't fault them. Couldn't. Fault them.",
    "Waited ages.\n\nNobody called back!",
    "Mr. Smith was great. e.g. the nurse. etc. Fine",
    "\u201cLovely\u201d staff. \u2018Rude\u2019 porter\u2019s manner.",
]


def _real_texts(n):
    if not DATA.exists():
        return []
    with DATA.open(encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
    step = max(1, len(texts) // n)
    return texts[::step][:n]


def _mixed_texts(n):
    """Real comments, and pairs of them run together the way long answers are."""
    real = _real_texts(n)
    rng = random.Random(20240607)
    joined = [f"{rng.choice(real)} {rng.choice(real)}" for _ in range(n)] if real else []
    return CROSSING + real + joined


def _clear_caches():
    sentiment._sentence_cache.clear()
    sentiment._opening_cache.clear()
    tokens._chunk_cache.clear()
    tokens._finished_cache.clear()
    phrases._phrase_cache.clear()
    phrases._tag_cache.clear()
    phrases._first_tag_cache.clear()
    campaigns._chunk_words.clear()


def test_sentence_by_sentence_scoring_equals_scoring_whole_texts():
    _clear_caches()
    texts = _mixed_texts(1500)
    for _round in range(2):  # first with empty caches, then replayed from them
        for question in (None, IMPROVE, "What did you like?"):
            for text in texts:
                sentences = sentiment.tokenize(text=text)
                fast = sentiment.score_tokens(sentences=sentences, text=text, question=question)
                whole = sentiment._score_full(sentences=sentences, text=text, question=question)
                assert fast == whole, text


def test_base_polarity_is_textblobs_on_real_and_joined_comments():
    _clear_caches()
    texts = _mixed_texts(300)
    for text in texts:
        score = sentiment.score_text(text=text, question=IMPROVE)
        assert score.base_polarity == TextBlob(text).sentiment.polarity, text


def test_chunk_cached_tokenizer_equals_textblobs():
    _clear_caches()
    odd = ["a\x1cb c\u00a0d", "x\r\ny", "p\n\nq", "p\n \nq", "END-OF-SENTENCE here. ok", " lead"]
    for _round in range(2):
        for text in _mixed_texts(1500) + odd:
            assert find_tokens(text=text) == parser.find_tokens(text), text


def test_noun_phrase_chunks_equal_patterns():
    _clear_caches()
    for text in _mixed_texts(800) + ["Which staff and which nurses all very quick", "And yes"]:
        for sentence in find_tokens(text=text):
            ours = phrases.tag_sentence(sentence=sentence)
            theirs = phrases._tag_sentence_pattern(sentence=sentence)
            assert [(w, t) for w, t, _c in ours] == [(w, t) for w, t, _c in theirs]
            # Only noun-phrase chunks are kept; they must match pattern's exactly.
            assert [c if c.endswith("NP") else "O" for _w, _t, c in ours] == [
                c if c.endswith("NP") else "O" for _w, _t, c in theirs
            ]


def test_fingerprint_words_equal_normalised_words():
    _clear_caches()
    for text in _mixed_texts(500) + ["ΣΑΣ Straße İstanbul", "a\u00a0b\tc-d"]:
        words, hashes = campaigns._words_and_hashes(text)
        assert words == campaigns.normalised_words(text=text)
        assert len(hashes) == len(words)


@pytest.mark.skipif(not DATA.exists(), reason="shared NHS data not present")
def test_pool_and_single_process_and_repeat_runs_are_byte_identical():
    real = _real_texts(2000)
    rng = random.Random(7)
    responses = [
        {
            "id": str(i),
            "text": f"{rng.choice(real)} {rng.choice(real)}",
            "question": IMPROVE if i % 3 == 0 else None,
            "consent_to_quote": i % 2 == 0,
            "attributes": {"capacity": rng.choice(["Staff", "Resident", "Carer"])},
        }
        for i in range(1200)
    ]
    responses += [dict(r, id=f"copy-{r['id']}") for r in responses[:40]]  # campaign-like copies
    _clear_caches()
    single = analyse(responses=responses, workers=1, batch_size=150).to_json()
    pooled = analyse(responses=responses, workers=2, batch_size=150).to_json()
    again = analyse(responses=responses, workers=2, batch_size=150).to_json()
    assert pooled == single
    assert again == pooled
