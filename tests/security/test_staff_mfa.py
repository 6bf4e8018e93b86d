"""Staff must set up multi-factor authentication before the admin; nobody is trapped."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from engage import roles

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def mfa_required(settings):
    settings.ENGAGE_REQUIRE_STAFF_MFA = True


def _with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _current_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.mark.parametrize(
    "group", [roles.CONSULTATION_EDITORS, roles.ANALYSTS, roles.SAFEGUARDING_LEADS, None]
)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_admin_user_without_mfa_is_sent_to_set_it_up_first(
    client, site_with_home, make_user, mfa_required, group, path
):
    user = make_user("staff@example.org", group=group, superuser=group is None)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{ACTIVATE}?next={path.replace('/', '%2F')}"


@pytest.mark.parametrize("group", [roles.CONSULTATION_EDITORS, None])
def test_admin_user_with_totp_reaches_the_admin(
    client, site_with_home, make_user, mfa_required, group
):
    user = make_user("staff@example.org", group=group, superuser=group is None)
    _with_totp(user)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_member_without_admin_access_is_not_asked_for_mfa(
    client, site_with_home, make_user, mfa_required
):
    client.force_login(make_user("member@example.org"))
    response = client.get("/admin/")
    assert not response.get("Location", "").startswith(ACTIVATE)


def test_staff_without_mfa_can_open_the_set_up_page_and_log_out(
    client, site_with_home, make_user, mfa_required
):
    user = make_user("staff@example.org", group=roles.CONSULTATION_EDITORS, password="pw-12345678")
    client.post("/accounts/login/", {"login": "staff@example.org", "password": "pw-12345678"})
    assert client.get("/admin/")["Location"].startswith(ACTIVATE)
    # allauth asks for the password again before adding an authenticator; that page is open too.
    reauth = client.get(ACTIVATE)
    assert reauth["Location"].startswith("/accounts/reauthenticate/")
    client.post(reauth["Location"], {"password": "pw-12345678"})
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert b'name="code"' in page.content
    response = client.post("/admin/logout/")
    assert not response.get("Location", "").startswith(ACTIVATE)
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_with_totp_asks_for_the_code_and_then_reaches_the_admin(
    client, site_with_home, make_user, mfa_required
):
    user = make_user("admin@example.org", superuser=True, password="pw-123456789")
    secret = _with_totp(user)
    response = client.post(
        "/accounts/login/", {"login": "admin@example.org", "password": "pw-123456789"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # a password alone does not sign in
    assert client.get("/admin/").status_code == 302
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/admin/").status_code == 200


def test_mfa_is_required_by_default_outside_dev_and_test():
    from engage.settings import base

    assert base.ENGAGE_REQUIRE_STAFF_MFA is True
    assert base.MFA_SUPPORTED_TYPES == ["totp", "recovery_codes"]
