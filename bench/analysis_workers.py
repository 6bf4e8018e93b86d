"""One large consultation's analysis, split into batch tasks that several task workers share.

Makes a fresh database (PostgreSQL by default, dropped and recreated; or SQLite with --sqlite)
with one consultation of --answers free-text answers (real NHS comments run together) and a
small coding frame, then starts a discovery run the way the admin does
(runs.analysis_run_start: one `analyse_batch` task per batch of --batch-size answers,
enqueued in the database queue). It starts --workers `manage.py db_worker --batch` processes at
once, waits for them to drain the queue, and checks:

- every batch's task was enqueued once, ran once, succeeded, and wrote its batch (no batch was
  analysed twice, none was skipped), and the run's finishing task ran once;
- the batches were shared: which worker ran each, and how many ran at the same moment;
- the result is complete: the run succeeded, every answer has exactly one analysis, and the
  stored sentiment, polarity and coding-frame tags equal what one process analysing all the
  answers in one go gives, learning from the same analysts' decisions (a first run, then per
  theme 5 tags confirmed, 3 added and 3 removed, before the measured run);
- the result is the same byte for byte: the same consultation in a second fresh database,
  analysed by `runs.analysis_run_sync` in one process, stores exactly the same analyses, tags
  (scores and confidences), themes, proposals and per-theme changes (compared as canonical
  JSON).

    .venv/bin/python bench/analysis_workers.py [--answers 6000] [--batch-size 250]
        [--workers 2] [--database engage_analysis_workers] [--sqlite]
"""

import argparse
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import (  # noqa: E402
    bench_database_url,
    bench_env,
    drop_postgres_database,
    manage,
    start_db_workers,
    wait_for_workers,
)

SETTINGS = "bench.load_settings"
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "nhs-patient-feedback" / "comments.csv"

SETUP = r"""
import csv
import json
import random
import sys
from datetime import timedelta

import django
django.setup()
from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage
from feedback.models import Answer, Question, Questionnaire, QuestionSection, Response
from feedback.themes import runs, services
from feedback.themes.models import AnalysisRun
from home import demo as home_demo

answers, batch_size, data = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
in_one_process = sys.argv[4] == "one-process"
with open(data, encoding="utf-8", newline="") as handle:
    comments = [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
rng = random.Random(20240607)
home_demo.load_pages()
from wagtail.models import Site
home = Site.objects.get(is_default_site=True).root_page
index = ConsultationIndexPage(title="Consultations", slug="consultations-bench")
home.add_child(instance=index)
now = timezone.now()
page = ConsultationPage(
    title="Community mental health (analysis bench)",
    slug="analysis-bench",
    summary="A large consultation for the multi-worker analysis bench.",
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
responses = Response.objects.bulk_create(
    Response(
        consultation=page,
        status=Response.Status.SUBMITTED,
        submitted_at=now,
        capacity=rng.choice(capacities),
        consent_to_quote=rng.random() < 0.6,
    )
    for _ in range(answers)
)
Answer.objects.bulk_create(
    Answer(response=r, question=question, text=f"{rng.choice(comments)} {rng.choice(comments)}")
    for r in responses
)
frame = [
    ("Waiting times", ["wait", "waiting", "waited", "appointment"]),
    ("Staff attitude", ["staff", "kind", "rude", "friendly", "listened"]),
    ("Communication", ["told", "information", "explained", "called back", "letter"]),
]
themes = [
    services.theme_create(consultation=page, name=name, keywords=keywords, user=None)
    for name, keywords in frame
]
# A first run, then the analysts' decisions the measured run learns from: per theme, confirm
# 5 of its tags, add it to 3 answers it missed and remove it from 3 (the same in every database).
runs.analysis_run_sync(consultation=page, kind=AnalysisRun.Kind.FULL)
from feedback.themes.models import AnswerTheme
for theme in themes:
    tagged = list(
        AnswerTheme.objects.filter(theme=theme, source=AnswerTheme.Source.AUTOMATIC)
        .order_by("answer_id")
        .values_list("answer_id", flat=True)[:8]
    )
    missed = list(
        Answer.objects.filter(response__consultation=page)
        .exclude(theme_tags__theme=theme)
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    for answer_id in tagged[:5] + missed:
        services.answer_theme_add(answer=Answer.objects.get(pk=answer_id), theme=theme, user=None)
    for answer_id in tagged[5:]:
        services.answer_theme_remove(
            answer=Answer.objects.get(pk=answer_id), theme=theme, user=None
        )
if in_one_process:
    run = runs.analysis_run_sync(consultation=page, kind=AnalysisRun.Kind.DISCOVERY)
else:
    run = runs.analysis_run_start(
        consultation=page, kind=AnalysisRun.Kind.DISCOVERY, batch_size=batch_size
    )
print(json.dumps({"run": run.pk, "batches": run.batches_total, "answers": run.answers_total}))
"""

