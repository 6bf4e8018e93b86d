"""Deployment checks of our own: the public Content Security Policy must stay strict."""

from django.conf import settings
from django.core import checks
from django.utils.csp import CSP

UNSAFE_SOURCES = {CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL, "*"}
REQUIRED_DIRECTIVES = ("default-src", "script-src", "object-src", "base-uri", "frame-ancestors")


@checks.register(checks.Tags.security, deploy=True)
def check_public_content_security_policy(app_configs, **kwargs):
    """Warn when SECURE_CSP is missing, lacks a key directive or allows inline code."""
    policy = getattr(settings, "SECURE_CSP", None) or {}
    if not policy:
        return [
            checks.Warning(
                "SECURE_CSP is empty: the public site has no Content Security Policy.",
                id="engage.W001",
            )
        ]
    messages = []
    for directive in REQUIRED_DIRECTIVES:
        if directive not in policy:
            messages.append(
                checks.Warning(
                    f"SECURE_CSP has no {directive!r} directive.",
                    hint="See engage/settings/base.py for the expected policy.",
                    id="engage.W002",
                )
            )
    for directive in ("default-src", "script-src", "style-src", "object-src"):
        unsafe = UNSAFE_SOURCES.intersection(policy.get(directive, []))
        if unsafe:
            messages.append(
                checks.Warning(
                    f"SECURE_CSP {directive!r} allows {', '.join(sorted(unsafe))}.",
                    hint="Move inline code to static files; use a nonce for the rare exception.",
                    id="engage.W003",
                )
            )
    return messages


PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches)
def check_redis_client_installed(app_configs, **kwargs):
    """REDIS_URL needs the redis client library, which is not installed by default."""
    uses_redis = any(
        config.get("BACKEND", "").endswith("RedisCache") for config in settings.CACHES.values()
    )
    if not uses_redis:
        return []
    try:
        import redis  # noqa: F401
    except ImportError:
        return [
            checks.Error(
                "REDIS_URL is set but the redis client library is not installed.",
                hint='Install it: pip install "redis>=5,<7" (or unset REDIS_URL to use the '
                "database cache).",
                id="engage.E001",
            )
        ]
    return []


@checks.register(checks.Tags.caches, deploy=True)
def check_page_cache_is_shared(app_configs, **kwargs):
    """The page cache must be shared by every web process, or publishing reaches only one."""
    if not getattr(settings, "ENGAGE_PAGE_CACHE_SECONDS", 0):
        return []
    alias = getattr(settings, "ENGAGE_PAGE_CACHE_ALIAS", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            checks.Warning(
                f"The page cache ({alias!r}) uses {backend.rsplit('.', 1)[-1]}, which each "
                "process keeps to itself: a published change clears it in one process only, and "
                "the others show the old page for up to ENGAGE_PAGE_CACHE_SECONDS.",
                hint="Use the database cache (the default) or Redis (REDIS_URL), or set "
                "ENGAGE_PAGE_CACHE_SECONDS=0.",
                id="engage.W004",
            )
        ]
    return []


@checks.register(checks.Tags.translation, deploy=True)
def check_interface_translations(app_configs, **kwargs):
    """Refuse a translation file with broken placeholders or markup, or a stale .mo file."""
    from engage.translations import catalogue_problems, catalogues, mo_is_current

    errors = []
    for po_path in catalogues(settings.LOCALE_PATHS):
        errors.extend(
            checks.Error(
                problem,
                hint="Fix the translation so it keeps the English placeholders.",
                id="engage.E010",
            )
            for problem in catalogue_problems(po_path)
        )
        if not mo_is_current(po_path):
            errors.append(
                checks.Error(
                    f"{po_path.with_suffix('.mo')} does not match {po_path.name}",
                    hint="Run `make messages` (or manage.py compilemessages) and commit the .mo.",
                    id="engage.E011",
                )
            )
    return errors
