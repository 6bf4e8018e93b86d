"""Sentiment per response and per sentence: TextBlob's pattern polarity, service phrases, VADER."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from textblob import _text
from textblob.en import sentiment as _lexicon
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from feedback.analysis._data import read_lines, word_set
from feedback.analysis.tokens import find_tokens

PHRASE_WEIGHT = 3
# VADER valences run from -4 to +4; dividing by 8 makes a VADER-only word count half as much as
# a TextBlob word of the same strength (it then counts PHRASE_WEIGHT times, as a phrase does).
# PHRASE_WEIGHT, NEGATIVE_WEIGHT and VADER_SCALE were chosen on sources A and B of the NHS corpus.
VADER_SCALE = 8.0
NEGATIVE_WEIGHT = 2.0
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
NOTHING_TO_IMPROVE_POLARITY = 0.5
_PATTERN_NEGATIONS = ("no", "not", "n't", "never")
_NEGATIONS = frozenset({"not", "no", "never", "nobody", "nothing", "hardly"})
_GAP_WORDS = frozenset(
    {"a", "an", "the", "very", "so", "that", "really", "be", "been", "was", "is"}
)
_IMPROVE_QUESTION_RE = re.compile(
    r"\b(improv\w*|better|change|differently|worse|wrong|dislike|didn'?t like|concern\w*)\b",
    re.IGNORECASE,
)
_SUGGESTION_SCORE = -0.3
_NOT_REQUEST_NEXT = frozenset({"n", "i", "we", "you", "it", "not", "nothing", "thanks", "thank"})
_ANSWER_WORDS = frozenset({"no", "nothing", "none", "nope", "nah"})
_SKIP_AT_START = frozenset({"maybe", "perhaps", "please", "just", "a", "bit", "and", "also", "but"})
_QUOTE_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_ANSWER_WORD = "answer word"
# "Nothing ..." at the start of an answer, unless a verb makes it a statement ("nothing helped").
_NOTHING_LEAD_RE = re.compile(
    r"^\W*(?:no[\s,.]+)?(?:absolutely |really |honestly |probably )?(?:nothing|none)\b"
    r"(?!\W*(?:was|is|has|had|happened|seemed|got|gets|were|worked|works|helped|helps|changed"
    r"|to add|further|more to add|else to add|to say|to report)\b)",
    re.IGNORECASE,
)


# Phrases (from sentiment_phrases.txt) that say "nothing needs to change".
NOTHING_TO_IMPROVE = frozenset(
    """nothing to improve|nothing could be improved|couldn't be improved|could not be improved|
    couldn't be better|could not be better|can't think of anything|cannot think of anything|
    nothing specific|nothing different|nothing else|nothing more|no complaints|hard to improve|
    can't improve|cannot improve|nothing that could be|nothing you could|nothing you can|
    couldn't do any better|no concerns|couldn't fault|can't fault|cannot fault|nothing (to improve)|
    nothing but praise""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)


@dataclass(frozen=True, slots=True)
class Sentiment:
    """Base TextBlob polarity, tuned polarity, label and the service phrases that were applied."""

    base_polarity: float
    polarity: float
    label: str
    phrases: tuple[str, ...] = ()


def says_nothing_to_improve(*, phrases: tuple[str, ...]) -> bool:
    """Return True if any applied phrase says nothing needs to improve."""
    return any(p in NOTHING_TO_IMPROVE for p in phrases)


def tokenize(*, text: str) -> list[str]:
    """Split text into sentences of space-separated tokens exactly as TextBlob's tokenizer does."""
    return find_tokens(text=text)


def _average(scores: list[float]) -> float:
    # Same summation order as pattern's Sentiment.__call__, so results are bit-identical.
    total, count = 0, 0
    for score in scores:
        total += 1 * score
        count += 1
    return total / float(count or 1)


def _weighted(scores: list[float]) -> float:
    # Negativity weighting: in mixed comments a complaint outweighs the same amount of praise.
    if not scores:
        return 0.0
    weights = [NEGATIVE_WEIGHT if x < 0 else 1.0 for x in scores]
    return sum(w * x for w, x in zip(weights, scores, strict=True)) / sum(weights)


