"""Measure theme discovery, coding-frame tagging and sentiment on real NHS comments."""

import argparse
import csv
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.metrics import accuracy_score, adjusted_mutual_info_score, f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from feedback.analysis.coding import load_codebook  # noqa: E402
from feedback.analysis.pipeline import analyse  # noqa: E402
from feedback.analysis.sentiment import score_text  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "nhs-patient-feedback" / "comments.csv"
TARGETS = {
    "ami": 0.25,
    "accuracy": 0.60,
    "macro_f1": 0.50,
    "accuracy_20": 0.70,
    "sign_agreement": 0.80,
}
# Constants were chosen on these sources; figures are reported on the other one.
TUNING_SOURCES = ("Trust A", "Trust B")
LEARNING_CURVE = (5, 10, 20)
SEEDS = 5
# Removals: per theme, this many answers the frame tagged wrongly are removed by an "analyst".
REMOVALS_PER_THEME = 20
REMOVAL_SEEDS = 3
# The two answers issue 12 found scored positive; both must come out negative.
ISSUE_SENTENCES = (
    "Colleagues in early intervention are already leaving because of the uncertainty",
    "Families rely on the service and losing that could set them back",
)


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _by_source(rows, predicted, metric):
    groups = defaultdict(list)
    for i, row in enumerate(rows):
        groups[row["source"]].append(i)
    return {
        s: round(metric([rows[i]["label"] for i in idx], [predicted[i] for i in idx]), 3)
        for s, idx in sorted(groups.items())
    }


def _scores(labels, predicted, names) -> tuple[float, float]:
    # Macro-F1 over the true labels; a blank prediction (no theme) is simply an error.
    return (
        accuracy_score(labels, predicted),
        f1_score(labels, predicted, labels=names, average="macro", zero_division=0),
    )


