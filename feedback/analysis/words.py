"""Word-level helpers: a small deterministic stemmer and content-word extraction."""

import re
from functools import lru_cache

from feedback.analysis._data import stopwords

# Function words that still say something about the topic of a comment.
TOPIC_WORDS = frozenset({"everything", "everyone", "nothing", "nobody", "none"})

_WORD_RE = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
_VOWELS = frozenset("aeiouy")
# Words whose family the suffix rules would merge with an unrelated word (care / car).
_EXCEPTIONS = {
    "care": "care",
    "cares": "care",
    "cared": "care",
    "caring": "care",
    "carer": "carer",
    "carers": "carer",
    "news": "news",
    "staff": "staff",
    "staffing": "staff",
    "staffed": "staff",
    "this": "this",
    "was": "was",
    "has": "has",
    "is": "is",
    "always": "always",
    "nothing": "nothing",
    "something": "something",
    "everything": "everything",
    "anything": "anything",
    "during": "during",
    "morning": "morning",
    "evening": "evening",
    "feeling": "feel",
    "feelings": "feel",
}


def stem(*, word: str) -> str:
    """Return a crude but stable stem: waiting/waited/waits -> wait, appointments -> appoint."""
    return _stem(word)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    w = word.lower().replace("'", "")
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ments", "ment", "ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            if any(ch in _VOWELS for ch in base):
                w = base
                break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in _VOWELS and w[-1] not in "lsz":
        w = w[:-1]
    return w


def content_words(*, text: str) -> list[str]:
    """Return the lowercase non-stopword words of text, in order."""
    stop = stopwords()
    return [w for w in _WORD_RE.findall(text.lower()) if w not in stop and len(w) > 1]


def stems(*, text: str) -> list[str]:
    """Return the stems of the content words of text, in order."""
    return [_stem(w) for w in content_words(text=text)]


@lru_cache(maxsize=1)
def topic_stopwords() -> frozenset[str]:
    """Return stopwords minus words that carry topic (everything, everyone, nothing...)."""
    return stopwords() - TOPIC_WORDS
