"""Probe: does transductive self-training lift the coding frame on the NHS comments?

Not part of the product. Issue 12 protocol: the codebook is bench/nhs_codebook_blind.json
(never edited to fit rows), settings are chosen on Trust A and B, Trust C is scored once per
candidate with --held-out.

Self-training uses only the unlabelled answers of one trust (an officer's own corpus): score
them with the committed scorer (semantic.ThemeScorer), take the QUANTILE most confident answers
(gap between the best and second logit) with their predicted theme as pseudo-labels, fit a
logistic regression on embeddings + TF-IDF (1-2 grams) on those, and add WEIGHT x its centred
decision to every answer's logits. With confirmed examples (learning curve) the examples join the
pseudo-labels with sample weight EXAMPLE_WEIGHT. Whether an answer gets any theme (the margins)
is unchanged, as are non-answers and the fallback.

    .venv/bin/python bench/analysis_selftraining.py              # grid on Trust A and B
    .venv/bin/python bench/analysis_selftraining.py --held-out   # chosen settings, Trust C once
"""

import argparse
import csv
import random
import sys
import warnings
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from feedback.analysis.clean import is_non_answer, normalise_text  # noqa: E402
from feedback.analysis.coding import Matcher, load_codebook  # noqa: E402
from feedback.analysis.embeddings import embed  # noqa: E402
from feedback.analysis.pipeline import _CODED, _analyse_text  # noqa: E402
from feedback.analysis.semantic import ThemeScorer  # noqa: E402

DATA = ROOT / ".." / "shared" / "data" / "nhs-patient-feedback" / "comments.csv"
CODEBOOK = ROOT / "bench" / "nhs_codebook_blind.json"
TUNING = ("Trust A", "Trust B")
HELD_OUT = "Trust C"
# Chosen on Trust A and B (grid below); the only settings scored on Trust C.
QUANTILE, WEIGHT, EXAMPLE_WEIGHT = 0.25, 2.0, 5.0
GRID = ((0.1, 2.0), (0.25, 1.0), (0.25, 2.0), (0.25, 4.0), (0.5, 2.0))
FALLBACK = "Miscellaneous"


