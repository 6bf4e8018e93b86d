"""The multi-factor rules: who needs a second factor, and whether this session has passed one.

allauth records each way a session authenticated ("password", "mfa", ...) in the session itself
(``allauth.account.authentication.get_authentication_records``). Having an authenticator set up
proves nothing about the session in hand: only an "mfa" record for this user does.
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

# Recovery codes are a fallback, not a factor of their own: staff need an app or a passkey.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

# allauth's pages that add, change, show or remove a factor: each needs a code entered just now,
# so that a session that got in some other way cannot swap the factor for its own.
FRESH_MFA_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_add_webauthn",
        "mfa_edit_webauthn",
        "mfa_remove_webauthn",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
    }
)


def user_can_reach_admin(user):
    """True for anyone the Wagtail or Django admin would let in."""
    return user.is_active and (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def user_has_second_factor(user):
    """True when the user has an authenticator app or a passkey set up."""
    return is_mfa_enabled(user, types=SECOND_FACTORS)


def user_has_any_factor(user):
    """True when the user has any MFA authenticator, recovery codes included."""
    return is_mfa_enabled(user)


def _mfa_records(request):
    return [
        record
        for record in get_authentication_records(request, request.user)
        if record.get("method") == "mfa"
    ]


def session_passed_mfa(request):
    """True when this session (not merely this user) has passed a second factor."""
    return bool(_mfa_records(request))


def session_passed_mfa_recently(request):
    """True when this session passed a second factor within allauth's reauthentication window."""
    window = account_settings.REAUTHENTICATION_TIMEOUT
    now = time.time()
    return any(now - record.get("at", 0) < window for record in _mfa_records(request))


def record_enrolment(sender, request, user, authenticator, **kwargs):
    """Count setting up a first factor as passing it: the person has just typed its code.

    Without this, staff who have just scanned the QR code would be asked for a code again before
    they could see their recovery codes. A later factor can only be added after a fresh code
    (FRESH_MFA_URL_NAMES), so this never lets a password-only session stand in for MFA.
    """
    from allauth.account.internal.flows.login import record_authentication

    if request is None or authenticator.type not in SECOND_FACTORS:
        return
    if getattr(request, "user", None) != user:
        return
    record_authentication(
        request, user, method="mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )
