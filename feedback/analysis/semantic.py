"""Coding-frame confidences from meaning (sentence embeddings), keywords and analysts' examples.

Analysts' decisions come in two kinds: confirmed answers (a theme fits) and removals (an
analyst took a theme off an answer). Confirmed answers pull similar answers towards their
theme; removals push answers very like them away from the theme removed.
"""

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from feedback.analysis.coding import Codebook, Theme
from feedback.analysis.embeddings import background_texts, embed, reference_words

# Every constant below was chosen on NHS sources Trust A and B only (bench/analysis_quality.py).
# A keyword-score unit (one keyword hit; a description word counts 0.3) in standard deviations of
# similarity: keywords an officer wrote are strong evidence.
KEYWORD_WEIGHT = 2.0
# Analysts' examples: a theme needs this many before its example scores join. The example
# weights below were checked on Trust A and B at 5 and 20 per theme against classifier weights
# 2 and 3, a half-weight at 2 examples and C = 10: none did better.
MIN_EXAMPLES = 3
# Similarity to the centroid of a theme's examples, in standard deviations, and how quickly it
# takes over from the description: weight n / (n + EXAMPLE_HALF_WEIGHT_AT) for n examples.
EXAMPLE_CENTROID_WEIGHT = 1.0
EXAMPLE_HALF_WEIGHT_AT = 5
# The classifier's (logistic regression on embeddings + TF-IDF) logit, and its regularisation.
CLASSIFIER_WEIGHT = 1.0
CLASSIFIER_C = 1.0
# Removals: an answer whose cosine similarity to an answer an analyst removed from a theme is
# above REJECTED_SIMILARITY (and above its similarity to every answer confirmed for that theme)
# loses up to REJECTED_WEIGHT from that theme's logit and evidence, scaled linearly from 0 at
# REJECTED_SIMILARITY to the full weight for the same text. From REJECTED_RULED_OUT on, the
# theme is ruled out for that answer: one word changed in a 13-word answer gives about 0.83,
# and only 1 answer in 10 has a neighbour above 0.82 among 3,000 NHS comments.
# Chosen on Trust A and B (simulated removals of wrong tags, 20 a theme): every cut-off from 0.5
# to 0.95 and weight from 2 to 8 moved held-out accuracy by less than 0.003, so these are values
# among the best that also make a removal stick for a near-duplicate.
REJECTED_SIMILARITY = 0.7
REJECTED_WEIGHT = 8.0
REJECTED_RULED_OUT = 0.8
# An answer is themed only if some theme's evidence reaches its threshold. Evidence is the
# similarity in standard deviations above unrelated text, plus the keyword scores. For a theme
# with no keywords the threshold is MIN_EVIDENCE: 1.5 left 7% of Trust A and B unthemed for 1
# point of accuracy, where 2.0 left 14% for 2.5 points. A theme the officer gave keywords takes
# every answer that matches one, and answers very close in meaning: its keywords say what
# belongs, so meaning alone must be strong (6 is a product choice, not fitted: no NHS frame
# here has keywords; "phone line takes an hour" scores 5.1 against "Waiting times").
MIN_EVIDENCE = 1.5
MIN_EVIDENCE_WITH_KEYWORDS = 6.0
# Confidences are a softmax over the themes and "none of them" at this temperature (1.5 gave
# the lowest log-loss of the true theme on Trust A and B). "None" sits below the best theme by
# the best margin of evidence over a threshold.
TEMPERATURE = 1.5
# The most likely theme is tagged when its evidence (or another theme's) reaches the threshold.
# Another theme is tagged too, as answers often raise two topics, when its logit is within
# SECOND_GAP of the best and it reaches its own threshold with one of its keywords matched, or
# (on meaning alone) by SECOND_MARGIN.
SECOND_MARGIN = KEYWORD_WEIGHT
SECOND_GAP = 6.0
# Rows are dotted in blocks of this many so memory stays small for big frames.
_DOT_BLOCK = 512


def _theme_text(theme: Theme) -> str:
    parts = [theme.name.replace("/", " / ")]
    if theme.description:
        parts.append(theme.description)
    if theme.keywords:
        parts.append(", ".join(theme.keywords))
    return ". ".join(parts)


