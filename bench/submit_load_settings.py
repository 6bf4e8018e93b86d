"""Settings for bench/submit_load.py: production-like, with the per-address limit lifted.

Every simulated respondent comes from 127.0.0.1, so the rate limit would otherwise stop them.
"""

from engage.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ENGAGE_REQUIRE_STAFF_MFA = False
FEEDBACK_RATE_LIMITS = {"start": (0, 60), "save_link": (0, 60)}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
