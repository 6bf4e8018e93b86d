"""engage's db_worker warms up before taking tasks, unless it only drains the queue (--batch)."""

import gc

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from engage.management.commands.db_worker import worker_warm_up

CALLS = []
WORKER = ["--backend", "queue", "-v", "0"]


def record_warm_up():
    CALLS.append("warm")


def broken_warm_up():
    raise RuntimeError("no fonts")


@pytest.fixture
def calls(settings, monkeypatch):
    # The polling loop itself is django-tasks-db's (and it closes the database connection,
    # which would end the test's transaction): record that it started instead.
    monkeypatch.setattr(db_worker.Worker, "run", lambda worker: CALLS.append("run"))
    # Nor may it take over this process's Ctrl-C.
    monkeypatch.setattr(db_worker.Worker, "configure_signals", lambda worker: None)
    # The test settings run tasks at once; the worker needs a database queue to poll.
    settings.TASKS = {
        **settings.TASKS,
        "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    CALLS.clear()
    yield CALLS
    CALLS.clear()
    # The command freezes everything alive into the permanent generation; give it back.
    gc.unfreeze()


def test_worker_runs_the_warm_up_and_freezes_what_it_loaded_before_taking_tasks(calls, settings):
    settings.TASK_WORKER_WARM_UP = ["tests.engage.test_db_worker.record_warm_up"]
    gc.unfreeze()
    call_command("db_worker", "--batch", "--warm-up", "--no-reload", "--no-startup-delay", *WORKER)
    assert calls == ["warm", "run"]
    assert gc.get_freeze_count() > 0


def test_batch_worker_skips_the_warm_up_unless_asked(calls, settings):
    settings.TASK_WORKER_WARM_UP = ["tests.engage.test_db_worker.record_warm_up"]
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", *WORKER)
    assert calls == ["run"]


def test_a_failing_warm_up_is_skipped_and_the_others_still_run(calls, settings):
    settings.TASK_WORKER_WARM_UP = [
        "tests.engage.test_db_worker.broken_warm_up",
        "tests.engage.test_db_worker.record_warm_up",
    ]
    timings = worker_warm_up()
    assert calls == ["warm"]
    assert list(timings) == ["tests.engage.test_db_worker.record_warm_up"]


def test_the_project_warms_up_the_report_renderer(settings):
    assert "feedback.reports.rendering.warm_up" in settings.TASK_WORKER_WARM_UP
