"""Staff reach the admin only from a session that passed MFA, whichever sign-in form they used."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail

from engage import roles
from engage.settings import base

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
DEACTIVATE = "/accounts/2fa/totp/deactivate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
REAUTHENTICATE_MFA = "/accounts/2fa/reauthenticate/"
REAUTHENTICATE_PASSWORD = "/accounts/reauthenticate/"
RECOVERY_CODES = "/accounts/2fa/recovery-codes/"
PASSWORD = "pw-correct-horse-9"

# Every form that takes a password, each asked to send the person on to the admin.
ENTRY_POINTS = [
    pytest.param("/admin/login/?next=/admin/", id="wagtail-admin-login"),
    pytest.param("/django-admin/login/?next=/django-admin/", id="django-admin-login"),
    pytest.param("/_util/login/?next=/admin/", id="wagtail-private-page-login"),
    pytest.param("/accounts/login/?next=/admin/", id="allauth-login"),
]
ROLES = {
    "superuser": {"superuser": True},
    "editor": {"group": roles.CONSULTATION_EDITORS},
    "analyst": {"group": roles.ANALYSTS},
}


@pytest.fixture
def production_auth(settings):
    """The sign-in settings production runs with: staff MFA on, allauth's real rate limits."""
    settings.ENGAGE_REQUIRE_STAFF_MFA = True
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    settings.ACCOUNT_EMAIL_VERIFICATION = base.ACCOUNT_EMAIL_VERIFICATION
    settings.MFA_SUPPORTED_TYPES = base.MFA_SUPPORTED_TYPES


def _staff(make_user, role, email="staff@example.org"):
    return make_user(email, password=PASSWORD, **ROLES[role])


def _with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _current_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _post_credentials(client, url, email="staff@example.org"):
    # allauth names the field "login", Django's AuthenticationForm "username": send both.
    return client.post(url, {"login": email, "username": email, "password": PASSWORD})


def _signed_in(client):
    return "_auth_user_id" in client.session


def _assert_admin_out_of_reach(client):
    # Sent to allauth, or to the Django admin's login address, which itself leads to allauth.
    for path in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(("/accounts/", "/django-admin/login/")), (
            path,
            response["Location"],
        )


def _record_password_only_session(client, user):
    """A session signed in with the password alone, as allauth would record it."""
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


# Every way in, every role, with and without an authenticator.


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_staff_with_totp_cannot_reach_the_admin_with_a_password_alone(
    client, site_with_home, make_user, production_auth, role, entry
):
    _with_totp(_staff(make_user, role))
    _post_credentials(client, entry)
    assert not _signed_in(client)
    _assert_admin_out_of_reach(client)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_staff_without_an_authenticator_cannot_reach_the_admin_from_any_sign_in_form(
    client, site_with_home, make_user, production_auth, role, entry
):
    _staff(make_user, role)
    _post_credentials(client, entry)
    _assert_admin_out_of_reach(client)
    if entry.startswith("/accounts/login/"):
        # Signed in, and sent to set up an authenticator before any admin page.
        assert _signed_in(client)
        assert client.get("/admin/")["Location"] == f"{ACTIVATE}?next=%2Fadmin%2F"
    else:
        assert not _signed_in(client)  # the other forms no longer take a password at all


@pytest.mark.parametrize("entry", [p.values[0] for p in ENTRY_POINTS[:3]])
def test_the_other_sign_in_forms_send_people_to_allauth_keeping_a_local_next(client, db, entry):
    path, _, query = entry.partition("?")
    response = client.post(entry, {"username": "x@example.org", "password": "x"})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?{query.replace('/', '%2F')}"
    offsite = client.get(f"{path}?next=https://evil.example.net/")
    assert offsite["Location"] == "/accounts/login/"


