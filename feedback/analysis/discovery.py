"""Theme discovery: propose named themes from the text with TF-IDF features and NMF."""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from feedback.analysis._data import word_set
from feedback.analysis.phrases import document_frequencies, rank_phrases
from feedback.analysis.words import stem

DEFAULT_MAX_THEMES = 12
GENERAL_SHARE = 0.4
# What such a theme is called: "General comments (appointment / talking therapy session)".
GENERAL_NAME = "General comments"
OVERFIT = 1.5  # fit this many times more topics, then merge overlapping ones
POSITION_DECAY = 4.0
MAX_POSITION = 12
SECONDARY_SHARE = 0.5
RANDOM_STATE = 0
MAX_FEATURES = 20_000
TYPICAL_RESPONSES = 3
FIT_SAMPLE = 15_000


@dataclass(frozen=True, slots=True)
class DiscoveredTheme:
    """A proposed theme: readable name, key phrases, size and most typical documents."""

    name: str
    key_phrases: tuple[str, ...]
    top_terms: tuple[str, ...]
    size: int
    typical_indexes: tuple[int, ...]
    typical_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Discovery:
    """Discovered themes plus each document's scores (theme index -> weight), best first."""

    themes: tuple[DiscoveredTheme, ...]
    assignments: tuple[tuple[tuple[int, float], ...], ...]


def is_general(name: str) -> bool:
    """True for the name discovery gives a theme that is a mix of topics (see GENERAL_SHARE):
    its key phrases come from several topics, so none of them says what it is about."""
    return name.startswith(f"{GENERAL_NAME} (")


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


@cache
def _evaluative() -> frozenset[str]:
    return frozenset(stem(word=w) for w in word_set("evaluative_words.txt"))


def _features(stems: Sequence[Sequence[str]], signals: Sequence[Sequence[str]]) -> list[list[str]]:
    evaluative = _evaluative()
    docs = []
    for doc_stems, doc_signals in zip(stems, signals, strict=True):
        tokens = [s for s in doc_stems if s not in evaluative]
        tokens.extend(doc_signals)
        docs.append(tokens)
    return docs


