"""Quasi-identifiers in a quote (job and tenure, team size, named teams, ages, rare conditions)
for an officer to check before approving it, and the rule that an edit may only hide more."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

_NUMBER = (
    r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|a couple of|a few)"
)
_JOB = (
    r"(?:community psychiatric nurse|cpn|mental health nurse|nurse|ward manager|team manager"
    r"|team leader|manager|psychiatrist|consultant|psychologist|occupational therapist|ot"
    r"|social worker|care co-?ordinator|pharmacist|receptionist|administrator|admin(?:istrative)?"
    r" (?:officer|worker)|peer support worker|support worker|support time recovery worker"
    r"|healthcare assistant|hca|clinical lead|service manager|matron|doctor|gp|registrar"
    r"|therapist|counsellor|link worker|band [2-9][a-d]?)"
)
_STAFF = r"(?:staff|people|members|nurses|clinicians|workers|colleagues|of us|practitioners)"
_PLACE_NOUN = (
    r"(?:Team|Ward|Unit|Clinic|Centre|Center|Practice|Surgery|House|Hub|Service|Base|Lodge"
    r"|Court|Hospital|PCN)"
)
_RARE = (
    r"(?:huntington'?s|motor neurone disease|mnd|cystic fibrosis|tourette'?s|prader-willi"
    r"|ehlers-danlos|fragile x|narcolepsy|creutzfeldt-jakob|cjd|wilson'?s disease"
    r"|pandas|catatonia|dissociative identity disorder|early[- ]onset dementia"
    r"|young[- ]onset dementia|korsakoff'?s|rett syndrome|klinefelter|turner syndrome)"
)

# (kind, pattern, what the officer should check)
_PATTERNS = [
    (
        "tenure",
        re.compile(
            rf"\b(?:(?:worked|working|been|served)\b[^.?!]{{0,40}}?\bfor (?:over |nearly |almost "
            rf"|about |more than )?{_NUMBER}\+? years?|{_NUMBER} years'? (?:service|in post"
            rf"|in the (?:team|trust|job|role))|since (?:19|20)\d\d)",
            re.IGNORECASE,
        ),
        "Length of service: with a job title it can point to one person.",
    ),
    (
        "job_title",
        re.compile(
            rf"\b(?:i am|i'm|i have been|i've been|as) (?:an? |the )?(?:senior |lead |qualified )?"
            rf"{_JOB}\b",
            re.I,
        ),
        "Job title of the respondent.",
    ),
    (
        "team_size",
        re.compile(
            rf"\b(?:(?:only|just) {_NUMBER} {_STAFF}|team of (?:only |just )?{_NUMBER}"
            rf"|{_NUMBER} {_STAFF} (?:in|on) (?:the|our|my|a|this) team)\b",
            re.IGNORECASE,
        ),
        "Team size: a small team is easy to identify.",
    ),
    (
        "named_place",
        re.compile(
            rf"\b(?:[A-Z][\w'&-]+ )(?:[A-Z][\w'&-]+ ){{0,3}}{_PLACE_NOUN}\b"
            rf"|\b{_PLACE_NOUN} (?:[A-Z][\w'-]+)\b"
        ),
        "A named team, ward, clinic or place.",
    ),
    (
        "age",
        re.compile(
            r"\b(?:\d{1,3}[- ]?(?:years?|yrs?)[- ]old|aged \d{1,3}|i am \d{1,3}\b|i'm \d{1,3}\b"
            r"|in my (?:late |early |mid[- ])?(?:teens|twenties|thirties|forties|fifties|sixties"
            r"|seventies|eighties|[2-9]0s))",
            re.IGNORECASE,
        ),
        "Age of the respondent or someone they mention.",
    ),
    (
        "rare_condition",
        re.compile(
            rf"\b(?:{_RARE}|rare (?:condition|disease|disorder|syndrome|illness)"
            rf"|[A-Z][a-z]+(?:-[A-Z][a-z]+)?'s (?:disease|syndrome))",
            re.IGNORECASE,
        ),
        "A rare condition can identify a patient or their carer.",
    ),
    (
        "few_staff",
        re.compile(
            rf"\b(?:the only (?:{_JOB}|one|person)|the sole {_JOB}|one of (?:only )?(?:two|three"
            rf"|four|2|3|4) {_JOB}s?|(?:only|just) (?:one|two|three|1|2|3) {_JOB}s?)\b",
            re.IGNORECASE,
        ),
        "A service with very few staff: anyone in it may be recognised.",
    ),
]
KINDS = tuple(kind for kind, _pattern, _hint in _PATTERNS)
LABELS = {
    "tenure": "length of service",
    "job_title": "job title",
    "job_with_tenure": "job title with length of service",
    "team_size": "team size",
    "named_place": "named team, ward or place",
    "age": "age",
    "rare_condition": "rare condition",
    "few_staff": "service with few staff",
    "known_place": "named place in the consultation area",
}


@dataclass(frozen=True, slots=True)
class Flag:
    """One span of a quote that may identify someone, for an officer to check."""

    kind: str
    text: str
    start: int
    end: int
    hint: str

    @property
    def label(self) -> str:
        """A short name for the kind of detail."""
        return LABELS.get(self.kind, self.kind)


def flag_identifiers(*, text: str, places: Iterable[str] = ()) -> list[Flag]:
    """Spans of `text` an officer should check before the quote is published, in text order.

    `places` are names the platform knows (wards, localities, teams); any of them named in
    the text is flagged. A job title together with a length of service is flagged as one
    stronger flag ("I am a community psychiatric nurse and have worked here for 20 years").
    """
    flags: list[Flag] = []
    for kind, pattern, hint in _PATTERNS:
        for match in pattern.finditer(text):
            flags.append(Flag(kind, match.group(0), match.start(), match.end(), hint))
    for place in sorted({p for p in places if p and len(p) > 2}):
        for match in re.finditer(rf"\b{re.escape(place)}\b", text, re.IGNORECASE):
            flags.append(
                Flag(
                    "known_place",
                    match.group(0),
                    match.start(),
                    match.end(),
                    "A place in the consultation area: with other details it narrows who wrote it.",
                )
            )
    kinds = {flag.kind for flag in flags}
    if {"tenure", "job_title"} <= kinds:
        job = next(f for f in flags if f.kind == "job_title")
        tenure = next(f for f in flags if f.kind == "tenure")
        flags.append(
            Flag(
                "job_with_tenure",
                text[min(job.start, tenure.start) : max(job.end, tenure.end)],
                min(job.start, tenure.start),
                max(job.end, tenure.end),
                "Job title with length of service: often enough to name the person.",
            )
        )
    flags.sort(key=lambda flag: (flag.start, -flag.end, flag.kind))
    return flags


# An officer hides words with a placeholder such as [redacted], [team] or an ellipsis.
_PLACEHOLDER_RE = re.compile(r"\[[^\]\[]{1,30}\]|\.\.\.|…")
_WORD_RE = re.compile(r"[\w'’-]+")


def _words(text: str) -> list[str]:
    return [word.lower().replace("’", "'") for word in _WORD_RE.findall(text)]


def reveals_more(*, original: str, edited: str) -> bool:
    """True when an edited quote shows anything the original (redacted) quote did not.

    An edit may only take words away (or put a placeholder such as "[team]" or "..." in their
    place): the words left must be the original's, in the original's order, and a placeholder
    of the original (such as "[name]") may not be replaced by words.
    """
    original_words = _words(_PLACEHOLDER_RE.sub(" ", original))
    edited_words = _words(_PLACEHOLDER_RE.sub(" ", edited))
    remaining = iter(original_words)
    # Each edited word must be found, in order, among the original's words.
    return not all(word in remaining for word in edited_words)
