"""Accounts: email login, mandatory verification, staff roles."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from engage import roles

pytestmark = pytest.mark.django_db


def test_signup_sends_a_verification_email_and_does_not_log_in(client, site_with_home):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "New Person",
            "email": "new.person@example.org",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert "_auth_user_id" not in client.session


def test_login_with_unverified_email_is_held_at_verification(client, site_with_home):
    from django.contrib.auth.models import User

    User.objects.create_user(username="u1", email="unverified@example.org", password="pw-123456789")
    response = client.post(
        "/accounts/login/", {"login": "unverified@example.org", "password": "pw-123456789"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_by_email_address(client, site_with_home, make_user):
    make_user("verified@example.org", password="pw-123456789")
    response = client.post(
        "/accounts/login/", {"login": "verified@example.org", "password": "pw-123456789"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_migration_creates_the_staff_role_groups_with_admin_access():
    for name in [
        roles.CONSULTATION_EDITORS,
        roles.ANALYSTS,
        roles.FACILITATORS,
        roles.SAFEGUARDING_LEADS,
    ]:
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


def test_admin_login_goes_through_the_site_sign_in(client, site_with_home):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_member_without_mfa_is_sent_to_set_it_up(client, site_with_home, make_user, settings):
    settings.ENGAGE_REQUIRE_STAFF_MFA = True
    user = make_user("editor@example.org", group=roles.CONSULTATION_EDITORS)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