def _merge_matrix(scores: np.ndarray, k: int) -> np.ndarray:
    """Return a topics x themes 0/1 matrix merging topics that are picked for the same texts."""
    norms = np.linalg.norm(scores, axis=0)
    profiles = scores / np.where(norms > 0, norms, 1.0)
    distance = np.clip(1.0 - profiles.T @ profiles, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    groups = AgglomerativeClustering(
        n_clusters=k, metric="precomputed", linkage="average"
    ).fit_predict(distance)
    merge = np.zeros((scores.shape[1], k))
    merge[np.arange(scores.shape[1]), groups] = 1.0
    return merge


def default_theme_count(*, n_docs: int, max_themes: int) -> int:
    """Return the number of themes to fit: about sqrt(n/4), capped by max_themes."""
    return max(1, min(max_themes, round(math.sqrt(max(n_docs, 1) / 4)), max(1, n_docs // 3)))


def _ownership(components: np.ndarray) -> np.ndarray:
    # Share of each term that belongs to each theme, after scaling each theme's terms to max 1.
    scaled = components / (components.max(axis=1, keepdims=True) + 1e-12)
    return scaled / (scaled.sum(axis=0, keepdims=True) + 1e-12)


def _position_scores(
    docs: Sequence[Sequence[str]], vocab_index: dict[str, int], owner: np.ndarray
) -> np.ndarray:
    # The first-mentioned topic counts most: a term at content position p weighs 1 / (1 + 4p).
    # Only the first MAX_POSITION content words count (later ones would weigh under 2%).
    decay = 1.0 / (1 + POSITION_DECAY * np.arange(MAX_POSITION, dtype=np.float64))
    get = vocab_index.get
    heads = [doc[:MAX_POSITION] for doc in docs]
    lengths = np.fromiter(map(len, heads), dtype=np.intp, count=len(heads))
    columns = np.fromiter(
        (get(token, -1) for head in heads for token in head), dtype=np.intp, count=lengths.sum()
    )
    rows = np.repeat(np.arange(len(heads)), lengths)
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    positions = np.arange(len(columns)) - starts
    known = columns >= 0
    rows, cols, values = rows[known], columns[known], decay[positions[known]]
    weights = sparse.csr_matrix(
        (values, (rows, cols)), shape=(len(docs), owner.shape[1]), dtype=np.float64
    )
    return np.asarray(weights @ owner.T)


def _name(phrases: list[str], terms: list[str], used: set[str]) -> str:
    parts: list[str] = []
    for candidate in phrases + terms:
        words = set(candidate.split())
        if any(words & set(p.split()) for p in parts):
            continue
        parts.append(candidate)
        if len(parts) == 2:
            break
    name = " / ".join(parts) or "Other comments"
    name = name[0].upper() + name[1:]
    base, k = name, 2
    while name in used:
        name = f"{base} ({k})"
        k += 1
    used.add(name)
    return name


def discover_themes(
    *,
    stems: Sequence[Sequence[str]],
    phrases: Sequence[Sequence[str]],
    signals: Sequence[Sequence[str]] | None = None,
    surface: dict[str, str] | None = None,
    max_themes: int = DEFAULT_MAX_THEMES,
    background_df: Counter | None = None,
) -> Discovery:
    """Find up to max_themes themes (NMF on TF-IDF); each document joins its first-mentioned one.

    The linear algebra runs on one thread: the matrices are small, and OpenBLAS threads that
    spin while waiting for a core made NMF ten times slower on a busy shared machine.
    """
    with threadpool_limits(limits=1):
        return _discover(
            stems=stems,
            phrases=phrases,
            signals=signals,
            surface=surface,
            max_themes=max_themes,
            background_df=background_df,
        )


def _discover(
    *,
    stems: Sequence[Sequence[str]],
    phrases: Sequence[Sequence[str]],
    signals: Sequence[Sequence[str]] | None,
    surface: dict[str, str] | None,
    max_themes: int,
    background_df: Counter | None,
) -> Discovery:
    n_docs = len(stems)
    surface = surface or {}
    if n_docs == 0:
        return Discovery(themes=(), assignments=())
    docs = _features(stems, signals if signals is not None else [()] * n_docs)
    min_df = 2 if n_docs >= 20 else 1
    vectorizer = TfidfVectorizer(
        analyzer=_identity,
        min_df=min_df,
        max_df=0.5 if n_docs >= 20 else 1.0,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
        dtype=np.float64,
    )
    # Themes are learnt from an evenly spaced sample (all documents up to FIT_SAMPLE), which bounds
    # the cost for very large consultations; every document is then assigned by position scores.
    if n_docs > FIT_SAMPLE:
        fit_rows = np.linspace(0, n_docs - 1, FIT_SAMPLE).round().astype(int)
        fit_docs = [docs[i] for i in fit_rows]
    else:
        fit_docs = docs
    try:
        matrix = vectorizer.fit_transform(fit_docs)
    except ValueError:  # empty vocabulary
        matrix = sparse.csr_matrix((len(fit_docs), 0))
    vocab = vectorizer.get_feature_names_out() if matrix.shape[1] else np.array([])
    k = min(default_theme_count(n_docs=n_docs, max_themes=max_themes), max(1, matrix.shape[1]))
    if matrix.shape[1] == 0 or matrix.nnz == 0:
        components = np.zeros((1, 0))
        scores = np.zeros((n_docs, 1))
    else:
        k = min(k, matrix.shape[0])
        k_fit = min(max(k, round(OVERFIT * k)), matrix.shape[0], matrix.shape[1])
        model = NMF(n_components=k_fit, init="nndsvda", random_state=RANDOM_STATE, max_iter=300)
        model.fit(matrix)
        components = model.components_
        vocab_index = {str(t): j for j, t in enumerate(vocab)}
        scores = _position_scores(docs, vocab_index, _ownership(components))
        if k_fit > k:
            merge = _merge_matrix(scores, k)
            scores = scores @ merge
            components = merge.T @ components
    k = scores.shape[1]
    best = scores.max(axis=1)
    primary = np.where(best > 0, scores.argmax(axis=1), -1)
    safe_best = np.where(best > 0, best, 1.0)
    relative = np.round(scores / safe_best[:, None], 4)
    keep = (scores > 0) & (relative >= SECONDARY_SHARE)
    # Most documents keep exactly one theme; only the others need sorting.
    kept_count = keep.sum(axis=1).tolist()
    first_kept = keep.argmax(axis=1).tolist()
    single = [((j, 1.0),) for j in range(k)]
    assignments: list[tuple[tuple[int, float], ...]] = []
    for i, count in enumerate(kept_count):
        if count == 1:
            assignments.append(single[first_kept[i]])
        elif count == 0:
            assignments.append(())
        else:
            columns = np.flatnonzero(keep[i])
            order = sorted(
                ((int(j), float(relative[i, j])) for j in columns), key=lambda x: (-x[1], x[0])
            )
            assignments.append(tuple(order))
    # Order themes by size (then by index) so names and ids are stable and readable.
    sizes = Counter(
        {j: n for j, n in enumerate(np.bincount(primary[primary >= 0], minlength=k).tolist()) if n}
    )
    order = sorted(range(k), key=lambda j: (-sizes.get(j, 0), j))
    remap = {old: new for new, old in enumerate(order)}
    themes: list[DiscoveredTheme] = []
    used: set[str] = set()
    if background_df is None:
        background_df = document_frequencies(documents=phrases)
    for old in order:
        members = np.flatnonzero(primary == old).tolist()
        if not members:
            continue
        member_phrases = [phrases[i] for i in members]
        ranked = [
            p
            for p, _s in rank_phrases(
                documents=member_phrases,
                background_df=background_df,
                background_size=n_docs,
                top_n=8,
            )
        ]
        term_idx = np.argsort(-components[old], kind="stable")[:8] if components.size else []
        terms = [str(vocab[t]) for t in term_idx if components[old][t] > 0]
        # Prefer terms people used inside noun phrases (things, not verbs) for the name.
        nouns = [
            surface[t] if not t.isupper() else t.lower().replace("_", " ")
            for t in terms
            if t in surface or t.isupper()
        ]
        readable = nouns + [t for t in terms if t not in surface and not t.isupper()]
        # Highest scores first, then earliest document (lexsort: last key is the primary one).
        member_scores = scores[members, old]
        best_first = np.lexsort((np.asarray(members), -member_scores))[:TYPICAL_RESPONSES]
        typical = [members[int(m)] for m in best_first]
        # Named by its top noun, then the multi-word phrases that set it apart ("friendly staff"),
        # then the other top terms and phrases.
        multiword = [p for p in ranked if " " in p]
        name = _name(readable[:1] + multiword[:3], readable[1:3] + ranked, used)
        if len(members) > GENERAL_SHARE * n_docs and len(order) > 2:
            # A theme holding most answers is a mix of topics: say so instead of implying focus.
            name = f"{GENERAL_NAME} ({name.lower()})"
        themes.append(
            DiscoveredTheme(
                name=name,
                key_phrases=tuple(ranked[:5]),
                top_terms=tuple(surface.get(t, t) for t in terms),
                size=len(members),
                typical_indexes=tuple(typical),
            )
        )
    kept = {remap[old] for old in order if sizes.get(old, 0)}
    new_index = {old_new: pos for pos, old_new in enumerate(sorted(kept))}
    renumbered = {j: new_index[remap[j]] for j in range(k) if remap[j] in new_index}
    single_new = {j: ((renumbered[j], 1.0),) for j in renumbered}
    remapped = tuple(
        single_new.get(doc[0][0], ())
        if len(doc) == 1 and doc[0][1] == 1.0
        else tuple((renumbered[j], w) for j, w in doc if j in renumbered)
        for doc in assignments
    )
    return Discovery(themes=tuple(themes), assignments=remapped)
