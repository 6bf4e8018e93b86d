"""A shared cache of public Wagtail pages as anonymous visitors see them.

Only responses that are the same for every anonymous visitor are stored:

- a GET for a Wagtail page (the ``wagtail_serve`` view) with no query string,
- from a visitor with no session or messages cookie (so not signed in, not in the middle of a
  response, with no "your registration is confirmed" message waiting),
- answered 200, setting no cookie, not marked private / no-store, without a CSRF token (any page
  with a POST form, such as a workshop's registration form) and without a CSP nonce.

Entries live for ``ENGAGE_PAGE_CACHE_SECONDS`` (0 turns the cache off) in the cache named by
``ENGAGE_PAGE_CACHE_ALIAS``, which every web process shares (the database cache, or Redis with
``REDIS_URL``). Every key carries a "generation": publishing, unpublishing, moving or deleting a
page, or saving a snippet or a site setting, starts a new generation, so the next request for any
page renders it afresh. Things that change without an editor (a consultation opening or closing,
places left on the home page) are at most ``ENGAGE_PAGE_CACHE_SECONDS`` old; the views that act on
them (responding, registering) always check for themselves and are never cached.
"""

import functools
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "engage:pagecache:generation"
CACHE_HEADER = "X-Page-Cache"
# Cookies that mean the page may be personal: signed in, a response in progress, a message.
MESSAGES_COOKIE = "messages"
# Headers never replayed from the cache.
SKIP_HEADERS = {"set-cookie", CACHE_HEADER.lower()}


def timeout():
    """Seconds a page is kept; 0 when the cache is off."""
    return int(getattr(settings, "ENGAGE_PAGE_CACHE_SECONDS", 0) or 0)


def _cache():
    return caches[getattr(settings, "ENGAGE_PAGE_CACHE_ALIAS", "default")]


def current_generation():
    """The generation every key is made with; created on first use."""
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def invalidate():
    """Forget every cached page (now, and again once the current transaction commits)."""

    def bump():
        try:
            _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
        except Exception:  # noqa: BLE001 - a cache outage must not stop an editor publishing
            logger.exception("Could not invalidate the page cache")

    bump()
    # A request between now and the commit could store the old page under the new generation.
    transaction.on_commit(bump)


def cached_for_generation(name, compute):
    """`compute()`, kept in the cache until the next generation (publishing starts one).

    For things every public page shows that only editors change, such as the main menu. With
    the page cache off, `compute()` is called every time.
    """
    if not timeout():
        return compute()
    try:
        key = f"engage:fragment:{current_generation()}:{name}"
        value = _cache().get(key)
    except Exception:  # noqa: BLE001 - without the cache, work it out
        logger.warning("Page cache unavailable", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            _cache().set(key, value, 24 * 60 * 60)
        except Exception:  # noqa: BLE001
            logger.warning("Could not store in the page cache", exc_info=True)
    return value


def _key(request, generation):
    # The same address is rendered in the visitor's language (from the language cookie or
    # Accept-Language), so the language is part of the key: a page cached in Polish must
    # never be replayed to someone reading in Arabic or English.
    language = translation.get_language_from_request(request)
    raw = f"{request.scheme}://{request.get_host()}{request.path}|{language}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"engage:page:{generation}:{digest}"


def request_may_use_cache(request):
    """True when the request is an anonymous, cookie-less GET of a page without a query."""
    if not timeout() or request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if request.path == "/" and settings.LANGUAGE_COOKIE_NAME in cookies:
        # The front page sends a visitor who chose another language to it (home.views.serve).
        return False
    return settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies


def response_may_be_cached(request, response):
    """True when nothing in the response belongs to this visitor or this request."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: it has a POST form
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = {
        part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")
    }
    if cache_control & {"private", "no-cache", "no-store"}:
        return False
    return not any("'nonce-" in value for name, value in response.items() if "policy" in name)


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors' page views from the shared cache; store what is safe to share.

    Sits after SecurityMiddleware and WhiteNoise and before the session middleware, so a hit
    skips the session, authentication and page rendering entirely.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_may_use_cache(request):
            return self.get_response(request)
        try:
            key = _key(request, current_generation())
            cached = _cache().get(key)
        except Exception:  # noqa: BLE001 - without the cache, render the page as usual
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            return self._replay(cached)
        response = self.get_response(request)
        if response_may_be_cached(request, response):
            stored = (
                response.status_code,
                [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in SKIP_HEADERS
                ],
                response.content,
            )
            try:
                _cache().set(key, stored, timeout())
            except Exception:  # noqa: BLE001 - the page is fine, it is just not cached
                logger.warning("Could not store a page in the cache", exc_info=True)
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def _replay(cached):
        status, headers, content = cached
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[CACHE_HEADER] = "hit"
        return response


@functools.cache
def _watched_models():
    """Models other than pages whose changes show on public pages: sites, snippets, settings,
    and questionnaires (a consultation page offers "Respond" only when it has one).

    Worked out on first use, once every app (and so every snippet registration) is ready.
    """
    from django.apps import apps
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.models import Site
    from wagtail.snippets.models import get_snippet_models

    questionnaire = apps.get_model("feedback", "Questionnaire")
    return frozenset([Site, questionnaire, *get_snippet_models(), *settings_registry])


def _on_page_signal(sender, **kwargs):
    invalidate()


def _on_model_change(sender, **kwargs):
    from wagtail.models import Page

    # Saving a page draft changes nothing public (publishing is signalled); deleting does.
    deleted_page = kwargs["signal"] is post_delete and issubclass(sender, Page)
    if deleted_page or sender in _watched_models():
        invalidate()


def connect_signals():
    """Start a new generation whenever editors change what public pages show."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_signal, dispatch_uid="engage-pagecache")
    post_save.connect(_on_model_change, dispatch_uid="engage-pagecache")
    post_delete.connect(_on_model_change, dispatch_uid="engage-pagecache")