def _dot(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """rows @ columns.T in float64, each cell summed the same way whatever the batch.

    BLAS may pick another kernel (and summation order) for one row than for many, which would
    make an answer's confidence depend on the batch it came in; numpy's reduction does not.
    """
    rows, columns = rows.astype(np.float64), columns.astype(np.float64)
    out = np.empty((rows.shape[0], columns.shape[0]))
    for start in range(0, rows.shape[0], _DOT_BLOCK):
        block = rows[start : start + _DOT_BLOCK]
        out[start : start + _DOT_BLOCK] = (block[:, None, :] * columns[None, :, :]).sum(axis=2)
    return out


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.sqrt((vectors * vectors).sum(axis=1))
    return vectors / np.maximum(norms, 1e-12)[:, None]


class _Standardised:
    """Cosine similarity to fixed vectors, standardised per vector on background texts."""

    def __init__(self, *, vectors: np.ndarray, background_texts: Sequence[str]) -> None:
        self.vectors = vectors
        background = _dot(embed(background_texts), vectors)
        self.mean = background.mean(axis=0)
        self.std = np.maximum(background.std(axis=0), 1e-6)

    def z(self, embedded: np.ndarray) -> np.ndarray:
        return (_dot(embedded, self.vectors) - self.mean) / self.std


class _Examples:
    """What the analysts' confirmed answers add to each theme's logit."""

    def __init__(self, *, names: Sequence[str], examples: Sequence[tuple[str, str]]) -> None:
        by_theme: dict[str, list[str]] = defaultdict(list)
        # Sorted and de-duplicated, so the same examples in any order give the same model.
        for text, theme in sorted(set(examples), key=lambda e: (e[1], e[0])):
            by_theme[theme].append(text)
        self.columns = [i for i, n in enumerate(names) if len(by_theme[n]) >= MIN_EXAMPLES]
        self.centroids: _Standardised | None = None
        self.classifier = None
        if not self.columns:
            return
        texts = [t for i in self.columns for t in by_theme[names[i]]]
        labels = np.array([i for i in self.columns for _t in by_theme[names[i]]])
        embedded = embed(texts)
        counts = np.array([len(by_theme[names[i]]) for i in self.columns], dtype=np.float64)
        self.centroid_weight = EXAMPLE_CENTROID_WEIGHT * counts / (counts + EXAMPLE_HALF_WEIGHT_AT)
        self.centroids = _Standardised(
            vectors=_normalise(
                np.stack([embedded[labels == i].mean(axis=0) for i in self.columns])
            ),
            background_texts=reference_words(),
        )
        if len(self.columns) >= 2:
            self._fit_classifier(texts=texts, embedded=embedded, labels=labels)

    def _fit_classifier(self, *, texts: list[str], embedded: np.ndarray, labels: np.ndarray):
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True, dtype=np.float64
        )
        features = hstack(
            [csr_matrix(embedded.astype(np.float64)), self.vectorizer.fit_transform(texts)]
        )
        # One BLAS thread: the fitted model is then the same bits in every process.
        with threadpool_limits(limits=1, user_api="blas"):
            model = LogisticRegression(
                C=CLASSIFIER_C, class_weight="balanced", max_iter=1000, random_state=0
            ).fit(features.tocsr(), labels)
        order = [list(model.classes_).index(i) for i in self.columns]
        coef = model.coef_ if len(self.columns) > 2 else np.vstack([-model.coef_, model.coef_])
        intercept = (
            model.intercept_ if len(self.columns) > 2 else np.array([-1, 1]) * model.intercept_
        )
        self.dense_coef = coef[order, : embedded.shape[1]]
        self.sparse_coef = np.ascontiguousarray(coef[order, embedded.shape[1] :].T)
        self.intercept = intercept[order]
        self.classifier = model

    def logits(self, *, texts: Sequence[str], embedded: np.ndarray) -> np.ndarray:
        out = np.zeros((len(texts), len(self.columns)))
        if self.centroids is None:
            return out
        out += self.centroid_weight * self.centroids.z(embedded)
        if self.classifier is not None:
            decision = _dot(embedded, self.dense_coef) + self.intercept
            # A sparse-times-dense product adds each row's terms in order: batch-independent.
            decision += self.vectorizer.transform(texts) @ self.sparse_coef
            # Softmax logits are only defined up to a constant per answer; centre them so
            # themes without a classifier (logit 0) are neither favoured nor penalised.
            out += CLASSIFIER_WEIGHT * (decision - decision.mean(axis=1, keepdims=True))
        return out