@cache
def _tables() -> tuple[dict[str, tuple[float, float, bool]], dict[str, float]]:
    """Plain-dict copies of the TextBlob lexicon: word -> (polarity, intensity, is_adverb)."""
    if dict.__len__(_lexicon) == 0:
        _lexicon.load()
    words = {
        w: (tags[None][0], tags[None][2], "RB" in tags)
        for w, tags in dict.items(_lexicon)
        if None in tags
    }
    emoticons: dict[str, float] = {}
    for (_kind, polarity), faces in _text.EMOTICONS.items():
        for face in faces:
            emoticons.setdefault(face.lower(), polarity)
    return words, emoticons


def _assess(words: list[str | None]) -> list[float]:
    """Return per-assessment polarities exactly as pattern's Sentiment.assessments() would.

    A port of textblob._text.Sentiment.assessments for untagged lowercase words that reads plain
    dicts instead of the lazy lexicon (several times faster); the arithmetic and its order are
    unchanged, so averages are bit-identical (checked in the tests and the speed benchmark).
    """
    items: list[list] = []
    _assess_into(words, items, None, None)
    return _finals(items)


def _finals(items: list[list]) -> list[float]:
    """The polarity of each assessment: negated ones count -0.5 times."""
    return [p * -0.5 if neg < 0 else p for p, _i, neg in items]


def _assess_into(
    words: Iterable[str | None], items: list[list], m: str | None, n: str | None
) -> tuple[str | None, str | None, int]:
    """Assess words, continuing from a pending modifier m and negation n; extend items.

    Items are [polarity, intensity, negated] lists; only the last one is ever changed later.
    Returns the pending modifier and negation after the words (pattern carries both over a
    full stop into the next sentence), and the number of "!" seen before this call's first new
    item (each one boosts the item before it, which belongs to an earlier call).
    """
    lexicon, emoticons = _tables()
    start = len(items)
    leading_bangs = 0
    for w in words:
        if w is None:
            continue
        entry = lexicon.get(w)
        if entry is not None:
            p, _i, is_adverb = entry
            if m is None:
                items.append([p, _i, 1])
            else:
                last = items[-1]
                last[0] = max(-1.0, min(p * last[1], +1.0))
                last[1] = _i
            if n is not None:
                last = items[-1]
                last[1] = 1.0 / last[1]
                last[2] = -1
            m = w if is_adverb else None
            n = w if w in _PATTERN_NEGATIONS else None
        else:
            if w in _PATTERN_NEGATIONS:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and m.endswith("ly"):
                items[-1][2] = -1
                n = None
            elif m and len(w) > 2:
                m = None
            if w == "!":
                if len(items) == start:
                    leading_bangs += 1
                if items:
                    items[-1][0] = max(-1.0, min(items[-1][0] * 1.25, +1.0))
            if w == "(!)":
                items.append([0.0, 1.0, 1])
            if w.isalpha() is False and len(w) <= 5 and w not in _text.PUNCTUATION:
                face = emoticons.get(w)
                if face is not None:
                    items.append([face, 1.0, 1])
    return m, n, leading_bangs


def _assess_pattern(words: list[str | None]) -> list[float]:
    """Reference implementation: pattern's own assessments (used by tests)."""
    return [p for _w, p, _s, _x in _lexicon.assessments(((w, None) for w in words), True)]


@cache
def _phrase_table() -> dict[str, list[tuple[tuple[str, ...], float, str]]]:
    table: dict[str, list[tuple[tuple[str, ...], float, str]]] = {}
    for line in read_lines("sentiment_phrases.txt"):
        phrase, _, score = line.rpartition(" ")
        phrase = phrase.strip()
        words = tuple(" ".join(tokenize(text=phrase)).lower().split())
        table.setdefault(words[0], []).append((words, float(score), phrase))
    for entries in table.values():
        entries.sort(key=lambda e: (-len(e[0]), e[0]))
    return table


@cache
def _suggestion_starts() -> frozenset[str]:
    return word_set("suggestion_starts.txt")


