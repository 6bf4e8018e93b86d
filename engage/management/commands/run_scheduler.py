"""Run the scheduler: enqueue periodic tasks (reminders, digests, retention) when due."""

import time

from django.core.management.base import BaseCommand

from engage.scheduler import enqueue_due_tasks


class Command(BaseCommand):
    help = "Enqueue periodic tasks from settings.SCHEDULED_TASKS; runs until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit.")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks.")

    def handle(self, *args, once=False, interval=30.0, **options):
        while True:
            for task_path in enqueue_due_tasks():
                self.stdout.write(f"Enqueued {task_path}")
            if once:
                return
            time.sleep(interval)
