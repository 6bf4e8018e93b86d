"""End-to-end analysis: per-batch processing, a cheap merge step, and a parallel driver."""

import functools
import gc
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from itertools import chain
from multiprocessing import get_all_start_methods, get_context
from operator import attrgetter
from typing import NamedTuple

from feedback.analysis import campaigns as campaigns_mod
from feedback.analysis.clean import is_non_answer, normalise_text
from feedback.analysis.coding import Codebook, Matcher, parse_codebook
from feedback.analysis.discovery import (
    DEFAULT_MAX_THEMES,
    DiscoveredTheme,
    Discovery,
    discover_themes,
)
from feedback.analysis.evidence import evidence_kinds, is_evidence_rich
from feedback.analysis.phrases import phrases_from_sentences, rank_phrases
from feedback.analysis.redact import redact
from feedback.analysis.semantic import ThemeScorer
from feedback.analysis.sentiment import says_nothing_to_improve, score_tokens, tokenize
from feedback.analysis.stance import NONE as NO_STANCE
from feedback.analysis.stance import stance_of
from feedback.analysis.summary import DEFAULT_QUOTES, ThemeSummary, Unit, summarise_theme
from feedback.analysis.words import _stem, topic_stopwords

DEFAULT_BATCH_SIZE = 2000
PARALLEL_MIN_RESPONSES = 4000
MAX_KEY_PHRASES = 5
MAX_STORED_PHRASES = 12


@dataclass(frozen=True, slots=True)
class Response:
    """One consultation response as handed to the analysis."""

    id: str
    text: str
    question: str | None = None
    consent_to_quote: bool = False
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ResponseAnalysis:
    """Output of the per-batch step for one response (independent of all other responses)."""

    id: str
    non_answer: bool
    redacted_text: str
    redaction_kinds: tuple[str, ...]
    base_polarity: float
    polarity: float
    sentiment: str
    sentiment_phrases: tuple[str, ...]
    phrases: tuple[str, ...]
    stems: tuple[str, ...]
    coded_themes: tuple[tuple[str, float], ...]
    text_hash: str
    minhash: bytes
    # Added later; defaults keep analyses stored before them loadable.
    evidence: tuple[str, ...] = ()
    stance: str = NO_STANCE

    def to_dict(self) -> dict:
        """Return a JSON-serialisable dict (minhash as hex) for storing between task steps."""
        data = asdict(self)
        data["minhash"] = self.minhash.hex()
        return data

    @classmethod
    def from_dict(cls, *, data: Mapping) -> "ResponseAnalysis":
        """Rebuild from to_dict() output."""
        values = dict(data)
        values["minhash"] = bytes.fromhex(values.get("minhash", ""))
        for key in ("redaction_kinds", "sentiment_phrases", "phrases", "stems", "evidence"):
            if key not in values:
                continue
            values[key] = tuple(values[key])
        values["coded_themes"] = tuple((str(n), float(s)) for n, s in values["coded_themes"])
        return cls(**values)


class ResponseResult(NamedTuple):
    """Final per-response result (a named tuple: an analysis makes one per response, and a
    tuple is about twice as quick to make as a frozen dataclass)."""

    id: str
    themes: tuple[tuple[str, float], ...]
    primary_theme: str
    sentiment: str
    polarity: float
    base_polarity: float
    key_phrases: tuple[str, ...]
    campaign_group: str
    non_answer: bool
    redacted_text: str
    evidence: tuple[str, ...] = ()  # kinds of specific evidence (evidence.evidence_kinds)
    evidence_rich: bool = False  # read these first (evidence.is_evidence_rich)
    stance: str = NO_STANCE  # support / oppose / mixed / none (stance.stance_of)


@dataclass(frozen=True, slots=True)
class CampaignSummary:
    """A campaign / near-duplicate group, counted once for theming."""

    group_id: str
    size: int
    representative_text: str
    response_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    """Everything the report needs."""

    mode: str
    responses: tuple[ResponseResult, ...]
    themes: tuple[ThemeSummary, ...]
    discovered: tuple[DiscoveredTheme, ...]
    campaigns: tuple[CampaignSummary, ...]
    total_responses: int
    non_answers: int
    counted_units: int
    unthemed: int

    def to_dict(self) -> dict:
        """Return a JSON-serialisable dict."""
        data = asdict(replace(self, responses=()))
        data["responses"] = [response._asdict() for response in self.responses]
        for theme, summary in zip(data["themes"], self.themes, strict=True):
            theme["n_of_n"] = summary.n_of_n
        return data

    def to_json(self) -> str:
        """Return deterministic, pretty JSON."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)


def _cycle_collector_paused(function):
    """Run function with Python's cyclic garbage collector paused (restored afterwards).

    An analysis makes millions of small objects (tuples, strings) that hold no reference
    cycles and live until it ends. The collector would walk them over and over and free
    nothing: a seventh of the run time for 100,000 answers. Reference counting frees memory as
    usual meanwhile; any cycles wait until the collector resumes. Forked workers inherit the
    pause, which also keeps the collector from touching (and so copying) shared pages.
    """

    @functools.wraps(function)
    def paused(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


def coerce_response(*, item: "Response | Mapping") -> Response:
    """Accept a Response or a dict with id, text and optional question/consent/attributes."""
    if isinstance(item, Response):
        return item
    attributes = item.get("attributes") or {}
    return Response(
        id=str(item["id"]),
        text=str(item.get("text") or ""),
        question=item.get("question") or None,
        consent_to_quote=bool(item.get("consent_to_quote", False)),
        attributes={str(k): str(v) for k, v in sorted(attributes.items())},
    )


def _coerce_codebook(codebook: "Codebook | Mapping | None") -> Codebook | None:
    if codebook is None or isinstance(codebook, Codebook):
        return codebook
    return parse_codebook(data=codebook)


Examples = Sequence[tuple[str, str]]
# (codebook, confirmed examples, removals): the analysts' decisions are part of the key.
_ScorerKey = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]
_scorers: dict[_ScorerKey, ThemeScorer] = {}


def theme_scorer(
    *, codebook: Codebook, examples: Examples = (), rejected: Examples = ()
) -> ThemeScorer:
    """Return the (cached) scorer for a codebook and analysts' decisions (text, theme name).

    examples are answers an analyst confirmed for a theme, rejected the ones they removed a
    theme from; both are part of the cache key.
    """
    key = (repr(codebook), tuple(sorted(set(examples))), tuple(sorted(set(rejected))))
    scorer = _scorers.get(key)
    if scorer is None:
        if len(_scorers) >= 4:
            _scorers.clear()
        scorer = _scorers[key] = ThemeScorer(codebook=codebook, examples=key[1], rejected=key[2])
    return scorer


@_cycle_collector_paused
def process_batch(
    *,
    responses: Iterable["Response | Mapping"],
    codebook: "Codebook | Mapping | None" = None,
    examples: Examples = (),
    rejected: Examples = (),
) -> list[ResponseAnalysis]:
    """Clean, redact, score, extract phrases and code one batch; safe to run in any worker.

    With a codebook, each answer is tagged with every theme that fits and a confidence in
    [0, 1]; examples are answers an analyst confirmed, as (text, theme name) pairs, and
    rejected are answers an analyst removed a theme from (answers like them lose that theme).
    """
    items = [coerce_response(item=r) for r in responses]
    book = _coerce_codebook(codebook)
    matcher = Matcher(codebook=book) if book is not None else None
    texts = [normalise_text(text=r.text) for r in items]
    prints = campaigns_mod.fingerprints(texts=texts)
    memo: dict[tuple[str, str | None], tuple] = {}
    for item, text in zip(items, texts, strict=True):
        key = (text, item.question)
        if key not in memo:
            memo[key] = _analyse_text(text, item.question, matcher)
    if book is not None:
        # The keyword scores sit at _CODED until here; all answers are scored at once.
        keys = list(memo)
        tags = theme_scorer(codebook=book, examples=examples, rejected=rejected).tags(
            texts=[text for text, _question in keys],
            keyword_scores=[memo[key][_CODED] for key in keys],
        )
        for key, coded in zip(keys, tags, strict=True):
            values = memo[key]
            memo[key] = (*values[:_CODED], coded, *values[_CODED + 1 :])
    out = []
    for item, text, fp in zip(items, texts, prints, strict=True):
        values = memo[(text, item.question)]
        # evidence and stance were added after text_hash and minhash (see ResponseAnalysis).
        out.append(ResponseAnalysis(item.id, *values[:-2], fp.text_hash, fp.minhash, *values[-2:]))
    return out


# Where the coding-frame scores sit in what _analyse_text returns (evidence and stance follow).
_CODED = -3
_SENTENCE_CACHE_LIMIT = 200_000
_stems_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _sentence_stems(sentence: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Stems of a sentence's words, and of its content words (cached per sentence)."""
    found = _stems_cache.get(sentence)
    if found is None:
        words = [w for w in sentence.lower().split() if w.isalpha()]
        all_stems = tuple(_stem(w) for w in words)
        stop = topic_stopwords()
        content = tuple(
            s for w, s in zip(words, all_stems, strict=True) if w not in stop and len(w) > 1
        )
        if len(_stems_cache) >= _SENTENCE_CACHE_LIMIT:
            _stems_cache.clear()
        found = _stems_cache[sentence] = (all_stems, content)
    return found


