"""Time "Generate PDF and Word" to a downloadable file, as `make run` runs it (SQLite, db_worker).

    python bench/report_generate_latency.py [--runs 3] [--database db.sqlite3]

Uses your development database (after `make demo`) and its MINT demo report. It starts a task
worker exactly as scripts/run.sh does (WORKER_OPTIONS: warmed up, polling every 0.25 s), waits
until it has started, then queues versions the way the Generate button does
(`services.version_request`) and times each until its files are stored. The versions page
polls every POLL_SECONDS, so the user sees the download at most that much later; that is added
to the figures printed. Beside each wall-clock time it prints the CPU time the worker spent
(from /proc) and the load average: on a shared machine the wall-clock time grows with the load,
the CPU time much less. Versions made here are deleted again.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 10
# The options scripts/run.sh starts its worker with (keep the two the same).
WORKER_OPTIONS = ["--no-startup-delay", "--no-reload", "--interval", "0.25"]


def cpu_seconds(pid):
    """User + system CPU seconds a process has used so far (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # Fields 14 and 15 of /proc/PID/stat (counting from 1, the command name being field 2).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_text(pid, since):
    """ "CPU 1.23 s" for the worker since `since` seconds of CPU, or "" when unknown."""
    now = cpu_seconds(pid)
    return "" if now is None or since is None else f"CPU {now - since:.2f} s, "


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", default=str(ROOT / "db.sqlite3"))
    parser.add_argument("--slug", default="mint-staff-consultation")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings.dev")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.database).resolve()}"
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from consultations.models import ConsultationPage
    from feedback.reports.models import ReportVersion
    from feedback.reports.selectors import report_latest_for_consultation
    from feedback.reports.services import version_request
    from feedback.reports.viewsets import POLL_SECONDS

    consultation = ConsultationPage.objects.get(slug=args.slug)
    report = report_latest_for_consultation(consultation=consultation)
    if report is None:
        print(f"No committee report on {args.slug}: run `make demo` first.")
        return 2
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", *WORKER_OPTIONS],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    made = []
    worst = 0.0
    failed = 0
    try:
        # Under `make run` the worker is up long before anyone presses Generate: wait for it.
        started = time.perf_counter()
        for line in worker.stderr:
            if "Starting worker" in line:
                break
        print(
            f"Worker started and warmed up in {time.perf_counter() - started:.1f} s "
            f"({cpu_text(worker.pid, 0)}load {os.getloadavg()[0]:.2f})"
        )
        threading.Thread(target=worker.stderr.read, daemon=True).start()  # keep the pipe empty
        for run in range(1, args.runs + 1):
            cpu_started = cpu_seconds(worker.pid)
            started = time.perf_counter()
            version = version_request(report=report)
            made.append(version.pk)
            while True:
                version.refresh_from_db()
                if version.status in (ReportVersion.Status.SUCCEEDED, ReportVersion.Status.FAILED):
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            seen = elapsed + POLL_SECONDS
            worst = max(worst, seen)
            failed += version.status == ReportVersion.Status.FAILED
            print(
                f"Run {run}: {version.get_status_display()} in {elapsed:.1f} s "
                f"({cpu_text(worker.pid, cpu_started)}{version.page_count} pages); shown on "
                f"the page within {seen:.1f} s (load {os.getloadavg()[0]:.2f})"
            )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        for version in ReportVersion.objects.filter(pk__in=made):
            for stored in (version.pdf, version.docx):
                if stored:
                    stored.delete(save=False)
            version.delete()
    # A generation that failed made no file, however quickly it failed.
    ok = worst <= TARGET_SECONDS and not failed
    print(
        f"Worst: {worst:.1f} s (target <= {TARGET_SECONDS} s); failed runs: {failed}: "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
