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


# Every sign-in form is allauth's, so its limits hold whichever address the form is posted to.

SIGN_IN_FORMS = ["/admin/login/", "/django-admin/login/", "/_util/login/", "/accounts/login/"]


def _credentials(password):
    return {"login": "target@example.org", "username": "target@example.org", "password": password}


@pytest.mark.parametrize("form", SIGN_IN_FORMS)
def test_fifteen_wrong_passwords_then_the_right_one_does_not_sign_in(
    client, site_with_home, make_user, production_rate_limits, form
):
    make_user("target@example.org", group="Consultation editors", password="the-right-pass-99")
    for n in range(15):
        client.post(form, _credentials(f"guess-{n}"))
    client.post(form, _credentials("the-right-pass-99"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("form", SIGN_IN_FORMS)
def test_an_account_locked_by_allauth_cannot_sign_in_at_another_form(
    client, site_with_home, make_user, production_rate_limits, form
):
    from django.test import Client

    make_user("target@example.org", password="the-right-pass-99")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(5):
        attacker.post("/accounts/login/", _credentials(f"guess-{n}"))
    # The owner, from another address, with the right password, at whichever form.
    client.post(form, _credentials("the-right-pass-99"), follow=True)
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", _credentials("the-right-pass-99"))
    assert "Too many failed login attempts" in response.content.decode()


def test_wagtail_password_reset_leads_to_allauths_rate_limited_reset(
    client, site_with_home, make_user, production_rate_limits
):
    from django.core import mail

    make_user("target@example.org")
    mail.outbox.clear()
    landing = client.post("/admin/password_reset/", {"email": "target@example.org"})
    assert landing.status_code == 302
    assert landing["Location"] == "/accounts/password/reset/"
    for page in ("/admin/password_reset/done/", "/admin/password_reset/complete/"):
        assert client.get(page)["Location"] == "/accounts/password/reset/"
    assert client.get("/admin/password_reset/confirm/x/y/").status_code == 404
    statuses = [
        client.post(landing["Location"], {"email": "target@example.org"}).status_code
        for _ in range(8)
    ]
    assert statuses.count(429) == 3
    assert len(mail.outbox) == 5


def _login_attempts_from(client, n, forwarded_for):
    return [
        client.post(
            "/accounts/login/",
            {"login": f"person{i}@example.org", "password": "guess"},
            headers={"x-forwarded-for": forwarded_for(i)},
        ).status_code
        for i in range(n)
    ]


def test_behind_a_declared_proxy_the_limits_count_the_real_client_address(
    client, site_with_home, production_rate_limits, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # Everyone arrives from the proxy's own address; the proxy appends the client's.
    assert _login_attempts_from(client, 31, lambda i: "203.0.113.5")[-1] == 429
    neighbour = _login_attempts_from(client, 1, lambda i: "198.51.100.7")
    assert neighbour == [200]


def test_without_a_declared_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
    client, site_with_home, production_rate_limits, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    statuses = _login_attempts_from(client, 31, lambda i: f"198.51.100.{i}")
    assert statuses[-1] == 429
