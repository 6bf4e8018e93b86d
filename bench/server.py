"""Shared by the benchmarks: a bench database, manage.py runs, a gunicorn server, task workers.

Not a benchmark itself (running it does nothing). bench/load.py, bench/submit_load.py,
bench/faults.py, bench/multi_worker.py and bench/analysis_workers.py use it so that the
databases, servers and workers they measure start, and stop, the same way.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def free_port():
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(settings, database_url, **extra):
    """The environment for manage.py and gunicorn: bench settings, the bench database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        **{key: str(value) for key, value in extra.items()},
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(env, *args, stdin=None):
    """Run a manage.py command (or Python code with `-c CODE`); return its stdout.

    Stops the benchmark with the command's output when it fails.
    """
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, input=stdin, check=False
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(args[:2])}")
    return result.stdout


def start_gunicorn(env, workers, threads, *, port=None, timeout=60, backlog=2048, keep_alive=10):
    """Start gunicorn (its own process group); return (process, base URL) once /healthz answers.

    `port` defaults to a free one. Stopped again if it does not come up within five minutes.
    `keep_alive` is longer than the clients' think time: with gunicorn's default of 2 s the
    server closes an idle connection just as a client reuses it, and the client sees
    "connection reset" (a reverse proxy in front of gunicorn in production avoids this).
    """
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "engage.wsgi",
        "--preload",  # import the project once, then fork warm workers (as in production)
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        str(backlog),
        "--timeout",
        str(timeout),
        "--keep-alive",
        str(keep_alive),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with status {process.returncode}")
            try:
                if requests.get(base + "/healthz", timeout=30).status_code == 200:
                    return process, base
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise SystemExit("gunicorn did not start")
    except BaseException:
        stop(process)
        raise


def stop(process):
    """Stop a process group started with start_new_session (gunicorn and its workers)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fresh_postgres_url(name):
    """Drop and create the PostgreSQL database `name`; its URL, or None when unreachable.

    The server comes from BENCH_POSTGRES_URL (default: the local server as postgres).
    """
    base = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"not a plain database name: {name!r}")
    try:
        import psycopg

        with psycopg.connect(base, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
    except Exception as error:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        print(f"PostgreSQL not available ({error}); skipping")
        return None
    return base.rsplit("/", 1)[0] + "/" + name


def bench_database_url(*, use_sqlite, directory, name):
    """A fresh database: an SQLite file in `directory`, or the PostgreSQL database `name`
    dropped and created again. Stops the benchmark when PostgreSQL cannot be reached."""
    if use_sqlite:
        return f"sqlite:///{directory}/{name}.sqlite3"
    url = fresh_postgres_url(name)
    if url is None:
        raise SystemExit("PostgreSQL is needed (or pass --sqlite)")
    return url


def drop_postgres_database(name):
    """Drop a bench PostgreSQL database again (quietly, if the server has gone)."""
    base = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        import psycopg

        with psycopg.connect(base, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except Exception as error:  # noqa: BLE001 - cleaning up only
        print(f"could not drop {name}: {error}")


def start_db_workers(env, worker_ids):
    """Start one `manage.py db_worker --batch` per id: each polls often and exits when the
    queue is empty."""
    return [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--interval",
                "0.05",
                "--no-startup-delay",
                "--worker-id",
                worker_id,
                "-v0",
            ],
            cwd=ROOT,
            env=env,
        )
        for worker_id in worker_ids
    ]


def wait_for_workers(workers, timeout):
    """The exit codes of the worker processes once all have ended; any still running after
    `timeout` seconds is killed."""
    try:
        return [worker.wait(timeout=timeout) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()


def load_average():
    """The machine's 1, 5 and 15 minute load averages and core count, for the report."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def process_tree_cpu_seconds(pid):
    """CPU seconds (user + system) used so far by a process and its descendants (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, todo = set(), [pid]
    while todo:
        current = todo.pop()
        tree.add(current)
        todo.extend(child for child, parent in parents.items() if parent == current)
    return sum(cpu.get(member, 0.0) for member in tree)


def _cpu_seconds(pid):
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / ticks


def postgres_backends_cpu_seconds(database_url):
    """CPU seconds used so far by the PostgreSQL server processes serving `database_url`.

    Only for a server on this machine (it reads /proc); None when that is not possible.
    """
    if not database_url.startswith("postgres"):
        return None
    try:
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        with psycopg.connect(database_url, connect_timeout=5) as connection:
            pids = [
                row[0]
                for row in connection.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
                    "pg_backend_pid()",
                    [name],
                )
            ]
    except Exception:  # noqa: BLE001 - a figure for the report, not a requirement
        return None
    return sum(_cpu_seconds(pid) for pid in pids)
