"""allauth's account adapter for engage: someone with a second factor proves it with that factor."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator

from engage.mfa import user_has_any_factor

PASSKEY_METHOD = "mfa_reauthenticate:webauthn"


class AccountAdapter(DefaultAccountAdapter):
    """Offer only the second factor when someone who has one must confirm it is them again.

    allauth would otherwise also accept the password (or an emailed code) before sensitive
    changes, so a session that had only the password could remove the factor it lacks.
    """

    def get_reauthentication_methods(self, user):
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and user_has_any_factor(user):
            second_factor = [m for m in methods if m["id"].startswith("mfa_reauthenticate")]
            if second_factor:
                # The first is where people are sent: a passkey when they have no app.
                has_app = Authenticator.objects.filter(
                    user_id=user.pk, type=Authenticator.Type.TOTP
                ).exists()
                second_factor.sort(key=lambda m: (m["id"] == PASSKEY_METHOD) == has_app)
                return second_factor
        return methods
