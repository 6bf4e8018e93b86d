"""Site plumbing: health check, SQLite concurrency settings, production safety, scheduler."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from engage.models import ScheduledRun
from engage.scheduler import enqueue_due_tasks

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_200_when_database_and_queue_are_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "task_queue": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client):
    with mock.patch("engage.views._database_ok", side_effect=RuntimeError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failed"


def _settings_in_subprocess(module, env_extra, expression):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": module, **env_extra}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_sqlite_default_uses_wal_busy_timeout_and_immediate_transactions():
    result = _settings_in_subprocess(
        "engage.settings.dev", {"DATABASE_URL": ""}, "settings.DATABASES['default']['OPTIONS']"
    )
    assert "journal_mode=WAL" in result.stdout
    assert "busy_timeout" in result.stdout
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout


def test_database_url_selects_postgresql():
    result = _settings_in_subprocess(
        "engage.settings.dev",
        {"DATABASE_URL": "postgres://u@db.example.org:5432/engage"},
        "settings.DATABASES['default']['ENGINE']",
    )
    assert "postgresql" in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _settings_in_subprocess("engage.settings.production", {"SECRET_KEY": ""}, "1")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRODUCTION_ENV = {"SECRET_KEY": "x" * 64, "SITE_BASE_URL": "https://engage.example.org"}


def test_production_starts_with_a_long_secret_key():
    result = _settings_in_subprocess(
        "engage.settings.production", PRODUCTION_ENV, "settings.SECURE_SSL_REDIRECT"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize(
    "value",
    ["", "http://127.0.0.1:8000", "https://localhost", "http://[::1]:8000", "http://0.0.0.0", "/x"],
)
def test_production_refuses_to_start_without_a_public_site_base_url(value):
    result = _settings_in_subprocess(
        "engage.settings.production", {**PRODUCTION_ENV, "SITE_BASE_URL": value}, "1"
    )
    assert result.returncode != 0
    assert "SITE_BASE_URL must be set in production" in result.stderr


def test_production_links_use_the_declared_site_base_url():
    result = _settings_in_subprocess(
        "engage.settings.production",
        PRODUCTION_ENV,
        "[settings.SITE_BASE_URL, settings.WAGTAILADMIN_BASE_URL]",
    )
    assert result.stdout.strip() == str(["https://engage.example.org"] * 2), result.stderr


def test_production_ignores_forwarded_headers_unless_a_proxy_is_declared():
    expression = "[settings.SECURE_PROXY_SSL_HEADER, settings.ALLAUTH_TRUSTED_PROXY_COUNT]"
    direct = _settings_in_subprocess("engage.settings.production", PRODUCTION_ENV, expression)
    assert direct.stdout.strip() == "[None, 0]", direct.stderr
    behind = _settings_in_subprocess(
        "engage.settings.production", {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1"}, expression
    )
    assert behind.stdout.strip() == "[('HTTP_X_FORWARDED_PROTO', 'https'), 1]", behind.stderr


@pytest.mark.django_db
def test_scheduler_enqueues_each_task_once_per_interval():
    schedule = {"engage.tests_support.noop_task": 3600}
    first = enqueue_due_tasks(now=7200.0, schedule=schedule)
    again = enqueue_due_tasks(now=7300.0, schedule=schedule)  # same hour: nothing more
    next_hour = enqueue_due_tasks(now=10800.0, schedule=schedule)
    assert first == ["engage.tests_support.noop_task"]
    assert again == []
    assert next_hour == ["engage.tests_support.noop_task"]
    assert ScheduledRun.objects.count() == 2


def test_postgresql_configuration_passes_system_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "engage.settings.dev",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
