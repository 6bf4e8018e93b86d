"""Operational views: the health check, and the server error page (503 when the DB is down)."""

import logging
import sys

from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.tasks import task_backends
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from engage.middleware import DATABASE_UNAVAILABLE_ERRORS, database_unavailable_response

logger = logging.getLogger(__name__)


def _database_ok():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _task_queue_ok():
    backend = task_backends["default"]
    if backend.__class__.__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.order_by().values("pk")[:1].exists()
    return True


@never_cache
@require_GET
def healthz(request):
    """Answer 200 when the database and the task queue are reachable, 503 otherwise."""
    checks = {}
    for name, check in (("database", _database_ok), ("task_queue", _task_queue_ok)):
        try:
            checks[name] = "ok" if check() else "failed"
        except Exception:  # any failure means unhealthy; the reason goes to the log
            logger.exception("Health check %s failed", name)
            checks[name] = "failed"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def server_error(request):
    """handler500: a "try again" 503 when the database is unreachable, a plain 500 otherwise.

    Rendered without a request context so that it works when the database does not.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))
