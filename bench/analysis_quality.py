"""Measure theme discovery, coding-frame tagging and sentiment on real NHS comments."""

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.metrics import accuracy_score, adjusted_mutual_info_score, f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from feedback.analysis.pipeline import analyse  # noqa: E402
from feedback.analysis.sentiment import score_text  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "nhs-patient-feedback" / "comments.csv"
TARGETS = {"ami": 0.25, "accuracy": 0.55, "macro_f1": 0.45, "sign_agreement": 0.80}
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


def main() -> int:
    """Run all three measurements and print them with their targets."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--codebook", default=str(ROOT / "bench" / "nhs_codebook.json"))
    parser.add_argument("--max-themes", type=int, default=None)
    args = parser.parse_args()
    with open(args.data, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels = [r["label"] for r in rows]
    responses = [{"id": str(i), "text": r["text"]} for i, r in enumerate(rows)]
    print(f"data: {args.data} ({len(rows)} comments)")

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

    start = time.perf_counter()
    codebook = json.loads(Path(args.codebook).read_text(encoding="utf-8"))
    coded = analyse(responses=responses, codebook=codebook)
    took = time.perf_counter() - start
    predicted = [r.primary_theme for r in coded.responses]
    accuracy = accuracy_score(labels, predicted)
    names = sorted(set(labels))
    # Macro-F1 over the 9 true labels; a blank prediction (non-answer) is simply an error.
    macro_f1 = f1_score(labels, predicted, labels=names, average="macro", zero_division=0)
    fallback = sum(1 for r in coded.responses if r.themes and r.themes[0][1] == 0.0)
    print(f"\n== Coding frame ({Path(args.codebook).name}) [{took:.1f}s]")
    print(f"fallback used for {fallback} comments matching no theme (codebook 'fallback')")
    print(f"accuracy = {accuracy:.3f}   target >= {TARGETS['accuracy']}")
    print(f"macro-F1 = {macro_f1:.3f}   target >= {TARGETS['macro_f1']}")
    per_class = f1_score(labels, predicted, labels=names, average=None, zero_division=0)
    for name, value in zip(names, per_class, strict=True):
        print(f"  F1 {value:.3f}  {name}")
    print(f"  accuracy by source: {_by_source(rows, predicted, accuracy_score)}")

    tuned = report_sentiment(rows=rows, responses=coded.responses)
    report_evidence_and_stance(responses=coded.responses)

    results = {"ami": ami, "accuracy": accuracy, "macro_f1": macro_f1, "sign_agreement": tuned}
    missed = [k for k, v in results.items() if v < TARGETS[k]]
    print("\nall targets met" if not missed else f"\ntargets missed: {', '.join(missed)}")
    return 0


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
