"""Put tasks whose worker died while running them back in the queue."""

from django.core.management.base import BaseCommand

from engage.taskqueue import requeue_stale_tasks


class Command(BaseCommand):
    help = "Re-queue tasks stuck as 'running' after their worker was killed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="Seconds since the task started (default: settings.ENGAGE_TASK_STALE_AFTER).",
        )

    def handle(self, *args, older_than=None, **options):
        requeued = requeue_stale_tasks(older_than=older_than)
        self.stdout.write(f"Re-queued {len(requeued)} task(s).")
        for task_id in requeued:
            self.stdout.write(f"  {task_id}")
