"""Redaction of personal details (emails, phones, NHS numbers, postcodes, names) from text."""

import re
from dataclasses import dataclass
from functools import cache

from feedback.analysis._data import word_set

# Placeholders written in place of personal details (not secrets).
PLACEHOLDERS = {
    "email": "[email]",
    "phone": "[phone]",
    "nhs_number": "[NHS number]",
    "postcode": "[postcode]",
    "name": "[name]",
}
EMAIL_TOKEN = PLACEHOLDERS["email"]
PHONE_TOKEN = PLACEHOLDERS["phone"]
NHS_TOKEN = PLACEHOLDERS["nhs_number"]
POSTCODE_TOKEN = PLACEHOLDERS["postcode"]
NAME_TOKEN = PLACEHOLDERS["name"]

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# Ten digits, optionally grouped 3-3-4 with spaces or dashes.
_NHS_RE = re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
# UK numbers: +44 / 0044 / 0 prefix, then 9-10 digits with optional spaces, dashes, brackets.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(0|0)(?:[\d][ \-)]{0,2}){8,11}\d(?!\d)"
)
_POSTCODE_RE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
_CAP_WORD = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_TITLE_RE = re.compile(
    r"\b(?P<lead>(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\.?|[Dd]octor|[Nn]urse|[Ss]ister|[Mm]atron"
    r"|[Mm]y (?:support |social |key )?worker|[Mm]y (?:care )?co-?ordinator"
    r"|[Mm]y (?:therapist|psychiatrist|counsellor|consultant|gp|GP)"
    r"|[Cc]alled|[Nn]amed)"
    rf"(?P<gap>,? +)(?P<name>{_CAP_WORD}(?: {_CAP_WORD})?)"
)
_WORD_RE = re.compile(rf"\b{_CAP_WORD}\b")
# Capitalised words that follow "called"/"named"/titles but are not names.
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "I",
        "It",
        "This",
        "That",
        "My",
        "Our",
        "Your",
        "His",
        "Her",
        "Their",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Reception",
        "Ward",
        "Team",
        "Services",
        "Service",
        "Hospital",
        "Surgery",
        "Crisis",
        "Mental",
        "Health",
        "Care",
        "Social",
        "Services",
        "Hello",
        "Back",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Again",
        "Out",
    ]
)


_DIGIT_RE = re.compile(r"\d")
_SURNAME_RE = re.compile(rf"\[name\] (?!(?:{'|'.join(sorted(_NOT_NAMES))})\b){_CAP_WORD}\b")


@dataclass(frozen=True, slots=True)
class Redaction:
    """Redacted text plus the sorted kinds of personal detail that were removed."""

    text: str
    kinds: tuple[str, ...]


def nhs_number_is_valid(*, digits: str) -> bool:
    """Return True if a 10-digit string passes the NHS number modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


@cache
def _first_names() -> frozenset[str]:
    return word_set("first_names.txt")


def _phone_ok(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    if digits.startswith("0044"):
        national = digits[4:]
    elif digits.startswith("44") and match.lstrip().startswith("+"):
        national = digits[2:]
    else:
        national = digits.removeprefix("0")
    national = national.removeprefix("0")
    return 9 <= len(national) <= 10 and national[0] in "12378"


def redact(*, text: str) -> Redaction:
    """Replace personal details in text with tokens like [email] and report what was found."""
    kinds: set[str] = set()

    def sub_email(m: re.Match[str]) -> str:
        kinds.add("email")
        return EMAIL_TOKEN

    def sub_nhs(m: re.Match[str]) -> str:
        if nhs_number_is_valid(digits="".join(m.groups())):
            kinds.add("nhs_number")
            return NHS_TOKEN
        return m.group(0)

    def sub_phone(m: re.Match[str]) -> str:
        raw = m.group(0)
        trail = raw[len(raw.rstrip(" -)")) :]
        if _phone_ok(raw):
            kinds.add("phone")
            return PHONE_TOKEN + trail
        return raw

    def sub_postcode(m: re.Match[str]) -> str:
        kinds.add("postcode")
        return POSTCODE_TOKEN

    def sub_title(m: re.Match[str]) -> str:
        words = m.group("name").split(" ")
        if words[0] in _NOT_NAMES:
            return m.group(0)
        kinds.add("name")
        keep = ""
        if len(words) > 1 and words[1] in _NOT_NAMES:
            keep = " " + words[1]
        return m.group("lead") + m.group("gap") + NAME_TOKEN + keep

    def sub_first_name(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.lower() in _first_names():
            kinds.add("name")
            return NAME_TOKEN
        return word

    out = text
    # Cheap guards first: most answers hold no digits and no "@", so skip those patterns.
    if "@" in out:
        out = _EMAIL_RE.sub(sub_email, out)
    if _DIGIT_RE.search(out):
        out = _NHS_RE.sub(sub_nhs, out)
        out = _PHONE_RE.sub(sub_phone, out)
        out = _POSTCODE_RE.sub(sub_postcode, out)
    out = _TITLE_RE.sub(sub_title, out)
    names = _first_names()
    if any(w.lower() in names for w in _WORD_RE.findall(out)):
        out = _WORD_RE.sub(sub_first_name, out)
    if "name" in kinds:
        # A surname straight after a redacted first name ("[name] Smith").
        out = _SURNAME_RE.sub(NAME_TOKEN, out)
    return Redaction(text=out, kinds=tuple(sorted(kinds)))
