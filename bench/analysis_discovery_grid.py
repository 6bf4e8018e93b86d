"""Choose discovery's constants on the tuning sources only, then score the held-out source once.

Each source (trust) is analysed on its own, as one consultation would be, and scored by the
adjusted mutual information (AMI) of each answer's primary theme against the human labels.

    .venv/bin/python bench/analysis_discovery_grid.py                 # the grid, on A and B
    .venv/bin/python bench/analysis_discovery_grid.py --held-out 1.5,4.0,12,12   # C, once
"""

import argparse
import csv
import sys
from pathlib import Path

from sklearn.metrics import adjusted_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from feedback.analysis import discovery  # noqa: E402
from feedback.analysis.pipeline import analyse  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "nhs-patient-feedback" / "comments.csv"
TUNING_SOURCES = ("Trust A", "Trust B")
HELD_OUT = "Trust C"
GRID = [
    (overfit, decay, max_position, themes)
    for overfit in (1.0, 1.5, 2.0)
    for decay in (1.0, 4.0, 16.0)
    for max_position in (6, 12, 24)
    for themes in (8, 12, 16)
]


def ami_of(rows, source, setting) -> float:
    """AMI of one source analysed alone with the given (overfit, decay, positions, themes)."""
    discovery.OVERFIT, discovery.POSITION_DECAY, discovery.MAX_POSITION, themes = setting
    chosen = [r for r in rows if r["source"] == source]
    result = analyse(
        responses=[{"id": str(i), "text": r["text"]} for i, r in enumerate(chosen)],
        workers=1,
        max_themes=themes,
    )
    return adjusted_mutual_info_score(
        [r["label"] for r in chosen], [r.primary_theme for r in result.responses]
    )


def main() -> int:
    """Print the grid on the tuning sources, or the held-out figure for one setting."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--held-out", help="OVERFIT,DECAY,MAX_POSITION,THEMES to score on C")
    args = parser.parse_args()
    with open(args.data, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    committed = (
        discovery.OVERFIT,
        discovery.POSITION_DECAY,
        discovery.MAX_POSITION,
        discovery.DEFAULT_MAX_THEMES,
    )
    if args.held_out:
        o, d, m, k = args.held_out.split(",")
        setting = (float(o), float(d), int(m), int(k))
        print(f"{HELD_OUT} with {setting}: AMI {ami_of(rows, HELD_OUT, setting):.3f}")
        return 0
    results = []
    for setting in GRID:
        values = [ami_of(rows, source, setting) for source in TUNING_SOURCES]
        mean = sum(values) / len(values)
        results.append((mean, setting))
        flag = "  (committed)" if setting == committed else ""
        shown = ", ".join(f"{s} {v:.3f}" for s, v in zip(TUNING_SOURCES, values, strict=True))
        print(f"{setting}: {shown}; mean {mean:.3f}{flag}", flush=True)
    best = max(results)
    print(f"best on {' + '.join(TUNING_SOURCES)}: {best[1]} mean {best[0]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
