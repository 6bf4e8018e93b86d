"""allauth's emailed-link pages, answering "not found" when the link's key matches nothing.

allauth shows its "this link is invalid or has expired" page with a 200, as if the key had
been found; the page stays, with the status a link to nothing should have.
"""

from allauth.account.views import ConfirmEmailView, PasswordResetFromKeyView
from django.http import HttpResponseRedirect


class EmailConfirmationView(ConfirmEmailView):
    """An email address confirmation link; an unknown or expired key is a 404."""

    def get(self, *args, **kwargs):
        response = super().get(*args, **kwargs)
        if self.object is None and not isinstance(response, HttpResponseRedirect):
            response.status_code = 404
        return response


class PasswordResetKeyView(PasswordResetFromKeyView):
    """A password reset link; a key that does not match the account is a 404."""

    def dispatch(self, request, uidb36, key, **kwargs):
        response = super().dispatch(request, uidb36, key, **kwargs)
        # allauth sets reset_user to None only when the key failed and it shows the bad-link page.
        if getattr(self, "reset_user", True) is None:
            response.status_code = 404
        return response


confirm_email = EmailConfirmationView.as_view()
password_reset_from_key = PasswordResetKeyView.as_view()
