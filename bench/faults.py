"""Faults with real processes: a task worker killed mid-task, the database stopped under load.

1. Worker killed mid-task (SQLite and PostgreSQL): a task writing 30 rows in one transaction,
   one a second, is started by a `db_worker`; the worker is killed with SIGKILL part-way.
   Checked: no row was written (nothing half-done), the task is stuck as "running",
   `requeue_stale_tasks` puts it back, and a new worker runs it to completion: exactly 30 rows.
2. Database stopped during submissions (PostgreSQL): a PostgreSQL instance of our own (initdb in
   a temporary directory on a free port, as the postgres user, so the shared server is never
   touched) serves gunicorn while clients respond and register, as in bench/load.py. The
   database is stopped for a few seconds, then started again. Checked: requests during the
   outage get the 503 "try again" page (never a 500), every confirmed response and registration
   is stored exactly once, and the site serves normally again after the restart.
3. Backup and restore timings on the demo database (SQLite, and the own PostgreSQL).

    .venv/bin/python bench/faults.py [--clients 20] [--skip-postgres]
"""

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "bench.load_settings"
PG_BIN = (
    sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    if Path("/usr/lib/postgresql").exists()
    else None
)

spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)

TABLE = r"""
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("DROP TABLE IF EXISTS bench_fault_rows")
    cursor.execute("CREATE TABLE bench_fault_rows (task_key integer, row_number integer)")
from engage.tests_support import write_rows_slowly
print(write_rows_slowly.enqueue(key=1, rows=ROWS, delay=1.0).id)
""".replace("ROWS", "30")

STATE = r"""
import json, sys
import django
django.setup()
from django.db import connection
from django_tasks_db.models import DBTaskResult
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM bench_fault_rows WHERE task_key = 1")
    rows = cursor.fetchone()[0]
result = DBTaskResult.objects.get(id=sys.argv[1])
print(json.dumps({"rows": rows, "status": result.status, "workers": result.worker_ids}))
"""


