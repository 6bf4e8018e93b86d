"""Rate limits for the respond journey, counted by engage.ratelimit (shared with registration)."""

from django.conf import settings

from engage import ratelimit

# Generous by default: a whole NHS trust may reach us from one address.
DEFAULT_LIMITS = {"start": (120, 600), "save_link": (10, 600)}

client_address = ratelimit.client_address


def allow(request, scope):
    """Count one attempt for this address and scope; False once over the limit.

    ``FEEDBACK_RATE_LIMITS = {"start": (count, seconds), "save_link": ...}`` overrides.
    """
    limits = getattr(settings, "FEEDBACK_RATE_LIMITS", {}) or {}
    limit, window = limits.get(scope, DEFAULT_LIMITS[scope])
    return ratelimit.allow(request, f"feedback.{scope}", limit=limit, window=window)
