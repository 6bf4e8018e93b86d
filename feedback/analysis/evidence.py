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


def evidence_kinds(*, text: str) -> tuple[str, ...]:
    """Return the kinds of specific evidence in text ("number", "lived experience", "example")."""
    return tuple(kind for kind, pattern in _KINDS if pattern.search(text))


def is_evidence_rich(*, kinds: tuple[str, ...]) -> bool:
    """Return True when an answer carries any specific evidence (kinds from evidence_kinds)."""
    return bool(kinds)
