"""Site-wide middleware: the admin's own CSP, MFA for staff, a 503 page when the DB is down."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

logger = logging.getLogger(__name__)

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class AdminContentSecurityPolicyMiddleware:
    """Give Wagtail admin pages their own (looser) policy; the public site keeps the strict one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIXES):
            response._csp_config = settings.ENGAGE_ADMIN_CSP
        return response


def user_has_mfa(user):
    """Return True when the user has an active MFA authenticator (TOTP)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_can_reach_admin(user):
    """True for anyone the Wagtail or Django admin would let in."""
    return user.is_active and (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


# Admin URLs that must stay reachable without MFA, so that nobody is trapped.
MFA_EXEMPT_PATHS = ("/admin/logout/", "/admin/login/", "/django-admin/logout/")


class StaffMFARequiredMiddleware:
    """Send admin users without MFA to set it up before they reach the Wagtail admin.

    Only people who could use the admin are sent; others get the admin's usual refusal.
    Logging out stays possible, and the set-up pages live under /accounts/, outside the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.ENGAGE_REQUIRE_STAFF_MFA
            and request.path.startswith(ADMIN_PREFIXES)
            and not request.path.startswith(MFA_EXEMPT_PATHS)
            and request.user.is_authenticated
            and user_can_reach_admin(request.user)
            and not user_has_mfa(request.user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.path})}")
        return self.get_response(request)


DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response():
    """A 503 "please try again" page that does not need the database to render."""
    response = HttpResponse(
        render_to_string("503.html"), status=503, content_type="text/html; charset=utf-8"
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turn "cannot reach the database" errors from views into a clear 503 "try again" page.

    Anything raised outside a view (e.g. while saving the session) reaches ``handler500``,
    which does the same (see engage.views.server_error). Nothing was committed when the
    error happened, so the person is told their response was not saved and to send it again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            logger.error(
                "Database unavailable during %s %s", request.method, request.path, exc_info=True
            )
            return database_unavailable_response()
        return None
