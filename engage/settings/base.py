"""Settings shared by every environment, read from environment variables with safe defaults."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    """Return an environment variable, or the default when unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    """Return an environment variable read as a boolean ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Return a comma-separated environment variable as a list of non-empty strings."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Project apps first so that their templates override third-party ones.
    "engage",
    "home",
    "consultations",
    "feedback",
    "feedback.themes",
    "feedback.reports",
    "network",
    "privacy",
    "api",
    # Wagtail
    # Translated pages and snippets, with PO download/upload in the admin (wagtail_localize
    # replaces wagtail.locales for managing the site's languages).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Background tasks
    "django_tasks_db",
    # The API (settings grouped at the end of this file)
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS headers for the public API only (CORS_URLS_REGEX), ahead of anything that answers.
    "corsheaders.middleware.CorsMiddleware",
    "engage.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a cached public page skips sessions, auth and rendering entirely.
    "engage.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "engage.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "engage.middleware.AdminContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "engage.middleware.StaffMFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "engage.ids.MalformedIdMiddleware",
]

ROOT_URLCONF = "engage.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "engage.wsgi.application"

# Database: SQLite in the project by default, anything dj-database-url understands otherwise.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work during a write; IMMEDIATE transactions take the write lock up front
    # and the timeout makes a second writer wait instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL full-text indexes.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# "en" with British formats (engage/formats/en): Wagtail reverses an English page's URL with
# "en" active, and anything but LANGUAGE_CODE itself would gain a /en/ prefix.
LANGUAGE_CODE = "en"
# Each language is named in itself: the switcher shows them so, whatever the page's language.
LANGUAGES = [("en", "English"), ("pl", "Polski"), ("pa", "ਪੰਜਾਬੀ"), ("ar", "العربية")]
FORMAT_MODULE_PATH = ["engage.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("STORAGE_BACKEND"):
    # e.g. STORAGE_BACKEND=storages.backends.s3.S3Storage (pip install "django-storages[s3]"):
    # the bucket comes from the environment below; boto3 reads AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY itself. Files stay private: links are signed and expire.
    STORAGES["default"] = {"BACKEND": env("STORAGE_BACKEND")}
    if "s3" in env("STORAGE_BACKEND").lower():
        STORAGES["default"]["OPTIONS"] = {
            key: value
            for key, value in {
                "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
                "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
                "region_name": env("AWS_S3_REGION_NAME"),
                "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
                "location": env("AWS_LOCATION"),
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": int(env("AWS_QUERYSTRING_EXPIRE", "3600")),
            }.items()
            if value is not None
        }
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email (Django 6.1 MAILERS replaces EMAIL_BACKEND and friends).
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "engage <no-reply@example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[engage] "
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": int(env("EMAIL_PORT", "25")),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 20,
        },
    }
}

# Background work: Django's Tasks API with the database backend; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Called by `manage.py db_worker` (engage's) before it takes a task, so that the first task
# someone waits for does not pay for loading what tasks need (WeasyPrint and fonts: seconds).
TASK_WORKER_WARM_UP = ["feedback.reports.rendering.warm_up"]
# Periodic tasks enqueued by `manage.py run_scheduler` (task import path -> interval seconds).
# Apps declare their own in a SCHEDULE dict in their tasks.py; this setting adds to them.
SCHEDULED_TASKS = {}
# A task still "running" after this many seconds is taken to have lost its worker (killed,
# machine gone) and is put back in the queue by engage.tasks.requeue_stale_tasks_task.
ENGAGE_TASK_STALE_AFTER = int(env("ENGAGE_TASK_STALE_AFTER", "3600"))
# Registrations for events outside any consultation lose personal details this long after.
ENGAGE_EVENT_RETENTION_DAYS = int(env("ENGAGE_EVENT_RETENTION_DAYS", "365"))

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "engage_cache"}
    )
}

# Public Wagtail pages as anonymous visitors see them are kept this many seconds in the cache
# above (0 turns it off); publishing anything starts afresh. See engage/pagecache.py.
ENGAGE_PAGE_CACHE_SECONDS = int(env("ENGAGE_PAGE_CACHE_SECONDS", "60"))
ENGAGE_PAGE_CACHE_ALIAS = "default"

# Wagtail
WAGTAIL_SITE_NAME = "engage"
WAGTAILADMIN_BASE_URL = env("SITE_BASE_URL", "http://127.0.0.1:8000")
SITE_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploaded documents: allowed extension, size and matching contents (engage/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "engage.uploads.DocumentForm"
ENGAGE_MAX_UPLOAD_SIZE = int(env("ENGAGE_MAX_UPLOAD_SIZE", str(20 * 1024 * 1024)))
# Images: Wagtail checks the real format against the extension; keep to raster formats and a
# pixel limit that stops "decompression bomb" images exhausting memory.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USER_EDIT_FORM = None
# The admin's content security policy blocks images from other sites, so a Gravatar shows as a
# broken image on every screen: the initials avatar is used instead of loosening the policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Accounts (django-allauth): email address as login, mandatory verification, MFA available.
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A signed-in person without admin access is sent to the sign-in page by the admin (with
# "You do not have permission to access the admin"); sending them straight back would loop.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
}
# Someone with a second factor confirms sensitive changes with it, not the password.
ACCOUNT_ADAPTER = "engage.account_adapter.AccountAdapter"
# Each error names its field, and sign-up asks for a name to greet people by.
ACCOUNT_FORMS = {
    "login": "engage.account_forms.LoginForm",
    "signup": "engage.account_forms.SignupForm",
    "add_email": "engage.account_forms.AddEmailForm",
    "change_password": "engage.account_forms.ChangePasswordForm",
    "set_password": "engage.account_forms.SetPasswordForm",
    "reset_password": "engage.account_forms.ResetPasswordForm",
    "reset_password_from_key": "engage.account_forms.ResetPasswordKeyForm",
    "reauthenticate": "engage.account_forms.ReauthenticateForm",
}
# An authenticator app, passkeys (WebAuthn security keys, phones, Windows Hello...) and
# one-time recovery codes; no "trust this browser": every sign-in asks for the second factor.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "engage"
MFA_TRUST_ENABLED = False
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Staff who can reach the Wagtail admin must have MFA (see engage.middleware).
ENGAGE_REQUIRE_STAFF_MFA = env_bool("ENGAGE_REQUIRE_STAFF_MFA", True)

# Reverse proxies in front of gunicorn that we run (nginx, a load balancer): each appends the
# address it saw to X-Forwarded-For. Only then are X-Forwarded-For and X-Forwarded-Proto
# believed; with 0 (gunicorn facing the internet) anyone could write them.
ENGAGE_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
# allauth's rate limits (and engage.ratelimit) count the real client address behind them.
ALLAUTH_TRUSTED_PROXY_COUNT = ENGAGE_TRUSTED_PROXY_COUNT

# Security headers shared by every environment; production adds HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# A timed-out form is explained in the site's own page (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "engage.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Content Security Policy (Django's built-in middleware). The public site allows no inline
# script; the Wagtail admin, which relies on inline scripts and styles, gets its own policy.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
ENGAGE_ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# One sign-in for everyone: the Wagtail admin, the Django admin and private pages use allauth's
# login (with its MFA step, rate limits and email verification). Their own login and password
# reset forms redirect there (engage/urls.py); Wagtail's account page does not change the email.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = WAGTAILADMIN_LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# --- The API (/api/v1/, the api app) ---------------------------------------------------------
REST_FRAMEWORK = {
    # Public endpoints take no credentials; the staff export views name their token class.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientAddressThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "engage open data API",
    "DESCRIPTION": "Published consultations, workshops and results, and staff exports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from drf-spectacular-sidecar's static files: nothing is fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "ENUM_NAME_OVERRIDES": {
        "ConsultationStatusEnum": "consultations.models.ConsultationStatus",
        "CellStatusEnum": ["shown", "small", "withheld"],
    },
}
# Anyone may read the public API from any site, with GET only and never with cookies; the staff
# export API sends no CORS headers, so no other site's script can read it.
CORS_URLS_REGEX = r"^/api/v1/(?!staff/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
