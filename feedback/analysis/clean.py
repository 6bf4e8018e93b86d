"""Text normalisation and detection of answers that say nothing (non-answers)."""

import re
import unicodedata
from functools import cache

from feedback.analysis._data import read_lines

# Runs of spaces and tabs become one space; a lone space is left alone (replacing it with itself
# for every word was most of the cost).
_SPACE_RE = re.compile(r"[ \t\f\v\u00a0]{2,}|[\t\f\v\u00a0]")
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")
_NON_WORD_RE = re.compile(r"[^\w]+")
_KEEP_CONTROL = {"\n", "\t"}
_MAX_NON_ANSWER_CHARS = 80


def normalise_text(*, text: str | None) -> str:
    """Return text in NFKC form with control characters removed and whitespace tidied."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.replace("\n", " ").replace("\t", " ").isprintable():
        # Slow path only when something unprintable is present (isprintable() is C-fast).
        text = "".join(
            ch
            for ch in text
            if ch in _KEEP_CONTROL or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
        )
    text = _BLANK_LINES_RE.sub("\n\n", text)
    lines = [_SPACE_RE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def _key(text: str) -> str:
    """Return the comparison key for non-answer matching: lowercase words only."""
    return " ".join(_NON_WORD_RE.sub(" ", text.lower().replace("'", "")).split())


@cache
def _non_answer_keys() -> frozenset[str]:
    return frozenset(_key(line) for line in read_lines("non_answers.txt"))


def is_non_answer(*, text: str) -> bool:
    """Return True when the whole answer is a non-answer such as "n/a", "none" or "see above"."""
    if len(text) > _MAX_NON_ANSWER_CHARS:
        return False  # every listed non-answer is short; skip the work for real answers
    key = _key(normalise_text(text=text))
    if not key:
        return True
    if key in _non_answer_keys():
        return True
    # Runs of one repeated filler character ("xxxx", "....") or a lone letter.
    return len(set(key.replace(" ", ""))) == 1 and len(key) <= 6 and not key.isdigit()