def _suggestions(
    sentences: list[str], words: list[str], taken: list[tuple[int, int, float, str]]
) -> list[tuple[int, int, float, str]]:
    covered = {i for start, end, _s, _p in taken for i in range(start, end)}
    starts = _suggestion_starts()
    found = []
    index = 0
    for sentence in sentences:
        length = len(sentence.split())
        i, end = index, index + length
        while i < end - 1 and words[i] in _SKIP_AT_START:
            i += 1
        word = words[i] if i < end else ""
        nxt = words[i + 1] if i + 1 < end else ""
        allowed = nxt not in _NOT_REQUEST_NEXT and (word != "no" or nxt.isalpha())
        if word in starts and i not in covered and allowed:
            found.append((i, i + 1, _SUGGESTION_SCORE, f"suggestion: {word}"))
        index = end
    return found


def _negated(words: list[str], start: int) -> bool:
    before = words[max(0, start - 3) : start]
    if before[-3:] == ["n", "'", "t"]:
        return True
    if before and before[-1] in _NEGATIONS:
        return True
    return len(before) >= 2 and before[-2] in _NEGATIONS and before[-1] in _GAP_WORDS


def find_phrases(*, words: list[str]) -> list[tuple[int, int, float, str]]:
    """Return (start, end, score, phrase) for service phrases found in lowercased tokens."""
    table = _phrase_table()
    found: list[tuple[int, int, float, str]] = []
    i, n = 0, len(words)
    while i < n:
        for phrase_words, score, phrase in table.get(words[i], ()):
            end = i + len(phrase_words)
            if end <= n and tuple(words[i:end]) == phrase_words:
                if _negated(words, i):
                    score = score * -0.5
                found.append((i, end, score, phrase))
                i = end
                break
        else:
            i += 1
    return found


@cache
def _vader_gaps() -> dict[str, float]:
    """VADER's word valences for plain words that TextBlob's lexicon does not know.

    TextBlob's lexicon comes from product reviews and misses most words of worry and loss
    ("worried", "uncertainty", "losing", "stress", "problem", "pain"); VADER's covers them.
    Words TextBlob knows keep TextBlob's reading, so the two never count the same word twice.
    """
    known = _tables()[0]
    lexicon = SentimentIntensityAnalyzer().lexicon
    # Negation words stay out: they work through the negation rules, not as sentiment.
    skip = known.keys() | _NEGATIONS | set(_PATTERN_NEGATIONS)
    return {w: v / VADER_SCALE for w, v in lexicon.items() if w.isalpha() and w not in skip}


def find_lexicon_gaps(
    *, words: list[str], taken: Sequence[tuple[int, int, float, str]]
) -> list[tuple[int, int, float, str]]:
    """Return (start, end, score, word) for VADER words outside TextBlob's lexicon and outside
    the service phrases already found; a negation just before flips the score to -0.5x."""
    gaps = _vader_gaps()
    covered = {i for start, end, _s, _p in taken for i in range(start, end)}
    found = []
    for i, word in enumerate(words):
        score = gaps.get(word)
        if score is None or i in covered:
            continue
        if _negated(words, i):
            score = score * -0.5
        found.append((i, i + 1, score, word))
    return found


def label_for(*, polarity: float) -> str:
    """Return positive, negative or neutral for a polarity using the module thresholds."""
    if polarity > POSITIVE_THRESHOLD:
        return "positive"
    if polarity < NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def _reads_as_nothing_to_improve(text: str, question: str | None) -> bool:
    # With no question text, a leading "Nothing" is read as "nothing needs to change", the usual
    # meaning in service feedback; a known question that does not ask about improvements keeps
    # it neutral.
    if question is not None and not asks_for_improvements(question=question):
        return False
    return bool(_NOTHING_LEAD_RE.match(text.translate(_QUOTE_MAP)))


def asks_for_improvements(*, question: str | None) -> bool:
    """Return True when a question asks what could be better (so "nothing" is praise)."""
    return bool(question and _IMPROVE_QUESTION_RE.search(question))


