"""Test settings: fast hashing, immediate tasks, in-memory email, no MFA prompt by default."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ENGAGE_REQUIRE_STAFF_MFA = False
ACCOUNT_RATE_LIMITS = False
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_BASE_URL = WAGTAILADMIN_BASE_URL
# The in-memory cache outlives each test's database; tests of the page cache switch it on.
ENGAGE_PAGE_CACHE_SECONDS = 0
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploads and generated files never land in the project's media/: each test gets its own
# temporary MEDIA_ROOT (tests/conftest.py); this is the fallback outside a test.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "engage-test-media"
