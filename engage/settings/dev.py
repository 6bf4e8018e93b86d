"""Development settings: debug on, email written to files under var/mail/."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, env_bool

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = ["*"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# Demo logins have no MFA device; set ENGAGE_REQUIRE_STAFF_MFA=1 to try the enforcement.
ENGAGE_REQUIRE_STAFF_MFA = env_bool("ENGAGE_REQUIRE_STAFF_MFA", False)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# Every email is written as a readable file in var/mail/ (and not sent anywhere).
MAILERS = {
    "default": {
        "BACKEND": "engage.mail.ReadableFileEmailBackend",
        "OPTIONS": {"file_path": str(env("EMAIL_FILE_PATH", BASE_DIR / "var" / "mail"))},
    }
}
# Template and page edits show at once in development (set it to try the page cache).
ENGAGE_PAGE_CACHE_SECONDS = int(env("ENGAGE_PAGE_CACHE_SECONDS", "0"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