def _coding(*, rows, labels, args) -> dict[str, float]:
    """Coding frame with no confirmed answers, by source; then the learning curve."""
    codebook = load_codebook(path=args.codebook)
    names = sorted(set(labels))
    report = [i for i, r in enumerate(rows) if r.get("source") == args.report_source]
    if not report:  # another file with no such source: report on every row
        args.report_source, report = "all rows", list(range(len(rows)))
    start = time.perf_counter()
    coded = analyse(
        responses=[{"id": str(i), "text": r["text"]} for i, r in enumerate(rows)],
        codebook=codebook,
    )
    took = time.perf_counter() - start
    predicted = [r.primary_theme for r in coded.responses]
    print(f"\n== Coding frame ({Path(args.codebook).name}), no confirmed answers [{took:.1f}s]")
    print(f"constants chosen on {' + '.join(TUNING_SOURCES)}; reported on {args.report_source}")
    groups = defaultdict(list)
    for i, row in enumerate(rows):
        groups[row.get("source", "all rows")].append(i)
    for source, idx in sorted(groups.items()):
        acc, f1 = _scores([labels[i] for i in idx], [predicted[i] for i in idx], names)
        tag = " (tuning)" if source in TUNING_SOURCES else ""
        print(f"  {source}{tag}: accuracy {acc:.3f}, macro-F1 {f1:.3f} ({len(idx)} rows)")
    acc, f1 = _scores(labels, predicted, names)
    print(f"  all rows: accuracy {acc:.3f}, macro-F1 {f1:.3f}")
    truth, guess = [labels[i] for i in report], [predicted[i] for i in report]
    accuracy, macro_f1 = _scores(truth, guess, names)
    unthemed = sum(1 for i in report if not coded.responses[i].themes)
    fallback = sum(
        1
        for i in report
        if coded.responses[i].themes[:1] and coded.responses[i].themes[0][1] == 0.0
    )
    print(f"{args.report_source}: accuracy = {accuracy:.3f}   target >= {TARGETS['accuracy']}")
    print(f"{args.report_source}: macro-F1 = {macro_f1:.3f}   target >= {TARGETS['macro_f1']}")
    print(
        f"  no theme cleared its threshold: {fallback} of {len(report)} (given the codebook's "
        f"fallback theme), {unthemed} left blank"
    )
    per_class = f1_score(truth, guess, labels=names, average=None, zero_division=0)
    for name, value in zip(names, per_class, strict=True):
        print(f"  F1 {value:.3f}  {name}")
    results = {"accuracy": accuracy, "macro_f1": macro_f1}
    if args.removals:
        predicted_by_row = dict(enumerate(predicted))
        tuning = [i for i, r in enumerate(rows) if r.get("source") in TUNING_SOURCES]
        for title, sample in (("Trust A + Trust B (tuning)", tuning), (args.report_source, report)):
            _removals(
                rows=rows,
                labels=labels,
                names=names,
                codebook=codebook,
                sample=sample,
                predicted=predicted_by_row,
                title=title,
            )
        return results

    print(f"\n== Learning curve on {args.report_source}: k confirmed answers per theme")
    print(f"   (sampled from {args.report_source}, scored on the rest of it; {SEEDS} seeds)")
    by_label = defaultdict(list)
    for i in report:
        by_label[labels[i]].append(i)
    for k in LEARNING_CURVE:
        runs = []
        for seed in range(SEEDS):
            rng = random.Random(seed)
            chosen = [
                i for name in names for i in rng.sample(by_label[name], min(k, len(by_label[name])))
            ]
            held_out = sorted(set(report) - set(chosen))
            result = analyse(
                responses=[{"id": str(i), "text": rows[i]["text"]} for i in held_out],
                codebook=codebook,
                examples=[(rows[i]["text"], labels[i]) for i in chosen],
            )
            runs.append(
                _scores(
                    [labels[i] for i in held_out],
                    [r.primary_theme for r in result.responses],
                    names,
                )
            )
        mean_acc = sum(a for a, _f in runs) / len(runs)
        mean_f1 = sum(f for _a, f in runs) / len(runs)
        spread = ", ".join(f"{a:.3f}" for a, _f in runs)
        print(f"  k={k:2d}: accuracy {mean_acc:.3f}, macro-F1 {mean_f1:.3f}  (by seed {spread})")
        if k == 20:
            results["accuracy_20"] = mean_acc
    print(
        f"k=20: accuracy = {results.get('accuracy_20', 0):.3f}   target >= {TARGETS['accuracy_20']}"
    )
    return results


def _removals(*, rows, labels, names, codebook, sample, predicted, title) -> None:
    """Analysts remove wrong tags: does the next run do better on the other answers?

    Per theme, REMOVALS_PER_THEME answers whose (no-examples) primary theme is wrong have that
    theme removed; the rest of the sample is scored before and after, so both figures are on
    the same answers.
    """
    if not sample:
        return
    print(
        f"\n== Removals on {title}: {REMOVALS_PER_THEME} wrongly tagged answers per theme "
        f"removed ({REMOVAL_SEEDS} seeds), scored on the rest"
    )
    for seed in range(REMOVAL_SEEDS):
        rng = random.Random(seed)
        removed = []
        for name in names:
            wrong = [i for i in sample if predicted[i] == name and labels[i] != name]
            removed += rng.sample(wrong, min(REMOVALS_PER_THEME, len(wrong)))
        held_out = sorted(set(sample) - set(removed))
        result = analyse(
            responses=[{"id": str(i), "text": rows[i]["text"]} for i in held_out],
            codebook=codebook,
            rejected=[(rows[i]["text"], predicted[i]) for i in removed],
        )
        after = [r.primary_theme for r in result.responses]
        truth = [labels[i] for i in held_out]
        before_acc, before_f1 = _scores(truth, [predicted[i] for i in held_out], names)
        after_acc, after_f1 = _scores(truth, after, names)
        moved = sum(1 for i, a in zip(held_out, after, strict=True) if a != predicted[i])
        print(
            f"  seed {seed}: {len(removed)} removals; on {len(held_out)} other answers accuracy "
            f"{before_acc:.3f} -> {after_acc:.3f}, macro-F1 {before_f1:.3f} -> {after_f1:.3f}; "
            f"primary theme changed for {moved}"
        )


