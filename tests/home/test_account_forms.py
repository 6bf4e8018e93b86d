"""allauth's pages speak like the rest of the site: errors name their fields, and the
verification email greets the person by name and is signed with the organisation's."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from home.models import BrandingSettings

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-9"


def test_signup_errors_each_name_their_field(client, site_with_home):
    html = client.post("/accounts/signup/", {}).content.decode()
    assert "This field is required." not in html
    for field, message in [
        ("name", "Enter your name"),
        ("email", "Enter your email address"),
        ("password1", "Enter a password"),
        ("password2", "Enter the password again"),
    ]:
        assert f'<a href="#id_{field}">{message}</a>' in html
    assert 'aria-invalid="true"' in html


def test_login_errors_each_name_their_field(client, site_with_home):
    html = client.post("/accounts/login/", {}).content.decode()
    assert "This field is required." not in html
    assert '<a href="#id_login">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_password_reset_error_names_its_field(client, site_with_home):
    html = client.post("/accounts/password/reset/", {}).content.decode()
    assert '<a href="#id_email">Enter your email address</a>' in html


def test_signup_keeps_the_name_and_the_verification_email_greets_and_signs(client, site_with_home):
    branding = BrandingSettings.for_site(site_with_home)
    branding.organisation_name = "Riverside Partnership"
    branding.save()
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Priya Peer",
            "email": "priya.peer@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="priya.peer@example.org").get_full_name() == "Priya Peer"
    message = mail.outbox[0]
    assert message.subject.endswith("Confirm your email address")
    body = message.body
    assert body.startswith("Hello Priya Peer,")
    assert body.rstrip().endswith("Riverside Partnership")
    assert "an account with Riverside Partnership" in body
    assert "/accounts/confirm-email/" in body
    for leftover in (
        "Hello from",
        "example.com",
        "testserver!",
        "user priya",
        "Thank you for using",
    ):
        assert leftover not in body


def test_add_email_and_change_password_errors_name_their_fields(client, site_with_home, make_user):
    client.force_login(make_user("priya@example.org", password=PASSWORD))
    html = client.post("/accounts/email/", {"action_add": ""}).content.decode()
    assert '<a href="#id_email">Enter your email address</a>' in html
    html = client.post("/accounts/password/change/", {}).content.decode()
    assert '<a href="#id_oldpassword">Enter your current password</a>' in html
    assert '<a href="#id_password1">Enter a password</a>' in html