class _Rejections:
    """What the analysts' removals take from each theme's logit and evidence."""

    def __init__(
        self,
        *,
        names: Sequence[str],
        rejected: Sequence[tuple[str, str]],
        confirmed: Sequence[tuple[str, str]],
    ) -> None:
        self.width = len(names)
        index = {name: i for i, name in enumerate(names)}
        # Sorted and de-duplicated, so the same removals in any order give the same scores.
        removed = sorted({(theme, text) for text, theme in rejected if theme in index})
        kept = sorted({(theme, text) for text, theme in confirmed if theme in index})
        self.themes = np.array([index[theme] for theme, _text in removed], dtype=np.int64)
        self.vectors = embed([text for _theme, text in removed]).astype(np.float64)
        self.kept_themes = np.array([index[theme] for theme, _text in kept], dtype=np.int64)
        self.kept_vectors = (
            embed([text for _theme, text in kept]).astype(np.float64)
            if len(self.themes)
            else np.zeros((0, 0))
        )

    def __bool__(self) -> bool:
        return bool(len(self.themes))

    @property
    def ruled_out_at(self) -> float:
        """The penalty at which a theme is ruled out (similarity REJECTED_RULED_OUT)."""
        scale = (REJECTED_RULED_OUT - REJECTED_SIMILARITY) / (1.0 - REJECTED_SIMILARITY)
        return REJECTED_WEIGHT * scale - 1e-9

    def _nearest(self, similarity: np.ndarray, themes: np.ndarray) -> np.ndarray:
        out = np.full((similarity.shape[0], self.width), -1.0)
        for column, theme in enumerate(themes):
            np.maximum(out[:, theme], similarity[:, column], out=out[:, theme])
        return out

    def penalties(self, embedded: np.ndarray) -> np.ndarray:
        """Return (answers, themes) amounts to subtract, 0 where no removal is near."""
        removed = self._nearest(_dot(embedded, self.vectors), self.themes)
        if len(self.kept_themes):
            # An answer closer to one the analysts confirmed for the theme keeps the theme.
            kept = self._nearest(_dot(embedded, self.kept_vectors), self.kept_themes)
            removed = np.where(removed > kept, removed, -1.0)
        scale = (removed - REJECTED_SIMILARITY) / (1.0 - REJECTED_SIMILARITY)
        return REJECTED_WEIGHT * np.clip(scale, 0.0, 1.0)


