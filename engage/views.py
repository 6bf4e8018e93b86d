"""Operational views: the health check, the error pages, the one way to sign in, documents."""

import logging
import sys

from django.db import connection
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.tasks import task_backends
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.documents.views.serve import serve as wagtail_document_serve

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


def bad_request(request, exception=None):
    """handler400: the site's page, with its header and a way back.

    Django's own renders without the request, so the page would lose its branding. A request
    bad enough to break the page's context (an unknown host) still gets the page, unbranded.
    """
    try:
        return render(request, "400.html", status=400)
    except Exception:  # the request itself is what was wrong; say so without its context
        return HttpResponseBadRequest(render_to_string("400.html"))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form that has timed out, explained in the site's page."""
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=request))


def _redirect_keeping_next(request, url_name):
    url = reverse(url_name)
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = f"{url}?{urlencode({'next': next_url})}"
    return HttpResponseRedirect(url)


@never_cache
def sign_in_redirect(request):
    """Every other sign-in form (Wagtail's, the Django admin's, private pages') leads here.

    allauth's login is the only one that asks for the second factor, counts failed attempts and
    insists on a verified email address, so the others take no credentials at all: whatever is
    posted to them is dropped, and the browser is sent to allauth's login with its ``next``.
    """
    return _redirect_keeping_next(request, "account_login")


# Wagtail's password reset pages that carry no token; its confirm links carry one.
WAGTAIL_PASSWORD_RESET_PAGES = ("", "done/", "complete/")


@never_cache
def password_reset_redirect(request, rest=""):
    """Wagtail's password reset pages lead to allauth's, which is rate limited per address.

    Wagtail's form sends no links any more, so a confirm link with a token in it is stale or
    made up: there is nothing to find there, whatever the token.
    """
    if rest not in WAGTAIL_PASSWORD_RESET_PAGES:
        raise Http404
    return _redirect_keeping_next(request, "account_reset_password")


def document_serve(request, document_id, document_filename):
    """Wagtail's document download, without the ``Content-Encoding: None`` it sends.

    Wagtail copies the encoding guessed from the file name into the header even when there is
    none, and a browser or proxy told the body is encoded "None" may refuse or mangle it.
    """
    response = wagtail_document_serve(request, document_id, document_filename)
    if response.get("Content-Encoding", "") in ("", "None"):
        del response["Content-Encoding"]
    return response
