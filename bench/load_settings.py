"""Settings for bench/load.py and bench/faults.py: production settings over plain loopback HTTP.

Everything is as in production (DEBUG off, manifest static files, database task queue and
cache) except what a loopback benchmark cannot have: TLS (so no HTTPS redirect or secure-only
cookies), an SMTP server (emails are kept in memory), and per-address rate limits (every
simulated person comes from 127.0.0.1).
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
# Production refuses a loopback SITE_BASE_URL; emails stay in memory here, so any name will do.
os.environ.setdefault("SITE_BASE_URL", "https://bench.engage.invalid")

from engage.settings.production import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ACCOUNT_RATE_LIMITS = False
FEEDBACK_RATE_LIMITS = {"start": (0, 60), "save_link": (0, 60)}
ENGAGE_RATE_LIMITS = {"consultations.register": (0, 60)}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