def _stems_of(sentences: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    """All the stems of an answer's sentences, and its content stems, in order."""
    all_stems: list[str] = []
    content_stems: list[str] = []
    for sentence in sentences:
        sentence_stems, sentence_content = _sentence_stems(sentence)
        all_stems += sentence_stems
        content_stems += sentence_content
    return all_stems, tuple(content_stems)


def code_batch(
    *,
    responses: Iterable["Response | Mapping"],
    codebook: "Codebook | Mapping",
    examples: Examples = (),
    rejected: Examples = (),
) -> list[tuple[str, bool, tuple[tuple[str, float], ...]]]:
    """(id, non_answer, coded themes) per response: only the coding-frame part of process_batch.

    The same tags process_batch gives (same keyword scores, same scorer), without sentiment,
    redaction, phrases, evidence or stance, for previews that must be quick.
    """
    items = [coerce_response(item=r) for r in responses]
    book = _coerce_codebook(codebook)
    matcher = Matcher(codebook=book)
    texts = [normalise_text(text=r.text) for r in items]
    unique = list(dict.fromkeys(texts))
    keyword_scores = []
    for text in unique:
        all_stems, content = _stems_of(tokenize(text=text) if text else [])
        keyword_scores.append(matcher.keyword_scores(all_stems=all_stems, content=content))
    tags = theme_scorer(codebook=book, examples=examples, rejected=rejected).tags(
        texts=unique, keyword_scores=keyword_scores
    )
    coded = dict(zip(unique, tags, strict=True))
    return [
        (item.id, is_non_answer(text=text), coded[text])
        for item, text in zip(items, texts, strict=True)
    ]


def _analyse_text(text: str, question: str | None, matcher: Matcher | None) -> tuple:
    non_answer = is_non_answer(text=text)
    redaction = redact(text=text)
    sentences = tokenize(text=text) if text else []
    # Sentiment, phrases and stems are worked out once per distinct sentence (answers repeat
    # sentences a lot) and joined up per answer; the results equal doing each answer whole.
    sentiment = score_tokens(sentences=sentences, text=text, question=question)
    phrases = tuple(dict.fromkeys(phrases_from_sentences(sentences=sentences)))[:MAX_STORED_PHRASES]
    all_stems, content = _stems_of(sentences)
    coded: tuple = ()
    if matcher is not None:
        coded = matcher.keyword_scores(all_stems=all_stems, content=content)
    return (
        non_answer,
        redaction.text,
        redaction.kinds,
        sentiment.base_polarity,
        sentiment.polarity,
        sentiment.label,
        sentiment.phrases,
        phrases,
        content,
        coded,
        evidence_kinds(text=text),
        stance_of(text=text, question=question),
    )


def _process_chunk(
    args: tuple[list[Response], Codebook | None, Examples, Examples],
) -> list[ResponseAnalysis]:
    responses, codebook, examples, rejected = args
    return process_batch(
        responses=responses, codebook=codebook, examples=examples, rejected=rejected
    )


# What forked pool workers work on: they inherit it, so only (start, end) goes to a worker, and
# plain tuples (much quicker to pickle than dataclasses) come back.
_pool_input: tuple[list[Response], Codebook | None, Examples, Examples] | None = None
_as_tuple = attrgetter(*ResponseAnalysis.__slots__)


def _process_range(bounds: tuple[int, int]) -> list[tuple]:
    items, codebook, examples, rejected = _pool_input  # type: ignore[misc]
    start, end = bounds
    found = process_batch(
        responses=items[start:end], codebook=codebook, examples=examples, rejected=rejected
    )
    return [_as_tuple(a) for a in found]


def _surface_forms(phrase_counts: Mapping[str, int]) -> dict[str, str]:
    counts: Counter[tuple[str, str]] = Counter()
    for phrase, n in phrase_counts.items():
        for word in phrase.split():
            counts[(_stem(word), word)] += n
    best: dict[str, tuple[int, str]] = {}
    for (s, word), n in counts.items():
        if s not in best or (-n, word) < (-best[s][0], best[s][1]):
            best[s] = (n, word)
    return {s: w for s, (_n, w) in best.items()}


@_cycle_collector_paused
def merge_batches(
    *,
    responses: Sequence["Response | Mapping"],
    analyses: Sequence[ResponseAnalysis],
    codebook: "Codebook | Mapping | None" = None,
    max_themes: int = DEFAULT_MAX_THEMES,
    max_quotes: int = DEFAULT_QUOTES,
) -> AnalysisResult:
    """Combine per-batch outputs (in input order): campaigns, themes, summaries."""
    return _merge(
        responses=responses,
        analyses=analyses,
        codebook=codebook,
        max_themes=max_themes,
        max_quotes=max_quotes,
        start_discovery=_discover_here,
    )


# Discovery inputs for a forked child: it inherits them, so nothing large is pickled.
_discovery_input: dict | None = None


def _discovery_kwargs(analyses, unit_idx, phrase_df, max_themes) -> dict:
    return {
        "stems": [analyses[i].stems for i in unit_idx],
        "phrases": [analyses[i].phrases for i in unit_idx],
        "signals": [_signals(analyses[i]) for i in unit_idx],
        "surface": _surface_forms(phrase_df),
        "max_themes": max_themes,
    }


def _discover_here(analyses, unit_idx, phrase_df, max_themes) -> Callable[[], Discovery]:
    found = discover_themes(**_discovery_kwargs(analyses, unit_idx, phrase_df, max_themes))
    return lambda: found


def _discover_child() -> Discovery:
    return discover_themes(**_discovery_kwargs(**_discovery_input))  # type: ignore[arg-type]


def _discover_in_child(analyses, unit_idx, phrase_df, max_themes) -> Callable[[], Discovery]:
    """Run discovery in a forked process while the caller gets on with the rest of the merge."""
    global _discovery_input
    _discovery_input = {
        "analyses": analyses,
        "unit_idx": unit_idx,
        "phrase_df": phrase_df,
        "max_themes": max_themes,
    }
    pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"))
    try:
        future = pool.submit(_discover_child)  # the child is forked here, with the inputs
    finally:
        _discovery_input = None

    def wait() -> Discovery:
        try:
            return future.result()
        finally:
            pool.shutdown()

    return wait


def _merge(
    *,
    responses: Sequence["Response | Mapping"],
    analyses: Sequence[ResponseAnalysis],
    codebook: "Codebook | Mapping | None",
    max_themes: int,
    max_quotes: int,
    start_discovery: Callable[..., Callable[[], Discovery]],
) -> AnalysisResult:
    items = [coerce_response(item=r) for r in responses]
    if len(items) != len(analyses):
        raise ValueError("responses and analyses must have the same length")
    book = _coerce_codebook(codebook)
    groups = campaigns_mod.group_campaigns(
        prints=[campaigns_mod.Fingerprint(a.text_hash, a.minhash) for a in analyses]
    )
    group_of: dict[int, campaigns_mod.CampaignGroup] = {}
    for g in groups:
        for i in g.member_indexes:
            group_of[i] = g
    # Phrases are unique per response, so this counts the responses that use each phrase.
    phrase_df = Counter(chain.from_iterable(a.phrases for a in analyses))
    include_na = {t.name for t in book.themes if t.include_non_answers} if book else set()
    themes_per: list[tuple[tuple[str, float], ...]] = []
    discovered: tuple[DiscoveredTheme, ...] = ()
    if book is not None:
        matcher = Matcher(codebook=book)
        for a in analyses:
            coded = a.coded_themes
            if a.non_answer:
                coded = tuple(t for t in coded if t[0] in include_na)
            elif not coded:
                fallback = matcher.fallback_for(sentiment=a.sentiment)
                coded = ((fallback, 0.0),) if fallback else ()
            themes_per.append(coded)
    else:
        unit_idx = [
            i
            for i, a in enumerate(analyses)
            if not a.non_answer and (i not in group_of or group_of[i].representative_index == i)
        ]
        wait_for_discovery = start_discovery(analyses, unit_idx, phrase_df, max_themes)
    # Work that does not depend on the themes (done while discovery may run elsewhere).
    key_phrases_per = []
    for a in analyses:
        # Phrases other people also used come first, each group in reading order.
        shared = [p for p in a.phrases if phrase_df[p] >= 2]
        key_phrases_per.append(
            tuple((shared + [p for p in a.phrases if phrase_df[p] < 2])[:MAX_KEY_PHRASES])
        )
    breakdown_keys = sorted({k for item in items for k in item.attributes})
    campaign_summaries = tuple(
        CampaignSummary(
            group_id=g.group_id,
            size=g.size,
            representative_text=analyses[g.representative_index].redacted_text,
            response_ids=tuple(items[i].id for i in g.member_indexes),
        )
        for g in groups
    )
    if book is None:
        found = wait_for_discovery()
        discovered = tuple(
            replace(t, typical_ids=tuple(items[unit_idx[j]].id for j in t.typical_indexes))
            for t in found.themes
        )
        per_unit = {
            i: tuple((found.themes[j].name, w) for j, w in assigned)
            for i, assigned in zip(unit_idx, found.assignments, strict=True)
        }
        for i, _a in enumerate(analyses):
            source = group_of[i].representative_index if i in group_of else i
            themes_per.append(per_unit.get(source, ()))
    campaign_of = {i: g.group_id for g in groups for i in g.member_indexes}
    # Positional arguments: these are built once per response, and keywords cost a third more.
    results = [
        ResponseResult(
            item.id,
            themes,
            themes[0][0] if themes else "",  # primary_theme
            a.sentiment,
            a.polarity,
            a.base_polarity,
            key_phrases,
            campaign_of.get(i, ""),  # campaign_group
            a.non_answer,
            a.redacted_text,
            a.evidence,
            is_evidence_rich(kinds=a.evidence),
            a.stance,
        )
        for i, (item, a, themes, key_phrases) in enumerate(
            zip(items, analyses, themes_per, key_phrases_per, strict=True)
        )
    ]
    units = []
    for i, (item, a, themes) in enumerate(zip(items, analyses, themes_per, strict=True)):
        if a.non_answer and not themes:
            continue
        g = group_of.get(i)
        if g is not None and g.representative_index != i:
            continue
        units.append(
            Unit(
                item.id,
                dict(themes),
                a.sentiment,
                item.attributes,
                item.consent_to_quote and g is None,  # consent_to_quote
                a.redacted_text,  # quote_text
                not a.non_answer,  # quotable
                a.stance,
            )
        )
    if book is not None:
        theme_defs = [(t.name, t.description, t.parent, ()) for t in book.themes]
    else:
        theme_defs = [(t.name, "", None, t.key_phrases) for t in discovered]
    phrases_by_theme: dict[str, list[tuple[str, ...]]] = {}
    for i, r in enumerate(results):
        if r.primary_theme:
            phrases_by_theme.setdefault(r.primary_theme, []).append(analyses[i].phrases)
    members_by_theme: dict[str, list[Unit]] = {}
    for unit in units:
        for theme_name in unit.themes:
            members_by_theme.setdefault(theme_name, []).append(unit)
    summaries = []
    for name, description, parent, key_phrases in theme_defs:
        s = summarise_theme(
            name=name,
            units=units,
            members=members_by_theme.get(name, []),
            breakdown_keys=breakdown_keys,
            max_quotes=max_quotes,
            description=f"{name}: {description}" if description else "",
        )
        if not key_phrases:
            # Phrases that set the theme apart from all answers, not merely its most common ones.
            ranked = rank_phrases(
                documents=phrases_by_theme.get(name, []),
                background_df=phrase_df,
                background_size=len(analyses),
                top_n=MAX_KEY_PHRASES,
            )
            key_phrases = tuple(p for p, _score in ranked)
        summaries.append(
            ThemeSummary(
                name=s.name,
                count=s.count,
                total=s.total,
                share=s.share,
                sentiment=s.sentiment,
                breakdowns=s.breakdowns,
                quotes=s.quotes,
                key_phrases=tuple(key_phrases),
                description=description,
                parent=parent,
                stance=s.stance,
            )
        )
    return AnalysisResult(
        mode="codebook" if book is not None else "discovery",
        responses=tuple(results),
        themes=tuple(summaries),
        discovered=discovered,
        campaigns=campaign_summaries,
        total_responses=len(items),
        non_answers=sum(1 for a in analyses if a.non_answer),
        counted_units=len(units),
        unthemed=sum(1 for u in units if not u.themes),
    )


def _signals(a: ResponseAnalysis) -> tuple[str, ...]:
    # Extra discovery features: saying "nothing to improve" is a theme in its own right.
    if says_nothing_to_improve(phrases=a.sentiment_phrases):
        return ("NOTHING_TO_IMPROVE", "NOTHING_TO_IMPROVE")
    return ()


def warm_up() -> None:
    """Load TextBlob's lexicons and the package data files (idempotent)."""
    process_batch(responses=[Response(id="warm-up", text="Good staff, long wait.")])


def split_batches(*, responses: Sequence, batch_size: int = DEFAULT_BATCH_SIZE) -> list[list]:
    """Split responses into fixed, order-preserving batches."""
    return [list(responses[i : i + batch_size]) for i in range(0, len(responses), batch_size)]


@_cycle_collector_paused
def analyse(
    *,
    responses: Iterable["Response | Mapping"],
    codebook: "Codebook | Mapping | None" = None,
    examples: Examples = (),
    rejected: Examples = (),
    max_themes: int = DEFAULT_MAX_THEMES,
    workers: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_quotes: int = DEFAULT_QUOTES,
) -> AnalysisResult:
    """Analyse all responses; large inputs are split into fixed batches over worker processes.

    examples: answers an analyst confirmed, as (text, theme name) pairs; used with a codebook.
    rejected: answers an analyst removed a theme from, as (text, theme name) pairs.
    """
    global _pool_input
    items = [coerce_response(item=r) for r in responses]
    book = _coerce_codebook(codebook)
    if book is not None:
        theme_scorer(
            codebook=book, examples=examples, rejected=rejected
        )  # built once, before workers fork
    # Identical answers (campaigns, copied text) are analysed once: the per-response step
    # depends only on the text and the question, so each copy gets the same values.
    first_of: dict[tuple[str, str | None], int] = {}
    unique: list[Response] = []
    copy_of: list[int] = []
    for item in items:
        key = (item.text, item.question)
        j = first_of.get(key)
        if j is None:
            j = first_of[key] = len(unique)
            unique.append(item)
        copy_of.append(j)
    if workers is None:
        workers = (os.cpu_count() or 1) if len(unique) >= PARALLEL_MIN_RESPONSES else 1
    bounds = [(i, min(i + batch_size, len(unique))) for i in range(0, len(unique), batch_size)]
    done: list[ResponseAnalysis] = []  # one per unique answer, in order
    if workers > 1 and len(bounds) > 1:
        warm_up()  # load lexicons once in the parent so forked workers share them
        forked = "fork" in get_all_start_methods()
        context = get_context("fork" if forked else None)
        pool = ProcessPoolExecutor(max_workers=min(workers, len(bounds)), mp_context=context)
        if forked:
            _pool_input = (
                unique,
                book,
                examples,
                rejected,
            )  # set before the workers are forked (first submit)
        try:
            if forked:
                for part in pool.map(_process_range, bounds):
                    done += [ResponseAnalysis(*values) for values in part]
            else:
                batches = [(unique[start:end], book, examples, rejected) for start, end in bounds]
                for part in pool.map(_process_chunk, batches):
                    done += part
        finally:
            pool.shutdown()
            _pool_input = None
    else:
        for start, end in bounds:
            done += process_batch(
                responses=unique[start:end], codebook=book, examples=examples, rejected=rejected
            )
    analyses = [
        done[j] if done[j].id == item.id else replace(done[j], id=item.id)
        for item, j in zip(items, copy_of, strict=True)
    ]
    parallel = workers > 1 and len(bounds) > 1 and "fork" in get_all_start_methods()
    return _merge(
        responses=items,
        analyses=analyses,
        codebook=book,
        max_themes=max_themes,
        max_quotes=max_quotes,
        start_discovery=_discover_in_child if parallel else _discover_here,
    )
