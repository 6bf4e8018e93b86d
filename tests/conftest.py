"""Fixtures shared by the whole suite."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Site

from engage.roles import ensure_groups
from home import demo as home_demo


@pytest.fixture
def site_with_home(db):
    """The site shell: home page, statement pages, branding (as in the demo)."""
    home_demo.load_pages()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def make_user(db):
    """Create a user with a verified email, optionally in a staff role group."""
    from allauth.account.models import EmailAddress

    def _make_user(email="person@example.org", *, group=None, superuser=False, password="pw"):
        user = User.objects.create_user(
            username=email,
            email=email,
            password=password,
            is_superuser=superuser,
            is_staff=superuser,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if group:
            ensure_groups()
            user.groups.add(Group.objects.get(name=group))
        return user

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