def env_for(url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": url}
    env["PYTHONPATH"] = str(ROOT)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def state(env, task_id):
    return json.loads(load.manage(env, "-c", STATE, task_id).strip().splitlines()[-1])


def killed_worker(label, url):
    """Scenario 1 on one database; return True when it passed."""
    print(f"\n=== {label}: task worker killed mid-task")
    env = env_for(url)
    load.manage(env, "migrate", "--noinput", "-v0")
    task_id = load.manage(env, "-c", TABLE).strip().splitlines()[-1]
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "-v0",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and state(env, task_id)["status"] != "RUNNING":
            time.sleep(0.2)
        time.sleep(3.0)  # well into the 30-second task
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
    after_kill = state(env, task_id)
    print(f"  after SIGKILL: status {after_kill['status']}, rows written {after_kill['rows']}")
    requeued = load.manage(env, "requeue_stale_tasks", "--older-than", "0")
    print(f"  {requeued.strip().splitlines()[0]}")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    final = state(env, task_id)
    print(
        f"  re-run by a new worker in {time.perf_counter() - started:.1f}s: status "
        f"{final['status']}, rows {final['rows']}, workers that tried it {len(final['workers'])}"
    )
    ok = (
        after_kill["status"] == "RUNNING"
        and after_kill["rows"] == 0
        and final["status"] == "SUCCESSFUL"
        and final["rows"] == 30
    )
    print(f"RESULT worker killed ({label}): {'PASS' if ok else 'FAIL'}")
    return ok


class OwnPostgres:
    """A throwaway PostgreSQL server in a temporary directory, run as the postgres user."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.port = load.free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/engage_faults"

    def _as_postgres(self, *command, check=True):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            capture_output=True,
            text=True,
            check=check,
        )

    def init(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.directory, "postgres", "postgres")
        self._as_postgres(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")
        self.start()
        self._as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "engage_faults")

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-w",
            "-l",
            self.directory / "log",
            "start",
        )

    def stop(self, mode="fast"):
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)


def database_outage(directory, clients, outage_seconds=6):
    """Scenario 2; return True when it passed."""
    print(f"\n=== PostgreSQL (own instance): database stopped for {outage_seconds}s under load")
    postgres = OwnPostgres(Path(directory) / "pg")
    postgres.init()
    static_root = Path(directory) / "static"
    try:
        env, targets = load.prepare(postgres.url, static_root)
        process, base = load.start_gunicorn(env, 3, 4)
        try:
            load.discover_targets(base, targets)
            duration = 8 + outage_seconds + 10
            deadline = time.monotonic() + duration
            people = [
                load.Client(base, targets, deadline, seed, (40, 30, 30)) for seed in range(clients)
            ]
            unavailable_pages = []
            original = load.Client.request

            def watching_request(self, kind, method, path, **kwargs):
                response = original(self, kind, method, path, **kwargs)
                if response is not None and response.status_code == 503:
                    unavailable_pages.append(response.text)
                return response

            load.Client.request = watching_request
            for person in people:
                person.start()
            time.sleep(8)
            stopped_at = time.perf_counter()
            postgres.stop("fast")
            print("  database stopped (pg_ctl stop -m fast) after 8s of load")
            time.sleep(outage_seconds)
            postgres.start()
            print(f"  database started again after {time.perf_counter() - stopped_at:.1f}s")
            restarted = time.perf_counter()
            recovered_after = None
            while time.perf_counter() - restarted < 60:
                try:
                    if requests.get(base + "/healthz", timeout=5).status_code == 200:
                        recovered_after = time.perf_counter() - restarted
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.2)
            for person in people:
                person.join()
            load.Client.request = original
            after = Counter(
                requests.get(base + page, timeout=30).status_code for page in targets["pages"]
            )
        finally:
            load.stop(process)
        statuses = Counter()
        accepted = {"responses": [], "registrations": []}
        for person in people:
            statuses.update(person.statuses)
            accepted["responses"].extend(person.accepted_responses)
            accepted["registrations"].extend(person.accepted_registrations)
        stored = json.loads(load.manage(env, "-c", load.CHECK, stdin=json.dumps(accepted)))
    finally:
        postgres.stop("immediate")
    lost = [m for m, n in {**stored["responses"], **stored["registrations"]}.items() if n != 1]
    friendly = sum(1 for text in unavailable_pages if "try again" in text.lower())
    print(f"  statuses during the run: {dict(sorted(statuses.items(), key=lambda kv: str(kv[0])))}")
    print(f"  503 pages with the 'try again' message: {friendly} of {len(unavailable_pages)}")
    print(
        f"  confirmed responses {len(accepted['responses'])}, registrations "
        f"{len(accepted['registrations'])}; not stored exactly once: {len(lost)}"
    )
    print(
        f"  healthy again {recovered_after:.1f}s after the restart"
        if recovered_after
        else "  not healthy within 60s of the restart"
    )
    print(f"  page statuses after recovery: {dict(after)}")
    ok = (
        statuses.get(500, 0) == 0
        and len(unavailable_pages) > 0
        and friendly == len(unavailable_pages)
        and not lost
        and recovered_after is not None
        and set(after) == {200}
    )
    print(f"RESULT database outage: {'PASS' if ok else 'FAIL'}")
    return ok, postgres


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--backups-only", action="store_true", help="Only time backup/restore.")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    results = []
    with tempfile.TemporaryDirectory(prefix="engage-faults-") as directory:
        if args.backups_only:
            os.chmod(directory, 0o777)
            postgres = None
            if not args.skip_postgres and PG_BIN and shutil.which("runuser"):
                postgres = OwnPostgres(Path(directory) / "pg")
                postgres.init()
            try:
                backups(directory, postgres)
            finally:
                if postgres is not None:
                    postgres.stop("fast")
            return
        results.append(killed_worker("SQLite", f"sqlite:///{directory}/faults.sqlite3"))
        if not args.skip_postgres and PG_BIN and shutil.which("runuser"):
            shutil.chown(directory, "postgres", "postgres")
            os.chmod(directory, 0o777)
            ok, postgres = database_outage(directory, args.clients)
            results.append(ok)
            postgres.start()
            try:
                results.append(killed_worker("PostgreSQL", postgres.url))
                backups(directory, postgres)
            finally:
                postgres.stop("fast")
        else:
            backups(directory, None)
    raise SystemExit(0 if all(results) else 1)


def backups(directory, postgres):
    """Backup/restore timings: the SQLite demo database, and the PostgreSQL one when given."""
    print("\n=== backup and restore timings (demo content plus the runs above)")
    sqlite_source = f"sqlite:///{directory}/backup-source.sqlite3"
    env = env_for(sqlite_source)
    load.manage(env, "migrate", "--noinput", "-v0")
    load.manage(env, "createcachetable")
    load.manage(env, "load_demo", "-v0")
    databases = [("SQLite", sqlite_source, f"sqlite:///{directory}/backup-restored.sqlite3")]
    if postgres is not None:
        postgres_restored = postgres.url.rsplit("/", 1)[0] + "/engage_restored"
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(postgres.port),
                "engage_restored",
            ],
            check=True,
        )
        databases.append(("PostgreSQL", postgres.url, postgres_restored))
    for label, source, target in databases:
        source_env = env_for(source)
        load.manage(source_env, "migrate", "--noinput", "-v0")
        load.manage(source_env, "createcachetable")
        load.manage(source_env, "load_demo", "-v0")
        output = load.manage(env_for(source), "backup", "--output-dir", f"{directory}/backups")
        path = re.search(r"Backed up to (\S+)", output).group(1)
        print(f"  {label}: {output.strip()}")
        restored = load.manage(env_for(target), "restore", path, "--noinput")
        print(f"  {label}: {restored.strip()}")
        counts = [
            json.loads(load.manage(env_for(url), "-c", COUNTS).strip().splitlines()[-1])
            for url in (source, target)
        ]
        same = counts[0] == counts[1]
        print(
            f"  {label}: {sum(counts[0].values())} rows in {len(counts[0])} tables; "
            f"restored copy identical in row counts: {same}"
        )


COUNTS = r"""
import json
import django
django.setup()
from engage.backups import table_row_counts
print(json.dumps(table_row_counts()))
"""


if __name__ == "__main__":
    main()
