"""The per-client rate limit of the API, counted by the project's shared rate limiter."""

from rest_framework.throttling import BaseThrottle

from engage import ratelimit

SCOPE = "api.v1"


class ClientAddressThrottle(BaseThrottle):
    """Requests per address and window (``ENGAGE_RATE_LIMITS["api.v1"]`` overrides the default).

    The address is the one allauth and the registration form count (``ratelimit.client_address``:
    behind a declared proxy, the address the proxy saw), so a forged X-Forwarded-For header
    cannot buy a fresh allowance.
    """

    def allow_request(self, request, view):
        return ratelimit.allow(request, SCOPE)

    def get_ident(self, request):
        return ratelimit.client_address(request)

    def wait(self):
        _count, window = ratelimit.limit_for(SCOPE)
        return window
