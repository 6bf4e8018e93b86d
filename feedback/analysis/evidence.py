"""Evidence-rich answers: numbers, concrete examples and lived experience, to read first."""

import re

# Each kind of evidence is one pattern, matched case-insensitively on the (redacted) answer.
_NUMBER_WORDS = (
    r"(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty|fifty|a few|several|a couple of)"
)
_UNITS = (
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|times|miles?|km"
    r"|appointments?|sessions?|visits?|calls?|letters?|buses|trains|nights?)"
)
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "I waited 6 weeks", "two buses each way", "3 times", "45 minutes"; a bare quantity word
    # ("a day") is not evidence, so "a"/"an" only count with a time span of weeks or more.
    (
        "number",
        re.compile(
            rf"\b(?:\d+(?:[.,]\d+)?\s*(?:%|percent|per cent)|£\s?\d+|\d+(?:[.,]\d+)?\s*(?:pm|am)"
            rf"|(?!(?:a|an)\s+(?:minute|min|hour|hr|day|time|call|letter|visit|night)s?\b)"
            rf"{_NUMBER_WORDS}\s+{_UNITS})\b",
            re.IGNORECASE,
        ),
    ),
    # Something that happened to the writer or someone close to them.
    (
        "lived experience",
        re.compile(
            r"\b(?:when (?:i|we|my|our|he|she|they) (?:was|were|had|went|got|first|came|needed"
            r"|tried|asked|rang|phoned|called|moved)"
            r"|(?:i|we) (?:waited|was told|were told|was discharged|was sent|was referred|was seen"
            r"|was given|was left|rang|phoned|called|went|had to|tried|asked|spent|travelled"
            r"|traveled|ended up|lost|missed|gave up|have been waiting|had been)"
            r"|my (?:son|daughter|mum|mother|dad|father|husband|wife|partner|child|children|baby"
            r"|brother|sister|family|grandson|granddaughter|friend|carer|care coordinator|gp)"
            r" (?:was|were|had|has been|went|waited|needed|got|used|couldn't|could not))\b",
            re.IGNORECASE,
        ),
    ),
    # An explicit example or a dated incident.
    (
        "example",
        re.compile(
            r"\b(?:for example|for instance|e\.g\.|such as|last (?:week|month|year|time|winter"
            r"|summer)|(?:in|on|since|until) (?:january|february|march|april|june|july|august"
            r"|september|october|november|december|monday|tuesday|wednesday|thursday|friday"
            r"|saturday|sunday)|on one occasion|one time|every time|twice|three times)",
            re.IGNORECASE,
        ),
    ),
)


# Every match of a kind's pattern contains one of its gate words (or, for numbers, a digit), so
# a sentence without any is not searched: most sentences carry no evidence, and the plain word
# set is much cheaper than the patterns.
_GATES: tuple[frozenset[str], ...] = (
    frozenset(
        [
            "minute",
            "minutes",
            "min",
            "mins",
            "hour",
            "hours",
            "hr",
            "hrs",
            "day",
            "days",
            "week",
            "weeks",
            "wk",
            "wks",
            "month",
            "months",
            "year",
            "years",
            "yr",
            "yrs",
            "times",
            "mile",
            "miles",
            "km",
            "appointment",
            "appointments",
            "session",
            "sessions",
            "visit",
            "visits",
            "call",
            "calls",
            "letter",
            "letters",
            "buses",
            "trains",
            "night",
            "nights",
        ]
    ),
    frozenset({"i", "we", "my", "when"}),
    frozenset(
        [
            "example",
            "instance",
            "e",
            "such",
            "last",
            "in",
            "on",
            "since",
            "until",
            "one",
            "every",
            "twice",
            "three",
        ]
    ),
)
_WORD_RE = re.compile(r"[a-z]+")
_DIGIT_RE = re.compile(r"\d")

# Answers repeat sentences a lot (campaigns, copied text), so each sentence is checked once.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_CACHE_LIMIT = 200_000
_sentence_cache: dict[str, int] = {}


def _sentence_bits(sentence: str) -> int:
    bits = _sentence_cache.get(sentence)
    if bits is None:
        words = set(_WORD_RE.findall(sentence.lower()))
        bits = 0
        for i, ((_kind, pattern), gate) in enumerate(zip(_KINDS, _GATES, strict=True)):
            gated = words.isdisjoint(gate) and not (i == 0 and _DIGIT_RE.search(sentence))
            if not gated and pattern.search(sentence):
                bits |= 1 << i
        if len(_sentence_cache) >= _CACHE_LIMIT:
            _sentence_cache.clear()
        _sentence_cache[sentence] = bits
    return bits


def evidence_kinds(*, text: str) -> tuple[str, ...]:
    """Return the kinds of specific evidence in text ("number", "lived experience", "example").

    Every pattern stays inside a sentence, so the text is checked sentence by sentence.
    """
    bits = 0
    for sentence in _SENTENCE_END_RE.split(text):
        bits |= _sentence_bits(sentence)
    return tuple(kind for i, (kind, _pattern) in enumerate(_KINDS) if bits >> i & 1)


def is_evidence_rich(*, kinds: tuple[str, ...]) -> bool:
    """Return True when an answer carries any specific evidence (kinds from evidence_kinds)."""
    return bool(kinds)
