"""Production settings: refuse to start without a real secret; HTTPS only; SMTP email."""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ENGAGE_TRUSTED_PROXY_COUNT, SECRET_KEY, env, env_bool

DEBUG = False
if not SECRET_KEY or SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production (at least 50 characters). "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(64))"'
    )


def _is_loopback(host):
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


# Links in emails and the admin are built from this: there is no safe default.
SITE_BASE_URL = env("SITE_BASE_URL", "")
_site = urlsplit(SITE_BASE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname or _is_loopback(_site.hostname):
    raise ImproperlyConfigured(
        "SITE_BASE_URL must be set in production to the public address of the site, "
        "e.g. https://engage.example.org: links in emails are built from it."
    )
WAGTAILADMIN_BASE_URL = SITE_BASE_URL

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Believe "this came over HTTPS" only from a proxy we declared (TRUSTED_PROXY_COUNT): gunicorn
# bound to a public address would otherwise take the header from anyone.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if ENGAGE_TRUSTED_PROXY_COUNT > 0 else None
)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