# Everything the analysis stored, as canonical JSON (no ids of rows it made, no timestamps):
# the same bytes must come out of one process as out of several workers.
DIGEST = r"""
import hashlib
import json
import sys

import django
django.setup()
from feedback.themes.models import AnalysisRun, AnswerAnalysis, AnswerTheme, Theme, ThemeChange

run = AnalysisRun.objects.get(pk=int(sys.argv[1]))
analysis_fields = [
    "answer_id", "sentiment", "polarity", "base_polarity", "key_phrases", "sentiment_phrases",
    "redacted_text", "redaction_kinds", "non_answer", "campaign_group",
    "is_campaign_representative", "analysed_text_hash", "fingerprint", "minhash", "stems",
]
stored = {
    "analyses": list(
        AnswerAnalysis.objects.filter(consultation=run.consultation)
        .order_by("answer_id")
        .values_list(*analysis_fields)
    ),
    "tags": list(
        AnswerTheme.objects.filter(theme__consultation=run.consultation)
        .order_by("answer_id", "theme__name")
        .values_list("answer_id", "theme__name", "score", "confidence", "source", "is_rejected")
    ),
    "themes": list(
        Theme.objects.filter(consultation=run.consultation)
        .order_by("name")
        .values_list("name", "status", "origin", "keywords", "key_phrases", "proposed_size")
    ),
    "changes": list(
        ThemeChange.objects.filter(run=run)
        .order_by("theme_name")
        .values_list(
            "theme_name", "respondents_before", "respondents_after", "answers_joined",
            "answers_left", "joined_new", "definition",
        )
    ),
    "run": [run.status, run.answers_total, run.codebook, run.examples],
}
text = json.dumps(stored, sort_keys=True, ensure_ascii=False).encode("utf-8")
print(json.dumps({"sha256": hashlib.sha256(text).hexdigest(), "bytes": len(text)}))
"""

CHECK = r"""
import json
import sys
from collections import Counter

import django
django.setup()
from django_tasks_db.models import DBTaskResult

from feedback.models import Answer
from feedback.themes import runs, selectors
from feedback.themes.models import AnalysisBatch, AnalysisRun, AnswerAnalysis, AnswerTheme, Theme

run = AnalysisRun.objects.get(pk=int(sys.argv[1]))
batch_ids = set(AnalysisBatch.objects.filter(run=run).values_list("pk", flat=True))
tasks = []
for result in DBTaskResult.objects.order_by("started_at"):
    kwargs = result.args_kwargs.get("kwargs", {})
    tasks.append(
        {
            "path": result.task_path.rsplit(".", 1)[-1],
            "batch": kwargs.get("batch_id"),
            "status": result.status,
            "workers": result.worker_ids,
            "wrote": result.return_value,
            "started": result.started_at.timestamp() if result.started_at else None,
            "finished": result.finished_at.timestamp() if result.finished_at else None,
        }
    )
answers = list(
    Answer.objects.filter(response__consultation=run.consultation)
    .select_related("question", "response")
    .order_by("pk")
)
# The same answers analysed in one go, in this one process, with the same decisions.
examples = selectors.labelled_texts(consultation=run.consultation, examples=run.examples)
reference = runs._process(
    inputs=runs._run_inputs(answers), codebook=run.codebook, examples=examples
)
theme_ids = {t["name"]: t["id"] for t in run.codebook["themes"]}
# A person's decision replaces the analysis's tag on that answer and theme.
decided = set(
    AnswerTheme.objects.filter(
        theme_id__in=theme_ids.values(), source=AnswerTheme.Source.MANUAL
    ).values_list("answer_id", "theme_id")
)
expected_tags = {
    (int(r.id), theme_ids[name])
    for r in reference
    if not r.non_answer
    for name, _s in r.coded_themes
} - decided
stored = {
    a.answer_id: (a.sentiment, a.polarity, a.base_polarity)
    for a in AnswerAnalysis.objects.filter(consultation=run.consultation)
}
same = sum(
    1 for r in reference if stored.get(int(r.id)) == (r.sentiment, r.polarity, r.base_polarity)
)
tags = set(
    AnswerTheme.objects.filter(
        theme_id__in=theme_ids.values(), source=AnswerTheme.Source.AUTOMATIC
    ).values_list("answer_id", "theme_id")
)
print(
    json.dumps(
        {
            "tasks": tasks,
            "batch_ids": sorted(batch_ids),
            "batches_done": AnalysisBatch.objects.filter(run=run, is_done=True).count(),
            "run": {
                "status": run.status,
                "batches_total": run.batches_total,
                "batches_done": run.batches_done,
                "answers_total": run.answers_total,
            },
            "answers": len(answers),
            "analyses": len(stored),
            "same_as_one_process": same,
            "tags_stored": len(tags),
            "tags_expected": len(expected_tags),
            "tags_equal": tags == expected_tags,
            "proposals": Theme.objects.filter(
                consultation=run.consultation, status=Theme.Status.PROPOSED
            ).count(),
        }
    )
)
"""


def max_overlap(intervals):
    """The largest number of intervals (start, end) open at the same moment."""
    events = sorted([(s, 1) for s, _e in intervals] + [(e, -1) for _s, e in intervals])
    best = current = 0
    for _t, step in events:
        current += step
        best = max(best, current)
    return best


