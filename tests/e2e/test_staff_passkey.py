"""Browser test: staff add a passkey, and signing in then needs it before the admin opens."""

import re

import pytest
from playwright.sync_api import expect

from engage import roles
from tests.e2e.accounts import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-correct-horse-9"


def _virtual_authenticator(page):
    """Chromium's built-in WebAuthn authenticator: a passkey that always says "yes, it's me"."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def _press_security_key_button(page, name):
    """Press a button that allauth's script wires up on DOMContentLoaded.

    Playwright can click the button as soon as it is painted, before the script has bound its
    handler, and then nothing happens. Wait for the page to finish loading first.
    """
    page.wait_for_load_state("load")
    page.get_by_role("button", name=name).click()


def test_staff_add_a_passkey_and_need_it_to_reach_the_admin(
    page, site_with_home, make_user, settings
):
    from allauth.mfa.models import Authenticator

    settings.ENGAGE_REQUIRE_STAFF_MFA = True
    user = make_user("editor@example.org", group=roles.CONSULTATION_EDITORS, password=PASSWORD)
    _virtual_authenticator(page)

    sign_in(page, "editor@example.org", PASSWORD)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/|/accounts/reauthenticate/"))

    # No factor yet, so the password confirms it is them; then the passkey is added.
    page.goto("/accounts/2fa/webauthn/add/")
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    _press_security_key_button(page, "Add")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    assert Authenticator.objects.filter(user=user, type="webauthn").count() == 1
    assert Authenticator.objects.filter(user=user, type="recovery_codes").count() == 1

    # Adding it counts as passing it: the admin opens in this session.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # A new session: the password alone does not sign in, the passkey does.
    page.context.clear_cookies()
    sign_in(page, "editor@example.org", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill("editor@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    _press_security_key_button(page, "Use a security key")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Removing the passkey asks for it again, not for the password.
    key = Authenticator.objects.get(user=user, type="webauthn")
    page.goto(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/reauthenticate/"))
    _press_security_key_button(page, "Use a security key")
    expect(page).to_have_url(re.compile(rf"/accounts/2fa/webauthn/keys/{key.pk}/remove/"))
    page.get_by_role("button", name="Remove").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/$"))
    assert not Authenticator.objects.filter(user=user, type="webauthn").exists()
