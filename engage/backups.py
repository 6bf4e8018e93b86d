"""Database backups: SQLite through its online backup API, PostgreSQL through pg_dump.

Both work while the site is running. A backup is one file named after the time it was taken;
``restore`` loads such a file into the configured database (stop the web and worker processes
first). Media files (documents, images) live in the storage backend and are backed up there.
"""

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore could not be completed."""


def _database(alias):
    return settings.DATABASES[alias]


def database_vendor(alias="default"):
    """``"sqlite"`` or ``"postgresql"`` (other engines are not supported)."""
    engine = _database(alias)["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups are not supported for {engine}.")


def backup_directory():
    """Where backups go: settings.ENGAGE_BACKUP_DIR (default var/backups)."""
    return Path(getattr(settings, "ENGAGE_BACKUP_DIR", settings.BASE_DIR / "var" / "backups"))


def _pg_environment(config):
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if config.get(key):
            env[variable] = str(config[key])
    return env


def _pg_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found: install the PostgreSQL client tools.")
    return path


def backup_database(*, directory=None, alias="default"):
    """Write a backup of the database to a new timestamped file; return (path, seconds)."""
    vendor = database_vendor(alias)
    directory = Path(directory or backup_directory())
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    started = time.monotonic()
    if vendor == "sqlite":
        path = directory / f"engage-{stamp}.sqlite3"
        connection = connections[alias]
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            # Copies a consistent snapshot page by page while others keep reading and writing.
            connection.connection.backup(target, pages=1024)
        finally:
            target.close()
    else:
        path = directory / f"engage-{stamp}.pgdump"
        config = _database(alias)
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path)],
            env=_pg_environment(config),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            path.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return path, time.monotonic() - started


def restore_database(path, *, alias="default"):
    """Replace the database's contents with the backup at ``path``; return seconds taken."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    vendor = database_vendor(alias)
    started = time.monotonic()
    if vendor == "sqlite":
        if path.suffix != ".sqlite3":
            raise BackupError("This is not a SQLite backup (expected a .sqlite3 file).")
        connection = connections[alias]
        connection.close()
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    else:
        if path.suffix != ".pgdump":
            raise BackupError("This is not a PostgreSQL backup (expected a .pgdump file).")
        connections[alias].close()
        config = _database(alias)
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                str(config["NAME"]),
                str(path),
            ],
            env=_pg_environment(config),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    return time.monotonic() - started


def table_row_counts(alias="default"):
    """Rows in every table of the database, for checking a restore against its source."""
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts
