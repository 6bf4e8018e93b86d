"""Every API error as JSON: {"status", "code", "detail"}, with the right HTTP status."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _code(codes):
    """One code for the error: DRF's own, or the first of several (e.g. per field)."""
    if isinstance(codes, str):
        return codes
    if isinstance(codes, dict):
        return _code(next(iter(codes.values()), "invalid"))
    if isinstance(codes, list) and codes:
        return _code(codes[0])
    return "error"


def exception_handler(exc, context):
    """DRF's handler, with its body reshaped into one form for every error."""
    # Django's own exceptions, as DRF would convert them, so that they carry a code too.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handler answers
    data = response.data
    detail = data.get("detail") if isinstance(data, dict) and "detail" in data else data
    codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
    response.data = {"status": response.status_code, "code": _code(codes), "detail": detail}
    return response


def not_found(request, *args, **kwargs):
    """Any other URL under /api/: a JSON 404 rather than the site's HTML page."""
    return JsonResponse(
        {"status": 404, "code": "not_found", "detail": _("There is no such API endpoint.")},
        status=404,
    )
