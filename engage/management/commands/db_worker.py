"""Run a task worker (django-tasks-db's `db_worker`) that is warmed up before it takes a task."""

import gc
import logging
import os
import time
from argparse import BooleanOptionalAction

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")


def worker_warm_up():
    """Run every function in settings.TASK_WORKER_WARM_UP; return the seconds each took.

    A failing warm-up is logged and skipped: the worker still starts, and the first task that
    needs the thing pays for loading it, as it would without a warm-up.
    """
    timings = {}
    for path in getattr(settings, "TASK_WORKER_WARM_UP", ()):
        started = time.perf_counter()
        try:
            import_string(path)()
        except Exception:
            logger.exception("Worker warm-up %s failed", path)
            continue
        timings[path] = time.perf_counter() - started
    return timings


class Command(db_worker.Command):
    help = (
        "Run a database task worker. Unless --batch is given, it first loads what the tasks "
        "need (settings.TASK_WORKER_WARM_UP: WeasyPrint and the report fonts), so the first "
        "task a user waits for is as fast as the rest."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--warm-up",
            action=BooleanOptionalAction,
            default=None,
            help="Warm up before taking tasks (default: yes, except with --batch).",
        )

    def handle(self, *args, warm_up=None, **options):
        if warm_up is None:
            warm_up = not options.get("batch")
        # With --reload the parent process only watches files; the child runs the tasks.
        runs_tasks = not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if warm_up and runs_tasks:
            self.configure_logging(options["verbosity"])
            started = time.perf_counter()
            timings = worker_warm_up()
            # Everything loaded so far lives as long as the worker: move it out of the cyclic
            # garbage collector's generations, so its collections during a task scan only the
            # task's own objects rather than the whole of Django, Wagtail and WeasyPrint.
            gc.collect()
            gc.freeze()
            logger.info(
                "Warmed up in %.2f s (%s); %d objects frozen",
                time.perf_counter() - started,
                ", ".join(f"{path} {seconds:.2f} s" for path, seconds in timings.items()),
                gc.get_freeze_count(),
            )
        return super().handle(*args, **options)
