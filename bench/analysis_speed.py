"""Time the whole analysis pipeline on synthetic consultations of ~40-word responses.

--mode discovery times a run with no coding frame (themes are discovered); --mode codebook
times a run with a coding frame (the semantic scorer: embeddings, keywords); --mode both times
the two one after the other, each with its own wall, CPU and memory figures.
"""

import argparse
import csv
import gc
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textblob import TextBlob  # noqa: E402
from textblob.base import BaseNPExtractor  # noqa: E402
from textblob.en import parse  # noqa: E402

from feedback.analysis.coding import load_codebook  # noqa: E402
from feedback.analysis.pipeline import analyse  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "nhs-patient-feedback" / "comments.csv"
DEFAULT_CODEBOOK = ROOT / "bench" / "nhs_codebook_blind.json"
MODES = {"discovery": ("discovery",), "codebook": ("codebook",), "both": ("discovery", "codebook")}
SEED = 20240607
TARGET_WORDS = 40
MIN_WORDS = 30
TEMPLATES = [
    "I have been waiting {n} weeks for an appointment with the {team} team and nobody has called.",
    "The {team} staff at {place} were kind but the car park was full again.",
    "Please keep the {place} clinic open, it is the only service I can reach by bus.",
    "My worker helped me understand my medication and I felt listened to for once.",
    "Opening hours at {place} do not suit people who work shifts, evenings would help.",
    "Moving the service to {place} would mean two buses each way for me and my son.",
]
FILL = {
    "team": ["crisis", "community", "memory", "talking therapies", "perinatal"],
    "place": ["Riverside", "the Grange", "Hill Street", "Northgate", "the Lodge"],
}


