"""Several task workers on one queue: every task runs exactly once, and the work is shared.

Makes a fresh database (PostgreSQL by default: engage_multiworker, dropped and recreated; or
SQLite with --sqlite), enqueues N tasks (engage.tests_support.record_execution, each recording
the process that ran it), starts W `manage.py db_worker --batch` processes at once, waits for
them to drain the queue, then checks that each task ran exactly once, that every task result is
"successful", and that every worker did some of the work.

    .venv/bin/python bench/multi_worker.py [--tasks 200] [--workers 3] [--work-ms 20] [--sqlite]
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
    manage,
    start_db_workers,
    wait_for_workers,
)

SETTINGS = "bench.load_settings"

ENQUEUE = r"""
import sys
import django
django.setup()
from django.db import connection
from engage.tests_support import record_execution
with connection.cursor() as cursor:
    cursor.execute("DROP TABLE IF EXISTS bench_task_execution")
    cursor.execute(
        "CREATE TABLE bench_task_execution (task_key integer NOT NULL, pid integer NOT NULL)"
    )
count, work = int(sys.argv[1]), float(sys.argv[2])
for key in range(count):
    record_execution.enqueue(key=key, work_seconds=work)
"""

CHECK = r"""
import json
import django
django.setup()
from django.db import connection
from django_tasks_db.models import DBTaskResult
with connection.cursor() as cursor:
    cursor.execute("SELECT task_key, pid FROM bench_task_execution")
    rows = cursor.fetchall()
statuses = {}
for status in DBTaskResult.objects.values_list("status", flat=True):
    statuses[status] = statuses.get(status, 0) + 1
print(json.dumps({"rows": rows, "statuses": statuses}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--work-ms", type=float, default=20)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory(prefix="engage-multiworker-") as directory:
        url = bench_database_url(
            use_sqlite=args.sqlite, directory=directory, name="engage_multiworker"
        )
        env = bench_env(SETTINGS, url)
        label = "SQLite" if args.sqlite else "PostgreSQL"
        print(f"=== {label}: {args.tasks} tasks, {args.workers} db_worker processes")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "-c", ENQUEUE, str(args.tasks), str(args.work_ms / 1000))
        started = time.perf_counter()
        workers = start_db_workers(env, [f"bench-{number}" for number in range(args.workers)])
        codes = wait_for_workers(workers, timeout=900)
        elapsed = time.perf_counter() - started
        worker_pids = {worker.pid for worker in workers}
        result = json.loads(manage(env, "-c", CHECK))

    runs_per_key = {}
    per_pid = {}
    for key, pid in result["rows"]:
        runs_per_key[key] = runs_per_key.get(key, 0) + 1
        per_pid[pid] = per_pid.get(pid, 0) + 1
    missing = [key for key in range(args.tasks) if key not in runs_per_key]
    doubled = [key for key, runs in runs_per_key.items() if runs > 1]
    print(f"  drained in {elapsed:.1f}s ({args.tasks / elapsed:.0f} tasks/s); exit codes {codes}")
    print(f"  task results: {result['statuses']}")
    print(f"  tasks per worker process: {dict(sorted(per_pid.items()))}")
    print(
        f"  ran exactly once: {len(runs_per_key) - len(doubled)}; missing: {len(missing)}; "
        f"ran twice or more: {len(doubled)}"
    )
    ok = (
        not missing
        and not doubled
        and result["statuses"] == {"SUCCESSFUL": args.tasks}
        and set(per_pid) == worker_pids
        and all(count > 0 for count in per_pid.values())
    )
    print(f"  every worker took a share: {set(per_pid) == worker_pids}")
    print(f"RESULT {label}: {'PASS' if ok else 'FAIL'}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
