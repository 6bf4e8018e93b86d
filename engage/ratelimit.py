"""A per-address rate limit in the cache, shared by every public form that needs one.

The address is hashed with the secret key and kept only in the cache, for one window. Limits are
generous: a whole NHS trust or a library may reach us from one address, and a real person must
never be stopped. ``ENGAGE_RATE_LIMITS = {scope: (count, seconds)}`` overrides the defaults; a
count of 0 turns a limit off.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

DEFAULT_LIMITS = {
    # Registering for workshops: 60 sign-ups in 10 minutes from one address.
    "consultations.register": (60, 600),
    # The API (public reads and staff exports): 300 requests a minute from one address.
    "api.v1": (300, 60),
}


def client_address(request):
    """The address the request came from, the same one allauth's rate limits count.

    Behind a declared proxy (``TRUSTED_PROXY_COUNT``) that is the address the proxy saw, from
    X-Forwarded-For; otherwise REMOTE_ADDR, so a forged header counts for nothing.
    """
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):  # no usable address in the headers
        return request.META.get("REMOTE_ADDR", "")


def limit_for(scope):
    """(count, seconds) for a scope: the setting if given, else the default."""
    configured = getattr(settings, "ENGAGE_RATE_LIMITS", {}) or {}
    return configured.get(scope, DEFAULT_LIMITS.get(scope, (0, 60)))


def allow(request, scope, *, limit=None, window=None):
    """Count one attempt for this address and scope; False once over the limit."""
    if limit is None or window is None:
        limit, window = limit_for(scope)
    if not limit:
        return True
    address = hashlib.sha256(
        (settings.SECRET_KEY + client_address(request)).encode("utf-8", "replace")
    ).hexdigest()[:32]
    key = f"engage:rate:{scope}:{address}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
