"""A URLconf for the error page tests: the site's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from engage.urls import urlpatterns as site_urlpatterns


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("a request that makes no sense")


handler400 = "engage.views.bad_request"
handler500 = "engage.views.server_error"

urlpatterns = [
    path("test-forbidden/", _forbidden),
    path("test-bad-request/", _bad),
    # Spread, not included: the site's pages sit in i18n_patterns, which must be top level.
    *site_urlpatterns,
]