class ThemeScorer:
    """Scores answers against a codebook, and against analysts' examples when there are some.

    examples are (text, theme) pairs an analyst confirmed; rejected are (text, theme) pairs
    where an analyst removed the theme from the answer.
    """

    def __init__(
        self,
        *,
        codebook: Codebook,
        examples: Sequence[tuple[str, str]] = (),
        rejected: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.names = codebook.theme_names()
        prototypes = _normalise(embed([_theme_text(t) for t in codebook.themes]).astype(np.float64))
        # Absolute: how far above unrelated text an answer sits (decides "any theme at all").
        self._evidence = _Standardised(vectors=prototypes, background_texts=background_texts())
        if len(self.names) >= 3:
            # Relative (decides which theme): what sets a theme apart from the others, not what
            # every theme shares, standardised per theme on the model's own vocabulary so a
            # theme near everything does not swallow answers and a narrow one is not starved.
            prototypes = _normalise(prototypes - prototypes.mean(axis=0))
        self._meaning = _Standardised(vectors=prototypes, background_texts=reference_words())
        self._thresholds = np.array(
            [MIN_EVIDENCE_WITH_KEYWORDS if t.keywords else MIN_EVIDENCE for t in codebook.themes]
        )
        self._examples = _Examples(names=self.names, examples=examples)
        self._rejections = _Rejections(names=self.names, rejected=rejected, confirmed=examples)

    def scores(
        self, *, texts: Sequence[str], keyword_scores: Sequence[Sequence[float]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return (answers, themes) logits (which theme) and margins of evidence (whether).

        A theme applies when its margin (evidence minus its threshold) is at least 0.
        """
        embedded = embed(texts)
        keywords = KEYWORD_WEIGHT * np.asarray(keyword_scores, dtype=np.float64).reshape(
            len(texts), len(self.names)
        )
        logits = self._meaning.z(embedded) + keywords
        evidence = self._evidence.z(embedded) + keywords
        if self._examples.columns:
            from_examples = self._examples.logits(texts=texts, embedded=embedded)
            logits[:, self._examples.columns] += from_examples
            evidence[:, self._examples.columns] += np.maximum(from_examples, 0.0)
        matched = keywords >= KEYWORD_WEIGHT
        if self._rejections:
            penalties = self._rejections.penalties(embedded)
            logits -= penalties
            evidence -= penalties
            # An answer much like one an analyst removed the theme from does not get the theme
            # back, from a keyword or as the best of a weak field: the analyst has said no.
            ruled_out = penalties >= self._rejections.ruled_out_at
            matched &= ~ruled_out
            logits[ruled_out] = -np.inf
        margins = evidence - self._thresholds
        # A whole keyword scores 1 (description words 0.3 each): a matched keyword applies.
        np.maximum(margins, np.where(matched, 0.0, -np.inf), out=margins)
        if self._rejections:
            margins[ruled_out] = -np.inf
        empty = ~embedded.any(axis=1)
        logits[empty], margins[empty] = -np.inf, -np.inf  # nothing to go on: no theme
        return logits, margins

    @staticmethod
    def _confidences(logits: np.ndarray, margins: np.ndarray) -> np.ndarray:
        # "None of them" sits below the best theme by the best margin of evidence.
        top = logits.max(axis=1, initial=-np.inf)
        margin = margins.max(axis=1, initial=-np.inf)
        with np.errstate(invalid="ignore"):  # -inf - -inf for empty answers, replaced by 0
            none = np.where(np.isfinite(top), top - margin, 0.0) / TEMPERATURE
        scaled = logits / TEMPERATURE
        ceiling = np.maximum(scaled.max(axis=1, initial=-np.inf), none)
        weights = np.exp(scaled - ceiling[:, None])
        return weights / (weights.sum(axis=1) + np.exp(none - ceiling))[:, None]

    def confidences(
        self, *, texts: Sequence[str], keyword_scores: Sequence[Sequence[float]]
    ) -> np.ndarray:
        """Return (answers, themes) confidences in [0, 1]: a softmax that includes "none"."""
        return self._confidences(*self.scores(texts=texts, keyword_scores=keyword_scores))

    def tags(
        self, *, texts: Sequence[str], keyword_scores: Sequence[Sequence[float]]
    ) -> list[tuple[tuple[str, float], ...]]:
        """Return each answer's (theme, confidence) tags, the primary theme first."""
        logits, margins = self.scores(texts=texts, keyword_scores=keyword_scores)
        confidences = np.round(self._confidences(logits, margins), 4)
        keyword_matched = np.asarray(keyword_scores, dtype=np.float64).reshape(logits.shape) >= 1
        out = []
        for row_logits, row_margins, row, matched in zip(
            logits, margins, confidences, keyword_matched, strict=True
        ):
            if row_margins.max(initial=-np.inf) < 0:
                out.append(())
                continue
            best = int(np.argmax(row_logits))  # ties go to codebook order
            others = [
                (-float(row[t]), t)
                for t in range(len(self.names))
                if t != best
                and row_margins[t] >= (0.0 if matched[t] else SECOND_MARGIN)
                and row_logits[t] >= row_logits[best] - SECOND_GAP
            ]
            chosen = [best, *(t for _c, t in sorted(others))]
            out.append(tuple((self.names[t], float(row[t])) for t in chosen))
        return out
