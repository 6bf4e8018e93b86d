"""Load test: at least 1,000 concurrent questionnaire submissions against gunicorn.

For each database (SQLite, then PostgreSQL when reachable) it makes a fresh database, starts
gunicorn with several workers on a free loopback port, walks N simulated respondents through the
journey (start, three sections), then fires every final "Send my response" at once, each one
twice (a double click), and checks that every response is stored exactly once and that no
request got a server error.

    .venv/bin/python bench/submit_load.py [--respondents 1000] [--workers 4] [--port N]
                                          [--postgres-db engage_feedback_bench] [--skip-postgres]

The database, manage.py runs and gunicorn start the same way as for bench/load.py
(bench/server.py).
"""

import argparse
import contextlib
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import bench_env, fresh_postgres_url, manage, start_gunicorn, stop  # noqa: E402

SETTINGS = "bench.submit_load_settings"
SLUG = "bench-consultation"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELD = re.compile(r'name="(q_\d+)"')

SETUP = """
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from home import demo as home_demo
from consultations.models import ConsultationIndexPage, ConsultationPage
from feedback.models import Question, QuestionSection, Questionnaire
home_demo.load_pages()
from wagtail.models import Site
home = Site.objects.get(is_default_site=True).root_page
index = home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="bench-index"))
now = timezone.now()
page = index.add_child(instance=ConsultationPage(
    title="Bench consultation", slug="SLUG_HERE", summary="Load test",
    opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7)))
q = Questionnaire.objects.create(consultation=page)
s1 = QuestionSection.objects.create(questionnaire=q, title="Proposal", sort_order=0)
s2 = QuestionSection.objects.create(questionnaire=q, title="Views", sort_order=1)
Question.objects.create(section=s1, kind="agreement", text="Agree?", required=True, sort_order=0)
Question.objects.create(section=s2, kind="long_text", text="Say more", sort_order=0)
""".replace("SLUG_HERE", SLUG)

CHECK = """
import django, json
django.setup()
from feedback.models import Answer, Response
submitted = Response.objects.filter(consultation__slug="SLUG_HERE", status="submitted")
texts = Answer.objects.filter(response__in=submitted, question__kind="long_text")
per_marker = {}
for text in texts.values_list("text", flat=True):
    per_marker[text] = per_marker.get(text, 0) + 1
print(json.dumps({
    "submitted": submitted.count(),
    "drafts": Response.objects.filter(status="draft").count(),
    "all_responses": Response.objects.count(),
    "distinct_texts": len(per_marker),
    "duplicated_texts": sum(1 for n in per_marker.values() if n > 1),
    "markers": sorted(per_marker),
}))
""".replace("SLUG_HERE", SLUG)


def run_python(code, env):
    """Run Python code with Django configured for the bench database; return stdout."""
    return manage(env, "-c", code)


class Respondent:
    """One simulated person with their own cookies."""

    fields = ()

    def __init__(self, base, index):
        self.base = base
        self.index = index
        self.marker = f"bench-{index}-{uuid.uuid4().hex[:8]}"
        self.session = requests.Session()
        self.statuses = []
        self.submit_times = []

    def _post(self, path, data):
        response = self.session.post(
            self.base + path,
            data={"csrfmiddlewaretoken": self.token, **data},
            allow_redirects=False,
            timeout=120,
        )
        self.statuses.append(response.status_code)
        return response

    def prepare(self):
        """Start and fill every section, stopping before "Send my response"."""
        page = self.session.get(f"{self.base}/respond/{SLUG}/", timeout=120)
        self.statuses.append(page.status_code)
        if page.status_code != 200:
            raise RuntimeError(f"start page {page.status_code}: {page.text[:300]}")
        self.token = TOKEN.search(page.text).group(1)
        key = re.search(r'name="start_key" value="([^"]+)"', page.text).group(1)
        started = self._post(f"/respond/{SLUG}/", {"start_key": key})
        if started.status_code != 302:
            raise RuntimeError(f"start {started.status_code}: {started.text[:300]}")
        agree, text_field = self.field_names()
        about = {
            "capacity": "nhs_staff",
            "consent_to_quote": "no",
            "on_behalf_of_organisation": "no",
        }
        for number, data in ((1, {agree: "Agree"}), (2, {text_field: self.marker}), (3, about)):
            saved = self._post(f"/respond/{SLUG}/section/{number}/", data)
            if saved.status_code != 302:
                raise RuntimeError(f"section {number} {saved.status_code}: {saved.text[:300]}")

    def field_names(self):
        """The form field names of the two questions (read once from the pages, then reused)."""
        if not Respondent.fields:
            names = []
            for number in (1, 2):
                section = self.session.get(
                    f"{self.base}/respond/{SLUG}/section/{number}/", timeout=120
                )
                self.statuses.append(section.status_code)
                if not FIELD.search(section.text):
                    raise RuntimeError(f"section {number} {section.status_code} at {section.url}")
                names.append(FIELD.search(section.text).group(1))
            Respondent.fields = tuple(names)
        return Respondent.fields

    def submit(self):
        """Press "Send my response"; timed."""
        started = time.perf_counter()
        response = self._post(f"/respond/{SLUG}/check/", {})
        self.submit_times.append(time.perf_counter() - started)
        return response.status_code


