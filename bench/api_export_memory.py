"""Stream a staff API export of 250,000 answers from PostgreSQL; report its time and peak memory.

    python bench/api_export_memory.py [--postgres-db engage_api] [--answers 250000] [--reuse]

The database (on BENCH_POSTGRES_URL's server, default the local one as postgres) is dropped and
filled again unless --reuse is given: one consultation whose responses each have three answers
(agreement, multiple choice, analysed free text with theme tags), bulk-created as the report
benchmark does. The export then runs in a fresh process, through the whole Django stack with a
personal token (`GET /api/v1/staff/consultations/<id>/responses.csv`, and the JSON too), and
that process's peak resident memory is reported beside its memory before the export: the
target (issue 17) is a peak of at most 200 MB, however many answers there are, since rows are
read with a server-side cursor and written out a page at a time. The memory the export itself
adds (sampled every 50 chunks) is printed apart from what the project takes once loaded.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ANSWERS_PER_RESPONSE = 3
TARGET_MB = 200
# What the export itself may add to the loaded project: flat, however many answers.
EXPORT_BUDGET_MB = 50


def setup_django(database_url, *, migrate):
    """Point Django at the bench database (and migrate it when filling)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "engage.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def peak_mb():
    """The peak resident memory of this process so far, in MB: VmHWM, the high-water mark of
    this program's own memory. (getrusage's ru_maxrss would not do: Linux carries it across
    exec, so the export process would inherit the peak of the parent that bulk-loaded the
    data and forked it.)"""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb():
    """The resident memory of this process now, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def fill(answers):
    """A consultation with `answers` answers (three per response); returns its id."""
    from home import demo as home_demo
    from tests.feedback.reports.bulk_data import add_responses, make_consultation

    home_demo.load_pages()
    data = make_consultation("bench-export", "Consultation with many answers")
    responses = -(-answers // ANSWERS_PER_RESPONSE)
    started = time.perf_counter()
    add_responses(data, count=responses)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Created {responses:,} responses in {time.perf_counter() - started:.1f} s")
    return data.consultation.pk


def export(consultation_id):
    """Stream both exports through the test client; print rows, bytes, time and memory."""
    from django.contrib.auth.models import User
    from django.test import Client

    from api import services
    from feedback.models import Answer

    user, _created = User.objects.get_or_create(
        username="bench-exporter", defaults={"is_superuser": True, "is_staff": True}
    )
    _token, raw = services.token_create(user=user, name="Export benchmark")
    answers = Answer.objects.filter(response__consultation_id=consultation_id).count()
    client = Client()
    # One request first: the URLconf, middleware and views load on the first request, and
    # their memory is the site's, not the export's.
    client.get("/api/v1/staff/consultations/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    before = current_mb()
    print(
        f"Answers: {answers:,}; memory of the loaded project before the export {before:.0f} MB "
        f"(peak {peak_mb():.0f} MB)"
    )
    for fmt in ("csv", "json"):
        started = time.perf_counter()
        cpu = time.process_time()
        response = client.get(
            f"/api/v1/staff/consultations/{consultation_id}/responses.{fmt}",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 200, response.status_code
        size = chunks = 0
        highest = before
        for chunk in response.streaming_content:
            size += len(chunk)
            chunks += 1
            if chunks % 50 == 0:
                highest = max(highest, current_mb())
        elapsed = time.perf_counter() - started
        print(
            f"{fmt.upper()}: {size / 1024 / 1024:.1f} MB in {chunks:,} chunks, "
            f"{elapsed:.1f} s ({time.process_time() - cpu:.1f} s CPU, "
            f"{answers / elapsed:,.0f} answers/s); memory grew by at most "
            f"{highest - before:.0f} MB; peak so far {peak_mb():.0f} MB "
            f"(load {os.getloadavg()[0]:.2f})"
        )
    peak = peak_mb()
    verdict = "within" if peak <= TARGET_MB else "OVER"
    print(
        f"Peak resident memory of the exporting process: {peak:.0f} MB ({verdict} {TARGET_MB} MB); "
        f"of that, {before:.0f} MB is the loaded project before any export"
    )
    # The exit status judges the export's own memory; the project's is reported above.
    return 0 if peak - before <= EXPORT_BUDGET_MB else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-db", default="engage_api_bench")
    parser.add_argument("--answers", type=int, default=250_000)
    parser.add_argument("--reuse", action="store_true", help="export the data of a last run")
    parser.add_argument("--export-only", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from bench.server import DEFAULT_POSTGRES_URL, fresh_postgres_url

    base = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    database_url = base.rsplit("/", 1)[0] + "/" + args.postgres_db
    if args.export_only:
        setup_django(database_url, migrate=False)
        return export(args.export_only)
    if not args.reuse and fresh_postgres_url(args.postgres_db) is None:
        print("Skipped: no PostgreSQL server (set BENCH_POSTGRES_URL); this benchmark needs one.")
        return 0
    setup_django(database_url, migrate=not args.reuse)
    if args.reuse:
        from consultations.models import ConsultationPage

        consultation_id = ConsultationPage.objects.get(slug="bench-export").pk
    else:
        consultation_id = fill(args.answers)
    # A fresh process, so that its peak memory is the export's and not the bulk load's.
    command = [sys.executable, __file__, "--postgres-db", args.postgres_db]
    return subprocess.call([*command, "--export-only", str(consultation_id)])


if __name__ == "__main__":
    sys.exit(main())