def build_responses(*, n: int, data: Path) -> list[dict]:
    """Return n responses of about TARGET_WORDS words from real comments and templates."""
    with data.open(encoding="utf-8", newline="") as handle:
        comments = [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
    rng = random.Random(SEED)
    responses = []
    for i in range(n):
        parts: list[str] = []
        words = 0
        while words < MIN_WORDS:
            if rng.random() < 0.2:
                template = rng.choice(TEMPLATES)
                text = template.format(
                    n=rng.randint(2, 30),
                    team=rng.choice(FILL["team"]),
                    place=rng.choice(FILL["place"]),
                )
            else:
                text = rng.choice(comments)
            parts.append(text)
            words += len(text.split())
        text = " ".join(parts)
        tokens = text.split()
        if len(tokens) > TARGET_WORDS + 15:
            text = " ".join(tokens[: TARGET_WORDS + 15])
        responses.append(
            {
                "id": str(i),
                "text": text,
                "consent_to_quote": rng.random() < 0.6,
                "attributes": {
                    "borough": rng.choice(["North", "South", "East", "West"]),
                    "capacity": rng.choice(["Service user", "Carer", "Staff", "Public"]),
                },
            }
        )
    return responses


class PatternNPExtractor(BaseNPExtractor):
    """Naive offline noun-phrase extractor: parse each text from scratch with pattern."""

    def extract(self, text):
        """Return NP chunks found by textblob's pattern parser (no NLTK data needed)."""
        phrases = []
        for sentence in parse(text, chunks=True).split():
            current = []
            for word, _tag, chunk, *_rest in sentence:
                if chunk.endswith("NP") and not (chunk.startswith("B-") and current):
                    current.append(word.lower())
                    continue
                if current:
                    phrases.append(" ".join(current))
                current = [word.lower()] if chunk.endswith("NP") else []
            if current:
                phrases.append(" ".join(current))
        return phrases


def naive_loop(texts: list[str]) -> list[float]:
    """Per response: one TextBlob, its sentiment and its noun phrases, one response at a time."""
    extractor = PatternNPExtractor()
    polarities = []
    for text in texts:
        blob = TextBlob(text, np_extractor=extractor)
        polarities.append(blob.sentiment.polarity)
        blob.noun_phrases  # noqa: B018
    return polarities


def peak_rss_mb() -> tuple[float, float]:
    """Return (this process's peak RSS, the largest child's peak RSS) in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, children / 1024


def _descendants(root: int) -> list[int]:
    """The process and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(proportional set size, resident set size) of one process in kB, or zeros if gone."""
    values = {"Pss:": 0, "Rss:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                key, _, rest = line.partition(" ")
                if key in values:
                    values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values["Pss:"], values["Rss:"]


def sample_memory(root: int, interval: float = 0.5) -> None:
    """Run in a separate process: every half second, add up the memory of the pipeline process
    and its workers until stdin closes, then print the peak as JSON.

    PSS (proportional set size) shares each page between the processes that map it, so the sum
    is the memory the whole pipeline really holds; summed RSS counts forked, shared pages once
    per process. (A separate process, so that the pipeline forks its workers from a process
    with no extra threads.)
    """
    import json
    import selectors

    me = os.getpid()
    peak = {"pss_kb": 0, "rss_kb": 0, "processes": 0}
    watch = selectors.DefaultSelector()
    watch.register(sys.stdin, selectors.EVENT_READ)
    while True:
        pids = [pid for pid in _descendants(root) if pid != me]
        sizes = [_memory_kb(pid) for pid in pids]
        pss = sum(p for p, _r in sizes)
        if pss > peak["pss_kb"]:
            peak = {"pss_kb": pss, "rss_kb": sum(r for _p, r in sizes), "processes": len(pids)}
        if watch.select(timeout=interval) and not sys.stdin.read(1):
            break
    print(json.dumps(peak), flush=True)


class MemorySampler:
    """Start sample_memory() in a child process; stop() returns its peak figures."""

    def __init__(self) -> None:
        import subprocess

        self.process = subprocess.Popen(
            [sys.executable, __file__, "--sample-memory-of", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> dict:
        import json

        out, _err = self.process.communicate(input="", timeout=60)
        return json.loads(out)


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def load() -> str:
    """The load averages, as uptime prints them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def timed_naive(texts: list[str]) -> tuple[list[float], float, float]:
    """Run the naive loop; return its polarities, wall seconds and CPU seconds."""
    start, start_cpu = time.perf_counter(), time.process_time()
    polarities = naive_loop(texts)
    return polarities, time.perf_counter() - start, time.process_time() - start_cpu


def time_pipeline(*, responses, codebook, workers, sample_index) -> dict:
    """Run analyse() once; return wall and CPU seconds, peak memory and a few counts."""
    gc.collect()
    cpu_before = cpu_seconds()
    sampler = MemorySampler()
    time.sleep(0.5)  # let the sampler take its first reading
    start = time.perf_counter()
    result = analyse(responses=responses, codebook=codebook, workers=workers)
    wall = time.perf_counter() - start
    cpu = cpu_seconds() - cpu_before
    peak = sampler.stop()
    # Keep only what is printed, so the naive loop after it runs with as many live objects as
    # before (the garbage collector's passes cost more with more of them).
    timing = {
        "wall": wall,
        "cpu": cpu,
        "peak": peak,
        "themes": len(result.discovered) if codebook is None else len(codebook.themes),
        "campaigns": len(result.campaigns),
        "coded": sum(1 for r in result.responses if r.themes) if codebook is not None else 0,
        "base": [result.responses[i].base_polarity for i in sample_index],
    }
    del result
    gc.collect()
    return timing


def main() -> int:
    """Build the synthetic set, time the pipeline and the naive loop, print figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument(
        "--mode",
        choices=sorted(MODES),
        default="discovery",
        help="time discovery (no coding frame), the coding frame, or both one after the other",
    )
    parser.add_argument("--codebook", default=str(DEFAULT_CODEBOOK), help="for --mode codebook")
    parser.add_argument(
        "--check-determinism",
        type=int,
        default=0,
        metavar="N",
        help="also analyse the first N responses in one process and over 2 workers and "
        "compare the JSON byte for byte",
    )
    parser.add_argument("--sample-memory-of", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sample_memory_of:
        sample_memory(args.sample_memory_of)
        return 0

    responses = build_responses(n=args.n, data=Path(args.data))
    words = sum(len(r["text"].split()) for r in responses)
    print(f"built {len(responses)} responses, mean {words / len(responses):.1f} words")

    # The naive loop runs on an evenly spaced sample of the same responses, half just before
    # and half just after the pipeline (the machine is shared, so its load drifts), and is
    # extrapolated to all of them. Its lexicons are loaded first, outside the timings.
    step = max(1, len(responses) // max(1, args.naive_sample))
    sample_index = list(range(0, len(responses), step))[: args.naive_sample]
    sample = [responses[i]["text"] for i in sample_index]
    half = len(sample) // 2
    naive_loop(["Warm up the lexicons, please."])

    codebook = load_codebook(path=args.codebook)
    print(f"before: {load()}")
    naive_a, naive_wall_a, naive_cpu_a = timed_naive(sample[:half])
    timings = []
    for mode in MODES[args.mode]:
        timings.append(
            time_pipeline(
                responses=responses,
                codebook=codebook if mode == "codebook" else None,
                workers=args.workers,
                sample_index=sample_index,
            )
        )
        timings[-1]["mode"] = mode
    load_after = load()
    naive_b, naive_wall_b, naive_cpu_b = timed_naive(sample[half:])
    naive = naive_a + naive_b
    naive_s, naive_cpu = naive_wall_a + naive_wall_b, naive_cpu_a + naive_cpu_b
    workers = args.workers or os.cpu_count() or 1
    scale = len(responses) / len(sample)
    print(
        f"naive loop (TextBlob sentiment + noun phrases, one response at a time, one core): "
        f"{naive_s:.1f} s wall / {naive_cpu:.1f} s CPU for an evenly spaced sample of "
        f"{len(sample)} -> extrapolated {naive_s * scale:.0f} s wall / {naive_cpu * scale:.0f} s "
        f"CPU for {len(responses)}"
    )
    print(
        f"naive loop halves: {naive_wall_a:.2f} s before the pipeline runs, "
        f"{naive_wall_b:.2f} s after"
    )
    same = True
    for timing in timings:
        label = (
            "discovery (no coding frame)"
            if timing["mode"] == "discovery"
            else f"coding frame ({Path(args.codebook).name}, semantic scorer)"
        )
        print(f"== {label}")
        print(
            f"  pipeline end to end: {timing['wall']:.1f} s wall (target <= 60 s), "
            f"{timing['cpu']:.1f} s CPU over {workers} worker processes and the parent"
        )
        print(
            f"  themes: {timing['themes']}, campaigns: {timing['campaigns']}, "
            f"answers given a theme (fallback included): {timing['coded']}"
        )
        peak = timing["peak"]
        print(
            f"  peak memory of the pipeline and its workers together (sum of PSS, sampled every "
            f"0.5 s): {peak['pss_kb'] / 1024:.0f} MB over {peak['processes']} processes "
            f"(target <= 1536 MB); their RSS summed at that moment "
            f"{peak['rss_kb'] / 1024:.0f} MB, counting shared pages once per process"
        )
        print(
            f"  speed ratio naive / pipeline (wall): {naive_s * scale / timing['wall']:.1f}x "
            f"(target >= 3x); CPU-time ratio: {naive_cpu * scale / timing['cpu']:.1f}x"
        )
        identical = naive == timing["base"]
        print(
            f"  sentiment: base polarity identical to TextBlob(text).sentiment.polarity on all "
            f"{len(sample)} sampled responses: {identical}"
        )
        same = same and identical
    own_mb, child_mb = peak_rss_mb()
    print(
        f"peak RSS over the whole bench: this process {own_mb:.0f} MB, largest child "
        f"{child_mb:.0f} MB (this process includes the {len(responses)} built responses)"
    )
    print(f"after: {load_after}")
    if args.check_determinism:
        same = check_determinism(responses[: args.check_determinism]) and same
    return 0 if same else 1


def check_determinism(responses: list[dict]) -> bool:
    """Analyse responses in one process and over two workers; print whether the JSON matches."""
    import hashlib

    digests = []
    for workers in (1, 2):
        text = analyse(responses=responses, workers=workers, batch_size=2000).to_json()
        digests.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
        del text
        gc.collect()
    same = digests[0] == digests[1]
    print(
        f"determinism: {len(responses)} responses, one process sha256 {digests[0][:12]}, "
        f"2 workers sha256 {digests[1][:12]}: identical {same}"
    )
    return same


if __name__ == "__main__":
    raise SystemExit(main())
