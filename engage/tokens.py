"""Private links (resume a draft, withdraw a response, cancel a registration) without storing them.

The database holds only ``sha256(token)`` of each link's token, and a link is found by hashing
the token that arrives, so a copy of the database opens no link. The token itself is an HMAC of
a random value kept on the row (a response's ``submission_key``, a registration's ``link_key``)
under ``SECRET_KEY``: the same link can then go into later emails (a receipt, a reminder, the
page after sending) without ever being stored. ``SECRET_KEY_FALLBACKS`` keep links working
while the key is rotated; lookups never need the key at all.

Links issued before hashing were random values; their migration replaced each with its hash,
so those links still open, though no later email can repeat them. A hash that is not of any
token (a random placeholder, or the retention task's ``expired-`` marker) opens nothing.
"""

import base64
import hashlib
import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

HASH_LENGTH = 64  # sha256 as hex


def token_hash(token):
    """The stored form of a link's token (sha256 as hex)."""
    return hashlib.sha256(str(token).encode("utf-8", "replace")).hexdigest()


def placeholder_hash():
    """A random value in the shape of a hash that no token hashes to (for unique columns)."""
    return secrets.token_hex(HASH_LENGTH // 2)


def derive(purpose, seed, *, secret=None):
    """The link token for a purpose (e.g. "feedback.withdraw") and a row's random seed."""
    digest = salted_hmac(
        f"engage.links.{purpose}", str(seed), secret=secret, algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def derived_hash(purpose, seed):
    """What a new row stores: the hash of its derived token."""
    return token_hash(derive(purpose, seed))


def link_token(purpose, seed, stored_hash):
    """The token for a row's link, or "" when the stored hash is not of a derived token.

    That is the case for links issued before hashing (random tokens nobody can rebuild), for
    rows cleared by retention or account deletion, and for placeholders.
    """
    if not stored_hash or seed is None:
        return ""
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        token = derive(purpose, seed, secret=secret)
        if constant_time_compare(token_hash(token), stored_hash):
            return token
    return ""


def is_hash(value):
    """True when a stored value already has the shape of a hash (64 lowercase hex digits)."""
    return len(value or "") == HASH_LENGTH and all(c in "0123456789abcdef" for c in value)
