"""The one-time links' secrets. A token is 32 random bytes, URL-safe, and exists only in
the e-mail; the database keeps its keyed hash (HMAC-SHA256 under the site's SECRET_KEY),
so a copy of the database opens no survey and a guessed token is as unlikely as a
guessed key. Addresses get a keyed hash of their own, to refuse an address twice after the
address itself is deleted."""

import secrets

from django.utils.crypto import salted_hmac


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return salted_hmac("kunskapsnod.surveys.token", token, algorithm="sha256").hexdigest()


def address_hash(address: str) -> str:
    return salted_hmac("kunskapsnod.surveys.address", address.strip().lower(), algorithm="sha256").hexdigest()
