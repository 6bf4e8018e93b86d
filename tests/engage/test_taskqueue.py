"""Tasks whose worker died mid-run are put back in the queue after a while."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from engage.scheduler import collected_schedule
from engage.taskqueue import requeue_stale_tasks

pytestmark = pytest.mark.django_db


def _task_row(status, started_minutes_ago=None):
    started = (
        timezone.now() - timedelta(minutes=started_minutes_ago) if started_minutes_ago else None
    )
    return DBTaskResult.objects.create(
        task_path="engage.tests_support.noop_task",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status=status,
        started_at=started,
        worker_ids=["dead-worker"],
    )


def test_only_tasks_running_longer_than_the_limit_are_requeued():
    stale = _task_row(TaskResultStatus.RUNNING, started_minutes_ago=90)
    fresh = _task_row(TaskResultStatus.RUNNING, started_minutes_ago=5)
    done = _task_row(TaskResultStatus.SUCCESSFUL, started_minutes_ago=120)
    assert requeue_stale_tasks(older_than=3600) == [str(stale.id)]
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.READY
    assert stale.started_at is None
    assert DBTaskResult.objects.ready().filter(id=stale.id).exists()
    assert DBTaskResult.objects.get(id=fresh.id).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(id=done.id).status == TaskResultStatus.SUCCESSFUL


def test_requeue_command_reports_what_it_did(capsys):
    _task_row(TaskResultStatus.RUNNING, started_minutes_ago=90)
    call_command("requeue_stale_tasks", "--older-than", "60")
    assert "Re-queued 1 task(s)." in capsys.readouterr().out


def test_requeue_runs_on_a_schedule():
    assert "engage.tasks.requeue_stale_tasks_task" in collected_schedule()
