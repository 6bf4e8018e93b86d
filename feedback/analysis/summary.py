"""Per-theme summaries: counts, sentiment split, suppressed breakdowns and consented quotes."""

import heapq
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from feedback.analysis import embeddings, suppression
from feedback.analysis.campaigns import normalised_words
from feedback.analysis.stance import NONE as NO_STANCE
from feedback.analysis.stance import STANCES

SUPPRESSED = "suppressed"
DEFAULT_QUOTES = 3
MIN_QUOTE_WORDS = 4
MAX_QUOTE_SIMILARITY = 0.5
# Two quotes may not share a sentence of at least this many words (by this word overlap).
SUBSTANTIAL_SENTENCE_WORDS = 8
SAME_SENTENCE = 0.7
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_QUOTE_POOL = 300
# A theme's centre is the mean embedding of at most this many of its members (evenly spaced).
CENTRE_SAMPLE = 400
# How much a quote's distance from about 25 words counts against its closeness to the centre.
LENGTH_WEIGHT = 0.1


class Unit(NamedTuple):
    """One counted respondent (or one campaign group counted once) as seen by the summary.

    A named tuple rather than a dataclass: an analysis builds one per respondent, and a tuple
    is about twice as quick to make as a frozen dataclass.
    """

    response_id: str
    themes: Mapping[str, float]
    sentiment: str
    attributes: Mapping[str, str]
    consent_to_quote: bool
    quote_text: str
    quotable: bool = True
    stance: str = NO_STANCE


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotable, redacted response."""

    response_id: str
    text: str


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """Counts for one theme; breakdown cells below the threshold hold "suppressed"."""

    name: str
    count: int
    total: int
    share: float
    sentiment: Mapping[str, int]
    breakdowns: Mapping[str, Mapping[str, int | str]]
    quotes: tuple[Quote, ...]
    key_phrases: tuple[str, ...] = ()
    description: str = ""
    parent: str | None = None
    # Members by stance towards the proposal (support / oppose / mixed / none), so agreeing and
    # disagreeing answers are never reported as one undifferentiated theme.
    stance: Mapping[str, int] = field(default_factory=dict)

    @property
    def n_of_n(self) -> str:
        """Return the count as "n of N"."""
        return f"{self.count} of {self.total}"


def suppress_counts(
    *, counts: Mapping[str, int], threshold: int = suppression.THRESHOLD
) -> dict[str, int | str]:
    """Counts by key with every hidden cell (see `suppression.protect`) as "suppressed".

    Zero cells are left out. The rule itself (primary and secondary suppression) lives in
    `feedback.analysis.suppression`; this is the shape theme summaries keep.
    """
    table = suppression.protect({k: counts[k] for k in sorted(counts)}, threshold=threshold)
    return {
        key: SUPPRESSED if cell.hidden else cell.count for key, cell in table if cell.count != 0
    }


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def quote_candidates(*, units: Sequence[Unit], theme: str) -> list[Unit]:
    """The consented, quotable members of a theme that quotes are chosen from, best first.

    Best means the strongest tie to the theme, then about 25 words long, then response id;
    only the best few hundred are kept.
    """
    candidates = []
    for unit in units:
        if not (unit.consent_to_quote and unit.quotable and theme in unit.themes):
            continue
        n_words = len(unit.quote_text.split())
        if n_words < MIN_QUOTE_WORDS:
            continue
        candidates.append((-unit.themes[theme], _length_penalty(n_words), unit.response_id, unit))
    best = heapq.nsmallest(_QUOTE_POOL, candidates, key=lambda c: (c[0], c[1], c[2]))
    return [unit for _score, _penalty, _rid, unit in best]


def _length_penalty(n_words: int) -> float:
    return abs(n_words - 25) / 25


def typicality(*, texts: Sequence[str], typical_of: Sequence[str]) -> list[float] | None:
    """Cosine closeness of each text to the centre of typical_of (sentence embeddings).

    Returns None when the packaged embedding model is not installed (callers then keep their
    own order). Rounded so that the order never depends on the last bits of float arithmetic.
    """
    if not texts or not typical_of:
        return None
    try:
        vectors = embeddings.embed(list(texts) + list(typical_of))
    except embeddings.EmbeddingsUnavailable:
        return None
    centre = vectors[len(texts) :].astype(np.float64).mean(axis=0)
    norm = np.linalg.norm(centre)
    if norm == 0:
        return None
    closeness = vectors[: len(texts)].astype(np.float64) @ (centre / norm)
    return [round(float(x), 4) for x in closeness]


def choose_quotes(
    *,
    units: Sequence[Unit],
    theme: str,
    max_quotes: int = DEFAULT_QUOTES,
    typical_of: Sequence[str] = (),
) -> tuple[Quote, ...]:
    """Pick up to max_quotes (2-5) distinct, consented, redacted quotes that best fit the theme.

    typical_of: texts that show what the theme is about (its description, a sample of its
    members). When given, the candidates closest to their centre come first, so quotes are
    typical of the theme rather than merely tagged with it.
    """
    max_quotes = max(2, min(5, max_quotes))
    candidates = quote_candidates(units=units, theme=theme)
    closeness = typicality(texts=[u.quote_text for u in candidates], typical_of=typical_of)
    if closeness is not None:
        order = sorted(
            range(len(candidates)),
            key=lambda i: (
                -(
                    closeness[i]
                    - LENGTH_WEIGHT * _length_penalty(len(candidates[i].quote_text.split()))
                ),
                candidates[i].response_id,
            ),
        )
        candidates = [candidates[i] for i in order]
    chosen: list[tuple[Unit, set[str]]] = []
    said: list[set[str]] = []  # the substantial sentences of the quotes chosen so far
    for unit in candidates:
        words = set(normalised_words(text=unit.quote_text))
        if any(_jaccard(words, other) >= MAX_QUOTE_SIMILARITY for _u, other in chosen):
            continue
        sentences = _substantial_sentences(unit.quote_text)
        # Answers often repeat a sentence (shared wording, copied text): three quotes that each
        # say "A single referral route that GPs understand" read as one quote printed three
        # times, however different their other sentences are.
        if any(
            _jaccard(sentence, other) >= SAME_SENTENCE for sentence in sentences for other in said
        ):
            continue
        chosen.append((unit, words))
        said.extend(sentences)
        if len(chosen) == max_quotes:
            break
    return tuple(Quote(response_id=u.response_id, text=u.quote_text) for u, _w in chosen)


def _substantial_sentences(text: str) -> list[set[str]]:
    """The words of each sentence long enough to carry a point of its own (not "Thank you for
    listening." or "I have thought about this a lot.")."""
    sentences = []
    for sentence in _SENTENCE_END_RE.split(text):
        words = normalised_words(text=sentence)
        if len(words) >= SUBSTANTIAL_SENTENCE_WORDS:
            sentences.append(set(words))
    return sentences


def theme_centre_texts(*, members: Sequence[Unit], description: str = "") -> list[str]:
    """Texts whose mean embedding is the theme's centre: its description and a member sample."""
    step = max(1, len(members) // CENTRE_SAMPLE)
    sample = [u.quote_text for u in members[::step][:CENTRE_SAMPLE] if u.quotable]
    # The description (officer-written) weighs as much as the whole member sample.
    return [description] * max(1, len(sample)) + sample if description else sample


def summarise_theme(
    *,
    name: str,
    units: Sequence[Unit],
    members: Sequence[Unit] | None = None,
    breakdown_keys: Sequence[str] = (),
    max_quotes: int = DEFAULT_QUOTES,
    threshold: int = suppression.THRESHOLD,
    description: str = "",
) -> ThemeSummary:
    """Summarise one theme over all counted units (members: the units tagged with it, if known).

    Quotes are the consented members closest to the theme's centre (its description, if any,
    and a sample of its members).
    """
    if members is None:
        members = [u for u in units if name in u.themes]
    sentiment = Counter(u.sentiment for u in members)
    stance = Counter(u.stance for u in members)
    breakdowns: dict[str, dict[str, int | str]] = {}
    for key in sorted(breakdown_keys):
        counts = Counter(str(u.attributes.get(key, "") or "not given") for u in members)
        breakdowns[key] = suppress_counts(counts=counts, threshold=threshold)
    total = len(units)
    return ThemeSummary(
        name=name,
        count=len(members),
        total=total,
        share=round(len(members) / total, 4) if total else 0.0,
        sentiment={k: sentiment.get(k, 0) for k in ("positive", "neutral", "negative")},
        breakdowns=breakdowns,
        quotes=choose_quotes(
            units=members,
            theme=name,
            max_quotes=max_quotes,
            typical_of=theme_centre_texts(members=members, description=description),
        ),
        stance={k: stance.get(k, 0) for k in STANCES},
    )