@pytest.mark.parametrize("role", ROLES)
def test_the_code_completes_the_sign_in_and_opens_the_admin(
    client, site_with_home, make_user, production_auth, role
):
    user = _staff(make_user, role)
    secret = _with_totp(user)
    response = _post_credentials(client, "/accounts/login/?next=/admin/")
    assert response["Location"] == AUTHENTICATE
    wrong = client.post(AUTHENTICATE, {"code": "000000"})
    assert wrong.status_code == 200
    assert not _signed_in(client)
    client.post(AUTHENTICATE, {"code": _current_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/admin/").status_code == 200
    if role == "superuser":
        assert client.get("/django-admin/").status_code == 200


# The middleware asks about this session, not about the account.


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_a_session_that_did_not_pass_mfa_is_asked_for_the_code_before_the_admin(
    client, site_with_home, make_user, production_auth, role, path
):
    user = _staff(make_user, role)
    secret = _with_totp(user)
    _record_password_only_session(client, user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE_MFA}?next={path.replace('/', '%2F')}"
    # The password does not do instead of the code.
    client.post(f"{REAUTHENTICATE_PASSWORD}?next=/admin/", {"password": PASSWORD})
    assert client.get("/admin/")["Location"].startswith(REAUTHENTICATE_MFA)
    client.post(f"{REAUTHENTICATE_MFA}?next=/admin/", {"code": _current_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_the_code_is_asked_for_even_where_staff_mfa_is_not_required(
    client, site_with_home, make_user, settings
):
    settings.ENGAGE_REQUIRE_STAFF_MFA = False
    user = _staff(make_user, "editor")
    _with_totp(user)
    client.force_login(user)
    assert client.get("/admin/")["Location"].startswith(REAUTHENTICATE_MFA)


def test_a_passkey_counts_as_a_second_factor_and_is_asked_for(
    client, site_with_home, make_user, production_auth
):
    user = _staff(make_user, "analyst")
    key = Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"}
    )
    client.force_login(user)
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/webauthn/reauthenticate/?next=%2Fadmin%2F"
    # What allauth records once the key has signed the challenge.
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": time.time(), "id": key.pk, "type": "webauthn"}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    assert client.get("/admin/").status_code == 200


def test_recovery_codes_alone_do_not_satisfy_the_staff_requirement(
    client, site_with_home, make_user, production_auth
):
    user = _staff(make_user, "editor")
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
    )
    client.force_login(user)
    assert client.get("/admin/")["Location"] == f"{ACTIVATE}?next=%2Fadmin%2F"


def test_a_recovery_code_passes_the_second_factor_step(
    client, site_with_home, make_user, production_auth
):
    user = _staff(make_user, "superuser")
    _with_totp(user)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(user).generate_codes()[0]
    _post_credentials(client, "/accounts/login/?next=/admin/")
    client.post(AUTHENTICATE, {"code": code})
    assert client.get("/admin/").status_code == 200


def test_member_without_admin_access_is_not_asked_for_mfa(
    client, site_with_home, make_user, production_auth
):
    client.force_login(make_user("member@example.org"))
    response = client.get("/admin/")
    assert not response.get("Location", "").startswith(("/accounts/2fa/", ACTIVATE))


# Setting up, and removing, a second factor.


# allauth records the new authenticator after the commit, as it would in production.
@pytest.mark.django_db(transaction=True)
def test_staff_set_up_totp_after_signing_in_and_then_reach_the_admin(
    client, site_with_home, make_user, production_auth
):
    user = _staff(make_user, "editor")
    _post_credentials(client, "/accounts/login/")
    assert client.get("/admin/")["Location"].startswith(ACTIVATE)
    reauth = client.get(ACTIVATE)
    assert reauth["Location"].startswith(REAUTHENTICATE_PASSWORD)  # no factor yet: password
    client.post(reauth["Location"], {"password": PASSWORD})
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(ACTIVATE, {"code": _current_code(secret)})
    assert response["Location"] == RECOVERY_CODES
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # The code just typed counts for this session: no second prompt.
    assert client.get(RECOVERY_CODES).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_logging_out_stays_possible_without_mfa(client, site_with_home, make_user, production_auth):
    user = _staff(make_user, "editor")
    client.force_login(user)
    assert not client.post("/admin/logout/").get("Location", "").startswith(ACTIVATE)
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not _signed_in(client)


def test_removing_totp_after_a_password_only_sign_in_asks_for_the_code(
    client, site_with_home, make_user, production_auth
):
    user = _staff(make_user, "superuser")
    secret = _with_totp(user)
    _record_password_only_session(client, user)
    page = client.get(DEACTIVATE)
    assert page["Location"] == f"{REAUTHENTICATE_MFA}?next={DEACTIVATE.replace('/', '%2F')}"
    client.post(DEACTIVATE)
    # The password page no longer stands in for the code.
    password_page = client.get(f"{REAUTHENTICATE_PASSWORD}?next={DEACTIVATE}")
    assert password_page["Location"].startswith(REAUTHENTICATE_MFA)
    client.post(f"{REAUTHENTICATE_PASSWORD}?next={DEACTIVATE}", {"password": PASSWORD})
    client.post(DEACTIVATE)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # A wrong code changes nothing either.
    wrong = client.post(f"{REAUTHENTICATE_MFA}?next={DEACTIVATE}", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode()
    client.post(DEACTIVATE)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # The right code, just now: removal goes ahead.
    done = client.post(f"{REAUTHENTICATE_MFA}?next={DEACTIVATE}", {"code": _current_code(secret)})
    assert done["Location"] == DEACTIVATE
    client.post(DEACTIVATE)
    assert not Authenticator.objects.filter(user=user, type="totp").exists()


def test_a_code_from_sign_in_long_ago_is_not_fresh_enough_to_remove_mfa(
    client, site_with_home, make_user, production_auth
):
    user = _staff(make_user, "editor")
    totp = TOTP.activate(user, generate_totp_secret()).instance
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time() - 3600},
        {"method": "mfa", "at": time.time() - 3600, "id": totp.pk, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    assert client.get("/admin/").status_code == 200  # the session did pass MFA
    for path in (DEACTIVATE, RECOVERY_CODES, "/accounts/2fa/webauthn/add/"):
        assert client.get(path)["Location"].startswith(REAUTHENTICATE_MFA), path
    client.post(DEACTIVATE)
    assert Authenticator.objects.filter(user=user, type="totp").exists()


def test_the_code_page_rejects_a_code_and_changes_nothing_for_a_stranger(
    client, site_with_home, make_user, production_auth
):
    response = client.post(REAUTHENTICATE_MFA, {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Signing in with an address that was never verified.


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_an_unverified_address_cannot_sign_in_anywhere(
    client, site_with_home, make_user, production_auth, entry
):
    from allauth.account.models import EmailAddress

    user = _staff(make_user, "editor")
    EmailAddress.objects.filter(user=user).update(verified=False)
    _post_credentials(client, entry)
    assert not _signed_in(client)
    _assert_admin_out_of_reach(client)


def test_signing_up_with_someone_elses_address_gives_no_way_in_at_any_form(
    client, site_with_home, production_auth
):
    from django.contrib.auth.models import User

    client.post(
        "/accounts/signup/",
        {
            "name": "Not The Victim",
            "email": "victim@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert User.objects.filter(email="victim@example.org").exists()
    for entry in [p.values[0] for p in ENTRY_POINTS]:
        _post_credentials(client, entry, email="victim@example.org")
        assert not _signed_in(client), entry
    assert client.get("/network/profile/")["Location"].startswith("/accounts/login/")


def test_confirming_the_email_does_not_skip_the_code(
    client, site_with_home, make_user, production_auth
):
    from allauth.account.models import EmailAddress

    user = _staff(make_user, "editor")
    _with_totp(user)
    EmailAddress.objects.filter(user=user).update(verified=False)
    mail.outbox.clear()
    _post_credentials(client, "/accounts/login/?next=/admin/")
    assert not _signed_in(client)
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/accounts/confirm-email/" in line
    )
    path = link[link.index("/accounts/confirm-email/") :].strip()
    response = client.post(path)
    assert EmailAddress.objects.get(user=user).verified
    assert response["Location"] == AUTHENTICATE
    assert not _signed_in(client)
    _assert_admin_out_of_reach(client)


def test_production_signs_in_with_the_settings_these_tests_use():
    # The fixture above copies these from base.py; production must not change any of them.
    expression = (
        "[settings.ENGAGE_REQUIRE_STAFF_MFA,"
        " settings.ACCOUNT_RATE_LIMITS == base.ACCOUNT_RATE_LIMITS,"
        " settings.ACCOUNT_EMAIL_VERIFICATION,"
        " settings.MFA_SUPPORTED_TYPES == base.MFA_SUPPORTED_TYPES,"
        " 'engage.middleware.StaffMFARequiredMiddleware' in settings.MIDDLEWARE,"
        " settings.ACCOUNT_ADAPTER, settings.WAGTAIL_PASSWORD_RESET_ENABLED]"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "engage.settings.production",
        "SECRET_KEY": "s" * 64,
        "SITE_BASE_URL": "https://engage.example.org",
    }
    env.pop("ENGAGE_REQUIRE_STAFF_MFA", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            f" from engage.settings import base; print({expression})",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == (
        "[True, True, 'mandatory', True, True, 'engage.account_adapter.AccountAdapter', False]"
    ), result.stderr


def test_a_password_reset_does_not_sign_in_or_skip_the_code(
    client, site_with_home, make_user, production_auth
):
    user = _staff(make_user, "editor")
    _with_totp(user)
    mail.outbox.clear()
    client.post("/admin/password_reset/", {"email": user.email}, follow=True)
    client.post("/accounts/password/reset/", {"email": user.email})
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/accounts/password/reset/" in line
    )
    form_url = client.get(link[link.index("/accounts/") :].strip())["Location"]
    new_password = "a-new-long-passphrase-7"
    client.post(form_url, {"password1": new_password, "password2": new_password})
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert not _signed_in(client)
    _assert_admin_out_of_reach(client)
    client.post("/accounts/login/", {"login": user.email, "password": new_password})
    assert not _signed_in(client)  # the code is still asked for
    assert client.get("/admin/").status_code == 302


def test_mfa_is_required_by_default_with_passkeys_and_recovery_codes():
    assert base.ENGAGE_REQUIRE_STAFF_MFA is True
    assert set(base.MFA_SUPPORTED_TYPES) == {"totp", "recovery_codes", "webauthn"}
    assert base.MFA_TRUST_ENABLED is False
