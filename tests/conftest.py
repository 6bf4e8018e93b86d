"""Fixtures shared by the whole suite."""

import pytest
from wagtail.models import Site

from home import demo as home_demo
from tests.factories import UserFactory


@pytest.fixture
def site_with_home(db):
    """The site shell: home page, statement pages, branding (as in the demo)."""
    home_demo.load_pages()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def make_user(db):
    """Create a user with a verified email, optionally in a staff role group (UserFactory)."""

    def _make_user(email="person@example.org", *, group=None, superuser=False, password="pw"):
        return UserFactory(email=email, password=password, superuser=superuser, group=group)

    return _make_user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path_factory):
    """Every test writes uploads, reports and imports under its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_rate_limit_counts():
    """Rate limits count in the cache, which outlives a test: start each test afresh."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def english_to_start_with():
    """A request under /ar/ leaves Arabic active in its thread (LocaleMiddleware sets it for
    each request and never unsets it): each test starts in the site's own language, as a task
    or a new request would."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