def _score_full(
    *,
    sentences: list[str],
    text: str = "",
    question: str | None = None,
    words: list[str] | None = None,
) -> Sentiment:
    """Score the sentences of a text in one go (the reference for score_tokens)."""
    joined = " ".join(sentences)
    if words is None:
        words = joined.lower().split()
    base = _average(_assess(words))
    plain = joined.lower().translate(_QUOTE_MAP).split()
    found = find_phrases(words=plain)
    if plain and plain[0] in _ANSWER_WORDS and not any(f[0] == 0 for f in found):
        if _reads_as_nothing_to_improve(text, question):
            found.append((0, 1, NOTHING_TO_IMPROVE_POLARITY, "nothing (to improve)"))
        elif len(plain) > 1 and not plain[1].isalnum():
            # A leading "No," answers the question; it does not negate what follows.
            found.append((0, 1, 0.0, _ANSWER_WORD))
    found += _suggestions(sentences, plain, found)
    found = sorted(found + find_lexicon_gaps(words=plain, taken=found))
    if found:
        masked: list[str | None] = list(words)
        for start, end, _score, _phrase in found:
            masked[start:end] = [None] * (end - start)
        scores = [score for _s, _e, score, phrase in found if phrase != _ANSWER_WORD]
        tuned = _weighted(_assess(masked) + scores * PHRASE_WEIGHT)
    else:
        tuned = _weighted(_assess(words))
    tuned = max(-1.0, min(1.0, tuned))
    return Sentiment(
        base_polarity=base,
        polarity=round(tuned, 6),
        label=label_for(polarity=tuned),
        phrases=tuple(p for _s, _e, _sc, p in found if p != _ANSWER_WORD),
    )


_SENTENCE_CACHE_LIMIT = 200_000
_sentence_cache: dict[str, "_Parts"] = {}


@cache
def _unsafe_ends() -> frozenset[str]:
    """Last words of a sentence that a phrase match or a negation check could look across."""
    words = {w for entries in _phrase_table().values() for e in entries for w in e[0]}
    return frozenset(words | _NEGATIONS | _GAP_WORDS | {"n", "'", "t"})


class _Run(NamedTuple):
    """One sentence assessed on its own, starting with nothing pending."""

    items: tuple[tuple[float, float, int], ...]
    pending: tuple[str | None, str | None]
    leading_bangs: int


class _Parts(NamedTuple):
    """What score_tokens needs from one sentence, worked out once per distinct sentence."""

    words: tuple[str, ...]
    base: _Run
    masked_words: tuple[str | None, ...]
    masked: _Run
    found: tuple[tuple[int, int, float, str], ...]
    first_word: str
    safe_end: bool


def _run(words: Sequence[str | None]) -> _Run:
    items: list[list] = []
    m, n, bangs = _assess_into(words, items, None, None)
    return _Run(tuple(map(tuple, items)), (m, n), bangs)


def _compute_parts(sentence: str, opening: bool | None = None) -> _Parts:
    """Assess one sentence on its own.

    opening is None for a sentence that does not start the text; for the first sentence it says
    whether the answer reads as "nothing needs to change", and the answer-word rule applies.
    """
    lowered = sentence.lower()
    words = lowered.split()
    plain = lowered.translate(_QUOTE_MAP).split()
    found = find_phrases(words=plain)
    if opening is not None and not any(f[0] == 0 for f in found):
        if opening:
            found.append((0, 1, NOTHING_TO_IMPROVE_POLARITY, "nothing (to improve)"))
        elif len(plain) > 1 and not plain[1].isalnum():
            found.append((0, 1, 0.0, _ANSWER_WORD))
    found += _suggestions([sentence], plain, found)
    found = sorted(found + find_lexicon_gaps(words=plain, taken=found))
    base = _run(words)
    masked: list[str | None] = list(words)
    for start, end, _score, _phrase in found:
        masked[start:end] = [None] * (end - start)
    return _Parts(
        words=tuple(words),
        base=base,
        masked_words=tuple(masked),
        masked=_run(masked) if found else base,
        found=tuple(found),
        first_word=plain[0] if plain else "",
        safe_end=bool(plain) and plain[-1] not in _unsafe_ends(),
    )


_opening_cache: dict[tuple[str, bool], _Parts] = {}


def _opening_parts(sentence: str, nothing_to_improve: bool) -> _Parts:
    """Parts of a first sentence that starts with an answer word ("No,", "Nothing")."""
    key = (sentence, nothing_to_improve)
    parts = _opening_cache.get(key)
    if parts is None:
        parts = _compute_parts(sentence, opening=nothing_to_improve)
        if len(_opening_cache) >= _SENTENCE_CACHE_LIMIT:
            _opening_cache.clear()
        _opening_cache[key] = parts
    return parts