class Corpus:
    """The rows, their embeddings and keyword scores, and the committed scorer's outputs."""

    def __init__(self) -> None:
        with open(DATA, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        self.book = load_codebook(path=CODEBOOK)
        matcher = Matcher(codebook=self.book)
        self.texts = np.array([normalise_text(text=r["text"]) for r in rows], dtype=object)
        self.labels = np.array([r["label"] for r in rows], dtype=object)
        self.sources = np.array([r["source"] for r in rows], dtype=object)
        self.non_answer = np.array([is_non_answer(text=t) for t in self.texts])
        self.keywords = np.array([_analyse_text(t, None, matcher)[_CODED] for t in self.texts])
        self.embedded = embed(list(self.texts)).astype(np.float64)
        self.names = list(self.book.theme_names())

    def rows_of(self, source: str) -> np.ndarray:
        return np.where(self.sources == source)[0]

    def scores(self, rows: np.ndarray, examples=()) -> tuple[np.ndarray, np.ndarray]:
        scorer = ThemeScorer(codebook=self.book, examples=examples)
        return scorer.scores(texts=list(self.texts[rows]), keyword_scores=self.keywords[rows])

    def primary(self, rows: np.ndarray, logits: np.ndarray, margins: np.ndarray) -> np.ndarray:
        """The pipeline's primary theme: fallback when nothing clears, blank for non-answers."""
        out = np.array(self.names, dtype=object)[np.argmax(logits, axis=1)]
        out[margins.max(axis=1) < 0] = FALLBACK
        out[self.non_answer[rows] | ~np.isfinite(logits).any(axis=1)] = ""
        return out

    def measure(self, rows: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
        truth = self.labels[rows]
        names = sorted(self.names)
        return (
            accuracy_score(truth, predicted),
            f1_score(truth, predicted, labels=names, average="macro", zero_division=0),
        )

    def self_trained(
        self, rows, logits, *, quantile, weight, examples=(), example_weight=EXAMPLE_WEIGHT
    ):
        """Logits plus weight x a classifier fitted on the most confident pseudo-labels."""
        usable = np.isfinite(logits).all(axis=1) & ~self.non_answer[rows]
        ordered = np.sort(logits, axis=1)
        gap, best = ordered[:, -1] - ordered[:, -2], logits.argmax(axis=1)
        candidates = np.where(usable)[0]
        chosen = candidates[np.argsort(-gap[candidates], kind="stable")]
        chosen = chosen[: int(quantile * len(candidates))]
        example_rows = np.array([i for i, _theme in examples], dtype=np.int64)
        texts = list(self.texts[rows]) + list(self.texts[example_rows])
        dense = np.vstack([self.embedded[rows], self.embedded[example_rows]])
        tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        features = hstack([csr_matrix(dense), tfidf.fit_transform(texts)]).tocsr()
        train = [*chosen, *range(len(rows), len(rows) + len(example_rows))]
        targets = [*best[chosen], *(self.names.index(theme) for _i, theme in examples)]
        weights = [1.0] * len(chosen) + [example_weight] * len(example_rows)
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
        model.fit(features[train], targets, sample_weight=weights)
        decision = model.decision_function(features[: len(rows)])
        extra = np.zeros_like(logits)
        extra[:, model.classes_] = decision - decision.mean(axis=1, keepdims=True)
        return logits + weight * extra


def zero_shot(corpus: Corpus, sources, settings) -> None:
    for source in sources:
        rows = corpus.rows_of(source)
        logits, margins = corpus.scores(rows)
        acc, f1 = corpus.measure(rows, corpus.primary(rows, logits, margins))
        print(f"  {source}: as committed accuracy {acc:.3f}, macro-F1 {f1:.3f}")
        for quantile, weight in settings:
            boosted = corpus.self_trained(rows, logits, quantile=quantile, weight=weight)
            acc, f1 = corpus.measure(rows, corpus.primary(rows, boosted, margins))
            print(
                f"  {source}: self-training q={quantile} w={weight}: "
                f"accuracy {acc:.3f}, macro-F1 {f1:.3f}"
            )


def learning_curve(corpus: Corpus, sources, ks, seeds, settings) -> None:
    for source in sources:
        rows = corpus.rows_of(source)
        by_label = {n: [i for i in rows if corpus.labels[i] == n] for n in sorted(corpus.names)}
        for k in ks:
            results: dict[str, list[tuple[float, float]]] = {}
            for seed in range(seeds):
                rng = random.Random(seed)  # the same samples as bench/analysis_quality.py
                chosen = [i for idx in by_label.values() for i in rng.sample(idx, min(k, len(idx)))]
                held = np.array(sorted(set(rows) - set(chosen)))
                examples = [(i, corpus.labels[i]) for i in chosen]
                logits, margins = corpus.scores(held, [(corpus.texts[i], t) for i, t in examples])
                results.setdefault("as committed", []).append(
                    corpus.measure(held, corpus.primary(held, logits, margins))
                )
                for quantile, weight in settings:
                    boosted = corpus.self_trained(
                        held, logits, quantile=quantile, weight=weight, examples=examples
                    )
                    results.setdefault(f"self-training q={quantile} w={weight}", []).append(
                        corpus.measure(held, corpus.primary(held, boosted, margins))
                    )
            for name, runs in results.items():
                acc = np.mean([a for a, _f in runs])
                f1 = np.mean([f for _a, f in runs])
                spread = ", ".join(f"{a:.3f}" for a, _f in runs)
                print(
                    f"  {source} k={k:2d} {name}: accuracy {acc:.3f}, macro-F1 {f1:.3f}"
                    f"  (by seed {spread})"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--held-out", action="store_true", help="score Trust C once")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    corpus = Corpus()
    if args.held_out:
        sources, settings, seeds = (HELD_OUT,), ((QUANTILE, WEIGHT),), 5
    else:
        sources, settings, seeds = TUNING, GRID, 2
    print("== Coding frame, no confirmed answers")
    zero_shot(corpus, sources, settings)
    print(f"== Learning curve ({seeds} seeds, example weight {EXAMPLE_WEIGHT})")
    ks = (5, 10, 20) if args.held_out else (5, 20)
    curve_settings = settings if args.held_out else ((QUANTILE, WEIGHT),)
    learning_curve(corpus, sources, ks, seeds, curve_settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
