"""Personal token authentication for the staff export API ("Authorization: Bearer <token>")."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api import services


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """A staff member's personal token; every accepted use is written to the audit log."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _sep, raw = header.strip().partition(" ")
        if keyword.lower() != self.keyword.lower() or not raw.strip():
            raise exceptions.AuthenticationFailed(_("Send the token as “Bearer <token>”."))
        token = services.token_authenticate(raw.strip(), path=request.path)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid or was revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
