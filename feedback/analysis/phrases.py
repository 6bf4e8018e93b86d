"""Offline key-phrase extraction with TextBlob's pattern tagger and chunker (no NLTK data)."""

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import chain

from textblob import _text
from textblob.en import parser as _parser
from textblob.en.inflect import singularize

from feedback.analysis._data import stopwords
from feedback.analysis.tokens import find_tokens

MAX_PHRASE_WORDS = 4
# A phrase is distinctive of a group when the group uses it this many times more often than the
# background does (1.0 would be "no more often than anyone else").
LIFT_FLOOR = 1.5
_CACHE_LIMIT = 300_000
_NOUN_TAGS = ("NN", "NNS", "NNP", "NNPS")
_DROP_TAGS = frozenset({"DT", "PRP", "PRP$", "CD", "CC", "WDT", "WP", "EX", "POS", "PDT"})
_DROP_START_TAGS = _DROP_TAGS | {"JJR", "JJS", "RB", "RBR", "RBS"}
_EMPTY_NOUNS = frozenset({"nothing", "nobody", "none", "everybody", "somebody", "anybody"})
_SPLIT_TAGS = frozenset({"CC", ",", ":"})


@lru_cache(maxsize=100_000)
def _singular(word: str) -> str:
    return singularize(word)


@cache
def _plain_lexicon() -> dict[str, str]:
    # A plain dict copy of the tagger lexicon avoids the lazy-dict overhead on every lookup.
    lexicon = _parser.lexicon
    if dict.__len__(lexicon) == 0:
        lexicon.load()
    return dict(dict.items(lexicon))


# Tags of tokens: the tagger is used without contextual rules, so a token's tag depends only on
# the token and on whether it starts the sentence (then its lowercase form is also looked up).
_tag_cache: dict[str, str] = {}
_first_tag_cache: dict[str, str] = {}
_CONJUNCTIONS = ("CC", "CJ", "KON", "Conj(neven)")


def _token_tag(token: str, first: bool) -> str:
    """The tag pattern's find_tags gives a token (no contextual rules, English defaults)."""
    lexicon = _plain_lexicon()
    tag = lexicon.get(token, first and lexicon.get(token.lower()) or None)
    if tag is None:
        default = _parser.default
        if token.istitle():
            tag = default[1]
        elif _text.CD.match(token) is not None:
            tag = default[2]
        else:
            tag = _text._suffix_rules([token, default[0]])[1]
    return tag


@cache
def _np_rule():
    tag, rule = _text.CHUNKS[0][0]
    if tag != "NP":  # pragma: no cover - guards against a change in textblob
        raise RuntimeError("textblob's first English chunk rule is no longer the NP rule")
    return rule


def _np_chunk_tags(tags: Sequence[str]) -> list[str]:
    """Chunk tags as pattern's find_chunks would give them, for noun phrases only.

    The noun-phrase rule is pattern's first rule, so no other rule can take its tokens; the
    other rules only label what is left (verb phrases and so on), which is not needed here and
    is left as "O". The matching, the conjunction rule and the adverb correction are pattern's.
    """
    string = "".join(f"{tag}/" for tag in tags)
    chunks = [""] * len(tags)
    for match in _np_rule().finditer(string):
        j = string.count("/", 0, match.start())
        n = match.group(0).count("/")
        for k in range(j, j + n):
            if chunks[k]:
                continue
            if k == j and tags[k] in _CONJUNCTIONS:
                j += 1
            elif k == j:
                chunks[k] = "B-NP"
            else:
                chunks[k] = "I-NP"
    last = len(tags) - 1
    for i, tag in enumerate(tags):
        rb_np = chunks[i] == "B-NP" and tag.startswith("RB")
        if rb_np and i < last and not tags[i + 1].startswith("JJ"):
            chunks[i] = "B-ADVP"
            chunks[i + 1] = "B-NP"
    return [c or "O" for c in chunks]


def tag_sentence(*, sentence: str) -> tuple[tuple[str, str, str], ...]:
    """Return (word, POS tag, noun-phrase chunk tag) triples for one tokenized sentence.

    The tags and the noun-phrase chunks (B-NP / I-NP) are exactly those of pattern's find_tags
    and find_chunks as called before (tagger lexicon, no contextual rules); tokens outside
    noun phrases get "O", whatever other chunk pattern would have put them in.
    """
    tokens = sentence.split(" ")
    tags = []
    for i, token in enumerate(tokens):
        cache = _first_tag_cache if i == 0 else _tag_cache
        tag = cache.get(token)
        if tag is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            tag = cache[token] = _token_tag(token, i == 0)
        tags.append(tag)
    return tuple(zip(tokens, tags, _np_chunk_tags(tags), strict=True))


def _tag_sentence_pattern(*, sentence: str) -> tuple[tuple[str, str, str], ...]:
    """Reference: pattern's own tagger and chunker (used by the tests)."""
    tokens = sentence.split(" ")
    tagged = _text.find_chunks(
        _text.find_tags(tokens, lexicon=_plain_lexicon(), default=_parser.default, language="en"),
        language="en",
    )
    return tuple((t[0], t[1], t[2]) for t in tagged)


_chunk_phrase_cache: dict[tuple[tuple[str, str], ...], str] = {}


def _chunk_phrase(chunk: list[tuple[str, str]]) -> str:
    key = tuple(chunk)
    phrase = _chunk_phrase_cache.get(key)
    if phrase is None:
        if len(_chunk_phrase_cache) >= _CACHE_LIMIT:
            _chunk_phrase_cache.clear()
        phrase = _chunk_phrase_cache[key] = _normalise_chunk(chunk)
    return phrase


def _normalise_chunk(chunk: list[tuple[str, str]]) -> str:
    stop = stopwords()
    words = list(chunk)
    while words and (words[0][1] in _DROP_START_TAGS or words[0][0].lower() in stop):
        words.pop(0)
    while words and (words[-1][1] in _DROP_TAGS or words[-1][0].lower() in stop):
        words.pop()
    if not words or not any(tag in _NOUN_TAGS for _w, tag in words):
        return ""
    if any(not w.replace("-", "").isalpha() for w, _t in words):
        return ""
    words = words[-MAX_PHRASE_WORDS:]
    out = [w.lower() for w, _t in words]
    if words[-1][1] in ("NNS", "NNPS"):
        out[-1] = _singular(out[-1])
    if all(w in stop or w in _EMPTY_NOUNS or len(w) < 2 for w in out):
        return ""
    return " ".join(out)


_phrase_cache: dict[str, tuple[str, ...]] = {}


def phrases_from_sentences(*, sentences: Iterable[str]) -> list[str]:
    """Return normalised noun phrases (lowercase, plural head singularised) in reading order."""
    found: list[str] = []
    for sentence in sentences:
        cached = _phrase_cache.get(sentence)
        if cached is None:
            cached = _sentence_phrases(sentence)
            if len(_phrase_cache) >= _CACHE_LIMIT:
                _phrase_cache.clear()
            _phrase_cache[sentence] = cached
        found.extend(cached)
    return found


def _sentence_phrases(sentence: str) -> tuple[str, ...]:
    found: list[str] = []
    chunk: list[tuple[str, str]] = []
    previous = ("", "")
    for word, tag, chunk_tag in tag_sentence(sentence=sentence):
        in_np = chunk_tag.endswith("NP") and tag not in _SPLIT_TAGS
        if in_np and not (chunk_tag.startswith("B-") and chunk):
            if not chunk and previous[1] == "VBG":
                chunk.append(previous)  # "waiting list", "parking spaces"
            chunk.append((word, tag))
            previous = (word, tag)
            continue
        if chunk:
            phrase = _chunk_phrase(chunk)
            if phrase:
                found.append(phrase)
        chunk = [(word, tag)] if in_np else []
        previous = (word, tag)
    if chunk:
        phrase = _chunk_phrase(chunk)
        if phrase:
            found.append(phrase)
    return tuple(found)


def extract_phrases(*, text: str) -> list[str]:
    """Return the distinct noun phrases of text in order of first appearance."""
    return list(dict.fromkeys(phrases_from_sentences(sentences=find_tokens(text=text))))


def document_frequencies(*, documents: Iterable[Sequence[str]]) -> Counter:
    """Return how many documents contain each phrase."""
    return Counter(chain.from_iterable(map(set, documents)))


def rank_phrases(
    *,
    documents: Sequence[Sequence[str]],
    background: Sequence[Sequence[str]] | None = None,
    background_df: Counter | None = None,
    background_size: int = 0,
    top_n: int = 10,
    min_count: int = 2,
) -> list[tuple[str, float]]:
    """Rank the phrases of documents by how distinctive they are against a background set.

    A phrase scores count x log(lift) x (1 + 0.25 per extra word), where lift is how much more
    often the documents use it than the background does. Phrases every group uses about as often
    ("staff", "team", "person") have a lift near 1 and so say nothing about these documents; they
    come after all distinctive ones, ranked by count x IDF (also the order when the documents are
    their own background).
    """
    df = document_frequencies(documents=documents)
    if not df:
        return []
    if background_df is None:
        bg_docs = background if background is not None else documents
        background_df = document_frequencies(documents=bg_docs)
        background_size = len(bg_docs)
    bg_df = background_df
    n_bg = max(background_size, 1)
    n_docs = len(documents)
    scored = []
    for phrase, count in df.items():
        if count < min_count and len(df) > top_n:
            continue
        bonus = 1.0 + 0.25 * (phrase.count(" "))
        idf = math.log((1 + n_bg) / (1 + bg_df.get(phrase, 0))) + 1.0
        lift = (count / n_docs) / ((bg_df.get(phrase, 0) + 1) / (n_bg + 1))
        distinctive = count * math.log(lift) * bonus if lift > LIFT_FLOOR else 0.0
        scored.append((phrase, round(distinctive, 6), round(count * idf * bonus, 6)))
    scored.sort(key=lambda item: (-item[1], -item[2], item[0]))
    return [(phrase, distinctive or frequent) for phrase, distinctive, frequent in scored[:top_n]]