def _sentence_parts(sentence: str) -> _Parts:
    parts = _sentence_cache.get(sentence)
    if parts is None:
        parts = _compute_parts(sentence)
        if len(_sentence_cache) >= _SENTENCE_CACHE_LIMIT:
            _sentence_cache.clear()
        _sentence_cache[sentence] = parts
    return parts


def _replay(
    run: _Run, words: Sequence[str | None], items: list[list], m: str | None, n: str | None
) -> tuple[str | None, str | None]:
    """Continue an assessment with one sentence: from its cached run when nothing is pending."""
    if m is not None or n is not None:
        m, n, _bangs = _assess_into(words, items, m, n)
        return m, n
    for _ in range(run.leading_bangs):
        if items:
            items[-1][0] = max(-1.0, min(items[-1][0] * 1.25, +1.0))
    items += map(list, run.items)
    return run.pending


def score_tokens(
    *,
    sentences: list[str],
    text: str = "",
    question: str | None = None,
    words: list[str] | None = None,
) -> Sentiment:
    """Score already-tokenized sentences; base polarity equals TextBlob's for the same text.

    Each distinct sentence is assessed once on its own and remembered. A text is then scored
    sentence by sentence, exactly as if it were assessed in one go: a cached sentence is
    replayed when nothing is pending from the one before it (a "!" at its start still boosts
    the previous sentence's last word, as pattern does), and is assessed afresh, continuing
    the pending modifier or negation, when something is. The answer-word rule ("No," or
    "Nothing" at the very start) is applied to the first sentence. Texts where a service phrase
    or a negation check could reach across a sentence boundary are scored in one go
    (_score_full); the tests check both ways agree on real and generated text.
    words may pass in the lowercased tokens of the sentences when the caller already has them.
    """
    if not sentences:
        return _score_full(sentences=sentences, text=text, question=question, words=words)
    parts = [_sentence_parts(s) for s in sentences]
    if parts[0].first_word in _ANSWER_WORDS:
        if len(parts[0].words) < 2 and len(parts) > 1:
            return _score_full(sentences=sentences, text=text, question=question, words=words)
        parts[0] = _opening_parts(sentences[0], _reads_as_nothing_to_improve(text, question))
    if not all(p.safe_end for p in parts[:-1]):
        return _score_full(sentences=sentences, text=text, question=question, words=words)
    base_items: list[list] = []
    m = n = None
    found: list[tuple[int, int, float, str]] = []
    for part in parts:
        m, n = _replay(part.base, part.words, base_items, m, n)
        found += part.found
    base_scores = _finals(base_items)
    base = _average(base_scores)
    if found:
        masked_items: list[list] = []
        m = n = None
        for part in parts:
            m, n = _replay(part.masked, part.masked_words, masked_items, m, n)
        scores = [score for _s, _e, score, phrase in found if phrase != _ANSWER_WORD]
        tuned = _weighted(_finals(masked_items) + scores * PHRASE_WEIGHT)
    else:
        tuned = _weighted(base_scores)
    tuned = max(-1.0, min(1.0, tuned))
    return Sentiment(
        base_polarity=base,
        polarity=round(tuned, 6),
        label=label_for(polarity=tuned),
        phrases=tuple(p for _s, _e, _sc, p in found if p != _ANSWER_WORD),
    )


def score_text(*, text: str, question: str | None = None) -> Sentiment:
    """Score one response; base polarity equals TextBlob(text).sentiment.polarity."""
    return score_tokens(sentences=tokenize(text=text), text=text, question=question)


def score_sentences(*, text: str, question: str | None = None) -> list[tuple[str, Sentiment]]:
    """Return each sentence of text with its own sentiment."""
    return [
        (sentence, score_tokens(sentences=[sentence], text=sentence, question=question))
        for sentence in tokenize(text=text)
    ]


def score_batch(*, texts: list[str], questions: list[str | None] | None = None) -> list[Sentiment]:
    """Score many texts, caching repeated (text, question) pairs and sharing one lexicon."""
    if questions is None:
        questions = [None] * len(texts)
    cache: dict[tuple[str, str | None], Sentiment] = {}
    out = []
    for text, question in zip(texts, questions, strict=True):
        key = (text, question if asks_for_improvements(question=question) else None)
        result = cache.get(key)
        if result is None:
            result = cache[key] = score_text(text=text, question=key[1])
        out.append(result)
    return out
