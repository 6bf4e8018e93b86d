"""A URLconf for the error page tests: the site's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("a request that makes no sense")


handler400 = "engage.views.bad_request"
handler500 = "engage.views.server_error"

urlpatterns = [
    path("test-forbidden/", _forbidden),
    path("test-bad-request/", _bad),
    path("", include("engage.urls")),
]
