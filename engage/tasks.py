"""Periodic site-wide tasks: removing personal details after retention, re-queuing lost tasks."""

from django.tasks import task

# Collected by engage.scheduler: task path -> interval in seconds.
SCHEDULE = {
    "engage.tasks.apply_retention_task": 6 * 3600,
    "engage.tasks.requeue_stale_tasks_task": 15 * 60,
}


@task
def apply_retention_task():
    """Clear personal details where a consultation's retention period has passed."""
    from engage.retention import apply_retention

    return apply_retention()


@task
def requeue_stale_tasks_task():
    """Put tasks whose worker died mid-run back in the queue (see engage.taskqueue)."""
    from engage.taskqueue import requeue_stale_tasks

    return {"requeued": requeue_stale_tasks()}
