"""Site-wide middleware: the language of one-address pages, the admin's own CSP, MFA for staff,
a 503 page when the DB is down."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from engage import mfa

logger = logging.getLogger(__name__)

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class ChosenLanguageMiddleware:
    """After LocaleMiddleware: a public page with one address in every language (sign in, the
    network) is shown in the language the visitor chose with the switcher (the language
    cookie). Pages with a language in their address (/pl/...) keep that language, and an
    unprefixed page of the prefixed kind stays English (home.languages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from home import languages

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            chosen in languages.language_names()
            and chosen != translation.get_language()
            and languages.follows_choice(request.path_info)
        ):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class AdminContentSecurityPolicyMiddleware:
    """Give Wagtail admin pages their own (looser) policy; the public site keeps the strict one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIXES):
            response._csp_config = settings.ENGAGE_ADMIN_CSP
        return response


# Admin URLs that must stay reachable without MFA, so that nobody is trapped.
MFA_EXEMPT_PATHS = ("/admin/logout/", "/django-admin/logout/")


def _second_factor_url(request):
    """Where this signed-in person proves their second factor again (allauth chooses the page)."""
    from allauth.account.adapter import get_adapter

    methods = get_adapter(request).get_reauthentication_methods(request.user)
    return methods[0]["url"] if methods else reverse("account_login")


def _with_next(url, request):
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class StaffMFARequiredMiddleware:
    """Keep the admin for sessions that passed MFA, and MFA changes for a fresh code.

    - Anyone who could use the admin and has no authenticator app or passkey is sent to set one
      up (when ``ENGAGE_REQUIRE_STAFF_MFA`` is on).
    - Anyone who could use the admin and has a second factor, but whose session has not passed
      it, is asked for the code before any admin page, whatever way they signed in.
    - Adding, showing or removing a factor needs a code entered within allauth's
      reauthentication window (``engage.mfa.FRESH_MFA_URL_NAMES``).

    Only people who could use the admin are sent; others get the admin's usual refusal.
    Logging out stays possible, and the pages that ask for the code live under /accounts/.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(ADMIN_PREFIXES)
            and not request.path.startswith(MFA_EXEMPT_PATHS)
            and request.user.is_authenticated
            and mfa.user_can_reach_admin(request.user)
        ):
            if mfa.user_has_second_factor(request.user):
                if not mfa.session_passed_mfa(request):
                    return redirect(_with_next(_second_factor_url(request), request))
            elif settings.ENGAGE_REQUIRE_STAFF_MFA:
                return redirect(_with_next(reverse("mfa_activate_totp"), request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is not None
            and match.url_name in mfa.FRESH_MFA_URL_NAMES
            and request.user.is_authenticated
            and mfa.user_has_any_factor(request.user)
            and not mfa.session_passed_mfa_recently(request)
        ):
            return redirect(_with_next(_second_factor_url(request), request))
        return None


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
