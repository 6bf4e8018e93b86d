"""Enqueue periodic tasks at most once per interval, however many schedulers run."""

import importlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from engage.models import ScheduledRun

logger = logging.getLogger(__name__)


def collected_schedule():
    """Each installed app's ``tasks.SCHEDULE`` merged with ``settings.SCHEDULED_TASKS``."""
    schedule = {}
    for app_config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app_config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.tasks":
                raise
            continue
        schedule.update(getattr(module, "SCHEDULE", {}))
    schedule.update(settings.SCHEDULED_TASKS)
    return schedule


def enqueue_due_tasks(*, now=None, schedule=None):
    """Enqueue every scheduled task whose current interval has no run yet; return their paths."""
    now = time.time() if now is None else now
    schedule = collected_schedule() if schedule is None else schedule
    enqueued = []
    for task_path, interval in sorted(schedule.items()):
        slot = int(now // interval)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(task_path=task_path, slot=slot)
                result = import_string(task_path).enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another scheduler already enqueued this slot
        logger.info("Enqueued scheduled task %s (slot %s)", task_path, slot)
        enqueued.append(task_path)
    return enqueued
