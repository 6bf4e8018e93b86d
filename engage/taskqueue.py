"""Recovery for the database task queue: re-queue tasks whose worker died mid-run.

A worker killed with SIGKILL, or a machine that vanished, leaves its task marked "running"
forever. Our tasks write their results in one transaction, so such a task left nothing
half-written and is safe to run again; after ``settings.ENGAGE_TASK_STALE_AFTER`` seconds it is
put back in the queue for another worker.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def requeue_stale_tasks(*, older_than=None, now=None):
    """Mark "running" tasks started more than ``older_than`` seconds ago as ready again.

    Returns the ids re-queued. Does nothing unless the database task backend is installed.
    """
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the backend is a requirement
        return []
    from django.tasks import TaskResultStatus

    older_than = settings.ENGAGE_TASK_STALE_AFTER if older_than is None else older_than
    cutoff = (now or timezone.now()) - timedelta(seconds=older_than)
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .values_list("id", flat=True)
        )
        if stale:
            DBTaskResult.objects.filter(id__in=stale).update(
                status=TaskResultStatus.READY, started_at=None
            )
    for task_id in stale:
        logger.warning("Re-queued task %s: its worker stopped while running it", task_id)
    return [str(task_id) for task_id in stale]
