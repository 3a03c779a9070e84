"""The module's keys, from the environment (see docs/youth.md and docs/configuration.md).

* ``KUNSKAPSNOD_YOUTH_FERNET_KEYS``: comma-separated Fernet keys. The first encrypts; all
  decrypt, so a new key is put first, ``youth_rotate_keys`` re-encrypts every value, and the
  old key is removed afterwards.
* ``KUNSKAPSNOD_YOUTH_HMAC_KEY``: the key of the matching hash. It is not rotated in place
  (a new key would make every stored hash unfindable); ``youth_rotate_keys --hmac-key``
  recomputes the hashes from the decrypted values when it must change.

Nothing here has a default: with the module switched on and a key missing, the first use
fails loudly instead of encrypting with a known key.
"""

from __future__ import annotations

import base64
import functools

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _fernet_keys() -> list[str]:
    keys = [k.strip() for k in settings.KUNSKAPSNOD_YOUTH_FERNET_KEYS if k.strip()]
    if not keys:
        raise ImproperlyConfigured("KUNSKAPSNOD_YOUTH_FERNET_KEYS is not set; see docs/youth.md")
    return keys


@functools.cache
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"KUNSKAPSNOD_YOUTH_FERNET_KEYS holds a key that is not a Fernet key: {exc}"
        ) from None


def fernet() -> MultiFernet:
    return _multi(tuple(_fernet_keys()))


def hmac_key() -> bytes:
    key = settings.KUNSKAPSNOD_YOUTH_HMAC_KEY
    if len(key) < 32:
        raise ImproperlyConfigured("KUNSKAPSNOD_YOUTH_HMAC_KEY must be at least 32 characters; see docs/youth.md")
    return key.encode()


def generate_fernet_key() -> str:
    return Fernet.generate_key().decode()


def generate_hmac_key() -> str:
    import secrets

    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