def report(result, args, worker_ids, elapsed, codes):
    """Print what happened and return True when every check passed."""
    batches = [t for t in result["tasks"] if t["path"] == "analyse_batch"]
    finishes = [t for t in result["tasks"] if t["path"] == "finish_run"]
    per_batch = {}
    for task in batches:
        per_batch.setdefault(task["batch"], []).append(task)
    ran_once = [b for b in result["batch_ids"] if len(per_batch.get(b, [])) == 1]
    twice = [b for b, ts in per_batch.items() if len(ts) > 1]
    missing = [b for b in result["batch_ids"] if b not in per_batch]
    wrote_once = [
        b
        for b in ran_once
        if per_batch[b][0]["wrote"] is True and per_batch[b][0]["status"] == "SUCCESSFUL"
    ]
    per_worker = {}
    for task in batches:
        for worker in task["workers"]:
            per_worker[worker] = per_worker.get(worker, 0) + 1
    overlap = max_overlap([(t["started"], t["finished"]) for t in batches if t["finished"]])
    run = result["run"]
    print(f"  drained in {elapsed:.1f}s; worker exit codes {codes}")
    print(f"  run: {run}")
    print(
        f"  batch tasks: {len(batches)} for {len(result['batch_ids'])} batches; ran exactly once "
        f"and wrote its batch: {len(wrote_once)}; ran twice or more: {len(twice)}; "
        f"never ran: {len(missing)}; finishing task ran {len(finishes)} time(s) "
        f"({[t['status'] for t in finishes]})"
    )
    print(f"  batches per worker: {dict(sorted(per_worker.items()))}")
    print(f"  most batches running at the same moment: {overlap}")
    print(
        f"  answers {result['answers']}, analyses stored {result['analyses']}, equal to one "
        f"process analysing them all: {result['same_as_one_process']}; coding-frame tags "
        f"{result['tags_stored']} stored / {result['tags_expected']} expected, identical: "
        f"{result['tags_equal']}; discovered proposals: {result['proposals']}"
    )
    return (
        len(wrote_once) == len(result["batch_ids"]) == run["batches_total"] > 1
        and not twice
        and not missing
        and len(finishes) == 1
        and finishes[0]["status"] == "SUCCESSFUL"
        and run["status"] == "succeeded"
        and run["batches_done"] == run["batches_total"]
        and result["batches_done"] == run["batches_total"]
        and len(per_worker) >= 2
        and set(per_worker) <= set(worker_ids)
        and overlap >= 2
        and result["analyses"] == result["answers"] == run["answers_total"]
        and result["same_as_one_process"] == result["answers"]
        and result["tags_equal"]
        and result["proposals"] > 0
        and all(code == 0 for code in codes)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=6000)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="engage_analysis_workers")
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory(prefix="engage-analysis-workers-") as directory:
        url = bench_database_url(use_sqlite=args.sqlite, directory=directory, name=args.database)
        env = bench_env(SETTINGS, url)
        label = "SQLite" if args.sqlite else "PostgreSQL"
        print(
            f"=== {label}: one discovery run over {args.answers} answers in batches of "
            f"{args.batch_size}, {args.workers} db_worker processes"
        )
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable", "-v0")
        setup = json.loads(
            manage(
                env, "-c", SETUP, str(args.answers), str(args.batch_size), args.data, "workers"
            ).splitlines()[-1]
        )
        print(f"  run {setup['run']}: {setup['batches']} batch tasks enqueued")
        worker_ids = [f"analysis-{number}" for number in range(args.workers)]
        started = time.perf_counter()
        codes = wait_for_workers(start_db_workers(env, worker_ids), timeout=1800)
        elapsed = time.perf_counter() - started
        result = json.loads(manage(env, "-c", CHECK, str(setup["run"])).splitlines()[-1])
        ok = report(result, args, worker_ids, elapsed, codes)
        shared = json.loads(manage(env, "-c", DIGEST, str(setup["run"])).splitlines()[-1])
        if not args.sqlite:
            drop_postgres_database(args.database)
        # The same consultation again in a fresh database, analysed in this one process.
        url = bench_database_url(
            use_sqlite=args.sqlite, directory=directory, name=args.database + "_one"
        )
        env = bench_env(SETTINGS, url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable", "-v0")
        alone = json.loads(
            manage(
                env, "-c", SETUP, str(args.answers), str(args.batch_size), args.data, "one-process"
            ).splitlines()[-1]
        )
        single = json.loads(manage(env, "-c", DIGEST, str(alone["run"])).splitlines()[-1])
        if not args.sqlite:
            drop_postgres_database(args.database + "_one")
        same = shared == single
        print(
            f"  everything stored (analyses, tags with scores and confidences, themes and "
            f"proposals, per-theme changes), as canonical JSON: {args.workers} workers "
            f"{shared['bytes']} bytes sha256 {shared['sha256'][:16]}..., one process "
            f"{single['bytes']} bytes sha256 {single['sha256'][:16]}...; identical: {same}"
        )
        ok = ok and same
    print(f"RESULT {label}: {'PASS' if ok else 'FAIL'}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
