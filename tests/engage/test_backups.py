"""Backups: `manage.py backup` then `manage.py restore` into a fresh database, counts compared."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _manage(database_url, *args, stdin=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "engage.settings.test",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _sqlite_counts(path):
    with sqlite3.connect(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_sqlite_backup_restores_into_a_fresh_database_with_the_same_rows(tmp_path):
    source = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    _manage(source, "migrate", "--noinput", "-v0")
    _manage(source, "load_demo", "-v0")
    output = _manage(source, "backup", "--output-dir", str(tmp_path / "backups"))
    backup = Path(re.search(r"Backed up to (\S+)", output).group(1))
    assert backup.parent == tmp_path / "backups"
    assert re.fullmatch(r"engage-\d{8}-\d{6}-\d+\.sqlite3", backup.name)

    restored = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    output = _manage(restored, "restore", str(backup), "--noinput")
    assert "Restored" in output

    before = _sqlite_counts(tmp_path / "source.sqlite3")
    after = _sqlite_counts(tmp_path / "restored.sqlite3")
    assert before == after
    assert before["wagtailcore_page"] > 3
    assert before["django_migrations"] > 50


def test_restore_asks_for_confirmation_and_refuses_a_wrong_file(tmp_path):
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    bogus = tmp_path / "backup.pgdump"
    bogus.write_bytes(b"not a backup")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "engage.settings.test", "DATABASE_URL": target}
    declined = subprocess.run(
        [sys.executable, "manage.py", "restore", str(bogus)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input="no\n",
        timeout=120,
    )
    assert declined.returncode != 0
    assert "Restore cancelled" in declined.stderr
    wrong = subprocess.run(
        [sys.executable, "manage.py", "restore", str(bogus), "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert wrong.returncode != 0
    assert "not a SQLite backup" in wrong.stderr


def _postgres_admin_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


@pytest.mark.skipif(not _postgres_admin_url(), reason="runs when DATABASE_URL is PostgreSQL")
def test_postgresql_backup_restores_into_a_fresh_database_with_the_same_rows(tmp_path):
    import psycopg

    base = _postgres_admin_url().rsplit("/", 1)[0]
    names = ("engage_trust_backup_source", "engage_trust_backup_restored")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
    try:
        source, restored = (f"{base}/{name}" for name in names)
        _manage(source, "migrate", "--noinput", "-v0")
        _manage(source, "load_demo", "-v0")
        output = _manage(source, "backup", "--output-dir", str(tmp_path))
        backup = re.search(r"Backed up to (\S+)", output).group(1)
        assert backup.endswith(".pgdump")
        _manage(restored, "restore", backup, "--noinput")
        counts = []
        for url in (source, restored):
            with psycopg.connect(url) as connection:
                tables = [
                    row[0]
                    for row in connection.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                counts.append(
                    {
                        t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                        for t in tables
                    }
                )
        assert counts[0] == counts[1]
        assert counts[0]["wagtailcore_page"] > 3
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
