"""Brute force: sign-in and password reset are rate limited with the production limits."""

import pytest
from django.core.cache import cache

from engage.settings import base

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def test_failed_logins_for_one_account_lock_it_even_for_the_right_password(
    client, site_with_home, make_user, production_rate_limits
):
    make_user("target@example.org", password="the-right-pass-99")
    for n in range(5):
        response = client.post(
            "/accounts/login/", {"login": "target@example.org", "password": f"guess-{n}"}
        )
        assert response.status_code == 200  # the form again, with an error
    right = client.post(
        "/accounts/login/", {"login": "target@example.org", "password": "the-right-pass-99"}
    )
    assert right.status_code in (200, 429)
    assert "Too many failed login attempts" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_many_login_attempts_from_one_address_get_429(
    client, site_with_home, production_rate_limits
):
    statuses = [
        client.post(
            "/accounts/login/", {"login": f"person{n}@example.org", "password": "guess"}
        ).status_code
        for n in range(31)
    ]
    assert 429 not in statuses[:30]
    assert statuses[30] == 429


def test_password_reset_requests_for_one_address_get_429(
    client, site_with_home, make_user, production_rate_limits
):
    make_user("target@example.org")
    statuses = [
        client.post("/accounts/password/reset/", {"email": "target@example.org"}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429


def test_rate_limits_are_configured_for_login_reset_and_signup():
    limits = base.ACCOUNT_RATE_LIMITS
    for action in ("login", "login_failed", "reset_password", "signup"):
        assert limits[action]
