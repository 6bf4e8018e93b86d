"""A refresh (incremental run) that tags new answers in a consultation that is already large.

Makes a fresh database (PostgreSQL by default, or SQLite with --sqlite) with one consultation
of --answers free-text answers (real NHS comments run together) and a small coding frame,
stores their analyses and tags as a full run leaves them (real text hashes and campaign
fingerprints, tags where a frame keyword appears; analysing them for real is
bench/analysis_speed.py's job), then adds --new answers and times the refresh that tags them
(the steps of `runs.analysis_run_sync(kind=incremental)`: the same services the scheduled
`refresh_analyses` task and the "Run analysis (new answers)" button run), in one process.
Reports the time per step and checks that exactly the new answers were analysed and tagged,
and that the run recorded its per-theme changes.

    .venv/bin/python bench/analysis_refresh.py [--answers 100000] [--new 1000]
        [--database engage_analysis_refresh] [--sqlite]
"""

import argparse
import json
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import (  # noqa: E402
    bench_database_url,
    bench_env,
    drop_postgres_database,
    load_average,
    manage,
)

SETTINGS = "bench.load_settings"
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "nhs-patient-feedback" / "comments.csv"

SCRIPT = r"""
import csv
import json
import random
import sys
import time
from datetime import timedelta

import django
django.setup()
from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage
from feedback.models import Answer, Question, Questionnaire, QuestionSection, Response
from feedback.services import answer_languages_detect
from feedback.themes import runs, selectors, services
from feedback.analysis.campaigns import fingerprints
from feedback.analysis.clean import normalise_text
from feedback.themes.models import AnalysisRun, AnswerAnalysis, AnswerTheme, ThemeChange
from home import demo as home_demo

total, new, data = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
with open(data, encoding="utf-8", newline="") as handle:
    comments = [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
rng = random.Random(20251206)
home_demo.load_pages()
from wagtail.models import Site
home = Site.objects.get(is_default_site=True).root_page
index = ConsultationIndexPage(title="Consultations", slug="consultations-refresh-bench")
home.add_child(instance=index)
now = timezone.now()
page = ConsultationPage(
    title="Community mental health (refresh bench)",
    slug="refresh-bench",
    summary="A large consultation for the refresh bench.",
    opens_at=now - timedelta(days=30),
    closes_at=now + timedelta(days=30),
)
index.add_child(instance=page)
questionnaire = Questionnaire.objects.create(consultation=page)
section = QuestionSection.objects.create(questionnaire=questionnaire, title="Your views")
question = Question.objects.create(
    section=section, kind=Question.Kind.LONG_TEXT, text="What could be better?", sort_order=0
)
capacities = [c for c, _label in Response.Capacity.choices]


def add_answers(n):
    responses = Response.objects.bulk_create(
        Response(
            consultation=page,
            status=Response.Status.SUBMITTED,
            submitted_at=now,
            capacity=rng.choice(capacities),
            consent_to_quote=rng.random() < 0.6,
        )
        for _ in range(n)
    )
    answers = [
        Answer(response=r, question=question, text=f"{rng.choice(comments)} {rng.choice(comments)}")
        for r in responses
    ]
    # As feedback.services.answers_save does when an answer is given (not timed here).
    answer_languages_detect(answers=answers)
    Answer.objects.bulk_create(answers)


add_answers(total - new)
frame = [
    ("Waiting times", "How long people wait.", ["wait", "waiting", "waited", "appointment"]),
    ("Staff attitude", "How staff treat people.", ["staff", "kind", "rude", "friendly"]),
    ("Communication", "Being told and kept informed.", ["told", "information", "explained"]),
]
for name, description, keywords in frame:
    services.theme_create(
        consultation=page, name=name, description=description, keywords=keywords, user=None
    )
# The answers already there, as a full run would have left them. Analysing 99,000 answers for
# real takes minutes on a shared machine and is measured by bench/analysis_speed.py; a refresh
# reads what is stored, so the stored rows only need the right shape and volume: the real text
# hash (so the refresh skips them), the real campaign fingerprints (campaign grouping runs over
# the whole consultation), and tags where an answer contains a frame keyword.
started = time.perf_counter()
rows = list(
    Answer.objects.filter(response__consultation=page)
    .order_by("pk")
    .values_list("pk", "response_id", "text")
)
prints = fingerprints(texts=[normalise_text(text=text) for _pk, _r, text in rows])
AnswerAnalysis.objects.bulk_create(
    (
        AnswerAnalysis(
            answer_id=pk,
            response_id=response_id,
            consultation=page,
            sentiment="neutral",
            redacted_text=text,
            analysed_text_hash=runs._text_hash(text, question.text),
            fingerprint=fp.text_hash,
            minhash=fp.minhash.hex(),
        )
        for (pk, response_id, text), fp in zip(rows, prints)
    ),
    batch_size=5000,
)
themes = list(page.themes.order_by("name"))
AnswerTheme.objects.bulk_create(
    (
        AnswerTheme(
            answer_id=pk, response_id=response_id, theme=theme, score=1.0, confidence=0.5
        )
        for pk, response_id, text in rows
        for theme in themes
        if any(word in text.lower() for word in theme.keywords)
    ),
    batch_size=5000,
)
seeded = time.perf_counter() - started
started = time.perf_counter()
runs.campaigns_regroup(consultation=page)
regrouped = time.perf_counter() - started
before = AnswerAnalysis.objects.filter(consultation=page).count()
add_answers(new)
answers = Answer.objects.filter(response__consultation=page).order_by("-pk")
new_ids = set(answers.values_list("pk", flat=True)[:new])

# The refresh, step by step (the same calls as runs.analysis_run_sync).
timings = {}
mark = time.perf_counter()
run = runs.analysis_run_start(consultation=page, kind=AnalysisRun.Kind.INCREMENTAL, enqueue=False)
timings["start: pick new answers, snapshot frame, examples and counts"] = time.perf_counter() - mark
mark = time.perf_counter()
for batch_id in run.batches.order_by("index").values_list("pk", flat=True):
    runs.analysis_batch_process(batch_id=batch_id, finish=False)
timings[f"analyse and write {run.batches_total} batches"] = time.perf_counter() - mark
mark = time.perf_counter()
AnalysisRun.objects.filter(pk=run.pk).update(status=AnalysisRun.Status.FINISHING)
runs.analysis_run_finish(run_id=run.pk)
timings["finish: campaigns over the consultation, per-theme changes"] = time.perf_counter() - mark
run.refresh_from_db()
analysed = set(AnswerAnalysis.objects.filter(run=run).values_list("answer_id", flat=True))
changes = list(ThemeChange.objects.filter(run=run).order_by("theme_name"))
print(json.dumps({
    "answers": Answer.objects.filter(response__consultation=page).count(),
    "seeded_in": round(seeded, 1),
    "regrouped_in": round(regrouped, 1),
    "tags_before": AnswerTheme.objects.exclude(answer_id__in=new_ids).count(),
    "analysed_before": before,
    "run": {"status": run.status, "answers_total": run.answers_total, "batches": run.batches_total},
    "timings": {k: round(v, 2) for k, v in timings.items()},
    "refresh_seconds": round(sum(timings.values()), 2),
    "exactly_the_new_answers": analysed == new_ids,
    "new_answers_tagged": len(
        set(AnswerTheme.objects.filter(answer_id__in=new_ids).values_list("answer_id", flat=True))
    ),
    "changes": [
        [c.theme_name, c.respondents_before, c.respondents_after, c.answers_joined, c.joined_new]
        for c in changes
    ],
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--limit", type=float, default=10.0, help="seconds allowed")
    parser.add_argument("--database", default="engage_analysis_refresh")
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory(prefix="engage-analysis-refresh-") as directory:
        url = bench_database_url(use_sqlite=args.sqlite, directory=directory, name=args.database)
        env = bench_env(SETTINGS, url)
        label = "SQLite" if args.sqlite else "PostgreSQL"
        print(
            f"=== {label}: refresh tagging {args.new} new answers in a consultation of "
            f"{args.answers} ({load_average()})"
        )
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable", "-v0")
        result = json.loads(
            manage(env, "-c", SCRIPT, str(args.answers), str(args.new), args.data).splitlines()[-1]
        )
        if not args.sqlite:
            drop_postgres_database(args.database)
    print(
        f"  seeded: {result['analysed_before']} stored analyses and {result['tags_before']} tags "
        f"in {result['seeded_in']}s; campaign grouping over them took {result['regrouped_in']}s"
    )
    for step, seconds in result["timings"].items():
        print(f"  {seconds:7.2f}s  {step}")
    print(
        f"  refresh: {result['refresh_seconds']}s for {result['run']['answers_total']} answers "
        f"in {result['run']['batches']} batches ({result['run']['status']}); only the new "
        f"answers analysed: {result['exactly_the_new_answers']}; new answers tagged: "
        f"{result['new_answers_tagged']}"
    )
    print("  per-theme changes [theme, before, after, joined, of them new]:")
    for row in result["changes"]:
        print(f"    {row}")
    ok = (
        result["exactly_the_new_answers"]
        and result["run"]["status"] == "succeeded"
        and result["refresh_seconds"] <= args.limit
        and result["answers"] == args.answers
    )
    print(f"RESULT {label}: {'PASS' if ok else 'FAIL'} (limit {args.limit}s)")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
