"""allauth's account adapter for engage: someone with a second factor proves it with that
factor, and account emails are signed with the organisation's name and greet people by theirs."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator
from django.template.loader import render_to_string

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

    def send_mail(self, template_prefix, email, context):
        """Add the organisation's name (the signature) and the person's (the greeting)."""
        request = context.get("request") or getattr(self, "request", None)
        full_name = getattr(context.get("user"), "get_full_name", None)
        context = {
            **context,
            "organisation_name": organisation_name(request),
            "person_name": full_name().strip() if full_name else "",
        }
        # The HTML part's title (templates/email/base.html), as the subject line reads.
        context["subject"] = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        super().send_mail(template_prefix, email, context)


def organisation_name(request=None):
    """The name in Settings → Branding for the request's site (or the default site)."""
    from wagtail.models import Site

    from home.models import BrandingSettings

    site = (Site.find_for_request(request) if request is not None else None) or (
        Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return BrandingSettings._meta.get_field("organisation_name").default
    return BrandingSettings.for_site(site).organisation_name
