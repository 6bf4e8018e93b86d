"""A faster, output-identical port of TextBlob's pattern tokenizer (textblob._text.find_tokens)."""

import re

from textblob import _text

_PUNCT = tuple(_text.PUNCTUATION.replace(".", ""))
_PUNCT_DOT = (*_PUNCT, ".")
_REPLACE = _text.replacements
_SENTENCE_END = frozenset(("...", ".", "!", "?", _text.EOS))
_CLOSERS = ("'", '"', "\u201d", "\u2019", "...", ".", "!", "?", ")", _text.EOS)
_RUN_TOKENS = frozenset(_CLOSERS) - {"'", '"'}
_LINEBREAK_RE = re.compile(r"\n{2,}")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans(
    {"\u201c": " \u201c ", "\u201d": " \u201d ", "\u2018": " \u2018 ", "\u2019": " \u2019 ",
     "'": " ' ", '"': ' " '}
)  # fmt: skip


# Every emoticon TextBlob knows contains one of these characters or character pairs, so a
# sentence without any of them cannot match its (slow) emoticon pattern.
_EMOTICON_GUARD_RE = re.compile(r"[<\u2665>:=;*\u00b0]|[Xx8] ?[-D)]|o ?[_.]")


def _emoticons(s: str) -> str:
    if _EMOTICON_GUARD_RE.search(s) is None:
        return s
    return _text.RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s)


def _is_abbreviation(t: str) -> bool:
    return (
        t in _text.ABBREVIATIONS
        or _text.RE_ABBR1.match(t) is not None
        or _text.RE_ABBR2.match(t) is not None
        or _text.RE_ABBR3.match(t) is not None
    )


_CACHE_LIMIT = 200_000
# Tokens of one whitespace-free chunk of text ("wasn't", "(great!)"): the tokenizer's steps
# before sentence splitting never look across whitespace, so each chunk can be done once.
_chunk_cache: dict[str, tuple[str, ...]] = {}
# Each sentence after the sarcasm "(!)" and emoticon rules, which only look inside a sentence.
_finished_cache: dict[str, str] = {}


def _split_token(t: str, tokens: list[str]) -> None:
    """Split leading and trailing punctuation off one token, as pattern does (appends to tokens)."""
    if t.isalnum():
        tokens.append(t)
        return
    tail: list[str] = []
    while t.startswith(_PUNCT) and t not in _REPLACE:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(_PUNCT_DOT) and t not in _REPLACE:
        if t.endswith(_PUNCT):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if _is_abbreviation(t):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))


def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    """Tokens of one whitespace-free chunk: contractions, quotes, then punctuation splitting."""
    string = chunk
    if "'" in string:
        for a, b in list(_REPLACE.items()):
            string = re.sub(a, b, string)
    tokens: list[str] = []
    for t in string.translate(_QUOTES).split():
        _split_token(t, tokens)
    return tuple(tokens)


def _raw_tokens(text: str) -> list[str]:
    """All tokens of text before sentence splitting."""
    if "\n\n" not in text and "\r" not in text:
        # No paragraph break, so no end-of-sentence marker: tokens are those of each chunk.
        tokens: list[str] = []
        cache = _chunk_cache
        for chunk in text.split():
            found = cache.get(chunk)
            if found is None:
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                found = cache[chunk] = _chunk_tokens(chunk)
            tokens += found
        return tokens
    string = text
    if "'" in string:
        for a, b in list(_REPLACE.items()):
            string = re.sub(a, b, string)
    string = string.translate(_QUOTES)
    string = string.replace("\r\n", "\n")
    string = _LINEBREAK_RE.sub(f" {_text.EOS} ", string)
    string = _SPACE_RE.sub(" ", string)
    tokens = []
    for t in _text.TOKEN.findall(string + " "):
        _split_token(t, tokens)
    return tokens


def find_tokens(*, text: str) -> list[str]:
    """Return sentences of space-separated tokens, exactly as TextBlob's tokenizer would.

    Same steps and regular expressions as textblob._text.find_tokens with its default
    arguments; it only skips work that cannot change the result (contraction rules when there
    is no apostrophe, punctuation splitting for purely alphanumeric tokens) and remembers the
    tokens of each whitespace-separated chunk, which no step before sentence splitting looks
    beyond when the text has no paragraph break.
    """
    tokens = _raw_tokens(text)
    # Sentences end at a run of closing tokens that starts with ".", "!", "?", "..." or a
    # paragraph break. (Quotes never extend the run: pattern counts them in a sentence that is
    # still empty at that point, so it always stops there.)
    sentences: list[list[str]] = []
    n = len(tokens)
    i = 0
    for end in [k for k, t in enumerate(tokens) if t in _SENTENCE_END]:
        if end < i:
            continue  # part of the previous run
        j = end
        while j < n and tokens[j] in _RUN_TOKENS:
            j += 1
        sentences.append([t for t in tokens[i:j] if t != _text.EOS])
        i = j
    sentences.append(tokens[i:])
    out = []
    finished = _finished_cache
    for sentence in sentences:
        if sentence:
            joined = " ".join(sentence)
            done = finished.get(joined)
            if done is None:
                done = _text.RE_SARCASM.sub("(!)", joined) if "!" in joined else joined
                done = _emoticons(done)
                if len(finished) >= _CACHE_LIMIT:
                    finished.clear()
                finished[joined] = done
            out.append(done)
    return out
