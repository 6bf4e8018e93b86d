"""Tasks used by tests and bench scripts to check the scheduler, the workers and recovery."""

import os
import time

from django.db import connection, transaction
from django.tasks import task


@task
def noop_task():
    """Do nothing; return a marker so a test can see it ran."""
    return "ran"


@task
def record_execution(key, work_seconds=0.0):
    """Record which process ran this task (table bench_task_execution, made by the caller)."""
    if work_seconds:
        time.sleep(work_seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_task_execution (task_key, pid) VALUES (%s, %s)", [key, os.getpid()]
        )
    return os.getpid()


@task
def write_rows_slowly(key, rows=20, delay=0.1):
    """Write `rows` rows to bench_fault_rows in ONE transaction, slowly (a long analysis).

    Killing the worker part-way must leave none of them: the transaction never commits.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        for number in range(rows):
            cursor.execute(
                "INSERT INTO bench_fault_rows (task_key, row_number) VALUES (%s, %s)",
                [key, number],
            )
            time.sleep(delay)
    return rows