def main() -> int:
    """Run the measurements and print them with their targets."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument(
        "--codebook",
        default=str(ROOT / "bench" / "nhs_codebook_blind.json"),
        help="coding frame written without reading the rows (JSON or CSV)",
    )
    parser.add_argument("--report-source", default="Trust C", help="source reported on")
    parser.add_argument("--max-themes", type=int, default=None)
    parser.add_argument("--coding-only", action="store_true", help="skip discovery, sentiment")
    parser.add_argument(
        "--reference",
        action="store_true",
        help="only the supervised reference: what a classifier trained on the labels reaches "
        "with the same features (trained on the tuning sources, scored on the report source)",
    )
    parser.add_argument(
        "--removals",
        action="store_true",
        help="coding frame with simulated removals of wrong tags instead of the learning curve "
        "(implies --coding-only)",
    )
    args = parser.parse_args()
    args.coding_only = args.coding_only or args.removals
    with open(args.data, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels = [r["label"] for r in rows]
    responses = [{"id": str(i), "text": r["text"]} for i, r in enumerate(rows)]
    print(f"data: {args.data} ({len(rows)} comments)")
    if args.reference:
        supervised_reference(rows=rows, report_source=args.report_source)
        return 0

    ami = None
    if not args.coding_only:
        start = time.perf_counter()
        options = {"max_themes": args.max_themes} if args.max_themes else {}
        discovery = analyse(responses=responses, **options)
        took = time.perf_counter() - start
        predicted = [r.primary_theme for r in discovery.responses]
        ami = adjusted_mutual_info_score(labels, predicted)
        print(f"\n== Discovery (no codebook, no labels) [{took:.1f}s]")
        print(f"themes found: {len(discovery.discovered)}; unthemed/non-answers grouped as ''")
        for theme in discovery.discovered:
            print(f"  {theme.size:5d}  {theme.name}  <- {', '.join(theme.key_phrases[:4])}")
        print(f"AMI(primary_theme, label) = {ami:.3f}   target >= {TARGETS['ami']}")
        print(f"  by source: {_by_source(rows, predicted, adjusted_mutual_info_score)}")
        print(f"  A and B together (where constants are chosen): {_on_ab(rows, predicted):.3f}")

    results = _coding(rows=rows, labels=labels, args=args)

    tuned = None
    if not args.coding_only:
        tuned = report_sentiment(rows=rows, responses=discovery.responses)
        report_evidence_and_stance(responses=discovery.responses)

    results.update(ami=ami, sign_agreement=tuned)
    missed = [k for k, v in results.items() if v is not None and v < TARGETS[k]]
    print("\nall targets met" if not missed else f"\ntargets missed: {', '.join(missed)}")
    return 0


def supervised_reference(*, rows, report_source: str) -> None:
    """Print what supervised learning on the labels reaches with the product's own features.

    A ceiling for the coding-frame targets, not a product figure: logistic regression on the
    WordLlama embeddings + word 1-2-gram TF-IDF (as the scorer's classifier), trained on every
    labelled answer of the tuning sources and scored on the report source; then trained on
    random labelled answers of the report source itself (5-fold, so never scored on its own
    training rows), at growing sizes.
    """
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from feedback.analysis.clean import normalise_text
    from feedback.analysis.embeddings import embed

    texts = [normalise_text(text=r["text"]) for r in rows]
    labels = np.array([r["label"] for r in rows])
    names = sorted(set(labels))
    vectors = embed(texts).astype(np.float64)

    def fit_score(train, test, class_weight):
        tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        fitted = tfidf.fit_transform([texts[i] for i in train])
        features = hstack([csr_matrix(vectors[train]), fitted]).tocsr()
        model = LogisticRegression(C=4, max_iter=2000, class_weight=class_weight)
        model.fit(features, labels[train])
        test_features = hstack(
            [csr_matrix(vectors[test]), tfidf.transform([texts[i] for i in test])]
        ).tocsr()
        return _scores(list(labels[test]), list(model.predict(test_features)), names)

    tuning = np.array([i for i, r in enumerate(rows) if r["source"] in TUNING_SOURCES])
    report = np.array([i for i, r in enumerate(rows) if r["source"] == report_source])
    print(f"\n== Supervised reference on {report_source} (a ceiling, not a product figure)")
    print("   logistic regression on WordLlama embeddings + word 1-2-gram TF-IDF")
    for weight in (None, "balanced"):
        acc, f1 = fit_score(tuning, report, weight)
        print(
            f"  trained on all {len(tuning)} labelled answers of {' + '.join(TUNING_SOURCES)} "
            f"(class weights {weight or 'none'}): accuracy {acc:.3f}, macro-F1 {f1:.3f}"
        )
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for size in (180, 500, 1000, None):
        runs = []
        for seed, (train, test) in enumerate(folds.split(report, labels[report])):
            if size is not None:
                train = np.random.default_rng(seed).choice(train, size=size, replace=False)
            runs.append(fit_score(report[train], report[test], None))
        acc = sum(a for a, _f in runs) / len(runs)
        f1 = sum(f for _a, f in runs) / len(runs)
        shown = f"{size:5d} random" if size else f"{len(train):5d} (all of a fold)"
        print(
            f"  trained on {shown} labelled answers of {report_source}, 5-fold: "
            f"accuracy {acc:.3f}, macro-F1 {f1:.3f}"
        )


def _on_ab(rows, predicted) -> float:
    ab = [i for i, row in enumerate(rows) if row["source"] != "Trust C"]
    return adjusted_mutual_info_score([rows[i]["label"] for i in ab], [predicted[i] for i in ab])


def report_sentiment(*, rows, responses) -> float:
    """Print sign agreement of polarity with criticality overall, by source and on A+B.

    Constants (phrase weight, negativity weight, VADER scale) were chosen on trusts A and B;
    trust C is the held-out check. Returns the overall agreement of the tuned polarity.
    """
    groups: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for row, r in zip(rows, responses, strict=True):
        if row["criticality"] in ("", "0"):
            continue
        item = (int(row["criticality"]), r.polarity, r.base_polarity)
        groups["all"].append(item)
        groups[row["source"]].append(item)
        groups["A+B (tuning)" if row["source"] != "Trust C" else "C (held out)"].append(item)

    def agreement(items, index):
        return sum(_sign(x[index]) == _sign(x[0]) for x in items) / len(items)

    print(f"\n== Sentiment sign vs criticality sign ({len(groups['all'])} rows, criticality != 0)")
    tuned = agreement(groups["all"], 1)
    print(f"tuned polarity agreement = {tuned:.3f}   target >= {TARGETS['sign_agreement']}")
    print(f"base TextBlob polarity agreement = {agreement(groups['all'], 2):.3f}")
    print("  (polarity 0 counts as a miss)")
    for name in ("Trust A", "Trust B", "Trust C", "A+B (tuning)", "C (held out)"):
        items = groups[name]
        print(
            f"  {name:13s} tuned {agreement(items, 1):.3f}  base {agreement(items, 2):.3f}"
            f"  ({len(items)} rows)"
        )
    for text in ISSUE_SENTENCES:
        result = score_text(text=text)
        print(f"  {result.label:8s} {result.polarity:+.3f}  {text}")
    return tuned


def report_evidence_and_stance(*, responses) -> None:
    """Print how many answers carry specific evidence and how many take a stance."""
    rich = sum(1 for r in responses if r.evidence_rich)
    kinds = Counter(kind for r in responses for kind in r.evidence)
    stances = Counter(r.stance for r in responses)
    print(f"\n== Evidence-rich answers: {rich} of {len(responses)}")
    print(f"   kinds: {dict(sorted(kinds.items()))}")
    print(f"   stance (no question given, explicit cues only): {dict(sorted(stances.items()))}")


if __name__ == "__main__":
    raise SystemExit(main())