def run(database_url, label, respondents, workers, threads, port=None):
    """Run the whole load test against one database; return True when it passed."""
    env = bench_env(SETTINGS, database_url, PYTHONWARNINGS="ignore::UserWarning")
    print(
        f"\n=== {label}: {respondents} respondents, gunicorn {workers} workers x {threads} threads"
    )
    # --skip-checks: on PostgreSQL the system checks currently stop migrate because
    # django.contrib.postgres is not in INSTALLED_APPS (Wagtail's search index needs it).
    manage(env, "migrate", "--noinput", "--skip-checks", "-v", "0")
    run_python(SETUP, env)
    server, base = start_gunicorn(env, workers, threads, port=port, timeout=120, backlog=4096)
    try:
        people = [Respondent(base, i) for i in range(respondents)]
        failures = []

        def prepare(person):
            try:
                person.prepare()
            except Exception as error:  # noqa: BLE001 - reported below, counted as a failure
                failures.append(f"respondent {person.index}: {error}")

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=64) as pool:
            list(pool.map(prepare, people))
        prepared = time.perf_counter() - started
        print(f"prepared {respondents - len(failures)} drafts in {prepared:.1f}s")
        for failure in failures[:5]:
            print("  failed:", failure)

        # Fire every submission at once, each twice (a double click), from many threads.
        barrier = threading.Barrier(min(respondents * 2, 1000))
        submits = [person for person in people for _ in range(2)]

        def fire(person):
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=60)
            return person.submit()

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=min(len(submits), 1000)) as pool:
            submit_statuses = list(pool.map(fire, submits))
        burst = time.perf_counter() - started
    finally:
        stop(server)

    all_statuses = Counter(status for person in people for status in person.statuses)
    server_errors = sum(count for status, count in all_statuses.items() if status >= 500)
    times = sorted(t for person in people for t in person.submit_times)
    stored = json.loads(run_python(CHECK, env))
    expected = sorted(person.marker for person in people)
    ok = (
        not failures
        and server_errors == 0
        and stored["submitted"] == respondents
        and stored["duplicated_texts"] == 0
        and stored["markers"] == expected
        and stored["drafts"] == 0
    )
    print(f"final submissions fired: {len(submits)} ({respondents} respondents x 2 clicks)")
    print(f"burst wall time {burst:.1f}s, {len(submits) / burst:.0f} submissions/s")
    print(
        f"submit latency p50 {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
    )
    print(f"submit statuses: {dict(Counter(submit_statuses))}")
    print(f"all request statuses: {dict(sorted(all_statuses.items()))}")
    print(
        f"stored: {stored['submitted']} submitted responses, {stored['drafts']} drafts left, "
        f"{stored['duplicated_texts']} duplicated, every respondent stored exactly once: "
        f"{stored['markers'] == expected and stored['duplicated_texts'] == 0}"
    )
    print(f"server errors (5xx): {server_errors}; journeys that failed: {len(failures)}")
    print(f"RESULT {label}: {'PASS' if ok else 'FAIL'}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=None, help="default: a free port")
    parser.add_argument("--postgres-db", default="engage_feedback_bench")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    results = []
    server = (args.respondents, args.workers, args.threads, args.port)
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{directory}/bench.sqlite3"
            results.append(run(url, "SQLite", *server))
    if not args.skip_postgres:
        url = fresh_postgres_url(args.postgres_db)
        if url:
            results.append(run(url, "PostgreSQL", *server))
    raise SystemExit(0 if results and all(results) else 1)


if __name__ == "__main__":
    main()
