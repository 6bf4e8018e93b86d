"""Writes of the API: making, revoking and checking personal tokens, and recording their use."""

import secrets

from django.utils import timezone

from api.models import ExportToken
from engage import audit, tokens

TOKEN_PREFIX = "engage_"  # noqa: S105  (a name, not a secret)
# Action names in the audit log for the staff API (the exports themselves are
# audit.EXPORT_PERSONAL_DATA, with the token in their details).
TOKEN_CREATE = "api_token.create"  # noqa: S105  (a name, not a secret)
TOKEN_REVOKE = "api_token.revoke"  # noqa: S105  (a name, not a secret)
TOKEN_USE = "api_token.use"  # noqa: S105  (a name, not a secret)
TOKEN_REFUSED = "api_token.refused"  # noqa: S105  (a name, not a secret)


def token_create(*, user, name):
    """Make a token for `user`; returns (the row, the token). The token is shown once."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ExportToken.objects.create(
        user=user, name=name, prefix=raw[: len(TOKEN_PREFIX) + 4], token_hash=tokens.token_hash(raw)
    )
    audit.audit_record(user=user, action=TOKEN_CREATE, obj=token, details={"prefix": token.prefix})
    return token, raw


def token_revoke(*, token, user):
    """Revoke a token (idempotent); `user` is who did it, the owner or an administrator."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.audit_record(
            user=user,
            action=TOKEN_REVOKE,
            obj=token,
            details={"prefix": token.prefix, "owner": token.user.get_username()},
        )
    return token


def token_authenticate(raw, *, path=""):
    """The active token with this value and an active owner, or None.

    A revoked token, or one whose owner was deactivated, is refused, and the attempt is
    written to the audit log under the owner's name (a leaked old token is worth knowing of).
    """
    if not raw:
        return None
    token = (
        ExportToken.objects.select_related("user").filter(token_hash=tokens.token_hash(raw)).first()
    )
    if token is None:
        return None
    if token.revoked_at is not None or not token.user.is_active:
        audit.audit_record(
            user=token.user,
            action=TOKEN_REFUSED,
            obj=token,
            details={"prefix": token.prefix, "path": path[:200]},
            mirror=False,
        )
        return None
    ExportToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def token_use_record(*, token, path, consultation=None, details=None):
    """Write one use of a token to the audit log (every authenticated request calls this)."""
    return audit.audit_record(
        user=token.user,
        action=TOKEN_USE,
        obj=token,
        consultation=consultation,
        details={"prefix": token.prefix, "path": path[:200], **(details or {})},
        mirror=False,
    )
